/* The table of what vxcc's rewriter inserts (compiler-wrapper/asm_rewrite.c
 * and its history), recognised from the machine code alone. gcc never
 * names %r11 or %r14 (vxcc passes -ffixed-r11 -ffixed-r14), so every
 * instruction that does is the rewriter's; so are the few that do not but
 * belong to a piece (the zero-extension before a rebase, an in-place mask,
 * the 32-bit %esp write of the old %rsp pair, the %rdi spill). Each row
 * says what the piece stands for and what it writes; effects.c computes
 * whether the values differ from the un-rewritten program's. */
#include "sequences.h"
#include <capstone/capstone.h>
#include <stdlib.h>
#include <string.h>

/* ---- instruction shapes -------------------------------------------------- */

static int is_mov_r32(const struct hz_insn *i, int dst, int src)
{
    return i->id == X86_INS_MOV && i->nops == 2 && hz_is_reg(&i->op[0], src, 4) && hz_is_reg(&i->op[1], dst, 4);
}

/* movl %eR,%eR; returns R or -1. */
static int zero_extend_reg(const struct hz_insn *i)
{
    if (i->id == X86_INS_MOV && i->nops == 2 && i->op[0].type == HZ_OP_REG && i->op[0].size == 4 &&
        i->op[0].reg >= 0 && hz_is_reg(&i->op[1], i->op[0].reg, 4))
        return i->op[0].reg;
    return -1;
}

static int is_plain_mem(const struct hz_operand *o, int base, int index, int64_t disp)
{
    return o->type == HZ_OP_MEM && o->mem.base == base && o->mem.index == index && !o->mem.gs && !o->mem.rip &&
           o->mem.disp == disp && (index < 0 || o->mem.scale == 1);
}

/* add %r14,%rR or lea (%r14,%rR),%rR: the register it rebases, or -1. */
static int rebase_reg(const struct hz_insn *i)
{
    if (i->nops != 2 || i->op[1].type != HZ_OP_REG || i->op[1].size != 8 || i->op[1].reg < 0)
        return -1;
    int r = i->op[1].reg;
    if (i->id == X86_INS_ADD && hz_is_reg(&i->op[0], HZ_R14, 8))
        return r;
    if (i->id == X86_INS_LEA && is_plain_mem(&i->op[0], HZ_R14, r, 0))
        return r;
    return -1;
}

/* lea (%rR,%r11),%rR (or (%r11,%rR)): the register given back its upper half, or -1. */
static int restore_reg(const struct hz_insn *i)
{
    if (i->id != X86_INS_LEA || i->nops != 2 || i->op[1].type != HZ_OP_REG || i->op[1].size != 8)
        return -1;
    int r = i->op[1].reg;
    if (r < 0 || r == HZ_R11)
        return -1;
    return is_plain_mem(&i->op[0], r, HZ_R11, 0) || is_plain_mem(&i->op[0], HZ_R11, r, 0) ? r : -1;
}

static int is_mask32(const struct hz_insn *i, int reg)
{
    return i->id == X86_INS_AND && i->nops == 2 && hz_is_imm(&i->op[0], -32, 4) && hz_is_reg(&i->op[1], reg, 4);
}

static int is_branch_through(const struct hz_insn *i, int reg)
{
    return (i->kind == HZ_K_JMP || i->kind == HZ_K_CALL) && i->indirect && i->nops == 1 &&
           hz_is_reg(&i->op[0], reg, 8);
}

static int is_rsp_from_r11(const struct hz_insn *i)
{
    return i->id == X86_INS_LEA && i->nops == 2 && is_plain_mem(&i->op[0], HZ_R14, HZ_R11, 0) &&
           hz_is_reg(&i->op[1], HZ_RSP, 8);
}

/* Writes the 32-bit register reg (last operand). */
static int writes_r32(const struct hz_insn *i, int reg)
{
    return i->nops >= 1 && hz_is_reg(&i->op[i->nops - 1], reg, 4) && (i->writes.regs & HZ_REG_ALL(reg));
}

static void mark(struct hz_mark *m, enum hz_role role) { m->role = (uint8_t)role; }

