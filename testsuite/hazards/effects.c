/* Symbolic values: each register half is a term. Terms name the run's
 * input (ORIG), zero, the upper half of the sandbox base B (whose lower
 * half is zero, R-LAYOUT-ALIGN), a value both executions compute alike
 * (SAME, e.g. what a string instruction leaves), or something only the
 * rewritten code computes (FRESH, never equal to anything). bswap
 * reverses a term's bytes (rev), so bswap twice gives the term back.
 * Adding two values is exact when one of them has a zero lower half (no
 * carry into the upper half), which is all the rebases need. */
#include "effects.h"
#include "abi.h"
#include <capstone/capstone.h>
#include <stdio.h>
#include <string.h>

enum { T_ORIG, T_ZERO, T_BASE, T_SAME, T_FRESH };

struct term {
    uint8_t kind, rev;
    uint32_t id;
};

struct cell {
    struct term t;
    int writer;                 /* instruction index that set it in this execution, -1 for the input */
};

struct machine {
    struct cell reg[HZ_NGPR][2]; /* [0] bits 0-31, [1] bits 32-63 */
    struct cell flag[7];
    struct cell slot[2];         /* one %rsp-relative 8-byte slot the run stores to */
    int64_t slot_disp;
    int slot_valid;
};

struct eval {
    struct machine sb, nat;      /* the rewritten code; the un-rewritten program */
    uint32_t next_id;
    const struct hz_insn *code;
    const struct hz_mark *marks;
    struct hz_run_effects *out;
};

static struct term zero(void) { return (struct term){T_ZERO, 0, 0}; }
static struct term fresh(struct eval *e) { return (struct term){T_FRESH, 0, e->next_id++}; }
static struct term same(struct eval *e) { return (struct term){T_SAME, 0, e->next_id++}; }

static int term_eq(struct term a, struct term b)
{
    if (a.kind != b.kind || a.kind == T_FRESH)
        return 0;
    return a.kind == T_ZERO || (a.rev == b.rev && a.id == b.id);
}

static struct term reversed(struct term t)
{
    if (t.kind != T_ZERO)
        t.rev ^= 1;
    return t;
}

static void set(struct cell *c, struct term t, int writer) { *c = (struct cell){t, writer}; }

static void start(struct machine *m)
{
    memset(m, 0, sizeof *m);
    for (int r = 0; r < HZ_NGPR; r++)
        for (int h = 0; h < 2; h++)
            m->reg[r][h] = (struct cell){{T_ORIG, 0, (uint32_t)(r * 2 + h)}, -1};
    m->reg[HZ_R14][0].t = zero(); /* B: the sandbox base */
    m->reg[HZ_R14][1].t = (struct term){T_BASE, 0, 0};
    for (int f = 0; f < 7; f++)
        m->flag[f] = (struct cell){{T_ORIG, 0, (uint32_t)(100 + f)}, -1};
}

/* ---- the rewritten code's semantics -------------------------------------- */

static void write_reg(struct eval *e, int r, struct term hi, struct term lo, int idx)
{
    set(&e->sb.reg[r][1], hi, idx);
    set(&e->sb.reg[r][0], lo, idx);
}

/* a + b, 64-bit: exact when either lower half is zero. */
static void add_values(struct eval *e, const struct cell a[2], const struct cell b[2], struct term *hi,
                       struct term *lo)
{
    const struct cell *lo_src = a[0].t.kind == T_ZERO ? b : b[0].t.kind == T_ZERO ? a : NULL;
    if (!lo_src) {
        *hi = fresh(e);
        *lo = fresh(e);
        return;
    }
    *lo = lo_src[0].t;
    *hi = a[1].t.kind == T_ZERO ? b[1].t : b[1].t.kind == T_ZERO ? a[1].t : fresh(e);
}

static const struct cell zero_value[2] = {{{T_ZERO, 0, 0}, -1}, {{T_ZERO, 0, 0}, -1}};

