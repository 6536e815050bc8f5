/* The fast path's opcode tables as data. Every entry must be an instruction
 * the full (Capstone) rules allow in the forms the fast path accepts; the
 * differential test in testsuite/unit/verifier_test.c checks that. */
#include "fast_table.h"

#define OP(m, i, w, k, f, p) {1, FM_##m, FI_##i, FW_##w, FK_##k, f, p, 0}
#define GRP(m, i, g, p) {1, FM_##m, FI_##i, FW_NONE, FK_PLAIN, 0, p, g}
#define GPR16 (FP_NONE | FP_66)
#define B FF_BYTE

/* Group opcodes, indexed by ModRM.reg; unlisted entries fall back. */
static const struct fast_op grp1_byte[8] = {   /* 80: add or adc sbb and sub xor cmp */
    OP(ANY, 0, RM, ADD, B, 0), OP(ANY, 0, RM, PLAIN, B, 0), OP(ANY, 0, RM, PLAIN, B, 0),
    OP(ANY, 0, RM, PLAIN, B, 0), OP(ANY, 0, RM, AND, B, 0), OP(ANY, 0, RM, SUB, B, 0),
    OP(ANY, 0, RM, PLAIN, B, 0), OP(ANY, 0, NONE, PLAIN, 0, 0)};
static const struct fast_op grp1[8] = {        /* 81, 83 */
    OP(ANY, 0, RM, ADD, 0, 0), OP(ANY, 0, RM, PLAIN, 0, 0), OP(ANY, 0, RM, PLAIN, 0, 0),
    OP(ANY, 0, RM, PLAIN, 0, 0), OP(ANY, 0, RM, AND, 0, 0), OP(ANY, 0, RM, SUB, 0, 0),
    OP(ANY, 0, RM, PLAIN, 0, 0), OP(ANY, 0, NONE, PLAIN, 0, 0)};
static const struct fast_op shift_byte[8] = {  /* C0 D0 D2: rol ror rcl rcr shl shr - sar */
    OP(ANY, 0, RM, PLAIN, B, 0), OP(ANY, 0, RM, PLAIN, B, 0), OP(ANY, 0, RM, PLAIN, B, 0),
    OP(ANY, 0, RM, PLAIN, B, 0), OP(ANY, 0, RM, PLAIN, B, 0), OP(ANY, 0, RM, PLAIN, B, 0),
    {0}, OP(ANY, 0, RM, PLAIN, B, 0)};
static const struct fast_op shift[8] = {       /* C1 D1 D3 */
    OP(ANY, 0, RM, PLAIN, 0, 0), OP(ANY, 0, RM, PLAIN, 0, 0), OP(ANY, 0, RM, PLAIN, 0, 0),
    OP(ANY, 0, RM, PLAIN, 0, 0), OP(ANY, 0, RM, PLAIN, 0, 0), OP(ANY, 0, RM, PLAIN, 0, 0),
    {0}, OP(ANY, 0, RM, PLAIN, 0, 0)};
static const struct fast_op grp3_byte[8] = {   /* F6: test - not neg mul imul div idiv */
    OP(ANY, 8, NONE, PLAIN, 0, 0), {0}, OP(ANY, 0, RM, PLAIN, B, 0), OP(ANY, 0, RM, PLAIN, B, 0),
    OP(ANY, 0, NONE, PLAIN, 0, 0), OP(ANY, 0, NONE, PLAIN, 0, 0), OP(ANY, 0, NONE, PLAIN, 0, 0),
    OP(ANY, 0, NONE, PLAIN, 0, 0)};
static const struct fast_op grp3[8] = {        /* F7 */
    OP(ANY, Z, NONE, PLAIN, 0, 0), {0}, OP(ANY, 0, RM, PLAIN, 0, 0), OP(ANY, 0, RM, PLAIN, 0, 0),
    OP(ANY, 0, NONE, PLAIN, 0, 0), OP(ANY, 0, NONE, PLAIN, 0, 0), OP(ANY, 0, NONE, PLAIN, 0, 0),
    OP(ANY, 0, NONE, PLAIN, 0, 0)};
static const struct fast_op grp4[8] = {        /* FE: inc dec */
    OP(ANY, 0, RM, PLAIN, B, 0), OP(ANY, 0, RM, PLAIN, B, 0)};
static const struct fast_op grp5[8] = {        /* FF: inc dec call* - jmp* */
    OP(ANY, 0, RM, PLAIN, 0, GPR16), OP(ANY, 0, RM, PLAIN, 0, GPR16),
    OP(REG, 0, NONE, ICALL, 0, FP_NONE), {0}, OP(REG, 0, NONE, IJMP, 0, FP_NONE)};
static const struct fast_op mov_imm_byte[8] = {OP(ANY, 8, RM, MOV, B, FP_NONE)};   /* C6 /0 */
static const struct fast_op mov_imm[8] = {OP(ANY, Z, RM, MOV, 0, GPR16)};          /* C7 /0 */
static const struct fast_op nop_grp[8] = {OP(MEM, 0, NONE, NOP, FF_NO_MEMORY, GPR16)}; /* 0F 1F /0 */