/* Reads of an instruction without the reserved registers. */
static struct hz_bits reads_without_reserved(const struct hz_insn *i)
{
    struct hz_bits b = i->reads;
    b.regs &= ~(HZ_REG_ALL(HZ_R11) | HZ_REG_ALL(HZ_R14));
    return b;
}

/* Flags a 32-bit form of op computes exactly as the 64-bit form on the
 * same low half: parity and adjust look at the low byte only; logical ops
 * clear CF and OF either way (and leave AF undefined either way). */
static uint8_t same_width_flags(unsigned id)
{
    switch (id) {
    case X86_INS_ADD: case X86_INS_SUB:
        return HZ_PF | HZ_AF;
    case X86_INS_AND: case X86_INS_OR: case X86_INS_XOR:
        return HZ_PF | HZ_AF | HZ_CF | HZ_OF;
    default:
        return 0;
    }
}

/* A 32-bit op standing for the same op on %rsp. */
static void replaced_rsp_op(const struct hz_insn *i, struct hz_mark *m)
{
    mark(m, HZ_ROLE_REPLACED);
    m->native.reads = reads_without_reserved(i);
    m->native.reads.regs |= HZ_REG_ALL(HZ_RSP);
    m->native.writes = (struct hz_bits){HZ_REG_ALL(HZ_RSP), i->writes.flags};
    m->native.flags_maybe = i->writes.flags;
    m->native.flags_same_width = same_width_flags(i->id);
}

/* ---- the pieces ---------------------------------------------------------- */

/* movl $0xffffffe0,%r11d ; andq %r11,(%rsp) ; orq %r14,(%rsp) ; ret */
static size_t match_masked_return(const struct hz_insn *c, size_t n, size_t at, struct hz_mark *m)
{
    if (at + 4 > n || c[at].id != X86_INS_MOV || c[at].nops != 2 || !hz_is_imm(&c[at].op[0], 0xffffffe0, 4) ||
        !hz_is_reg(&c[at].op[1], HZ_R11, 4))
        return 0;
    const struct hz_insn *a = &c[at + 1], *o = &c[at + 2], *r = &c[at + 3];
    if (a->id != X86_INS_AND || a->nops != 2 || !hz_is_reg(&a->op[0], HZ_R11, 8) ||
        !is_plain_mem(&a->op[1], HZ_RSP, -1, 0) || o->id != X86_INS_OR || o->nops != 2 ||
        !hz_is_reg(&o->op[0], HZ_R14, 8) || !is_plain_mem(&o->op[1], HZ_RSP, -1, 0) || r->kind != HZ_K_RET ||
        r->nops != 0)
        return 0;
    mark(&m[at], HZ_ROLE_INSERTED);
    mark(&m[at + 1], HZ_ROLE_INSERTED);
    mark(&m[at + 2], HZ_ROLE_INSERTED);
    mark(&m[at + 3], HZ_ROLE_ANCHOR);
    return 4;
}

/* mask, rebase and branch through reg, from c[k]; returns the index after, or 0. */
static size_t masked_tail(const struct hz_insn *c, size_t n, size_t k, int reg, struct hz_mark *m)
{
    if (k + 3 > n || !is_mask32(&c[k], reg) || rebase_reg(&c[k + 1]) != reg || !is_branch_through(&c[k + 2], reg))
        return 0;
    mark(&m[k], HZ_ROLE_INSERTED);
    mark(&m[k + 1], HZ_ROLE_INSERTED);
    mark(&m[k + 2], HZ_ROLE_ANCHOR);
    return k + 3;
}

/* popq %r11 ; and $-32,%r11d ; add %r14,%r11 ; jmp *%r11 (returns before 2026-11) */
static size_t match_return_by_jump(const struct hz_insn *c, size_t n, size_t at, struct hz_mark *m)
{
    if (c[at].id != X86_INS_POP || c[at].nops != 1 || !hz_is_reg(&c[at].op[0], HZ_R11, 8))
        return 0;
    size_t end = masked_tail(c, n, at + 1, HZ_R11, m);
    if (!end || c[end - 1].kind != HZ_K_JMP) {
        memset(&m[at], 0, (at + 4 <= n ? 4 : n - at) * sizeof *m);
        return 0;
    }
    mark(&m[at], HZ_ROLE_INSERTED);
    m[end - 1].native.exit_return = 1;
    return end - at;
}

