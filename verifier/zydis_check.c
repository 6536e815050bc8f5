/* The second decoder (spec R-INSN-DECODERS). Each decoder's view of an
 * instruction is first brought into one neutral form (struct reading): the
 * first reading comes from Capstone or from the fast path, the second from
 * Zydis. The instruction stands only if the two are equal in everything the
 * sandbox rules depend on; a decoder that misreads some bytes then causes a
 * rejection, never an acceptance. */
#include "zydis_check.h"
#include "insn_table.h"
#include "regs.h"
#include <stdio.h>
#include <string.h>

enum { NREG_NONE = -1, NREG_RIP = 16, NREG_EIP = 17, NREG_OTHER = 18 };

struct nreg {
    signed char fam;        /* GPR family 0..15, or NREG_* */
    unsigned char width;    /* bytes, for GPRs */
};

struct nmem {
    char seg;               /* first letter of an explicit or effective segment; 0 = default */
    struct nreg base, index;
    unsigned char scale;
    int64_t disp;
    unsigned size;          /* bytes; 0 = not reported */
};

enum branch_kind { BK_NONE, BK_DIRECT, BK_REG, BK_MEM, BK_RET, BK_OTHER };
static const char *const branch_names[] = {"none", "direct", "register-indirect",
                                           "memory-indirect", "ret", "other control transfer"};

/* The registers whose writes the rules restrict (spec section 2). */
enum { RW_RSP = 1, RW_R14 = 2, RW_SEG = 4 };

#define MAX_MEM 4
struct reading {
    const char *decoder;
    unsigned len;
    unsigned addr_bits;
    unsigned nmem;
    struct nmem mem[MAX_MEM];
    unsigned writes;                /* RW_* */
    unsigned str_rsi, str_rdi;      /* string instruction's implicit pointers */
    enum branch_kind branch;
    struct nreg branch_reg;
    uint64_t target;
    int stray_mem;                  /* Zydis: a hidden access neither stack nor string */
    int no_access;                  /* memory operand not accessed (lea, nop, prefetch) */
    int has_layout;                 /* field positions known (fast path, Zydis) */
    unsigned disp_off, disp_len, imm_off, imm_len;
};

/* ---- each decoder's reading ------------------------------------------------ */

static struct nreg none_reg(void) { return (struct nreg){NREG_NONE, 0}; }

static struct nreg capstone_reg(unsigned r)
{
    if (r == X86_REG_INVALID)
        return none_reg();
    if (r == X86_REG_RIP)
        return (struct nreg){NREG_RIP, 8};
    if (r == X86_REG_EIP)
        return (struct nreg){NREG_EIP, 4};
    int fam = gpr_family(r);
    return fam == GPR_NONE ? (struct nreg){NREG_OTHER, 0}
                           : (struct nreg){(signed char)fam, (unsigned char)gpr_width(r)};
}

static struct nreg zydis_reg(ZydisRegister r)
{
    if (r == ZYDIS_REGISTER_NONE)
        return none_reg();
    if (r == ZYDIS_REGISTER_RIP)
        return (struct nreg){NREG_RIP, 8};
    if (r == ZYDIS_REGISTER_EIP)
        return (struct nreg){NREG_EIP, 4};
    unsigned width;
    switch (ZydisRegisterGetClass(r)) {
    case ZYDIS_REGCLASS_GPR8: width = 1; break;
    case ZYDIS_REGCLASS_GPR16: width = 2; break;
    case ZYDIS_REGCLASS_GPR32: width = 4; break;
    case ZYDIS_REGCLASS_GPR64: width = 8; break;
    default: return (struct nreg){NREG_OTHER, 0};
    }
    ZydisRegister full = ZydisRegisterGetLargestEnclosing(ZYDIS_MACHINE_MODE_LONG_64, r);
    return (struct nreg){(signed char)ZydisRegisterGetId(full), (unsigned char)width};
}

