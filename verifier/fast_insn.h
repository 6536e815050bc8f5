/* The fast path of the instruction checker (see fast_insn.c). */
#ifndef VXV_FAST_INSN_H
#define VXV_FAST_INSN_H
#include "insn_check.h"
#include <stddef.h>
#include <stdint.h>

/* Returns the instruction's length when the fast path proves it allowed,
 * with *f filled exactly as check_insn would; 0 means "ask Capstone". */
unsigned fast_check(const uint8_t *p, size_t left, uint64_t addr, struct insn_facts *f);

/* What the fast path read, for the second decoder to confirm (zydis_check.c). */
enum { FAST_REG_NONE = -1, FAST_REG_RIP = 16 };
struct fast_reading {
    unsigned char has_mem;      /* one explicit memory operand (ModRM.mod != 3) */
    unsigned char gs, addr32;   /* 0x65 and 0x67 prefixes */
    signed char base, index;    /* GPR numbers, FAST_REG_NONE or FAST_REG_RIP */
    unsigned char scale;        /* 1, 2, 4, 8 when there is an index */
    unsigned char writes_rsp;   /* push/pop/call, or the W32/ADDBASE %rsp pair */
    unsigned char no_access;    /* lea, nop: the memory operand is not accessed */
    unsigned char disp_off, disp_len, imm_off, imm_len; /* field positions, bytes */
    int64_t disp;
};
/* fast_check that also says what it read (*r is valid when it returns > 0). */
unsigned fast_check_reading(const uint8_t *p, size_t left, uint64_t addr, struct insn_facts *f,
                            struct fast_reading *r);

/* For tests: 1 if the fast path accepts the instruction at p while the full
 * Capstone rules reject it, decode another length, or derive other facts;
 * why then says how. 0 when they agree or the fast path declines. */
int fast_disagrees(const uint8_t *p, size_t left, uint64_t addr, char *why, size_t why_size);

#endif
