/* The fast path: decodes the common encodings from fast_table.c without
 * Capstone and applies the same rules as check_insn. It only ever accepts:
 * anything unusual (other prefixes, other opcodes, forms it does not know,
 * anything that would be a violation) returns 0 and the walker asks
 * Capstone, whose verdict is the spec's. So a gap here costs speed, never
 * safety; what it does accept is cross-checked against Capstone by tests. */
#include "fast_insn.h"
#include "fast_table.h"
#include "regs.h"
#include "../include/vx/layout.h"
#include <string.h>

struct prefixes {
    unsigned n66, n67, n65, nrep, nnop_seg;
    unsigned char rep, rex;
    unsigned char last;   /* the last legacy prefix byte, 0 if none */
};

/* Legacy prefixes then an optional REX. Returns the opcode position or -1. */
static int scan_prefixes(const uint8_t *p, size_t max, struct prefixes *px)
{
    size_t i = 0;
    memset(px, 0, sizeof *px);
    for (; i < max; i++) {
        switch (p[i]) {
        case 0x66: px->n66++; continue;
        case 0x67: px->n67++; continue;
        case 0x65: px->n65++; continue;
        case 0xf2: case 0xf3: px->nrep++; px->rep = p[i]; continue;
        case 0x2e: case 0x3e: px->nnop_seg++; continue;
        }
        break;
    }
    if (i)
        px->last = p[i - 1];
    if (i < max && (p[i] & 0xf0) == 0x40)
        px->rex = p[i++];
    return i < max ? (int)i : -1;
}

/* Prefix rules of check_prefixes_early/late for what the fast path accepts:
 * duplicates and cs/ds only on nops; 0xf2/0xf3 only as mandatory prefixes. */
static int prefixes_ok(const struct prefixes *px, const struct fast_op *op, int *opsize16)
{
    if (op->kind == FK_NOP)
        return !px->n65 && !px->n67 && !px->nrep && (px->n66 <= 1 || op->modrm != FM_NONE);
    if (px->nnop_seg || px->n66 > 1 || px->n67 > 1 || px->n65 > 1 || px->nrep > 1)
        return 0;
    if (px->nrep && px->n66)
        return 0;
    unsigned cls = px->nrep ? (px->rep == 0xf3 ? FP_F3 : FP_F2) : px->n66 ? FP_66 : FP_NONE;
    *opsize16 = px->n66 && !(op->flags & FF_VECTOR);
    /* Capstone only sees a mandatory prefix right before REX/opcode. */
    if ((op->flags & FF_VECTOR) && cls != FP_NONE && px->last != 0x66 && px->last != px->rep)
        return 0;
    return (op->prefixes & cls) != 0;
}

static unsigned imm_size(unsigned imm, int opsize16, int rexw)
{
    switch (imm) {
    case FI_8: case FI_REL8: return 1;
    case FI_16: return 2;
    case FI_Z: return opsize16 ? 2 : 4;
    case FI_V: return rexw ? 8 : opsize16 ? 2 : 4;
    case FI_REL32: return 4;
    default: return 0;
    }
}

/* Byte registers 4-7 without REX are ah/ch/dh/bh: the rax..rbx families. */
static int family(int idx, int width, unsigned rex)
{
    return width == 1 && !rex && idx >= 4 && idx < 8 ? idx - 4 : idx;
}

static int64_t read_signed(const uint8_t *p, unsigned n)
{
    if (n == 1)
        return (int8_t)p[0];
    if (n == 4)
        return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                         (uint32_t)p[3] << 24);
    return 0;
}

struct operand {
    int has_modrm, mod, reg, rm;     /* reg/rm with REX bits */
    int mem_rip, mem_rsp_only;       /* the two non-%gs memory forms */
    int base, index, scale;          /* as read, for the second decoder */
    unsigned disp_off, disp_len, imm_off;
    int64_t disp, imm;
    unsigned imm_len;
};

