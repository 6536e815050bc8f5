/* What the System V x86-64 ABI says is live across the edges the checker
 * cannot look through: calls, returns, jumps out of the function. */
#ifndef HZ_ABI_H
#define HZ_ABI_H

#include "state_bits.h"

#define HZ_GPRS(...) hz_gprs((int[]){__VA_ARGS__, -1})
static inline uint64_t hz_gprs(const int *regs)
{
    uint64_t m = 0;
    for (; *regs >= 0; regs++)
        m |= HZ_REG_ALL(*regs);
    return m;
}

/* A call reads the argument registers (%rax: the vector count of a
 * variadic call; %r10: a static chain) and DF, which must be clear. */
static inline struct hz_bits hz_call_reads(void)
{
    return (struct hz_bits){HZ_GPRS(HZ_RDI, HZ_RSI, HZ_RDX, HZ_RCX, HZ_R8, HZ_R9, HZ_RAX, HZ_R10, HZ_RSP), HZ_DF};
}

/* It leaves the caller-saved registers and the status flags undefined. */
static inline struct hz_bits hz_call_clobbers(void)
{
    return (struct hz_bits){HZ_GPRS(HZ_RAX, HZ_RCX, HZ_RDX, HZ_RSI, HZ_RDI, HZ_R8, HZ_R9, HZ_R10, HZ_R11),
                            HZ_STATUS_FLAGS};
}

/* At a return the caller reads the return registers and the callee-saved
 * ones, and DF (clear); no status flag. */
static inline struct hz_bits hz_return_live(void)
{
    return (struct hz_bits){HZ_GPRS(HZ_RAX, HZ_RDX, HZ_RBX, HZ_RBP, HZ_RSP, HZ_R12, HZ_R13, HZ_R14, HZ_R15), HZ_DF};
}

/* A jump out of the function (a tail call, or an indirect jump whose
 * targets are not all known) may reach code that reads any argument,
 * return or callee-saved register: all of them; no status flag. */
static inline struct hz_bits hz_tail_live(void) { return (struct hz_bits){~0ULL, HZ_DF}; }

/* A jump to a place the checker did not decode: everything. */
static inline struct hz_bits hz_unknown_live(void) { return (struct hz_bits){~0ULL, HZ_ALL_FLAGS}; }

#endif
