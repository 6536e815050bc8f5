/* The bundle walker: decodes every code byte linearly, applies the
 * per-instruction rules, recognises locked sequences (spec sections 4-6) and
 * finally checks every direct branch target. */
#include "fast_insn.h"
#include "insn_check.h"
#include "insn_table.h"
#include "prefault.h"
#include "regs.h"
#include "vxverify.h"
#include "zydis_check.h"
#include "../include/vx/layout.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_START = 1, F_INTERIOR = 2 };

struct branch {
    uint64_t from, target;
};
#define HISTORY 4

struct walker {
    csh handle;
    struct zydis_check zydis;     /* the second decoder (R-INSN-DECODERS) */
    char why[256];                /* its message for the last R-INSN-DECODERS */
    struct zydis_memo *memo;      /* fast-path readings Zydis confirmed; may be NULL */
    const uint8_t *code;
    size_t size;
    uint64_t vaddr;
    const struct vxv_policy *policy;
    struct vxv_sink *sink;
    uint8_t *flags;               /* per code byte: F_START | F_INTERIOR */
    struct insn_facts hist[HISTORY]; /* hist[0] = previous instruction */
    unsigned nhist;
    struct branch *branches;      /* direct branches, checked at the end */
    size_t nbranches, cap;
};

static int stopped(const struct walker *w)
{
    return w->policy->max_errors && w->sink->count >= w->policy->max_errors;
}

/* why, when set, replaces the disassembly as the message. */
static void report_why(struct walker *w, uint64_t addr, enum vxv_rule rule, const char *why)
{
    struct vxv_violation v = {.addr = addr, .rule = rule};
    size_t off = addr - w->vaddr;
    cs_insn *insn = NULL;
    size_t n = off < w->size ? cs_disasm(w->handle, w->code + off, w->size - off, addr, 1, &insn) : 0;
    if (n) {
        v.len = insn->size;
        snprintf(v.text, sizeof v.text, "%.31s%s%.200s", insn->mnemonic, insn->op_str[0] ? " " : "",
                 insn->op_str);
        cs_free(insn, n);
    } else {
        v.len = w->size - off < 4 ? (unsigned)(w->size - off) : 4;
        snprintf(v.text, sizeof v.text, "(bad)");
    }
    if (why)
        snprintf(v.text, sizeof v.text, "%s", why);
    memcpy(v.bytes, w->code + off, v.len);
    w->sink->count++;
    if (w->sink->report)
        w->sink->report(w->sink->ctx, &v);
}

static void report(struct walker *w, uint64_t addr, enum vxv_rule rule)
{
    report_why(w, addr, rule, NULL);
}

static int same_bundle(uint64_t a, uint64_t b) { return a / VX_BUNDLE_SIZE == b / VX_BUNDLE_SIZE; }

static void mark_interior(struct walker *w, const struct insn_facts *f)
{
    w->flags[f->addr - w->vaddr] |= F_INTERIOR;
}

/* Does hist[k] followed by hist[k-1] form "32-bit write %eR; add %r14,%rR"
 * in the current bundle, as a pair ending right before cur? */
static int sandboxed_pair(const struct walker *w, unsigned k, int reg, int want_mask,
                          int want_self, const struct insn_facts *cur)
{
    if (w->nhist < k + 1)
        return 0;
    const struct insn_facts *a = &w->hist[k], *b = &w->hist[k - 1];
    return a->role == ROLE_W32 && a->reg == reg && (!want_mask || a->mask32) &&
           (!want_self || a->mov_self) && b->role == ROLE_ADDBASE && b->reg == reg &&
           same_bundle(a->addr, cur->addr);
}

/* Is hist[0] a 32-bit write of reg (zero-extending) in cur's bundle? */
static int after_w32(const struct walker *w, int reg, const struct insn_facts *cur)
{
    return w->nhist >= 1 && w->hist[0].role == ROLE_W32 && w->hist[0].reg == reg &&
           same_bundle(w->hist[0].addr, cur->addr);
}

