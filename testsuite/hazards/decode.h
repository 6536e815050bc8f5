/* One machine instruction as the checker sees it: Capstone's reading,
 * reduced to what the other modules ask about (its kind, operands, a
 * direct target) plus the state it reads and definitely writes
 * (state_bits.h). */
#ifndef HZ_DECODE_H
#define HZ_DECODE_H

#include "state_bits.h"
#include <stddef.h>
#include <stdint.h>

enum hz_kind {
    HZ_K_PLAIN,
    HZ_K_NOP,     /* no architectural effect (padding) */
    HZ_K_JMP,     /* unconditional jump, direct or indirect */
    HZ_K_JCC,     /* conditional jump, jrcxz, loop */
    HZ_K_CALL,
    HZ_K_RET,
    HZ_K_HALT,    /* ud2, hlt, int3: no successor */
    HZ_K_STRING,  /* movs, stos, lods, cmps, scas (with or without rep) */
};

enum hz_op_type { HZ_OP_NONE, HZ_OP_REG, HZ_OP_IMM, HZ_OP_MEM };

struct hz_operand {
    uint8_t type;       /* enum hz_op_type */
    uint8_t size;       /* bytes */
    int8_t reg;         /* HZ_OP_REG: general register index, -1 for any other register */
    int64_t imm;        /* HZ_OP_IMM */
    struct {
        int8_t base, index;    /* general register index, -1 none */
        int8_t rip, gs;        /* %rip-relative; %gs segment */
        uint8_t scale;
        int64_t disp;
    } mem;
};

struct hz_insn {
    uint64_t addr;
    uint8_t size;
    uint8_t rep;                 /* a rep/repe/repne prefix */
    uint8_t indirect;            /* jmp/call through a register or memory */
    uint8_t has_target;          /* a direct branch: target below */
    uint8_t imm_offset;          /* where the immediate (a branch's displacement) starts, 0 if none */
    uint8_t reserved;            /* 1: names %r11 (any width), 2: names %r14 */
    uint8_t string_rsi, string_rdi; /* a string instruction's pointer registers */
    enum hz_kind kind;
    unsigned id;                 /* Capstone's X86_INS_* */
    uint64_t target;
    int nops;
    struct hz_operand op[4];     /* AT&T order: sources first, destination last */
    struct hz_bits reads;        /* state the instruction reads */
    struct hz_bits writes;       /* state it replaces whatever its inputs (a kill) */
    char text[80];               /* "addq %r14, %rdi" */
};

struct hz_decoder;
struct hz_decoder *hz_decoder_new(void);
void hz_decoder_free(struct hz_decoder *d);
/* Decodes one instruction at code (size bytes left) whose address is addr;
 * returns its length, 0 if the bytes do not decode. */
size_t hz_decode(struct hz_decoder *d, const uint8_t *code, size_t size, uint64_t addr, struct hz_insn *out);

/* The general register Capstone's reg names, and its width in bytes (1 for
 * %ah too, with *high set); -1 for any other register. */
int hz_gpr_of(unsigned cs_reg, int *width, int *high);
/* Read and write (kill) masks of one general register access. */
uint64_t hz_read_mask(int reg, int width, int high);
uint64_t hz_write_mask(int reg, int width, int high);

/* Operand helpers for the sequence table. */
int hz_is_reg(const struct hz_operand *o, int reg, int size);
int hz_is_imm(const struct hz_operand *o, int64_t value, int size);

#endif