static unsigned writes_of_family(int fam)
{
    return fam == GPR_RSP ? RW_RSP : fam == GPR_R14 ? RW_R14 : 0;
}

/* Branch kind from the walker's facts: every branch the rules accept is one
 * of these (insn_check.c, fast_insn.c). */
static void facts_branch(const struct insn_facts *f, struct reading *r)
{
    if (f->role == ROLE_RET) {
        r->branch = BK_RET;
    } else if (f->is_direct) {
        r->branch = BK_DIRECT;
        r->target = f->target;
    } else if (f->role == ROLE_IBRANCH) {
        r->branch = BK_REG;
        r->branch_reg = (struct nreg){f->reg, 8};
    } else if (f->is_call) {
        r->branch = BK_MEM; /* call *%gs:slot */
    }
}

static void capstone_reading(csh handle, const cs_insn *insn, const struct insn_facts *f,
                             struct reading *r)
{
    const cs_x86 *x = &insn->detail->x86;
    memset(r, 0, sizeof *r);
    r->decoder = "Capstone";
    r->len = insn->size;
    r->addr_bits = x->addr_size * 8u;
    r->str_rsi = f->str_rsi;
    r->str_rdi = f->str_rdi;
    r->no_access = (insn_attrs(insn->id) & IA_NO_MEMORY) != 0;
    /* Capstone lists string operands explicitly; Zydis as hidden (compared
     * through str_rsi/str_rdi instead). */
    for (unsigned i = 0; i < x->op_count && f->role != ROLE_STRING; i++) {
        const cs_x86_op *op = &x->operands[i];
        if (op->type != X86_OP_MEM || r->nmem == MAX_MEM)
            continue;
        struct nmem *m = &r->mem[r->nmem++];
        m->seg = op->mem.segment == X86_REG_INVALID ? 0 : cs_reg_name(handle, op->mem.segment)[0];
        m->base = capstone_reg(op->mem.base);
        m->index = capstone_reg(op->mem.index);
        m->scale = (unsigned char)op->mem.scale;
        m->disp = op->mem.disp;
        /* lea, nop, prefetch: the operand is never accessed, its size is moot */
        m->size = r->no_access ? 0 : op->size;
    }
    cs_regs rd, wr;
    uint8_t nrd, nwr;
    if (cs_regs_access(handle, insn, rd, &nrd, wr, &nwr) == CS_ERR_OK)
        for (unsigned i = 0; i < nwr; i++)
            r->writes |= is_segment_reg(wr[i]) ? RW_SEG : writes_of_family(gpr_family(wr[i]));
    facts_branch(f, r);
}

static void fast_reading(const struct insn_facts *f, const struct fast_reading *fr,
                         struct reading *r)
{
    memset(r, 0, sizeof *r);
    r->decoder = "the fast path";
    r->len = f->len;
    r->addr_bits = fr->addr32 ? 32 : 64;
    if (fr->has_mem) {
        struct nmem *m = &r->mem[r->nmem++];
        unsigned char w = fr->addr32 ? 4 : 8;
        m->seg = fr->gs ? 'g' : 0;
        m->base = fr->base == FAST_REG_NONE ? none_reg()
                  : fr->base == FAST_REG_RIP ? (struct nreg){fr->addr32 ? NREG_EIP : NREG_RIP, w}
                                             : (struct nreg){fr->base, w};
        m->index = fr->index == FAST_REG_NONE ? none_reg() : (struct nreg){fr->index, w};
        m->scale = fr->scale;
        m->disp = fr->disp;
    }
    r->writes = fr->writes_rsp ? RW_RSP : 0;
    r->no_access = fr->no_access;
    r->has_layout = 1;
    r->disp_off = fr->disp_off;
    r->disp_len = fr->disp_len;
    r->imm_off = fr->imm_off;
    r->imm_len = fr->imm_len;
    facts_branch(f, r);
}

/* A hidden memory access Capstone's and the fast path's rules account for:
 * the stack slot of push/pop/call/ret, or a string instruction's pointer. */
