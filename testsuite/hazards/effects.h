/* The net effect of a run of inserted code on the state the original
 * program can see: the run is executed twice, symbolically, from the
 * same unknown state: as the rewriter left it, and as the un-rewritten
 * program would have run it (its anchors and replaced instructions only).
 * What differs at the end of the run, or at an anchor inside it that
 * reads it, is an effect. */
#ifndef HZ_EFFECTS_H
#define HZ_EFFECTS_H

#include "decode.h"
#include "sequences.h"

enum hz_effect_kind { HZ_EFFECT_FLAGS, HZ_EFFECT_REGISTER, HZ_EFFECT_STACK };

struct hz_effect {
    uint8_t kind;               /* enum hz_effect_kind */
    struct hz_bits bits;        /* the state that differs (none for STACK) */
    size_t writer;              /* the instruction that made it differ */
    int64_t stack_disp;         /* STACK: the slot, relative to %rsp */
    uint8_t stack_hidden;       /* STACK: below the red zone, unspecified to the program anyway */
    uint8_t seen_in_run;        /* an instruction of the run itself reads it ... */
    size_t seen_by;             /* ... this one */
    char what[320];             /* "ZF,SF written by inserted `addq %r14, %rdi`" */
};

#define HZ_MAX_EFFECTS 48
struct hz_run_effects {
    struct hz_effect e[HZ_MAX_EFFECTS];
    size_t n;
};

/* Evaluates code[first..last] (one run, straight-line) and lists the
 * effects that remain at its end, and those read inside it. */
void hz_run_effects(const struct hz_insn *code, const struct hz_mark *marks, size_t first, size_t last,
                    struct hz_run_effects *out);

#endif
