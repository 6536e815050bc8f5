#include "insn_check.h"
#include "insn_table.h"
#include "mem_form.h"
#include "prefix_scan.h"
#include "regs.h"
#include <string.h>

/* movsd/cmpsd are both string and SSE ids in Capstone: the SSE ones name xmm registers. */
static int is_string_insn(const cs_insn *insn)
{
    if (!(insn_attrs(insn->id) & IA_STRING))
        return 0;
    const cs_x86 *x = &insn->detail->x86;
    for (unsigned i = 0; i < x->op_count; i++)
        if (x->operands[i].type == X86_OP_REG && is_vector_reg(x->operands[i].reg))
            return 0;
    return 1;
}

static int is_branch(const cs_insn *insn)
{
    const cs_detail *d = insn->detail;
    for (unsigned i = 0; i < d->groups_count; i++)
        if (d->groups[i] == X86_GRP_JUMP || d->groups[i] == X86_GRP_CALL ||
            d->groups[i] == X86_GRP_BRANCH_RELATIVE)
            return 1;
    return insn->id == X86_INS_CALL || insn->id == X86_INS_JMP;
}

static void string_registers(const cs_insn *insn, struct insn_facts *f)
{
    switch (insn->id) {
    case X86_INS_STOSB: case X86_INS_STOSW: case X86_INS_STOSD: case X86_INS_STOSQ:
    case X86_INS_SCASB: case X86_INS_SCASW: case X86_INS_SCASD: case X86_INS_SCASQ:
        f->str_rdi = 1;
        break;
    case X86_INS_LODSB: case X86_INS_LODSW: case X86_INS_LODSD: case X86_INS_LODSQ:
        f->str_rsi = 1;
        break;
    default: /* movs, cmps */
        f->str_rsi = f->str_rdi = 1;
    }
}

/* "OP %src, (%rsp)" on all 8 bytes of the return address: the middle of
 * the return sequence (spec R-CF-RET). */
static int is_return_slot(const cs_x86 *x, x86_reg src)
{
    const cs_x86_op *o0 = &x->operands[0], *o1 = &x->operands[1];
    return x->op_count == 2 && o0->type == X86_OP_MEM && o0->size == 8 &&
           o0->mem.segment == X86_REG_INVALID && o0->mem.base == X86_REG_RSP &&
           o0->mem.index == X86_REG_INVALID && o0->mem.disp == 0 && o1->type == X86_OP_REG &&
           o1->reg == src;
}

/* "(%r14,%rX,1)": base %r14, index X, no scale, displacement or segment. */
static int is_base_plus(const cs_x86 *x, const cs_x86_op *m, x86_reg index)
{
    return m->type == X86_OP_MEM && x->addr_size == 8 && m->mem.segment == X86_REG_INVALID &&
           m->mem.base == X86_REG_R14 && m->mem.index == index && m->mem.scale == 1 &&
           m->mem.disp == 0;
}

/* lea (%r14,%rX),%rX: rebases like add %r14,%rX without touching flags. */
static int is_lea_addbase(const cs_x86 *x)
{
    const cs_x86_op *o0 = &x->operands[0], *o1 = &x->operands[1];
    return x->op_count == 2 && o0->type == X86_OP_REG && gpr_width(o0->reg) == 8 &&
           gpr_family(o0->reg) != GPR_RSP && gpr_family(o0->reg) != GPR_R14 && is_base_plus(x, o1, o0->reg);
}

/* lea (%r14,%r11),%rsp: the one explicit %rsp write (R-RSP-WRITE). */
static int is_rsp_set(const cs_x86 *x)
{
    const cs_x86_op *o0 = &x->operands[0], *o1 = &x->operands[1];
    return x->op_count == 2 && o0->type == X86_OP_REG && o0->reg == X86_REG_RSP &&
           is_base_plus(x, o1, X86_REG_R11);
}