/* [movl %eR,%r11d | movq mem,%r11] ; and $-32,%r11d ; add %r14,%r11 ; jmp|call *%r11 */
static size_t match_masked_branch(const struct hz_insn *c, size_t n, size_t at, struct hz_mark *m)
{
    const struct hz_insn *src = &c[at];
    int from_reg = src->id == X86_INS_MOV && src->nops == 2 && src->op[0].type == HZ_OP_REG &&
                   src->op[0].size == 4 && src->op[0].reg >= 0 && src->op[0].reg != HZ_R11 &&
                   src->op[0].reg != HZ_R14 && hz_is_reg(&src->op[1], HZ_R11, 4);
    int from_mem = src->id == X86_INS_MOV && src->nops == 2 && src->op[0].type == HZ_OP_MEM &&
                   hz_is_reg(&src->op[1], HZ_R11, 8);
    if (!from_reg && !from_mem)
        return 0;
    size_t end = masked_tail(c, n, at + 1, HZ_R11, m);
    if (!end)
        return 0;
    mark(&m[at], HZ_ROLE_INSERTED);
    /* The original branch read its target from R, or from memory. */
    m[end - 1].native.reads = from_reg ? (struct hz_bits){HZ_REG_ALL(src->op[0].reg), 0} : reads_without_reserved(src);
    return end - at;
}

/* and $-32,%eR ; add %r14,%rR ; jmp|call *%rR (R-CF-MASKED with the target's own register) */
static size_t match_masked_in_place(const struct hz_insn *c, size_t n, size_t at, struct hz_mark *m)
{
    if (c[at].id != X86_INS_AND || c[at].nops != 2 || c[at].op[1].type != HZ_OP_REG)
        return 0;
    int r = c[at].op[1].reg;
    if (r < 0 || r == HZ_R11 || r == HZ_R14 || r == HZ_RSP)
        return 0;
    size_t end = masked_tail(c, n, at, r, m);
    if (!end)
        return 0;
    m[end - 1].native.reads = (struct hz_bits){HZ_REG_ALL(r), 0};
    return end - at;
}

/* movl %esp,%r11d ; OPl src,%r11d ; leaq (%r14,%r11),%rsp  for  OP src,%rsp */
static size_t match_rsp_op(const struct hz_insn *c, size_t n, size_t at, struct hz_mark *m)
{
    if (at + 3 > n || !is_mov_r32(&c[at], HZ_R11, HZ_RSP) || !writes_r32(&c[at + 1], HZ_R11) ||
        !is_rsp_from_r11(&c[at + 2]))
        return 0;
    mark(&m[at], HZ_ROLE_INSERTED);
    replaced_rsp_op(&c[at + 1], &m[at + 1]);
    mark(&m[at + 2], HZ_ROLE_INSERTED);
    return 3;
}

/* movl src,%r11d | leal mem,%r11d ; leaq (%r14,%r11),%rsp  for  mov src,%rsp, lea mem,%rsp,
 * add/sub $n,%rsp (as leal ±n(%rsp)) and the first half of leave (movl %ebp,%r11d) */
static size_t match_rsp_set(const struct hz_insn *c, size_t n, size_t at, struct hz_mark *m)
{
    if (at + 2 > n || !writes_r32(&c[at], HZ_R11) || !is_rsp_from_r11(&c[at + 1]) ||
        (c[at].id != X86_INS_MOV && c[at].id != X86_INS_LEA))
        return 0;
    struct hz_mark *r = &m[at];
    mark(r, HZ_ROLE_REPLACED);
    r->native.reads = reads_without_reserved(&c[at]);
    r->native.writes = (struct hz_bits){HZ_REG_ALL(HZ_RSP), 0};
    /* leal ±n(%rsp) may stand for add/sub $n,%rsp, which write the flags
     * that the lea leaves alone; gcc never reads them (vxcc refuses if it
     * would), so the flags count as written by the original, not surely. */
    if (c[at].id == X86_INS_LEA && c[at].op[0].type == HZ_OP_MEM && c[at].op[0].mem.base == HZ_RSP &&
        c[at].op[0].mem.index < 0)
        r->native.flags_maybe = HZ_STATUS_FLAGS;
    mark(&m[at + 1], HZ_ROLE_INSERTED);
    return 2;
}

