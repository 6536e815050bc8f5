/* Recognising what vxcc's rewriter inserted into a function, by the
 * pieces it is made of (the table in sequences.c, one row per piece the
 * rewriter emits, now or before 2026-12), and what the un-rewritten
 * program did at the instructions that stand for one of its own. */
#ifndef HZ_SEQUENCES_H
#define HZ_SEQUENCES_H

#include "decode.h"

enum hz_role {
    HZ_ROLE_ORIGINAL,  /* gcc's (or the hand-written source's) instruction, as it was */
    HZ_ROLE_INSERTED,  /* added by the rewriter: the original program has nothing here */
    HZ_ROLE_ANCHOR,    /* the original instruction a sequence wraps (string op, branch, ret) */
    HZ_ROLE_REPLACED,  /* stands for an original instruction, rewritten (a %rsp write in 32 bits) */
    HZ_ROLE_PADDING,   /* a nop inside or between pieces */
};

/* The un-rewritten program at an anchor or replaced instruction. */
struct hz_native {
    struct hz_bits reads, writes;  /* what the original instruction reads and surely writes */
    uint8_t flags_maybe;           /* flags the original may write: the rewrite must leave these values */
    uint8_t flags_same_width;      /* of those, the ones a 32-bit form computes as the 64-bit original */
    uint8_t exit_return;           /* a jump that stands for `ret` */
};

struct hz_mark {
    uint8_t role;                  /* enum hz_role */
    int8_t piece;                  /* row of hz_pieces; -1 if none */
    uint8_t piece_start;           /* the first instruction of a piece */
    struct hz_native native;       /* ANCHOR and REPLACED only */
};

struct hz_piece {
    const char *name;
    const char *stands_for;        /* the original instruction, if the piece replaces one */
    const char *writes;            /* the state it writes (documentation; effects.c computes values) */
    /* Matches at code[at]; returns the number of instructions, 0 if none,
     * and fills marks[at ...]. */
    size_t (*match)(const struct hz_insn *code, size_t n, size_t at, struct hz_mark *marks);
};

extern const struct hz_piece hz_pieces[];
extern const size_t hz_npieces;

/* Marks code[0..n) (one function). Returns the number of pieces found;
 * *unrecognized counts instructions that name %r11/%r14 outside every
 * piece (still treated as inserted). */
size_t hz_mark_inserted(const struct hz_insn *code, size_t n, struct hz_mark *marks, size_t *unrecognized);

#endif