static const struct cell *value_of(struct eval *e, int r) { return r < 0 ? zero_value : e->sb.reg[r]; }

static int is_rsp_slot(const struct hz_operand *o)
{
    return o->type == HZ_OP_MEM && o->mem.base == HZ_RSP && o->mem.index < 0 && !o->mem.gs && !o->mem.rip;
}

static void add_effect(struct eval *e, struct hz_effect eff)
{
    if (e->out->n < HZ_MAX_EFFECTS)
        e->out->e[e->out->n++] = eff;
}

static void stack_store(struct eval *e, const struct hz_insn *i, int idx, const struct hz_operand *dst)
{
    struct hz_effect eff = {.kind = HZ_EFFECT_STACK, .writer = (size_t)idx};
    if (is_rsp_slot(dst)) {
        eff.stack_disp = dst->mem.disp;
        eff.stack_hidden = dst->mem.disp + (dst->size ? dst->size : 8) <= -128;
        snprintf(eff.what, sizeof eff.what, "%lld(%%rsp) written by inserted `%s`%s", (long long)dst->mem.disp, i->text,
                 eff.stack_hidden ? " (below the red zone: unspecified to the program, ABI)"
                                  : " (inside the red zone or the frame)");
    } else {
        eff.stack_disp = 0;
        snprintf(eff.what, sizeof eff.what, "memory written by inserted `%s`", i->text);
    }
    add_effect(e, eff);
}

/* The generic reading of an inserted instruction: the forms the pieces
 * use are exact, anything else makes what it writes FRESH. */
static void exec_inserted(struct eval *e, const struct hz_insn *i, int idx)
{
    const struct hz_operand *src = &i->op[0], *dst = &i->op[i->nops ? i->nops - 1 : 0];
    int handled = 0;
    if (i->id == X86_INS_MOV && i->nops == 2 && dst->type == HZ_OP_REG && dst->reg >= 0) {
        handled = 1;
        if (src->type == HZ_OP_REG && src->reg >= 0) {
            const struct cell *v = value_of(e, src->reg);
            struct term lo = v[0].t, hi = v[1].t;
            write_reg(e, dst->reg, dst->size == 8 ? hi : zero(), lo, idx);
        } else if (src->type == HZ_OP_MEM && dst->size == 8 && is_rsp_slot(src) && e->sb.slot_valid &&
                   e->sb.slot_disp == src->mem.disp) {
            write_reg(e, dst->reg, e->sb.slot[1].t, e->sb.slot[0].t, idx);
        } else {
            write_reg(e, dst->reg, dst->size == 8 ? fresh(e) : zero(), fresh(e), idx);
        }
    } else if (i->id == X86_INS_MOV && i->nops == 2 && dst->type == HZ_OP_MEM) {
        handled = 1;
        if (is_rsp_slot(dst) && src->type == HZ_OP_REG && src->reg >= 0 && dst->size == 8) {
            e->sb.slot[0] = e->sb.reg[src->reg][0];
            e->sb.slot[1] = e->sb.reg[src->reg][1];
            e->sb.slot_disp = dst->mem.disp;
            e->sb.slot_valid = 1;
        }
        stack_store(e, i, idx, dst);
    } else if (i->id == X86_INS_BSWAP && i->nops == 1 && dst->type == HZ_OP_REG && dst->reg >= 0 && dst->size == 8) {
        handled = 1;
        struct term lo = e->sb.reg[dst->reg][0].t, hi = e->sb.reg[dst->reg][1].t;
        write_reg(e, dst->reg, reversed(lo), reversed(hi), idx);
    } else if ((i->id == X86_INS_LEA || i->id == X86_INS_ADD) && i->nops == 2 && dst->type == HZ_OP_REG &&
               dst->reg >= 0 && dst->size == 8) {
        struct term hi, lo;
        if (i->id == X86_INS_LEA && src->type == HZ_OP_MEM && !src->mem.rip && !src->mem.gs && src->mem.disp == 0 &&
            (src->mem.index < 0 || src->mem.scale == 1)) {
            handled = 1;
            add_values(e, value_of(e, src->mem.base), value_of(e, src->mem.index), &hi, &lo);
        } else if (i->id == X86_INS_ADD && src->type == HZ_OP_REG && src->reg >= 0) {
            handled = 1;
            add_values(e, value_of(e, src->reg), value_of(e, dst->reg), &hi, &lo);
        }
        if (handled)
            write_reg(e, dst->reg, hi, lo, idx);
    } else if ((i->id == X86_INS_AND || i->id == X86_INS_OR) && i->nops == 2 && is_rsp_slot(dst) &&
               dst->mem.disp == 0 && src->type == HZ_OP_REG && (src->reg == HZ_R11 || src->reg == HZ_R14)) {
        handled = 1; /* the return slot, masked in place: consumed by the `ret` that ends the piece */
    }
    if (!handled) {
        for (int r = 0; r < HZ_NGPR; r++) {
            uint64_t w = (i->writes.regs >> (r * 4)) & 0xf;
            if (w == 0xf)
                write_reg(e, r, dst->type == HZ_OP_REG && dst->reg == r && dst->size == 4 ? zero() : fresh(e),
                          fresh(e), idx);
            else if (w)
                set(&e->sb.reg[r][0], fresh(e), idx);
        }
        if (i->nops && dst->type == HZ_OP_MEM && i->id != X86_INS_CMP && i->id != X86_INS_TEST &&
            i->kind != HZ_K_JMP && i->kind != HZ_K_CALL)
            stack_store(e, i, idx, dst);
    }
    for (int f = 0; f < 7; f++)
        if (i->writes.flags & (1 << f))
            set(&e->sb.flag[f], fresh(e), idx);
}