/* OPl src,%esp ; addq %r14,%rsp  (the %rsp pair before 2026-12, also leave's movl %ebp,%esp) */
static size_t match_rsp_pair_esp(const struct hz_insn *c, size_t n, size_t at, struct hz_mark *m)
{
    if (at + 2 > n || !writes_r32(&c[at], HZ_RSP) || rebase_reg(&c[at + 1]) != HZ_RSP)
        return 0;
    switch (c[at].id) {
    case X86_INS_MOV: case X86_INS_LEA: case X86_INS_ADD: case X86_INS_SUB: case X86_INS_AND:
        break;
    default:
        return 0;
    }
    replaced_rsp_op(&c[at], &m[at]);
    mark(&m[at + 1], HZ_ROLE_INSERTED);
    return 2;
}

/* (movl %eR,%eR ; add %r14,%rR | lea (%r14,%rR),%rR) x1-2 ; string op (R-STR) */
static size_t match_string_rebase(const struct hz_insn *c, size_t n, size_t at, struct hz_mark *m)
{
    size_t k = at;
    for (int pairs = 0; pairs < 2 && k + 2 <= n; pairs++) {
        int r = zero_extend_reg(&c[k]);
        if (r < 0 || (r != HZ_RSI && r != HZ_RDI) || rebase_reg(&c[k + 1]) != r)
            break;
        k += 2;
    }
    if (k == at || k >= n || c[k].kind != HZ_K_STRING)
        return 0;
    for (size_t i = at; i < k; i++)
        mark(&m[i], HZ_ROLE_INSERTED);
    mark(&m[k], HZ_ROLE_ANCHOR);
    m[k].native.reads = c[k].reads;
    m[k].native.writes = c[k].writes;
    return k + 1 - at;
}

/* movq src,%r11 ; bswapq %r11 ; movl %r11d,%r11d ; bswapq %r11: %r11 = upper half of src */
static size_t match_keep_upper(const struct hz_insn *c, size_t n, size_t at, struct hz_mark *m)
{
    if (at + 4 > n || c[at].id != X86_INS_MOV || c[at].nops != 2 || !hz_is_reg(&c[at].op[1], HZ_R11, 8) ||
        (c[at].op[0].type != HZ_OP_REG && c[at].op[0].type != HZ_OP_MEM))
        return 0;
    for (int k = 1; k <= 3; k += 2)
        if (c[at + k].id != X86_INS_BSWAP || !hz_is_reg(&c[at + k].op[0], HZ_R11, 8))
            return 0;
    if (!is_mov_r32(&c[at + 2], HZ_R11, HZ_R11))
        return 0;
    for (int k = 0; k < 4; k++)
        mark(&m[at + k], HZ_ROLE_INSERTED);
    return 4;
}

/* movl %eR,%eR ; leaq (%rR,%r11),%rR: R gets back the upper half kept in %r11 */
static size_t match_give_upper(const struct hz_insn *c, size_t n, size_t at, struct hz_mark *m)
{
    if (at + 2 > n)
        return 0;
    int r = zero_extend_reg(&c[at]);
    if (r < 0 || restore_reg(&c[at + 1]) != r)
        return 0;
    mark(&m[at], HZ_ROLE_INSERTED);
    mark(&m[at + 1], HZ_ROLE_INSERTED);
    return 2;
}

