/* Successors: fall-through, direct targets (through the relocation that
 * holds the displacement, in an object file), and for an indirect jump
 * every bundle start of its C function that data or code refers to:
 * jump-table entries are relocations from .rodata (object) or plain
 * addresses in data (image), computed-goto labels are immediates or
 * %rip-relative leas. Plus a jump out of the function, since an indirect
 * jump may also be a tail call. Calls return to the next instruction. */
#include "cfg.h"
#include "abi.h"
#include "../../include/vx/layout.h"
#include <capstone/capstone.h>
#include <elf.h>
#include <stdlib.h>
#include <string.h>

struct code_ref {
    uint32_t section;
    uint64_t addr;
};

struct refs {
    struct code_ref *v;
    size_t n, cap;
};

static void add_ref(struct refs *r, uint32_t section, uint64_t addr)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 64;
        r->v = realloc(r->v, r->cap * sizeof *r->v);
        if (!r->v)
            abort();
    }
    r->v[r->n++] = (struct code_ref){section, addr};
}

static int code_section_at(const struct hz_object *o, uint64_t addr, uint32_t *section)
{
    for (uint32_t k = 1; k < o->nsections; k++) {
        const struct hz_section *s = &o->sections[k];
        if (hz_is_code_section(s) && addr >= s->addr && addr < s->addr + s->size) {
            *section = k;
            return 1;
        }
    }
    return 0;
}

/* Relocations that patch code sections, sorted by (section, offset). */
struct code_relocs {
    const struct hz_reloc **v;
    size_t n;
};