/* add or adc sbb and sub xor cmp, rows 00-3F: Eb,Gb Ev,Gv Gb,Eb Gv,Ev AL,Ib eAX,Iz */
#define ALU_ROW(base, kind, wrm, wreg)                                      \
    [base + 0] = OP(ANY, 0, wrm, kind, B, GPR16),                           \
    [base + 1] = OP(ANY, 0, wrm, kind, 0, GPR16),                           \
    [base + 2] = OP(ANY, 0, wreg, kind, B, GPR16),                          \
    [base + 3] = OP(ANY, 0, wreg, kind, 0, GPR16),                          \
    [base + 4] = OP(NONE, 8, NONE, PLAIN, 0, GPR16),                        \
    [base + 5] = OP(NONE, Z, NONE, kind, 0, GPR16)

const struct fast_op fast_one_byte[256] = {
    ALU_ROW(0x00, ADD, RM, REG), ALU_ROW(0x08, PLAIN, RM, REG), ALU_ROW(0x10, PLAIN, RM, REG),
    ALU_ROW(0x18, PLAIN, RM, REG), ALU_ROW(0x20, AND, RM, REG), ALU_ROW(0x28, SUB, RM, REG),
    ALU_ROW(0x30, PLAIN, RM, REG), ALU_ROW(0x38, PLAIN, NONE, NONE),
    [0x50 ... 0x57] = OP(NONE, 0, NONE, PUSH, 0, FP_NONE),
    [0x58 ... 0x5f] = OP(NONE, 0, OPREG, PUSH, 0, FP_NONE),
    [0x63] = OP(ANY, 0, REG, PLAIN, FF_NEEDS_REXW, FP_NONE),
    [0x68] = OP(NONE, Z, NONE, PUSH, 0, FP_NONE),
    [0x69] = OP(ANY, Z, REG, PLAIN, 0, GPR16),
    [0x6a] = OP(NONE, 8, NONE, PUSH, 0, FP_NONE),
    [0x6b] = OP(ANY, 8, REG, PLAIN, 0, GPR16),
    [0x70 ... 0x7f] = OP(NONE, REL8, NONE, JCC, 0, FP_NONE),
    [0x80] = GRP(ANY, 8, grp1_byte, GPR16),
    [0x81] = GRP(ANY, Z, grp1, GPR16),
    [0x83] = GRP(ANY, 8, grp1, GPR16),
    [0x84] = OP(ANY, 0, NONE, PLAIN, 0, GPR16),
    [0x85] = OP(ANY, 0, NONE, PLAIN, 0, GPR16),
    [0x86] = OP(ANY, 0, BOTH, PLAIN, B, GPR16),
    [0x87] = OP(ANY, 0, BOTH, PLAIN, 0, GPR16),
    [0x88] = OP(ANY, 0, RM, MOV, B, GPR16),
    [0x89] = OP(ANY, 0, RM, MOV, 0, GPR16),
    [0x8a] = OP(ANY, 0, REG, MOV, B, GPR16),
    [0x8b] = OP(ANY, 0, REG, MOV, 0, GPR16),
    [0x8d] = OP(MEM, 0, REG, LEA, FF_NO_MEMORY, GPR16),
    [0x90] = OP(NONE, 0, NONE, NOP, 0, GPR16),
    [0x98] = OP(NONE, 0, NONE, PLAIN, 0, GPR16),
    [0x99] = OP(NONE, 0, NONE, PLAIN, 0, GPR16),
    [0xa8] = OP(NONE, 8, NONE, PLAIN, 0, GPR16),
    [0xa9] = OP(NONE, Z, NONE, PLAIN, 0, GPR16),
    [0xb0 ... 0xb7] = OP(NONE, 8, OPREG, MOV, B, GPR16),
    [0xb8 ... 0xbf] = OP(NONE, V, OPREG, MOV, 0, GPR16),
    [0xc0] = GRP(ANY, 8, shift_byte, GPR16),
    [0xc1] = GRP(ANY, 8, shift, GPR16),
    [0xc6] = GRP(ANY, 8, mov_imm_byte, FP_NONE),
    [0xc7] = GRP(ANY, Z, mov_imm, GPR16),
    [0xd0] = GRP(ANY, 0, shift_byte, GPR16),
    [0xd1] = GRP(ANY, 0, shift, GPR16),
    [0xd2] = GRP(ANY, 0, shift_byte, GPR16),
    [0xd3] = GRP(ANY, 0, shift, GPR16),
    [0xe8] = OP(NONE, REL32, NONE, CALL, 0, FP_NONE),
    [0xe9] = OP(NONE, REL32, NONE, JMP, 0, FP_NONE),
    [0xeb] = OP(NONE, REL8, NONE, JMP, 0, FP_NONE),
    [0xf6] = GRP(ANY, 0, grp3_byte, GPR16),
    [0xf7] = GRP(ANY, 0, grp3, GPR16),
    [0xfe] = GRP(ANY, 0, grp4, GPR16),
    [0xff] = GRP(ANY, 0, grp5, GPR16),
};