/* movq %rdi,-136(%rsp) before a keep-upper: the second pointer's copy, below the red zone */
static size_t match_spill(const struct hz_insn *c, size_t n, size_t at, struct hz_mark *m)
{
    const struct hz_insn *s = &c[at];
    if (s->id != X86_INS_MOV || s->nops != 2 || s->op[0].type != HZ_OP_REG || s->op[0].size != 8 ||
        s->op[0].reg < 0 || !(s->op[1].type == HZ_OP_MEM && s->op[1].mem.base == HZ_RSP && s->op[1].mem.index < 0 &&
                              !s->op[1].mem.gs && s->op[1].mem.disp + 8 <= -128))
        return 0;
    struct hz_mark probe[4];
    memset(probe, 0, sizeof probe);
    if (at + 5 > n || !match_keep_upper(c + at + 1, 4, 0, probe))
        return 0;
    mark(&m[at], HZ_ROLE_INSERTED);
    return 1;
}

/* movl %eR,%eR ; add %r14,%rR | lea (%r14,%rR),%rR with nothing using it (R-RSP-ADD allows it) */
static size_t match_pointer_rebase(const struct hz_insn *c, size_t n, size_t at, struct hz_mark *m)
{
    if (at + 2 > n)
        return 0;
    int r = zero_extend_reg(&c[at]);
    if (r < 0 || r == HZ_RSP || rebase_reg(&c[at + 1]) != r)
        return 0;
    mark(&m[at], HZ_ROLE_INSERTED);
    mark(&m[at + 1], HZ_ROLE_INSERTED);
    return 2;
}

static size_t match_any_other(const struct hz_insn *c, size_t n, size_t at);

/* movq __vx_thread_pointer(%rip),%r11 [; leal (%r11,%rB),%r11d] ; INSN with %gs:d(%r11d,...)
 * for INSN with %fs:d(B,...) (R-TP). The load and lea write only %r11 and
 * no flag; INSN is the original with its operand moved, so it stays an
 * original (when the next piece starts there, e.g. a masked branch
 * through memory, that piece takes it). */
static size_t match_thread_pointer(const struct hz_insn *c, size_t n, size_t at, struct hz_mark *m)
{
    const struct hz_insn *ld = &c[at];
    if (ld->id != X86_INS_MOV || ld->nops != 2 || ld->op[0].type != HZ_OP_MEM || !ld->op[0].mem.rip ||
        !hz_is_reg(&ld->op[1], HZ_R11, 8))
        return 0;
    size_t k = at + 1;
    if (k < n && c[k].id == X86_INS_LEA && c[k].nops == 2 && hz_is_reg(&c[k].op[1], HZ_R11, 4) &&
        c[k].op[0].type == HZ_OP_MEM && c[k].op[0].mem.base == HZ_R11 && c[k].op[0].mem.index >= 0 &&
        c[k].op[0].mem.index != HZ_R14 && is_plain_mem(&c[k].op[0], HZ_R11, c[k].op[0].mem.index, 0))
        k++;
    if (k >= n)
        return 0;
    int through_r11 = 0;
    for (int o = 0; o < c[k].nops; o++)
        through_r11 |= c[k].op[o].type == HZ_OP_MEM && c[k].op[o].mem.gs && c[k].op[o].mem.base == HZ_R11;
    if (!through_r11)
        return 0;
    for (size_t i = at; i < k; i++)
        mark(&m[i], HZ_ROLE_INSERTED);
    if (match_any_other(c, n, k))
        return k - at;
    mark(&m[k], HZ_ROLE_ORIGINAL);
    return k + 1 - at;
}