/* Roles used by locked sequences (spec sections 4-6). */
static void find_role(const cs_insn *insn, struct insn_facts *f)
{
    const cs_x86 *x = &insn->detail->x86;
    const cs_x86_op *o0 = &x->operands[0], *o1 = &x->operands[1];
    switch (insn->id) {
    case X86_INS_MOV: case X86_INS_LEA: case X86_INS_ADD: case X86_INS_SUB: case X86_INS_AND:
        if (x->op_count == 2 && o0->type == X86_OP_REG && gpr_width(o0->reg) == 4) {
            f->role = ROLE_W32;
            f->reg = (signed char)gpr_family(o0->reg);
            f->mask32 = insn->id == X86_INS_AND && o1->type == X86_OP_IMM &&
                        (uint32_t)o1->imm == 0xffffffe0u;
            f->mov_self = insn->id == X86_INS_MOV && o1->type == X86_OP_REG && o1->reg == o0->reg;
            f->mov_mask = insn->id == X86_INS_MOV && o1->type == X86_OP_IMM &&
                          (uint32_t)o1->imm == 0xffffffe0u;
        } else if (insn->id == X86_INS_LEA && is_lea_addbase(x)) {
            f->role = ROLE_ADDBASE;
            f->reg = (signed char)gpr_family(o0->reg);
        } else if (insn->id == X86_INS_LEA && is_rsp_set(x)) {
            f->role = ROLE_RSP_SET; /* reg stays GPR_NONE, as the fast path leaves it */
        } else if (insn->id == X86_INS_AND && is_return_slot(x, X86_REG_R11)) {
            f->role = ROLE_RET_AND;
        } else if (insn->id == X86_INS_ADD && x->op_count == 2 && o0->type == X86_OP_REG &&
                   gpr_width(o0->reg) == 8 && o1->type == X86_OP_REG && o1->reg == X86_REG_R14) {
            f->role = ROLE_ADDBASE;
            f->reg = (signed char)gpr_family(o0->reg);
        }
        break;
    case X86_INS_OR:
        if (is_return_slot(x, X86_REG_R14))
            f->role = ROLE_RET_OR;
        break;
    case X86_INS_RET:
        f->role = ROLE_RET;
        break;
    case X86_INS_JMP: case X86_INS_CALL:
        if (x->op_count == 1 && o0->type == X86_OP_REG) {
            f->role = ROLE_IBRANCH;
            f->reg = (signed char)gpr_family(o0->reg);
        }
        break;
    default:
        break;
    }
}

/* bt* with a memory operand and a register (not immediate) bit offset. */
static int has_reg_bit_offset(const cs_x86 *x)
{
    int mem = 0, reg = 0;
    for (unsigned i = 0; i < x->op_count; i++) {
        mem |= x->operands[i].type == X86_OP_MEM;
        reg |= x->operands[i].type == X86_OP_REG;
    }
    return mem && reg;
}

/* Rules on the prefix bytes alone, judged before any operand. */
static enum vxv_rule check_prefixes_early(const cs_insn *insn, const struct prefix_info *p)
{
    int nop = insn->id == X86_INS_NOP;
    if (p->rex_misplaced)
        return R_PFX_ORDER;
    if (!nop)
        for (int g = 0; g < PG_COUNT; g++)
            if (p->count[g] > 1)
                return R_PFX_DUP;
    if (p->segment && p->segment != 0x65 && !(nop && (p->segment == 0x2e || p->segment == 0x3e)))
        return R_PFX_SEG;
    return VXV_OK;
}

/* A rep prefix on a non-string instruction is allowed only where it is
 * mandatory: without it the bytes would decode to something else. */
static int rep_is_mandatory(csh handle, const cs_insn *insn, int pos)
{
    uint8_t bytes[16];
    size_t n = 0;
    for (int i = 0; i < insn->size; i++)
        if (i != pos)
            bytes[n++] = insn->bytes[i];
    cs_insn *other;
    size_t got = cs_disasm(handle, bytes, n, insn->address, 1, &other);
    int same = got && other->id == insn->id;
    if (got)
        cs_free(other, got);
    return !same;
}

/* Rules that depend on the decoded operands. */
static enum vxv_rule check_prefixes_late(csh handle, const cs_insn *insn, const struct prefix_info *p,
                                         int string, int has_gs32, int has_table)
{
    const cs_x86 *x = &insn->detail->x86;
    if (p->segment == 0x65 && !(has_gs32 || has_table))
        return R_PFX_SEG;
    if (p->count[PG_ADDRSIZE] && !has_gs32)
        return R_PFX_ADDR32;
    if (p->has_lock) {
        if (!(insn_attrs(insn->id) & IA_LOCKABLE) || x->op_count < 1 ||
            x->operands[0].type != X86_OP_MEM)
            return R_PFX_LOCK;
    }
    if (p->rep_pos >= 0 && !string &&
        (x->prefix[0] == X86_PREFIX_REP || x->prefix[0] == X86_PREFIX_REPNE ||
         !rep_is_mandatory(handle, insn, p->rep_pos)))
        return R_PFX_REP;
    if (p->count[PG_OPSIZE] && is_branch(insn))
        return R_CF_66;
    return VXV_OK;
}