static void zydis_hidden_mem(const ZydisDecodedOperand *op, struct reading *r)
{
    struct nreg base = zydis_reg(op->mem.base);
    if (op->mem.index != ZYDIS_REGISTER_NONE || op->mem.disp.value)
        r->stray_mem = 1;
    else if (base.fam == GPR_RSP && op->mem.segment == ZYDIS_REGISTER_SS)
        ;
    else if (base.fam == GPR_RSI && op->mem.segment == ZYDIS_REGISTER_DS)
        r->str_rsi = 1;
    else if (base.fam == GPR_RDI && op->mem.segment == ZYDIS_REGISTER_ES)
        r->str_rdi = 1;
    else
        r->stray_mem = 1;
}

static void zydis_branch(const ZydisDecodedInstruction *zi, const ZydisDecodedOperand *zo,
                         uint64_t addr, struct reading *r)
{
    int writes_ip = 0;
    for (unsigned i = 0; i < zi->operand_count; i++)
        if (zo[i].type == ZYDIS_OPERAND_TYPE_REGISTER && (zo[i].actions & ZYDIS_OPERAND_ACTION_MASK_WRITE) &&
            ZydisRegisterGetClass(zo[i].reg.value) == ZYDIS_REGCLASS_IP)
            writes_ip = 1;
    ZydisInstructionCategory cat = zi->meta.category;
    if (cat == ZYDIS_CATEGORY_RET) {
        r->branch = BK_RET;
        return;
    }
    if (!writes_ip && cat != ZYDIS_CATEGORY_COND_BR && cat != ZYDIS_CATEGORY_UNCOND_BR &&
        cat != ZYDIS_CATEGORY_CALL)
        return;
    const ZydisDecodedOperand *o = zi->operand_count_visible ? &zo[0] : NULL;
    ZyanU64 target;
    if (o && o->type == ZYDIS_OPERAND_TYPE_IMMEDIATE && o->imm.is_relative &&
        ZYAN_SUCCESS(ZydisCalcAbsoluteAddress(zi, o, addr, &target))) {
        r->branch = BK_DIRECT;
        r->target = target;
    } else if (o && o->type == ZYDIS_OPERAND_TYPE_REGISTER &&
               (cat == ZYDIS_CATEGORY_UNCOND_BR || cat == ZYDIS_CATEGORY_CALL)) {
        r->branch = BK_REG;
        r->branch_reg = zydis_reg(o->reg.value);
    } else if (o && o->type == ZYDIS_OPERAND_TYPE_MEMORY &&
               (cat == ZYDIS_CATEGORY_UNCOND_BR || cat == ZYDIS_CATEGORY_CALL)) {
        r->branch = BK_MEM;
    } else {
        r->branch = BK_OTHER;
    }
}

