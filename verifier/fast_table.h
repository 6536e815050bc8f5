/* Opcode tables for the fast path (fast_insn.c): the encodings compilers emit
 * most, each with its length shape and the general-purpose register it writes.
 * An opcode that is not here goes to Capstone. */
#ifndef VXV_FAST_TABLE_H
#define VXV_FAST_TABLE_H

enum fast_modrm {
    FM_NONE,     /* no ModRM byte */
    FM_ANY,      /* register or memory operand */
    FM_REG,      /* register form only (mod == 3) */
    FM_MEM,      /* memory form only */
};

enum fast_imm {
    FI_0, FI_8, FI_16,
    FI_Z,        /* 2 bytes with 0x66, else 4 */
    FI_V,        /* 8 with REX.W, else like FI_Z (mov $imm, %reg) */
    FI_REL8, FI_REL32,
};

enum fast_write {
    FW_NONE,     /* no GPR written, or only rax/rdx/flags implicitly */
    FW_REG,      /* ModRM.reg names the written GPR */
    FW_RM,       /* ModRM.rm names it when mod == 3 (else memory) */
    FW_BOTH,     /* xchg: both */
    FW_OPREG,    /* low 3 opcode bits (+REX.B) name it */
};

/* What the instruction is, where the walker or the roles care. */
enum fast_kind {
    FK_PLAIN, FK_MOV, FK_LEA, FK_ADD, FK_SUB, FK_AND,
    FK_JCC, FK_JMP, FK_CALL, FK_IJMP, FK_ICALL, FK_NOP, FK_PUSH,
};

/* Bit i set: prefix class i allowed (none, 0x66, 0xf3, 0xf2). */
enum { FP_NONE = 1, FP_66 = 2, FP_F3 = 4, FP_F2 = 8, FP_SSE_ALL = 15 };

enum fast_flags {
    FF_BYTE = 1,        /* the written GPR operand is 8-bit */
    FF_NO_MEMORY = 2,   /* memory operand never accessed (lea, nop) */
    FF_VECTOR = 4,      /* 0x66/0xf3/0xf2 select the instruction, not a size */
    FF_NEEDS_REXW = 8,  /* only the REX.W form is in the table */
};

struct fast_op {
    unsigned char valid;
    unsigned char modrm, imm, write, kind, flags, prefixes;
    const struct fast_op *group; /* indexed by ModRM.reg when set */
};

extern const struct fast_op fast_one_byte[256];
extern const struct fast_op fast_two_byte[256];

#endif