static int reloc_order(const void *a, const void *b)
{
    const struct hz_reloc *x = *(const struct hz_reloc *const *)a, *y = *(const struct hz_reloc *const *)b;
    if (x->section != y->section)
        return x->section < y->section ? -1 : 1;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static void index_code_relocs(struct code_relocs *cr, const struct hz_object *o)
{
    cr->v = malloc((o->nrelocs ? o->nrelocs : 1) * sizeof *cr->v);
    cr->n = 0;
    for (size_t i = 0; i < o->nrelocs; i++)
        if (o->relocs[i].section < o->nsections && hz_is_code_section(&o->sections[o->relocs[i].section]))
            cr->v[cr->n++] = &o->relocs[i];
    qsort(cr->v, cr->n, sizeof *cr->v, reloc_order);
}

static const struct hz_reloc *reloc_at(const struct code_relocs *cr, uint32_t section, uint64_t offset)
{
    size_t lo = 0, hi = cr->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const struct hz_reloc *r = cr->v[mid];
        if (r->section < section || (r->section == section && r->offset < offset))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < cr->n && cr->v[lo]->section == section && cr->v[lo]->offset == offset ? cr->v[lo] : NULL;
}

/* The relocation inside instruction i's bytes, if any. */
static const struct hz_reloc *reloc_in(const struct code_relocs *cr, uint32_t section, const struct hz_insn *i)
{
    for (uint64_t off = i->addr; off < i->addr + i->size; off++) {
        const struct hz_reloc *r = reloc_at(cr, section, off);
        if (r)
            return r;
    }
    return NULL;
}

static int is_absolute(uint32_t type) { return type == R_X86_64_64 || type == R_X86_64_32 || type == R_X86_64_32S; }

/* Object file: every relocation from data to code, every absolute one
 * from code to code, every %rip-relative one from a non-branch. */
static void refs_from_relocations(struct refs *r, const struct hz_program *p)
{
    const struct hz_object *o = p->obj;
    for (size_t i = 0; i < o->nrelocs; i++) {
        const struct hz_reloc *rel = &o->relocs[i];
        if (rel->sym >= o->nsymbols || rel->section >= o->nsections)
            continue;
        const struct hz_symbol *s = &o->symbols[rel->sym];
        if (s->shndx == 0 || s->shndx >= o->nsections || !hz_is_code_section(&o->sections[s->shndx]))
            continue;
        const struct hz_section *patched = &o->sections[rel->section];
        uint64_t target = s->value + (uint64_t)rel->addend;
        if (!hz_is_code_section(patched)) {
            if (patched->flags & SHF_ALLOC)
                add_ref(r, s->shndx, target); /* PC-relative entries: about S + A (vxcc is -fno-pic) */
            continue;
        }
        if (is_absolute(rel->type)) {
            add_ref(r, s->shndx, target);
            continue;
        }
        /* PC-relative in code: a branch's displacement is a target, not a reference. */
        long at = -1;
        for (uint64_t back = 0; back < 16 && back <= rel->offset && at < 0; back++)
            at = hz_program_find(p, rel->section, rel->offset - back);
        if (at >= 0 && !p->code[at].has_target)
            add_ref(r, s->shndx, target + (p->code[at].addr + p->code[at].size - rel->offset));
    }
}

/* Linked image: any 8-byte aligned word in data that is a code address.
 * gcc's jump tables without -fpic are .quad arrays aligned to 8, and any
 * other table (hand-written .long entries) is seen exactly, through its
 * relocations, when the archives are checked as objects; scanning 4-byte
 * words too found DFP constants that looked like code addresses. */
static void refs_from_data(struct refs *r, const struct hz_object *o)
{
    for (uint32_t k = 1; k < o->nsections; k++) {
        const struct hz_section *s = &o->sections[k];
        if (s->type != SHT_PROGBITS || !(s->flags & SHF_ALLOC) || (s->flags & SHF_EXECINSTR) || !s->data)
            continue;
        for (uint64_t off = (8 - (s->addr & 7)) & 7; off + 8 <= s->size; off += 8) {
            uint64_t v;
            memcpy(&v, s->data + off, 8);
            uint32_t sec;
            if (code_section_at(o, v, &sec))
                add_ref(r, sec, v);
        }
    }
}

/* Code addresses in instructions: immediates (image) and %rip-relative
 * leas the assembler resolved itself (same section). */
static void refs_from_code(struct refs *r, const struct hz_program *p, const struct code_relocs *cr)
{
    const struct hz_object *o = p->obj;
    for (size_t i = 0; i < p->n; i++) {
        const struct hz_insn *in = &p->code[i];
        if (in->has_target)
            continue;
        for (int k = 0; k < in->nops; k++) {
            const struct hz_operand *op = &in->op[k];
            uint32_t sec;
            if (op->type == HZ_OP_MEM && op->mem.rip && in->id == X86_INS_LEA) {
                if (o->relocatable && reloc_in(cr, p->section_of[i], in))
                    continue; /* refs_from_relocations has it */
                uint64_t t = in->addr + in->size + (uint64_t)op->mem.disp;
                if (o->relocatable)
                    add_ref(r, p->section_of[i], t);
                else if (code_section_at(o, t, &sec))
                    add_ref(r, sec, t);
            } else if (op->type == HZ_OP_IMM && !o->relocatable && code_section_at(o, (uint64_t)op->imm, &sec)) {
                add_ref(r, sec, (uint64_t)op->imm);
            }
        }
    }
}

static void add_succ(struct hz_cfg *g, size_t node, uint32_t to)
{
    if (g->nsucc == g->cap) {
        g->cap = g->cap ? 2 * g->cap : 1024;
        g->succ = realloc(g->succ, g->cap * sizeof *g->succ);
        if (!g->succ)
            abort();
    }
    g->succ[g->nsucc++] = to;
    g->nodes[node].nsucc++;
    g->nodes[to].jump_target |= to != node + 1;
}

/* Where a direct branch goes: an instruction index, or -1 with *exit set. */
static long direct_target(const struct hz_program *p, const struct code_relocs *cr, size_t i, uint8_t *exit)
{
    const struct hz_object *o = p->obj;
    const struct hz_insn *in = &p->code[i];
    uint32_t section = p->section_of[i];
    uint64_t target = in->target;
    if (o->relocatable) {
        const struct hz_reloc *r = in->imm_offset ? reloc_at(cr, section, in->addr + in->imm_offset) : NULL;
        if (r) {
            const struct hz_symbol *s = r->sym < o->nsymbols ? &o->symbols[r->sym] : NULL;
            if (!s || s->shndx == 0 || s->shndx >= o->nsections || !hz_is_code_section(&o->sections[s->shndx])) {
                *exit = HZ_EXIT_TAIL; /* another object's function */
                return -1;
            }
            section = s->shndx;
            target = s->value + (uint64_t)r->addend + (in->size - in->imm_offset);
        }
    } else if (!code_section_at(o, target, &section)) {
        *exit = HZ_EXIT_TAIL; /* outside the code: an undefined weak function at 0 */
        return -1;
    }
    long t = hz_program_find(p, section, target);
    if (t < 0)
        *exit = HZ_EXIT_UNKNOWN; /* into bytes the checker did not decode */
    return t;
}

/* What the un-rewritten program reads and writes at instruction i. */
static void native_effect(const struct hz_program *p, size_t i, struct hz_node *nd)
{
    const struct hz_insn *in = &p->code[i];
    const struct hz_mark *m = &p->marks[i];
    switch (m->role) {
    case HZ_ROLE_INSERTED:
    case HZ_ROLE_PADDING:
        nd->use = nd->def = (struct hz_bits){0, 0};
        return;
    case HZ_ROLE_ANCHOR:
    case HZ_ROLE_REPLACED:
        nd->use = m->native.reads;
        nd->def = m->native.writes;
        break;
    default:
        nd->use = in->reads;
        nd->def = in->writes;
    }
    if (in->kind == HZ_K_CALL) {
        nd->use = hz_bits_or(nd->use, hz_call_reads());
        nd->def = hz_bits_or(nd->def, hz_call_clobbers());
    }
}

static int by_index(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return x < y ? -1 : x > y;
}

void hz_cfg_build(struct hz_cfg *g, const struct hz_program *p)
{
    memset(g, 0, sizeof *g);
    g->nodes = calloc(p->n ? p->n : 1, sizeof *g->nodes);
    if (!g->nodes)
        abort();
    struct code_relocs cr = {0};
    if (p->obj->relocatable)
        index_code_relocs(&cr, p->obj);
    struct refs refs = {0};
    if (p->obj->relocatable)
        refs_from_relocations(&refs, p);
    else
        refs_from_data(&refs, p->obj);
    refs_from_code(&refs, p, &cr);

    /* Referenced instructions, with the function each lies in. */
    long *ref_insn = malloc((refs.n ? refs.n : 1) * sizeof *ref_insn);
    size_t nref = 0;
    for (size_t k = 0; k < refs.n; k++) {
        /* A masked jump (R-CF-MASKED) lands on the bundle start at or below
         * the address it is given; code sections start on a bundle. */
        long t = hz_program_find(p, refs.v[k].section, refs.v[k].addr & ~(uint64_t)(VX_BUNDLE_SIZE - 1));
        if (t >= 0)
            ref_insn[nref++] = t;
    }
    qsort(ref_insn, nref, sizeof *ref_insn, by_index);
    size_t unique = 0;
    for (size_t k = 0; k < nref; k++)
        if (!unique || ref_insn[unique - 1] != ref_insn[k])
            ref_insn[unique++] = ref_insn[k];
    nref = unique;
    g->indirect_targets = nref;

    for (size_t i = 0; i < p->n; i++) {
        struct hz_node *nd = &g->nodes[i];
        const struct hz_insn *in = &p->code[i];
        native_effect(p, i, nd);
        nd->first_succ = (uint32_t)g->nsucc;
        int falls = i + 1 < p->n && p->function_of[i + 1] == p->function_of[i];
        switch (in->kind) {
        case HZ_K_HALT:
            break;
        case HZ_K_RET:
            nd->exits |= HZ_EXIT_RETURN;
            break;
        case HZ_K_JMP:
            if (in->indirect) {
                if (p->marks[i].native.exit_return) {
                    nd->exits |= HZ_EXIT_RETURN;
                    break;
                }
                const struct hz_function *f = &p->functions[p->function_of[i]];
                for (size_t k = 0; k < nref; k++)
                    if (hz_same_family(&p->functions[p->function_of[ref_insn[k]]], f))
                        add_succ(g, i, (uint32_t)ref_insn[k]);
                nd->exits |= HZ_EXIT_TAIL;
            } else {
                long t = direct_target(p, &cr, i, &nd->exits);
                if (t >= 0)
                    add_succ(g, i, (uint32_t)t);
            }
            break;
        case HZ_K_JCC: {
            long t = in->has_target ? direct_target(p, &cr, i, &nd->exits) : -1;
            if (t >= 0)
                add_succ(g, i, (uint32_t)t);
            if (!in->has_target)
                nd->exits |= HZ_EXIT_UNKNOWN;
        }
            /* fall through */
        default:
            if (falls)
                add_succ(g, i, (uint32_t)(i + 1));
            else
                nd->exits |= HZ_EXIT_TAIL; /* off the end of the function (after a call that does not return) */
        }
    }
    /* Entries are reached by calls; referenced code by indirect jumps. */
    for (size_t f = 0; f < p->nfunctions; f++)
        if (p->functions[f].count)
            g->nodes[p->functions[f].first].jump_target = 1;
    for (size_t k = 0; k < nref; k++)
        g->nodes[ref_insn[k]].jump_target = 1;
    free(ref_insn);
    free(refs.v);
    free(cr.v);
}

void hz_cfg_free(struct hz_cfg *g)
{
    free(g->nodes);
    free(g->succ);
    memset(g, 0, sizeof *g);
}

struct hz_bits hz_exit_live(uint8_t exits)
{
    struct hz_bits b = {0, 0};
    if (exits & HZ_EXIT_RETURN)
        b = hz_bits_or(b, hz_return_live());
    if (exits & HZ_EXIT_TAIL)
        b = hz_bits_or(b, hz_tail_live());
    if (exits & HZ_EXIT_UNKNOWN)
        b = hz_bits_or(b, hz_unknown_live());
    return b;
}