static void zydis_reading(const ZydisDecodedInstruction *zi, const ZydisDecodedOperand *zo,
                          uint64_t addr, struct reading *r)
{
    memset(r, 0, sizeof *r);
    r->decoder = "Zydis";
    r->len = zi->length;
    r->addr_bits = zi->address_width;
    ZydisInstructionCategory cat = zi->meta.category;
    r->no_access = cat == ZYDIS_CATEGORY_NOP || cat == ZYDIS_CATEGORY_WIDENOP ||
                   cat == ZYDIS_CATEGORY_PREFETCH || cat == ZYDIS_CATEGORY_PREFETCHWT1;
    r->has_layout = 1;
    r->disp_off = zi->raw.disp.offset;
    r->disp_len = zi->raw.disp.size / 8u;
    r->imm_off = zi->raw.imm[0].offset;
    r->imm_len = zi->raw.imm[0].size / 8u;
    for (unsigned i = 0; i < zi->operand_count; i++) {
        const ZydisDecodedOperand *op = &zo[i];
        if (op->type == ZYDIS_OPERAND_TYPE_REGISTER && (op->actions & ZYDIS_OPERAND_ACTION_MASK_WRITE)) {
            struct nreg w = zydis_reg(op->reg.value);
            r->writes |= ZydisRegisterGetClass(op->reg.value) == ZYDIS_REGCLASS_SEGMENT
                             ? RW_SEG
                             : w.fam >= 0 && w.fam < 16 ? writes_of_family(w.fam) : 0;
        }
        if (op->type != ZYDIS_OPERAND_TYPE_MEMORY)
            continue;
        if (op->visibility != ZYDIS_OPERAND_VISIBILITY_EXPLICIT) {
            zydis_hidden_mem(op, r);
            continue;
        }
        if (op->mem.type == ZYDIS_MEMOP_TYPE_AGEN)
            r->no_access = 1; /* lea: address only */
        if (op->mem.type == ZYDIS_MEMOP_TYPE_VSIB || r->nmem == MAX_MEM) {
            r->stray_mem = 1;
            continue;
        }
        struct nmem *m = &r->mem[r->nmem++];
        m->seg = op->mem.segment == ZYDIS_REGISTER_NONE ? 0 : ZydisRegisterGetString(op->mem.segment)[0];
        m->base = zydis_reg(op->mem.base);
        m->index = zydis_reg(op->mem.index);
        m->scale = op->mem.scale;
        m->disp = op->mem.disp.value;
        m->size = op->mem.type == ZYDIS_MEMOP_TYPE_AGEN ? 0 : op->size / 8u;
    }
    zydis_branch(zi, zo, addr, r);
}

/* ---- the comparison ------------------------------------------------------- */