static enum vxv_rule check_register_writes(csh handle, const cs_insn *insn,
                                           const struct insn_facts *f)
{
    cs_regs rd, wr;
    uint8_t nrd, nwr;
    if (cs_regs_access(handle, insn, rd, &nrd, wr, &nwr) != CS_ERR_OK)
        return R_INSN_UNDECODABLE;
    int writes_rsp = 0;
    for (unsigned i = 0; i < nwr; i++) {
        int fam = gpr_family(wr[i]);
        if (fam == GPR_R14)
            return R_REG_BASE;
        if (is_segment_reg(wr[i]))
            return R_REG_GS;
        if (fam == GPR_RSP)
            writes_rsp = 1;
    }
    if (!writes_rsp)
        return VXV_OK;
    if (f->role == ROLE_RSP_SET)
        return VXV_OK; /* pairing checked by the walker */
    const cs_x86 *x = &insn->detail->x86;
    int explicit = 0;
    for (unsigned i = 0; i < x->op_count; i++)
        if (x->operands[i].type == X86_OP_REG && gpr_family(x->operands[i].reg) == GPR_RSP &&
            (x->operands[i].access & CS_AC_WRITE))
            explicit = 1;
    if (explicit)
        return R_RSP_WRITE; /* even 32-bit: %rsp would hold a bare offset (section 5) */
    return (insn_attrs(insn->id) & IA_RSP_IMPLICIT) ? VXV_OK : R_RSP_WRITE;
}

enum vxv_rule check_insn(csh handle, const cs_insn *insn, const struct vxv_policy *policy,
                         struct insn_facts *f)
{
    const cs_x86 *x = &insn->detail->x86;
    memset(f, 0, sizeof *f);
    f->addr = insn->address;
    f->len = insn->size;
    f->reg = GPR_NONE;
    find_role(insn, f);

    if (f->role == ROLE_RET) /* the walker checks the sequence before it */
        return insn->size == 1 ? VXV_OK : R_INSN_FORBIDDEN;
    /* Before the allowlist, so every move, push and pop of a segment register
     * gets this one rule whatever group Capstone files it under. */
    for (unsigned i = 0; i < x->op_count; i++)
        if (x->operands[i].type == X86_OP_REG && is_segment_reg(x->operands[i].reg))
            return R_REG_GS;
    if (!insn_allowed(insn))
        return R_INSN_FORBIDDEN;
    unsigned attrs = insn_attrs(insn->id);
    if ((attrs & IA_NONDET) && policy->deterministic)
        return R_INSN_NONDET;

    if (attrs & IA_VSIB)
        return R_MEM_VSIB;
    if ((attrs & IA_REG_BITOFFSET) && has_reg_bit_offset(x))
        return R_MEM_BITOFF;
    struct prefix_info p;
    prefix_scan(insn->bytes, insn->size, &p);
    enum vxv_rule r = check_prefixes_early(insn, &p);
    if (r != VXV_OK)
        return r;

    int string = is_string_insn(insn);
    if (string) {
        f->role = ROLE_STRING;
        string_registers(insn, f);
    }

    int has_gs32 = 0, has_table = 0;
    for (unsigned i = 0; i < x->op_count; i++) {
        const cs_x86_op *op = &x->operands[i];
        if (op->type != X86_OP_MEM || string || (attrs & IA_NO_MEMORY))
            continue;
        enum mem_form form = MF_NONE;
        r = check_mem_operand(insn, op, &form);
        if (r != VXV_OK)
            return r;
        has_gs32 |= form == MF_GS32;
        has_table |= form == MF_TABLE;
    }

    r = check_prefixes_late(handle, insn, &p, string, has_gs32, has_table);
    if (r != VXV_OK)
        return r;

    r = check_register_writes(handle, insn, f);
    if (r != VXV_OK)
        return r;

    f->is_call = insn->id == X86_INS_CALL;
    if (is_branch(insn) && x->op_count == 1) {
        const cs_x86_op *o = &x->operands[0];
        if (o->type == X86_OP_IMM) {
            f->is_direct = 1;
            f->target = (uint64_t)o->imm;
        } else if (o->type == X86_OP_REG) {
            if (f->reg == GPR_RSP || f->reg == GPR_R14 || gpr_width(o->reg) != 8)
                return R_CF_MASKED;
        } else if (!has_table) {
            return R_CF_MASKED; /* memory-indirect branches */
        }
    } else if (is_branch(insn)) {
        return R_CF_MASKED;
    }
    return VXV_OK;
}