/* ---- differences --------------------------------------------------------- */

static int tracked(int r) { return r != HZ_R11 && r != HZ_R14 && r != HZ_RSP; }

/* The state that differs, with the instruction to blame for each part. */
static struct hz_bits differences(const struct eval *e, int blame[HZ_NGPR * 2 + 7])
{
    struct hz_bits d = {0, 0};
    for (int r = 0; r < HZ_NGPR; r++) {
        if (!tracked(r))
            continue;
        for (int h = 0; h < 2; h++)
            if (!term_eq(e->sb.reg[r][h].t, e->nat.reg[r][h].t)) {
                d.regs |= h ? HZ_REG_HI(r) : HZ_REG_LO(r);
                blame[r * 2 + h] = e->sb.reg[r][h].writer;
            }
    }
    for (int f = 0; f < 7; f++)
        if (!term_eq(e->sb.flag[f].t, e->nat.flag[f].t)) {
            d.flags |= (uint8_t)(1 << f);
            /* Left alone where the original wrote it: blame the replaced instruction. */
            blame[HZ_NGPR * 2 + f] = e->sb.flag[f].writer >= 0 ? e->sb.flag[f].writer : e->nat.flag[f].writer;
        }
    return d;
}

/* "addq" of "addq %r14, %rdi". */
static void mnemonic_of(const struct hz_insn *i, char *buf, size_t size)
{
    snprintf(buf, size, "%.*s", (int)strcspn(i->text, " "), i->text);
}