/* Tried in this order at every instruction. */
const struct hz_piece hz_pieces[] = {
    {"masked-return", "ret", "%r11; CF PF AF ZF SF OF (and, or); the return slot (%rsp), masked in place",
     match_masked_return},
    {"return-by-jump", "ret", "%r11 (popped); CF PF AF ZF SF OF (and, add)", match_return_by_jump},
    {"masked-branch", "jmp *R, call *R, jmp *mem, call *mem", "%r11; CF PF AF ZF SF OF (and, add)",
     match_masked_branch},
    {"masked-branch-in-place", "jmp *R, call *R", "R (masked and rebased); CF PF AF ZF SF OF",
     match_masked_in_place},
    {"rsp-op", "OP src,%rsp (add, sub, and with a register or memory source)",
     "%r11; %rsp = B + the 32-bit result; CF PF AF ZF SF OF as the 32-bit OP computes them", match_rsp_op},
    {"rsp-set", "mov src,%rsp; lea mem,%rsp; add/sub $n,%rsp (as leal); leave's mov %rbp,%rsp",
     "%r11; %rsp = B + the 32-bit result; no flag", match_rsp_set},
    {"rsp-pair-esp", "OP src,%rsp; leave's mov %rbp,%rsp (before 2026-12)",
     "%rsp = B + the 32-bit result; CF PF AF ZF SF OF (add %r14)", match_rsp_pair_esp},
    {"string-rebase", "the pointer registers of movs/stos/lods/cmps/scas",
     "R's upper half = B's; CF PF AF ZF SF OF when the rebase is an add (before 2026-12)", match_string_rebase},
    {"keep-upper", NULL, "%r11 = the upper half of a pointer register", match_keep_upper},
    {"give-upper", NULL, "R's upper half = %r11's (the one it had before the string instruction)",
     match_give_upper},
    {"spill-rdi", NULL, "the 8 bytes at -136(%rsp), below the red zone (unspecified to the program)", match_spill},
    {"pointer-rebase", "nothing (an R-RSP-ADD pair no instruction uses)", "R's upper half = B's; flags if add",
     match_pointer_rebase},
    {"thread-pointer", "an operand %fs:d(B,X,s) (thread-local data, the canary)", "%r11 only; no flag",
     match_thread_pointer},
};
const size_t hz_npieces = sizeof hz_pieces / sizeof *hz_pieces;

/* Does a piece other than thread-pointer start at c[at]? (Probed on scratch marks.) */
static size_t match_any_other(const struct hz_insn *c, size_t n, size_t at)
{
    struct hz_mark *probe = calloc(n, sizeof *probe);
    if (!probe)
        abort();
    size_t len = 0;
    for (size_t p = 0; p < hz_npieces && !len; p++)
        if (hz_pieces[p].match != match_thread_pointer)
            len = hz_pieces[p].match(c, n, at, probe);
    free(probe);
    return len;
}

/* The assembler pads with nops wherever an instruction would cross a
 * bundle, so pieces are matched on the function without its nops; a nop
 * between two instructions of one piece is that piece's padding. */
size_t hz_mark_inserted(const struct hz_insn *code, size_t n, struct hz_mark *marks, size_t *unrecognized)
{
    memset(marks, 0, n * sizeof *marks);
    size_t *at_of = malloc((n ? n : 1) * sizeof *at_of), m = 0;
    struct hz_insn *dense = malloc((n ? n : 1) * sizeof *dense);
    struct hz_mark *dm = calloc(n ? n : 1, sizeof *dm);
    if (!at_of || !dense || !dm)
        abort();
    for (size_t i = 0; i < n; i++)
        if (code[i].kind != HZ_K_NOP) {
            at_of[m] = i;
            dense[m++] = code[i];
        }
    size_t pieces = 0;
    for (size_t at = 0; at < m;) {
        size_t len = 0;
        for (size_t p = 0; p < hz_npieces && !len; p++) {
            len = hz_pieces[p].match(dense, m, at, dm);
            if (len) {
                for (size_t k = at; k < at + len; k++)
                    dm[k].piece = (int8_t)p;
                dm[at].piece_start = 1;
            }
        }
        if (len) {
            pieces++;
            at += len;
            continue;
        }
        memset(&dm[at], 0, sizeof dm[at]);
        dm[at].piece = -1;
        if (dense[at].reserved) {
            dm[at].role = HZ_ROLE_INSERTED;
            ++*unrecognized;
        }
        at++;
    }
    for (size_t i = 0; i < n; i++)
        marks[i].piece = -1;
    for (size_t k = 0; k < m; k++) {
        marks[at_of[k]] = dm[k];
        if (k + 1 < m && dm[k].piece >= 0 && dm[k + 1].piece == dm[k].piece && !dm[k + 1].piece_start)
            for (size_t i = at_of[k] + 1; i < at_of[k + 1]; i++) {
                marks[i].role = HZ_ROLE_PADDING;
                marks[i].piece = dm[k].piece;
            }
    }
    free(at_of);
    free(dense);
    free(dm);
    return pieces;
}