#define V FF_VECTOR
#define SSE(p) OP(ANY, 0, NONE, PLAIN, V, p)
#define SSE_RANGE(lo, hi, p) [lo ... hi] = SSE(p)

const struct fast_op fast_two_byte[256] = {
    [0x10] = SSE(FP_SSE_ALL), [0x11] = SSE(FP_SSE_ALL),
    [0x14] = SSE(FP_NONE | FP_66), [0x15] = SSE(FP_NONE | FP_66),
    [0x1f] = GRP(ANY, 0, nop_grp, GPR16),
    [0x28] = SSE(FP_NONE | FP_66), [0x29] = SSE(FP_NONE | FP_66),
    [0x2a] = SSE(FP_F3 | FP_F2),
    [0x2c] = OP(ANY, 0, REG, PLAIN, V, FP_F3 | FP_F2),
    [0x2d] = OP(ANY, 0, REG, PLAIN, V, FP_F3 | FP_F2),
    [0x2e] = SSE(FP_NONE | FP_66), [0x2f] = SSE(FP_NONE | FP_66),
    [0x40 ... 0x4f] = OP(ANY, 0, REG, PLAIN, 0, GPR16),              /* cmovcc */
    [0x51] = SSE(FP_SSE_ALL),
    SSE_RANGE(0x54, 0x57, FP_NONE | FP_66),                           /* and andn or xor */
    SSE_RANGE(0x58, 0x5a, FP_SSE_ALL),                                /* add mul cvt */
    [0x5b] = SSE(FP_NONE | FP_66 | FP_F3),
    SSE_RANGE(0x5c, 0x5f, FP_SSE_ALL),                                /* sub min div max */
    SSE_RANGE(0x60, 0x6d, FP_66),                                     /* punpck, pack, pcmpgt */
    [0x6e] = SSE(FP_66),
    [0x6f] = SSE(FP_66 | FP_F3),
    [0x70] = OP(ANY, 8, NONE, PLAIN, V, FP_66 | FP_F3 | FP_F2),
    SSE_RANGE(0x74, 0x76, FP_66),                                     /* pcmpeq */
    [0x7e] = OP(ANY, 0, RM, PLAIN, V, FP_66),
    [0x7f] = SSE(FP_66 | FP_F3),
    [0x80 ... 0x8f] = OP(NONE, REL32, NONE, JCC, 0, FP_NONE),
    [0x90 ... 0x9f] = OP(ANY, 0, RM, PLAIN, B, FP_NONE),             /* setcc */
    [0xa3] = OP(REG, 0, NONE, PLAIN, 0, GPR16),                       /* bt: never reg,mem (R-MEM-BITOFF) */
    [0xa4] = OP(ANY, 8, RM, PLAIN, 0, GPR16),                         /* shld $i */
    [0xa5] = OP(ANY, 0, RM, PLAIN, 0, GPR16),                         /* shld %cl */
    [0xac] = OP(ANY, 8, RM, PLAIN, 0, GPR16),
    [0xad] = OP(ANY, 0, RM, PLAIN, 0, GPR16),
    [0xaf] = OP(ANY, 0, REG, PLAIN, 0, GPR16),                        /* imul */
    [0xb6] = OP(ANY, 0, REG, PLAIN, 0, GPR16),                        /* movzb */
    [0xb7] = OP(ANY, 0, REG, PLAIN, 0, FP_NONE),                      /* movzw */
    [0xb8] = OP(ANY, 0, REG, PLAIN, V, FP_F3),                        /* popcnt */
    [0xbc] = OP(ANY, 0, REG, PLAIN, 0, GPR16),                        /* bsf */
    [0xbd] = OP(ANY, 0, REG, PLAIN, 0, GPR16),                        /* bsr */
    [0xbe] = OP(ANY, 0, REG, PLAIN, 0, GPR16),                        /* movsb */
    [0xbf] = OP(ANY, 0, REG, PLAIN, 0, FP_NONE),                      /* movsw */
    [0xc2] = OP(ANY, 8, NONE, PLAIN, V, FP_SSE_ALL),                  /* cmpps.. */
    [0xc6] = OP(ANY, 8, NONE, PLAIN, V, FP_NONE | FP_66),             /* shufps */
    [0xc8 ... 0xcf] = OP(NONE, 0, OPREG, PLAIN, 0, FP_NONE),          /* bswap */
    SSE_RANGE(0xd1, 0xd6, FP_66),
    [0xd7] = OP(REG, 0, REG, PLAIN, V, FP_66),                        /* pmovmskb */
    SSE_RANGE(0xd8, 0xe5, FP_66),
    SSE_RANGE(0xe8, 0xef, FP_66),
    SSE_RANGE(0xf1, 0xf6, FP_66),
    SSE_RANGE(0xf8, 0xfe, FP_66),
};