static const char *reg_text(struct nreg r, char *buf, size_t n)
{
    static const char *const names[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                          "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
    if (r.fam == NREG_NONE)
        return "none";
    if (r.fam == NREG_RIP)
        return "rip";
    if (r.fam == NREG_EIP)
        return "eip";
    if (r.fam == NREG_OTHER)
        return "a non-general register";
    snprintf(buf, n, "%s/%u", names[r.fam], r.width * 8u);
    return buf;
}

static int same_reg(struct nreg a, struct nreg b) { return a.fam == b.fam && (a.fam < 0 || a.width == b.width); }

/* In 64-bit mode cs, ds, es and ss all have base 0 (the CPU ignores those
 * overrides): they are one "flat" segment. Capstone reports no segment where
 * none is encoded and keeps an ignored override; Zydis names the effective one. */
static int is_flat(char seg) { return seg != 'f' && seg != 'g'; }
static int same_segment(char first, char zydis)
{
    return is_flat(first) ? is_flat(zydis) : first == zydis;
}

static uint64_t address_mask(unsigned bits) { return bits >= 64 ? ~0ull : (1ull << bits) - 1; }

/* Writes the first difference into what[]/a[]/b[]; returns 1 if any. */
static int first_difference(const struct reading *a, const struct reading *z, char *what,
                            char *av, char *bv, size_t n)
{
    char t1[16], t2[16];
#define DIFF(w, ...) do { snprintf(what, n, "%s", w); snprintf(av, n, __VA_ARGS__); } while (0)
    if (a->len != z->len) {
        DIFF("length", "%u bytes", a->len);
        snprintf(bv, n, "%u bytes", z->len);
        return 1;
    }
    if (a->has_layout && z->has_layout &&
        (a->disp_len != z->disp_len || (a->disp_len && a->disp_off != z->disp_off) ||
         a->imm_len != z->imm_len || (a->imm_len && a->imm_off != z->imm_off))) {
        DIFF("field layout", "disp %u@%u imm %u@%u", a->disp_len, a->disp_off, a->imm_len, a->imm_off);
        snprintf(bv, n, "disp %u@%u imm %u@%u", z->disp_len, z->disp_off, z->imm_len, z->imm_off);
        return 1;
    }
    if (z->stray_mem) {
        DIFF("hidden memory access", "none");
        snprintf(bv, n, "one outside the stack and string pointers");
        return 1;
    }
    if (a->nmem != z->nmem) {
        DIFF("explicit memory operands", "%u", a->nmem);
        snprintf(bv, n, "%u", z->nmem);
        return 1;
    }
    /* The rules skip the memory forms of lea, nop and prefetch: Zydis must
     * not see an access there (0f 1a: Capstone's hint nop is bndldx). */
    if (a->nmem && a->no_access && !z->no_access) {
        DIFF("memory access", "none (address only or a hint)");
        snprintf(bv, n, "an access");
        return 1;
    }
    if ((a->nmem || a->str_rsi || a->str_rdi) && a->addr_bits != z->addr_bits) {
        DIFF("address size", "%u bits", a->addr_bits);
        snprintf(bv, n, "%u bits", z->addr_bits);
        return 1;
    }
    for (unsigned i = 0; i < a->nmem; i++) {
        const struct nmem *x = &a->mem[i], *y = &z->mem[i];
        uint64_t mask = address_mask(z->addr_bits);
        if (!same_segment(x->seg, y->seg)) {
            DIFF("segment", "%s", x->seg ? (char[]){x->seg, 's', 0} : "default");
            snprintf(bv, n, "%cs", y->seg);
        } else if (!same_reg(x->base, y->base)) {
            DIFF("base", "%s", reg_text(x->base, t1, sizeof t1));
            snprintf(bv, n, "%s", reg_text(y->base, t2, sizeof t2));
        } else if (!same_reg(x->index, y->index)) {
            DIFF("index", "%s", reg_text(x->index, t1, sizeof t1));
            snprintf(bv, n, "%s", reg_text(y->index, t2, sizeof t2));
        } else if (x->index.fam != NREG_NONE && x->scale != y->scale) {
            DIFF("scale", "%u", x->scale);
            snprintf(bv, n, "%u", y->scale);
        } else if (((uint64_t)x->disp & mask) != ((uint64_t)y->disp & mask)) {
            DIFF("displacement", "%lld", (long long)x->disp);
            snprintf(bv, n, "%lld", (long long)y->disp);
        } else if (x->size && y->size > x->size) {
            /* The rules bound the access with the first reading's size
             * (R-MEM-RIP, the 64-byte guard margin): Zydis may read it
             * smaller (Capstone 4 says xmmword for vcomiss m32), never larger. */
            DIFF("operand size", "%u bytes", x->size);
            snprintf(bv, n, "%u bytes", y->size);
        } else {
            continue;
        }
        return 1;
    }
    if ((a->str_rsi || a->str_rdi || z->str_rsi || z->str_rdi) &&
        (a->str_rsi != z->str_rsi || a->str_rdi != z->str_rdi)) {
        DIFF("string pointers", "rsi %u rdi %u", a->str_rsi, a->str_rdi);
        snprintf(bv, n, "rsi %u rdi %u", z->str_rsi, z->str_rdi);
        return 1;
    }
    if (a->writes != z->writes) {
        DIFF("writes to rsp/r14/segment registers", "%s%s%s%s", a->writes & RW_RSP ? "rsp " : "",
             a->writes & RW_R14 ? "r14 " : "", a->writes & RW_SEG ? "segment " : "", a->writes ? "" : "none");
        snprintf(bv, n, "%s%s%s%s", z->writes & RW_RSP ? "rsp " : "", z->writes & RW_R14 ? "r14 " : "",
                 z->writes & RW_SEG ? "segment " : "", z->writes ? "" : "none");
        return 1;
    }
    if (a->branch != z->branch) {
        DIFF("branch", "%s", branch_names[a->branch]);
        snprintf(bv, n, "%s", branch_names[z->branch]);
        return 1;
    }
    if (a->branch == BK_DIRECT && a->target != z->target) {
        DIFF("branch target", "0x%llx", (unsigned long long)a->target);
        snprintf(bv, n, "0x%llx", (unsigned long long)z->target);
        return 1;
    }
    if (a->branch == BK_REG && !same_reg(a->branch_reg, z->branch_reg)) {
        DIFF("branch register", "%s", reg_text(a->branch_reg, t1, sizeof t1));
        snprintf(bv, n, "%s", reg_text(z->branch_reg, t2, sizeof t2));
        return 1;
    }
#undef DIFF
    return 0;
}

/* The first reading's disassembly, made only for a message. */
struct first_text {
    const cs_insn *insn; /* NULL on the fast path */
    unsigned len;
};

static void first_text(const struct first_text *t, char *buf, size_t n)
{
    if (t->insn)
        snprintf(buf, n, "%.31s%s%.160s, %u bytes", t->insn->mnemonic, t->insn->op_str[0] ? " " : "",
                 t->insn->op_str, t->insn->size);
    else
        snprintf(buf, n, "%u bytes", t->len);
}

/* Only on a rejection: both decoders' disassembly for the message. */
static void explain(const struct reading *a, const struct first_text *at, const ZydisDecodedInstruction *zi,
                    const ZydisDecodedOperand *zo, uint64_t addr, const char *what, const char *av,
                    const char *bv, char *why, size_t why_size)
{
    char ztext[96] = "(undecodable)";
    ZydisFormatter fmt;
    if (zi && ZYAN_SUCCESS(ZydisFormatterInit(&fmt, ZYDIS_FORMATTER_STYLE_INTEL)))
        ZydisFormatterFormatInstruction(&fmt, zi, zo, zi->operand_count_visible, ztext, sizeof ztext, addr,
                                        NULL);
    char a_text[224];
    first_text(at, a_text, sizeof a_text);
    snprintf(why, why_size, "%s: %s reads %s, Zydis %s (%s: %.60s; Zydis: %.60s)", what, a->decoder, av,
             bv, a->decoder, a_text, ztext);
}

static int differs(const struct zydis_check *z, const struct reading *a, const struct first_text *a_text,
                   const uint8_t *p, size_t left, uint64_t addr, char *why, size_t why_size)
{
    ZydisDecodedInstruction zi;
    ZydisDecodedOperand zo[ZYDIS_MAX_OPERAND_COUNT];
    if (!ZYAN_SUCCESS(ZydisDecoderDecodeFull(&z->decoder, p, left < 15 ? left : 15, &zi, zo))) {
        char av[32];
        snprintf(av, sizeof av, "%u bytes", a->len);
        explain(a, a_text, NULL, NULL, addr, "decoding", av, "cannot decode them", why, why_size);
        return 1;
    }
    struct reading zr;
    zydis_reading(&zi, zo, addr, &zr);
    char what[48], av[64], bv[64];
    if (!first_difference(a, &zr, what, av, bv, sizeof av))
        return 0;
    explain(a, a_text, &zi, zo, addr, what, av, bv, why, why_size);
    return 1;
}

int zydis_check_init(struct zydis_check *z)
{
    return ZYAN_SUCCESS(ZydisDecoderInit(&z->decoder, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64)) ? 0 : -1;
}

int zydis_differs_capstone(const struct zydis_check *z, csh handle, const cs_insn *insn,
                           const uint8_t *p, size_t left, const struct insn_facts *f, char *why,
                           size_t why_size)
{
    struct reading a;
    capstone_reading(handle, insn, f, &a);
    struct first_text text = {insn, insn->size};
    return differs(z, &a, &text, p, left, insn->address, why, why_size);
}

int zydis_differs_fast(const struct zydis_check *z, const uint8_t *p, size_t left,
                       const struct insn_facts *f, const struct fast_reading *r, char *why,
                       size_t why_size)
{
    struct reading a;
    fast_reading(f, r, &a);
    struct first_text text = {NULL, f->len};
    return differs(z, &a, &text, p, left, f->addr, why, why_size);
}