static enum vxv_rule check_sequences(struct walker *w, struct insn_facts *f)
{
    /* Rebasing (add %r14 or lea (%r14,%rX)) and the %rsp write only as the
     * second half of a pair: a 32-bit write first, so the sum is inside
     * the window; entering between the two is a direct-branch violation. */
    if (f->role == ROLE_ADDBASE || f->role == ROLE_RSP_SET) {
        int ok = after_w32(w, f->role == ROLE_RSP_SET ? GPR_R11 : f->reg, f);
        if (!ok)
            return f->role == ROLE_RSP_SET ? R_RSP_WRITE : R_RSP_ADD;
        mark_interior(w, f);
        return VXV_OK;
    }
    if (f->role == ROLE_IBRANCH) {
        if (!sandboxed_pair(w, 1, f->reg, 1, 0, f))
            return R_CF_MASKED;
        mark_interior(w, &w->hist[0]);
        mark_interior(w, f);
        return VXV_OK;
    }
    if (f->role == ROLE_RET) {
        /* mov $0xffffffe0,%r11d ; and %r11,(%rsp) ; or %r14,(%rsp) ; ret */
        const struct insn_facts *h = w->hist;
        if (!(w->nhist >= 3 && h[0].role == ROLE_RET_OR && h[1].role == ROLE_RET_AND &&
              h[2].role == ROLE_W32 && h[2].reg == GPR_R11 && h[2].mov_mask &&
              same_bundle(h[2].addr, f->addr)))
            return R_CF_RET;
        mark_interior(w, &h[0]);
        mark_interior(w, &h[1]);
        mark_interior(w, f);
        return VXV_OK;
    }
    if (f->role == ROLE_STRING) {
        /* rsi pair (if used) comes first, then the rdi pair, then the op. */
        unsigned k = 1;
        if (f->str_rdi) {
            if (!sandboxed_pair(w, k, GPR_RDI, 0, 1, f))
                return R_STR;
            k += 2;
        }
        if (f->str_rsi && !sandboxed_pair(w, k, GPR_RSI, 0, 1, f))
            return R_STR;
        unsigned used = (f->str_rdi + f->str_rsi) * 2;
        for (unsigned i = 0; i + 1 < used; i++)
            mark_interior(w, &w->hist[i]);
        mark_interior(w, f);
    }
    return VXV_OK;
}

static void push_history(struct walker *w, const struct insn_facts *f)
{
    memmove(&w->hist[1], &w->hist[0], sizeof w->hist[0] * (HISTORY - 1));
    w->hist[0] = *f;
    if (w->nhist < HISTORY)
        w->nhist++;
}

static void add_branch(struct walker *w, uint64_t from, uint64_t target)
{
    if (w->nbranches == w->cap) {
        /* compiled code has about one direct branch per 16 code bytes */
        size_t old = w->cap;
        w->cap = w->cap ? w->cap * 2 : w->size / 16 + 1024;
        struct branch *n = realloc(w->branches, w->cap * sizeof *n);
        if (!n) {
            report(w, from, R_CF_DIRECT); /* cannot prove it: reject */
            return;
        }
        w->branches = n;
        prefault(n + old, (w->cap - old) * sizeof *n);
    }
    w->branches[w->nbranches++] = (struct branch){from, target};
}

/* Fast path first; Capstone for everything it declines. Either way Zydis
 * must read the accepted instruction the same way (R-INSN-DECODERS). A
 * fast-path reading Zydis does not confirm goes to Capstone and Zydis, so
 * the verdict and its message are those of --full-decode. Returns the rule
 * the instruction breaks, or R_INSN_UNDECODABLE with *len == 0. */
static enum vxv_rule decode_and_check(struct walker *w, cs_insn *insn, const uint8_t **p,
                                      size_t *left, uint64_t *addr, struct insn_facts *f)
{
    const uint8_t *start = *p;
    size_t avail = *left;
    if (!w->policy->full_decode) {
        struct fast_reading fr;
        unsigned len = fast_check_reading(*p, *left, *addr, f, &fr);
        struct memo_probe probe;
        int ok = len && zydis_memo_has(w->memo, *p, len, MEMO_FAST, &fr, &probe);
        if (len && !ok && !zydis_differs_fast(&w->zydis, *p, *left, f, &fr, w->why, sizeof w->why)) {
            zydis_memo_add(w->memo, &probe);
            ok = 1;
        }
        if (ok) {
            *p += len;
            *left -= len;
            *addr += len;
            return VXV_OK;
        }
    }
    if (!cs_disasm_iter(w->handle, p, left, addr, insn))
        return R_INSN_UNDECODABLE;
    enum vxv_rule r = check_insn(w->handle, insn, w->policy, f);
    struct memo_probe probe;
    if (r != VXV_OK || zydis_memo_has(w->memo, start, insn->size, MEMO_CAPSTONE, NULL, &probe))
        return r;
    if (zydis_differs_capstone(&w->zydis, w->handle, insn, start, avail, f, w->why, sizeof w->why))
        return R_INSN_DECODERS;
    zydis_memo_add(w->memo, &probe);
    return VXV_OK;
}

