/* The architectural state the checker reasons about: the sixteen general
 * registers, each in four parts, and the seven EFLAGS bits compiled code
 * can read. Four parts because that is how x86-64 writes registers: a
 * 32-bit write replaces all 64 bits (zero-extension), a 16-bit write bits
 * 0-15, an 8-bit write bits 0-7 or 8-15; and a 32-bit read sees only the
 * low three parts, which is why a wrong upper half is invisible to it. */
#ifndef HZ_STATE_BITS_H
#define HZ_STATE_BITS_H

#include <stddef.h>
#include <stdint.h>

enum { HZ_RAX, HZ_RCX, HZ_RDX, HZ_RBX, HZ_RSP, HZ_RBP, HZ_RSI, HZ_RDI,
       HZ_R8, HZ_R9, HZ_R10, HZ_R11, HZ_R12, HZ_R13, HZ_R14, HZ_R15, HZ_NGPR };

enum { HZ_PART_B0, HZ_PART_B1, HZ_PART_W, HZ_PART_HI }; /* bits 0-7, 8-15, 16-31, 32-63 */

#define HZ_PART(reg, part) (1ULL << ((reg) * 4 + (part)))
#define HZ_REG_ALL(reg) (0xfULL << ((reg) * 4))
#define HZ_REG_LO(reg) (0x7ULL << ((reg) * 4)) /* bits 0-31 */
#define HZ_REG_HI(reg) HZ_PART(reg, HZ_PART_HI)

enum { HZ_CF = 1, HZ_PF = 2, HZ_AF = 4, HZ_ZF = 8, HZ_SF = 16, HZ_OF = 32, HZ_DF = 64 };
#define HZ_STATUS_FLAGS (HZ_CF | HZ_PF | HZ_AF | HZ_ZF | HZ_SF | HZ_OF)
#define HZ_ALL_FLAGS (HZ_STATUS_FLAGS | HZ_DF)

struct hz_bits {
    uint64_t regs;  /* HZ_PART bits */
    uint8_t flags;  /* HZ_CF ... HZ_DF */
};

static inline int hz_bits_any(struct hz_bits b) { return b.regs || b.flags; }
static inline struct hz_bits hz_bits_or(struct hz_bits a, struct hz_bits b)
{
    return (struct hz_bits){a.regs | b.regs, (uint8_t)(a.flags | b.flags)};
}
static inline struct hz_bits hz_bits_and(struct hz_bits a, struct hz_bits b)
{
    return (struct hz_bits){a.regs & b.regs, (uint8_t)(a.flags & b.flags)};
}
static inline struct hz_bits hz_bits_minus(struct hz_bits a, struct hz_bits b)
{
    return (struct hz_bits){a.regs & ~b.regs, (uint8_t)(a.flags & ~b.flags)};
}
static inline int hz_bits_eq(struct hz_bits a, struct hz_bits b)
{
    return a.regs == b.regs && a.flags == b.flags;
}

/* "CF,ZF %rsi[63:32] %rax" into buf. */
void hz_bits_describe(struct hz_bits b, char *buf, size_t size);
/* "%rsi" for HZ_RSI. */
const char *hz_gpr_name(int reg);

#endif