/* Decodes ModRM/SIB/displacement; returns the new position or -1. */
static int decode_modrm(const uint8_t *p, size_t max, int i, unsigned rex, struct operand *o)
{
    if ((size_t)i >= max)
        return -1;
    uint8_t m = p[i++];
    o->has_modrm = 1;
    o->mod = m >> 6;
    o->reg = ((m >> 3) & 7) | (rex & 4 ? 8 : 0);
    o->rm = (m & 7) | (rex & 1 ? 8 : 0);
    o->base = o->rm;
    o->index = FAST_REG_NONE;
    o->scale = 1;
    if (o->mod == 3)
        return i;
    unsigned disp_len = o->mod == 1 ? 1 : o->mod == 2 ? 4 : 0;
    if ((m & 7) == 4) {
        if ((size_t)i >= max)
            return -1;
        uint8_t sib = p[i++];
        int base = sib & 7, index = ((sib >> 3) & 7) | (rex & 2 ? 8 : 0);
        o->base = base | (rex & 1 ? 8 : 0);
        o->index = index == 4 ? FAST_REG_NONE : index; /* index 4 without REX.X: none */
        o->scale = 1 << (sib >> 6);
        if (base == 5 && o->mod == 0) {
            /* No base. With REX.B set here Zydis 4.0.0 reads a base %r13d
             * under 32-bit addressing (Capstone, objdump and the CPU: none);
             * compilers never emit it, so the full rules and both decoders
             * get it (R-INSN-DECODERS rejects it). */
            if (rex & 1)
                return -1;
            disp_len = 4;
            o->base = FAST_REG_NONE;
        } else {
            o->mem_rsp_only = base == 4 && !(rex & 1) && index == 4;
        }
    } else if ((m & 7) == 5 && o->mod == 0) {
        o->mem_rip = 1;
        o->base = FAST_REG_RIP;
        disp_len = 4;
    }
    if ((size_t)i + disp_len > max)
        return -1;
    o->disp = read_signed(p + i, disp_len);
    o->disp_off = (unsigned)i;
    o->disp_len = disp_len;
    return i + (int)disp_len;
}

/* Memory-operand rules (mem_form.c) for the forms the fast path knows. */
static int memory_ok(const struct prefixes *px, const struct fast_op *op, const struct operand *o,
                     uint64_t next_ip)
{
    if (!o->has_modrm || o->mod == 3)
        return !px->n65 && !px->n67;
    if (op->flags & FF_NO_MEMORY)
        return !px->n65 && !px->n67; /* lea, nop: address never used */
    if (px->n65 && px->n67)
        return !o->mem_rip;          /* %gs: with 32-bit addressing; not %eip-relative */
    if (px->n65 || px->n67)
        return 0;
    if (o->mem_rip) {
        int64_t target = (int64_t)next_ip + o->disp;
        return target >= 0 && target <= (int64_t)VX_SANDBOX_SIZE - 64;
    }
    return o->mem_rsp_only && o->disp >= -VX_RSP_DISP_MAX && o->disp <= VX_RSP_DISP_MAX;
}

/* Sets role facts (insn_check.c find_role) and checks reserved-register
 * writes; returns 0 if the full rules must decide. */