static void describe(struct eval *e, struct hz_effect *eff)
{
    const struct hz_insn *w = &e->code[eff->writer];
    const struct hz_mark *m = &e->marks[eff->writer];
    char bits[96], mn[32];
    hz_bits_describe(eff->bits, bits, sizeof bits);
    mnemonic_of(w, mn, sizeof mn);
    if (eff->kind == HZ_EFFECT_REGISTER)
        snprintf(eff->what, sizeof eff->what, "%s differs from what the un-rewritten code leaves there (written by "
                 "inserted `%s`)", bits, mn);
    else if (m->role == HZ_ROLE_REPLACED && !(w->writes.flags & eff->bits.flags))
        snprintf(eff->what, sizeof eff->what, "%s not written by `%s`, where the instruction it stands for "
                 "(add/sub on %%rsp) writes them", bits, mn);
    else if (m->role == HZ_ROLE_REPLACED)
        snprintf(eff->what, sizeof eff->what, "%s computed on 32 bits by `%s`; the instruction it stands for "
                 "computes them on all of %%rsp", bits, mn);
    else
        snprintf(eff->what, sizeof eff->what, "%s written by inserted `%s`", bits, mn);
}

/* Adds one effect per (kind, writer) for the bits in d. */
static void report_differences(struct eval *e, struct hz_bits d, const int *blame, int seen_in_run, size_t seen_by)
{
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < HZ_NGPR * 2 + 7; k++) {
            int is_flag = k >= HZ_NGPR * 2;
            if (is_flag != (pass == 0))
                continue;
            struct hz_bits bit = is_flag ? (struct hz_bits){0, (uint8_t)(1 << (k - HZ_NGPR * 2))}
                                         : (struct hz_bits){(k & 1) ? HZ_REG_HI(k / 2) : HZ_REG_LO(k / 2), 0};
            if (!hz_bits_any(hz_bits_and(bit, d)) || blame[k] < 0)
                continue;
            struct hz_effect *found = NULL;
            for (size_t x = 0; x < e->out->n; x++)
                if (e->out->e[x].writer == (size_t)blame[k] && e->out->e[x].kind == (is_flag ? HZ_EFFECT_FLAGS
                                                                                             : HZ_EFFECT_REGISTER) &&
                    e->out->e[x].seen_in_run == seen_in_run && e->out->e[x].seen_by == seen_by)
                    found = &e->out->e[x];
            if (!found) {
                if (e->out->n == HZ_MAX_EFFECTS)
                    return;
                found = &e->out->e[e->out->n++];
                memset(found, 0, sizeof *found);
                found->kind = is_flag ? HZ_EFFECT_FLAGS : HZ_EFFECT_REGISTER;
                found->writer = (size_t)blame[k];
                found->seen_in_run = (uint8_t)seen_in_run;
                found->seen_by = seen_by;
            }
            found->bits = hz_bits_or(found->bits, hz_bits_and(bit, d));
        }
    }
    for (size_t x = 0; x < e->out->n; x++)
        if (e->out->e[x].kind != HZ_EFFECT_STACK)
            describe(e, &e->out->e[x]);
}

/* An anchor inside the run reads state: what differs there is observed. */
static void check_reads(struct eval *e, struct hz_bits reads, size_t idx)
{
    int blame[HZ_NGPR * 2 + 7];
    for (int k = 0; k < HZ_NGPR * 2 + 7; k++)
        blame[k] = -1;
    struct hz_bits d = hz_bits_and(differences(e, blame), reads);
    if (hz_bits_any(d))
        report_differences(e, d, blame, 1, idx);
}

/* ---- the original instructions ------------------------------------------ */

static void both_same(struct eval *e, int r, int half)
{
    struct term t = same(e);
    set(&e->sb.reg[r][half], t, -1);
    set(&e->nat.reg[r][half], t, -1);
}

