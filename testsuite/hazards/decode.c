/* Capstone's reading of one instruction, reduced to struct hz_insn. The
 * register reads and writes come from cs_regs_access (explicit and
 * implicit operands) with the few corrections listed at the end of
 * hz_decode; the flags from flag_table.c. */
#include "decode.h"
#include "flag_table.h"
#include <capstone/capstone.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hz_decoder {
    csh handle;
    cs_insn *insn;
};

struct hz_decoder *hz_decoder_new(void)
{
    struct hz_decoder *d = calloc(1, sizeof *d);
    if (!d || cs_open(CS_ARCH_X86, CS_MODE_64, &d->handle) != CS_ERR_OK) {
        free(d);
        return NULL;
    }
    cs_option(d->handle, CS_OPT_DETAIL, CS_OPT_ON);
    cs_option(d->handle, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT);
    d->insn = cs_malloc(d->handle);
    return d;
}

void hz_decoder_free(struct hz_decoder *d)
{
    if (!d)
        return;
    cs_free(d->insn, 1);
    cs_close(&d->handle);
    free(d);
}

#define GPR(r, f, w) [X86_REG_##r] = {(f) + 1, (w), 0}
#define GPR_HIGH(r, f) [X86_REG_##r] = {(f) + 1, 1, 1}
static const struct {
    uint8_t family1, width, high;  /* family + 1, so that 0 means "not a general register" */
} gpr_table[X86_REG_ENDING] = {
    GPR(RAX, 0, 8), GPR(EAX, 0, 4), GPR(AX, 0, 2), GPR(AL, 0, 1), GPR_HIGH(AH, 0),
    GPR(RCX, 1, 8), GPR(ECX, 1, 4), GPR(CX, 1, 2), GPR(CL, 1, 1), GPR_HIGH(CH, 1),
    GPR(RDX, 2, 8), GPR(EDX, 2, 4), GPR(DX, 2, 2), GPR(DL, 2, 1), GPR_HIGH(DH, 2),
    GPR(RBX, 3, 8), GPR(EBX, 3, 4), GPR(BX, 3, 2), GPR(BL, 3, 1), GPR_HIGH(BH, 3),
    GPR(RSP, 4, 8), GPR(ESP, 4, 4), GPR(SP, 4, 2), GPR(SPL, 4, 1),
    GPR(RBP, 5, 8), GPR(EBP, 5, 4), GPR(BP, 5, 2), GPR(BPL, 5, 1),
    GPR(RSI, 6, 8), GPR(ESI, 6, 4), GPR(SI, 6, 2), GPR(SIL, 6, 1),
    GPR(RDI, 7, 8), GPR(EDI, 7, 4), GPR(DI, 7, 2), GPR(DIL, 7, 1),
    GPR(R8, 8, 8), GPR(R8D, 8, 4), GPR(R8W, 8, 2), GPR(R8B, 8, 1),
    GPR(R9, 9, 8), GPR(R9D, 9, 4), GPR(R9W, 9, 2), GPR(R9B, 9, 1),
    GPR(R10, 10, 8), GPR(R10D, 10, 4), GPR(R10W, 10, 2), GPR(R10B, 10, 1),
    GPR(R11, 11, 8), GPR(R11D, 11, 4), GPR(R11W, 11, 2), GPR(R11B, 11, 1),
    GPR(R12, 12, 8), GPR(R12D, 12, 4), GPR(R12W, 12, 2), GPR(R12B, 12, 1),
    GPR(R13, 13, 8), GPR(R13D, 13, 4), GPR(R13W, 13, 2), GPR(R13B, 13, 1),
    GPR(R14, 14, 8), GPR(R14D, 14, 4), GPR(R14W, 14, 2), GPR(R14B, 14, 1),
    GPR(R15, 15, 8), GPR(R15D, 15, 4), GPR(R15W, 15, 2), GPR(R15B, 15, 1),
};

int hz_gpr_of(unsigned cs_reg, int *width, int *high)
{
    if (cs_reg >= X86_REG_ENDING || !gpr_table[cs_reg].family1)
        return -1;
    if (width)
        *width = gpr_table[cs_reg].width;
    if (high)
        *high = gpr_table[cs_reg].high;
    return gpr_table[cs_reg].family1 - 1;
}

uint64_t hz_read_mask(int reg, int width, int high)
{
    if (high)
        return HZ_PART(reg, HZ_PART_B1);
    switch (width) {
    case 8: return HZ_REG_ALL(reg);
    case 4: return HZ_REG_LO(reg);
    case 2: return HZ_PART(reg, HZ_PART_B0) | HZ_PART(reg, HZ_PART_B1);
    default: return HZ_PART(reg, HZ_PART_B0);
    }
}