static int roles_and_writes(const struct fast_op *op, uint8_t opc, const struct prefixes *px,
                            int opsize16, const struct operand *o, struct insn_facts *f)
{
    int rexw = px->rex & 8;
    int width = (op->flags & FF_BYTE) ? 1 : rexw ? 8 : (op->flags & FF_VECTOR) ? 4 : opsize16 ? 2 : 4;
    int written[2] = {-1, -1};
    switch (op->write) {
    case FW_REG: written[0] = family(o->reg, width, px->rex); break;
    case FW_RM: if (o->mod == 3) written[0] = family(o->rm, width, px->rex); break;
    case FW_BOTH:
        written[0] = family(o->reg, width, px->rex);
        if (o->mod == 3)
            written[1] = family(o->rm, width, px->rex);
        break;
    case FW_OPREG: written[0] = family((opc & 7) | (px->rex & 1 ? 8 : 0), width, px->rex); break;
    }
    /* %r11 or %r14 applied to (%rsp) may be part of the return sequence:
     * its roles are Capstone's to give. */
    if (op->kind != FK_LEA && o->has_modrm && o->mod != 3 && o->mem_rsp_only &&
        (o->reg == GPR_R11 || o->reg == GPR_R14))
        return 0;
    /* lea (%r14,...): the rebasing and %rsp-write roles are Capstone's to give. */
    if (op->kind == FK_LEA && o->base == GPR_R14)
        return 0;
    int arith = op->kind == FK_ADD || op->kind == FK_SUB || op->kind == FK_AND;
    int dest = written[0];
    if (op->modrm == FM_NONE && arith)
        dest = GPR_RAX; /* add/sub/and $imm, %eax */
    if ((arith || op->kind == FK_MOV || op->kind == FK_LEA) && width == 4 && dest >= 0) {
        f->role = ROLE_W32;
        f->reg = (signed char)dest;
        f->mask32 = op->kind == FK_AND && o->imm_len && (uint32_t)o->imm == 0xffffffe0u;
        f->mov_self = op->kind == FK_MOV && (opc == 0x89 || opc == 0x8b) && o->mod == 3 && o->reg == o->rm;
        f->mov_mask = op->kind == FK_MOV && o->imm_len == 4 && (uint32_t)o->imm == 0xffffffe0u;
    } else if (op->kind == FK_ADD && width == 8 && o->has_modrm && o->mod == 3 &&
               ((opc == 0x01 && o->reg == GPR_R14) || (opc == 0x03 && o->rm == GPR_R14))) {
        f->role = ROLE_ADDBASE;
        f->reg = (signed char)(opc == 0x01 ? o->rm : o->reg);
        written[0] = f->reg;
    } else if (op->kind == FK_IJMP || op->kind == FK_ICALL) {
        if (o->rm == GPR_RSP || o->rm == GPR_R14)
            return 0;
        f->role = ROLE_IBRANCH;
        f->reg = (signed char)o->rm;
    }
    for (int k = 0; k < 2; k++)
        if (written[k] == GPR_R14 || written[k] == GPR_RSP)
            return 0; /* only the exact lea (%r14,%r11),%rsp may write %rsp */
    return 1;
}

/* The return sequence's and the %rsp write's own encodings as vxcc's
 * assembler writes them (spec R-CF-RET, R-RSP-WRITE): one or more per
 * function, too common to leave to Capstone. */
static const struct {
    uint8_t len, bytes[4];
    unsigned char role;
} exact_forms[] = {
    {4, {0x4c, 0x21, 0x1c, 0x24}, ROLE_RET_AND}, /* and %r11, (%rsp) */
    {4, {0x4c, 0x09, 0x34, 0x24}, ROLE_RET_OR},  /* or %r14, (%rsp) */
    {1, {0xc3}, ROLE_RET},                       /* ret */
    {4, {0x4b, 0x8d, 0x24, 0x1e}, ROLE_RSP_SET}, /* lea (%r14,%r11,1), %rsp */
};

static unsigned exact_form(const uint8_t *p, size_t left, uint64_t addr, struct insn_facts *f)
{
    if (!left || (p[0] != 0x4c && p[0] != 0xc3 && p[0] != 0x4b))
        return 0;
    for (unsigned k = 0; k < sizeof exact_forms / sizeof *exact_forms; k++)
        if (left >= exact_forms[k].len && !memcmp(p, exact_forms[k].bytes, exact_forms[k].len)) {
            memset(f, 0, sizeof *f);
            f->addr = addr;
            f->len = exact_forms[k].len;
            f->reg = GPR_NONE;
            f->role = exact_forms[k].role;
            return f->len;
        }
    return 0;
}

static void note_reading(const struct prefixes *px, const struct fast_op *op,
                         const struct operand *o, const struct insn_facts *f,
                         struct fast_reading *r)
{
    memset(r, 0, sizeof *r);
    r->has_mem = o->has_modrm && o->mod != 3;
    r->gs = px->n65 != 0;
    r->addr32 = px->n67 != 0;
    r->base = r->has_mem ? (signed char)o->base : FAST_REG_NONE;
    r->index = r->has_mem ? (signed char)o->index : FAST_REG_NONE;
    r->scale = (unsigned char)o->scale;
    r->disp = o->disp;
    r->no_access = (op->flags & FF_NO_MEMORY) != 0;
    r->disp_off = (unsigned char)o->disp_off;
    r->disp_len = (unsigned char)o->disp_len;
    r->imm_off = (unsigned char)o->imm_off;
    r->imm_len = (unsigned char)o->imm_len;
    r->writes_rsp = op->kind == FK_PUSH || op->kind == FK_CALL || op->kind == FK_ICALL ||
                    ((f->role == ROLE_W32 || f->role == ROLE_ADDBASE) && f->reg == GPR_RSP);
}