static void walk(struct walker *w, cs_insn *insn)
{
    const uint8_t *p = w->code;
    size_t left = w->size;
    uint64_t addr = w->vaddr;
    while (left && !stopped(w)) {
        uint64_t at = addr;
        struct insn_facts f;
        enum vxv_rule r = decode_and_check(w, insn, &p, &left, &addr, &f);
        if (addr == at) {
            /* Resynchronise at the next bundle: indirect targets can only be there. */
            report(w, at, R_INSN_UNDECODABLE);
            uint64_t next = (at / VX_BUNDLE_SIZE + 1) * VX_BUNDLE_SIZE;
            size_t skip = next - at < left ? next - at : left;
            p += skip - (addr - at);
            left -= skip - (addr - at);
            addr = at + skip;
            w->nhist = 0;
            continue;
        }
        w->flags[at - w->vaddr] |= F_START;
        if (r == VXV_OK && (at % VX_BUNDLE_SIZE) + f.len > VX_BUNDLE_SIZE)
            r = R_CF_BUNDLE;
        if (r == VXV_OK)
            r = check_sequences(w, &f);
        if (r == VXV_OK && f.is_call && (at + f.len) % VX_BUNDLE_SIZE != 0)
            r = R_CF_CALLEND;
        if (r != VXV_OK)
            report_why(w, at, r, r == R_INSN_DECODERS ? w->why : NULL);
        if (f.is_direct)
            add_branch(w, at, f.target);
        push_history(w, &f);
    }
}

static void check_branch_targets(struct walker *w)
{
    for (size_t i = 0; i < w->nbranches && !stopped(w); i++) {
        uint64_t t = w->branches[i].target;
        /* Offset 0 starts the bottom guard, which is never mapped: a call
         * there (an undefined weak function) faults cleanly. */
        int ok = t == 0 || (t >= w->vaddr && t - w->vaddr < w->size &&
                            (w->flags[t - w->vaddr] & (F_START | F_INTERIOR)) == F_START);
        if (!ok)
            report(w, w->branches[i].from, R_CF_DIRECT);
    }
}

unsigned vxv_check_code(const uint8_t *code, size_t size, uint64_t vaddr,
                        const struct vxv_policy *policy, struct vxv_sink *sink)
{
    return vxv_check_code_starts(code, size, vaddr, policy, sink, NULL);
}

unsigned vxv_check_code_starts(const uint8_t *code, size_t size, uint64_t vaddr,
                               const struct vxv_policy *policy, struct vxv_sink *sink,
                               uint8_t *starts)
{
    unsigned before = sink->count;
    if (starts)
        memset(starts, 0, size);
    struct walker w = {.code = code, .size = size, .vaddr = vaddr, .policy = policy, .sink = sink};
    if (zydis_check_init(&w.zydis) || cs_open(CS_ARCH_X86, CS_MODE_64, &w.handle) != CS_ERR_OK) {
        sink->count++;
        return 1;
    }
    cs_option(w.handle, CS_OPT_DETAIL, CS_OPT_ON);
    insn_table_init(w.handle);
    cs_insn *insn = cs_malloc(w.handle);
    w.memo = zydis_memo_new(size);
    w.flags = calloc(size ? size : 1, 1);
    if (w.flags)
        prefault(w.flags, size);
    if (!insn || !w.flags || vaddr % VX_BUNDLE_SIZE) {
        report(&w, vaddr, R_CF_BUNDLE);
    } else {
        walk(&w, insn);
        check_branch_targets(&w);
        for (size_t i = 0; starts && i < size; i++)
            starts[i] = (w.flags[i] & F_START) != 0;
    }
    free(w.flags);
    free(w.branches);
    zydis_memo_free(w.memo);
    if (insn)
        cs_free(insn, 1);
    cs_close(&w.handle);
    return sink->count - before;
}