uint64_t hz_write_mask(int reg, int width, int high)
{
    return width >= 4 ? HZ_REG_ALL(reg) : hz_read_mask(reg, width, high); /* 32-bit writes zero-extend */
}

int hz_is_reg(const struct hz_operand *o, int reg, int size)
{
    return o->type == HZ_OP_REG && o->reg == reg && (!size || o->size == size);
}

int hz_is_imm(const struct hz_operand *o, int64_t value, int size)
{
    if (o->type != HZ_OP_IMM)
        return 0;
    if (size == 4) /* Capstone shows a 32-bit immediate zero- or sign-extended */
        return (uint32_t)o->imm == (uint32_t)value;
    return o->imm == value;
}

static enum hz_kind kind_of(const cs_insn *in)
{
    const cs_detail *d = in->detail;
    switch (in->id) {
    case X86_INS_NOP: case X86_INS_FNOP: case X86_INS_ENDBR64:
        return HZ_K_NOP;
    case X86_INS_UD2: case X86_INS_UD2B: case X86_INS_HLT: case X86_INS_INT3:
        return HZ_K_HALT;
    case X86_INS_JMP: case X86_INS_LJMP:
        return HZ_K_JMP;
    default:
        break;
    }
    for (int i = 0; i < d->groups_count; i++) {
        if (d->groups[i] == CS_GRP_CALL)
            return HZ_K_CALL;
        if (d->groups[i] == CS_GRP_RET || d->groups[i] == CS_GRP_IRET)
            return HZ_K_RET;
        if (d->groups[i] == CS_GRP_JUMP)
            return HZ_K_JCC;
    }
    uint8_t op = d->x86.opcode[0];
    if (d->x86.opcode[1] == 0 && ((op >= 0xa4 && op <= 0xa7) || (op >= 0xaa && op <= 0xaf)))
        return HZ_K_STRING;
    return HZ_K_PLAIN;
}

static void convert_operand(const cs_x86_op *o, struct hz_operand *out)
{
    memset(out, 0, sizeof *out);
    out->size = o->size;
    out->reg = out->mem.base = out->mem.index = -1;
    switch (o->type) {
    case X86_OP_REG:
        out->type = HZ_OP_REG;
        out->reg = (int8_t)hz_gpr_of(o->reg, NULL, NULL);
        break;
    case X86_OP_IMM:
        out->type = HZ_OP_IMM;
        out->imm = o->imm;
        break;
    case X86_OP_MEM:
        out->type = HZ_OP_MEM;
        out->mem.base = (int8_t)hz_gpr_of(o->mem.base, NULL, NULL);
        out->mem.index = (int8_t)hz_gpr_of(o->mem.index, NULL, NULL);
        out->mem.rip = o->mem.base == X86_REG_RIP;
        out->mem.gs = o->mem.segment == X86_REG_GS;
        out->mem.scale = (uint8_t)o->mem.scale;
        out->mem.disp = o->mem.disp;
        break;
    default:
        out->type = HZ_OP_NONE;
    }
}

/* A string instruction in a sandbox addresses %gs-free memory through the
 * low halves of %rsi/%rdi (the rewriter rebases them, R-STR); its count
 * is all of %rcx; the upper halves pass through it unchanged. */
static void string_access(const cs_insn *in, struct hz_insn *out)
{
    uint8_t op = in->detail->x86.opcode[0];
    int width = (op & 1) ? out->op[out->nops ? out->nops - 1 : 0].size : 1;
    if (!width)
        width = 1;
    int movs = op <= 0xa5, cmps = op == 0xa6 || op == 0xa7, stos = op == 0xaa || op == 0xab,
        lods = op == 0xac || op == 0xad, scas = op >= 0xae;
    out->string_rsi = (uint8_t)(movs || cmps || lods);
    out->string_rdi = (uint8_t)(movs || cmps || stos || scas);
    out->reads = (struct hz_bits){0, HZ_DF};
    out->writes = (struct hz_bits){0, 0};
    if (out->string_rsi) {
        out->reads.regs |= HZ_REG_LO(HZ_RSI);
        out->writes.regs |= HZ_REG_LO(HZ_RSI);
    }
    if (out->string_rdi) {
        out->reads.regs |= HZ_REG_LO(HZ_RDI);
        out->writes.regs |= HZ_REG_LO(HZ_RDI);
    }
    if (out->rep) {
        out->reads.regs |= HZ_REG_ALL(HZ_RCX);
        out->writes.regs |= HZ_REG_ALL(HZ_RCX);
    }
    if (stos || scas)
        out->reads.regs |= hz_read_mask(HZ_RAX, width, 0);
    if (lods)
        out->writes.regs |= hz_write_mask(HZ_RAX, width, 0);
    if (cmps || scas)
        out->writes.flags = HZ_STATUS_FLAGS;
}