unsigned fast_check(const uint8_t *p, size_t left, uint64_t addr, struct insn_facts *f)
{
    struct fast_reading r;
    return fast_check_reading(p, left, addr, f, &r);
}

unsigned fast_check_reading(const uint8_t *p, size_t left, uint64_t addr, struct insn_facts *f,
                            struct fast_reading *r)
{
    unsigned exact = exact_form(p, left, addr, f);
    if (exact) {
        memset(r, 0, sizeof *r);
        r->scale = 1;
        if (f->role == ROLE_RSP_SET) { /* lea (%r14,%r11), %rsp: no access, writes %rsp */
            r->has_mem = 1;
            r->base = GPR_R14;
            r->index = GPR_R11;
            r->no_access = 1;
            r->writes_rsp = 1;
            return exact;
        }
        /* and/or %rX, (%rsp) or ret: (%rsp) with no index, no displacement */
        r->has_mem = f->role != ROLE_RET;
        r->base = r->has_mem ? GPR_RSP : FAST_REG_NONE;
        r->index = FAST_REG_NONE;
        r->writes_rsp = f->role == ROLE_RET;
        return exact;
    }
    size_t max = left < 15 ? left : 15;
    struct prefixes px;
    int i = scan_prefixes(p, max, &px);
    if (i < 0)
        return 0;
    const struct fast_op *op = &fast_one_byte[p[i]];
    if (p[i] == 0x0f) {
        if ((size_t)++i >= max)
            return 0;
        op = &fast_two_byte[p[i]];
    }
    uint8_t opc = p[i++];
    if (!op->valid)
        return 0;
    struct operand o = {0};
    struct fast_op merged = *op;
    if (op->modrm != FM_NONE) {
        i = decode_modrm(p, max, i, px.rex, &o);
        if (i < 0)
            return 0;
        if (op->group) {
            const struct fast_op *sub = &op->group[(o.reg & 7)];
            if (!sub->valid)
                return 0;
            merged = *sub;
            if (!sub->imm)
                merged.imm = op->imm;
            if (!sub->prefixes)
                merged.prefixes = op->prefixes;
        }
        if ((merged.modrm == FM_REG && o.mod != 3) || (merged.modrm == FM_MEM && o.mod == 3))
            return 0;
    }
    op = &merged;
    int opsize16 = 0;
    if (!prefixes_ok(&px, op, &opsize16))
        return 0;
    if ((op->flags & FF_NEEDS_REXW) && !(px.rex & 8))
        return 0;
    if (px.rex & 8)
        opsize16 = 0; /* REX.W wins over 0x66 */
    if (opc == 0x90 && op->modrm == FM_NONE && px.rex)
        return 0; /* with REX.B it is xchg %r8, %rax */
    o.imm_len = imm_size(op->imm, opsize16, px.rex & 8);
    o.imm_off = (unsigned)i;
    if ((size_t)i + o.imm_len > max)
        return 0;
    o.imm = o.imm_len == 1 || o.imm_len == 4 ? read_signed(p + i, o.imm_len) : 0;
    unsigned len = (unsigned)i + o.imm_len;

    memset(f, 0, sizeof *f);
    f->addr = addr;
    f->len = len;
    f->reg = GPR_NONE;
    if (!memory_ok(&px, op, &o, addr + len))
        return 0;
    if (op->kind == FK_JCC || op->kind == FK_JMP || op->kind == FK_CALL) {
        if (px.rex)
            return 0;
        f->is_direct = 1;
        f->target = addr + len + (uint64_t)o.imm;
        f->is_call = op->kind == FK_CALL;
        note_reading(&px, op, &o, f, r);
        return len;
    }
    if (!roles_and_writes(op, opc, &px, opsize16, &o, f))
        return 0;
    f->is_call = op->kind == FK_ICALL;
    note_reading(&px, op, &o, f, r);
    return len;
}