static void exec_string(struct eval *e, const struct hz_insn *i, size_t idx)
{
    check_reads(e, i->reads, idx);
    int ptr[2] = {i->string_rsi ? HZ_RSI : -1, i->string_rdi ? HZ_RDI : -1};
    for (int k = 0; k < 2; k++) {
        int r = ptr[k];
        if (r < 0)
            continue;
        /* Both walk from the same low half (else the rewritten one is off). */
        if (term_eq(e->sb.reg[r][0].t, e->nat.reg[r][0].t))
            both_same(e, r, 0);
        else
            set(&e->sb.reg[r][0], fresh(e), (int)idx);
    }
    if (i->rep) {
        both_same(e, HZ_RCX, 0);
        both_same(e, HZ_RCX, 1);
    }
    if (i->writes.regs & HZ_REG_ALL(HZ_RAX)) { /* lods */
        if ((i->writes.regs & HZ_REG_ALL(HZ_RAX)) == HZ_REG_ALL(HZ_RAX)) {
            both_same(e, HZ_RAX, 1);
            both_same(e, HZ_RAX, 0);
        } else if (term_eq(e->sb.reg[HZ_RAX][0].t, e->nat.reg[HZ_RAX][0].t)) {
            both_same(e, HZ_RAX, 0);
        } else {
            set(&e->sb.reg[HZ_RAX][0], fresh(e), (int)idx);
        }
    }
    for (int f = 0; f < 7; f++)
        if (i->writes.flags & (1 << f)) {
            struct term t = same(e);
            set(&e->sb.flag[f], t, -1);
            set(&e->nat.flag[f], t, -1);
        }
}

static void exec_call(struct eval *e, const struct hz_mark *m, size_t idx)
{
    check_reads(e, hz_bits_or(m->native.reads, hz_call_reads()), idx);
    struct hz_bits clobbered = hz_call_clobbers();
    for (int r = 0; r < HZ_NGPR; r++)
        if (clobbered.regs & HZ_REG_ALL(r)) {
            both_same(e, r, 0);
            both_same(e, r, 1);
        }
    for (int f = 0; f < 7; f++)
        if (clobbered.flags & (1 << f)) {
            struct term t = same(e);
            set(&e->sb.flag[f], t, -1);
            set(&e->nat.flag[f], t, -1);
        }
}

/* A replaced instruction: the original's flags in the un-rewritten run;
 * the rewritten one computes them too where its 32-bit form agrees. */
static void exec_replaced(struct eval *e, const struct hz_insn *i, const struct hz_mark *m, size_t idx)
{
    struct term native_flag[7];
    for (int f = 0; f < 7; f++)
        if (m->native.flags_maybe & (1 << f)) {
            native_flag[f] = same(e);
            set(&e->nat.flag[f], native_flag[f], (int)idx);
        }
    exec_inserted(e, i, (int)idx);
    for (int f = 0; f < 7; f++)
        if ((i->writes.flags & m->native.flags_maybe & m->native.flags_same_width) & (1 << f))
            set(&e->sb.flag[f], native_flag[f], (int)idx);
}

void hz_run_effects(const struct hz_insn *code, const struct hz_mark *marks, size_t first, size_t last,
                    struct hz_run_effects *out)
{
    struct eval e;
    memset(&e, 0, sizeof e);
    e.code = code;
    e.marks = marks;
    e.out = out;
    e.next_id = 1000;
    out->n = 0;
    start(&e.sb);
    start(&e.nat);
    for (size_t k = first; k <= last; k++) {
        const struct hz_insn *i = &code[k];
        const struct hz_mark *m = &marks[k];
        if (i->kind == HZ_K_NOP)
            continue;
        switch (m->role) {
        case HZ_ROLE_INSERTED:
            exec_inserted(&e, i, (int)k);
            break;
        case HZ_ROLE_REPLACED:
            exec_replaced(&e, i, m, k);
            break;
        case HZ_ROLE_ANCHOR:
            if (i->kind == HZ_K_STRING)
                exec_string(&e, i, k);
            else if (i->kind == HZ_K_CALL)
                exec_call(&e, m, k);
            /* jmp and ret end the run; what differs there meets their successors */
            break;
        default:
            break;
        }
    }
    int blame[HZ_NGPR * 2 + 7];
    for (int k = 0; k < HZ_NGPR * 2 + 7; k++)
        blame[k] = -1;
    struct hz_bits d = differences(&e, blame);
    if (hz_bits_any(d))
        report_differences(&e, d, blame, 0, 0);
}