static int is_zero_idiom(const cs_insn *in)
{
    switch (in->id) {
    case X86_INS_XOR: case X86_INS_SUB: case X86_INS_PXOR: case X86_INS_VPXOR: case X86_INS_XORPS:
    case X86_INS_XORPD: case X86_INS_VXORPS: case X86_INS_VXORPD:
        break;
    default:
        return 0;
    }
    const cs_x86 *x = &in->detail->x86;
    return x->op_count == 2 && x->operands[0].type == X86_OP_REG &&
           x->operands[1].type == X86_OP_REG && x->operands[0].reg == x->operands[1].reg;
}

size_t hz_decode(struct hz_decoder *d, const uint8_t *code, size_t size, uint64_t addr, struct hz_insn *out)
{
    const uint8_t *p = code;
    uint64_t a = addr;
    if (!cs_disasm_iter(d->handle, &p, &size, &a, d->insn))
        return 0;
    const cs_insn *in = d->insn;
    const cs_x86 *x = &in->detail->x86;
    memset(out, 0, sizeof *out);
    out->addr = addr;
    out->size = (uint8_t)in->size;
    out->id = in->id;
    snprintf(out->text, sizeof out->text, "%.31s%s%.46s", in->mnemonic, in->op_str[0] ? " " : "", in->op_str);
    out->rep = x->prefix[0] == 0xf3 || x->prefix[0] == 0xf2;
    out->imm_offset = x->encoding.imm_offset;
    out->nops = x->op_count > 4 ? 4 : x->op_count;
    for (int i = 0; i < out->nops; i++)
        convert_operand(&x->operands[i], &out->op[i]);
    out->kind = kind_of(in);
    if (out->kind == HZ_K_JMP || out->kind == HZ_K_JCC || out->kind == HZ_K_CALL) {
        if (out->nops == 1 && out->op[0].type == HZ_OP_IMM) {
            out->has_target = 1;
            out->target = (uint64_t)out->op[0].imm;
        } else {
            out->indirect = 1;
        }
    }

    cs_regs regs_read, regs_write;
    uint8_t nread = 0, nwrite = 0;
    if (cs_regs_access(d->handle, in, regs_read, &nread, regs_write, &nwrite) != CS_ERR_OK)
        nread = nwrite = 0;
    for (int i = 0; i < nread; i++) {
        int w, h, r = hz_gpr_of(regs_read[i], &w, &h);
        if (r >= 0)
            out->reads.regs |= hz_read_mask(r, w, h);
    }
    for (int i = 0; i < nwrite; i++) {
        int w, h, r = hz_gpr_of(regs_write[i], &w, &h);
        if (r >= 0)
            out->writes.regs |= hz_write_mask(r, w, h);
    }
    uint64_t names = out->reads.regs | out->writes.regs;
    out->reserved = (uint8_t)(((names & HZ_REG_ALL(HZ_R11)) ? 1 : 0) | ((names & HZ_REG_ALL(HZ_R14)) ? 2 : 0));
    out->reads.flags = hz_flags_read(in);
    out->writes.flags = hz_flags_written(in);

    /* Corrections to the generic reading. */
    if (out->kind == HZ_K_NOP || (in->id == X86_INS_XCHG && out->nops == 2 && out->op[0].type == HZ_OP_REG &&
                                  out->op[1].type == HZ_OP_REG && x->operands[0].reg == x->operands[1].reg)) {
        out->kind = HZ_K_NOP; /* multi-byte nops name registers they never read */
        out->reads = out->writes = (struct hz_bits){0, 0};
    } else if (out->kind == HZ_K_STRING) {
        string_access(in, out);
    } else if (is_zero_idiom(in)) {
        out->reads.regs = 0; /* xor %eax,%eax does not depend on %eax */
    } else if (in->id == X86_INS_CQO || in->id == X86_INS_CDQ || in->id == X86_INS_CWD) {
        out->writes.regs &= ~HZ_REG_ALL(HZ_RAX); /* they write %rdx only; Capstone lists %rax */
    } else if (in->id == X86_INS_CMPXCHG) {
        out->writes.regs = 0; /* the accumulator or memory changes only on one outcome */
    }
    return in->size;
}
