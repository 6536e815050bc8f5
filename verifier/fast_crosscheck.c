/* Differential check of the fast path against the Capstone rules and
 * Zydis, for the test suites and the fuzzer. */
#include "fast_insn.h"
#include "insn_table.h"
#include "zydis_check.h"
#include <stdio.h>

static __thread csh handle;
static __thread cs_insn *insn;
static __thread struct zydis_check zydis;
static __thread int zydis_ready;

static int open_capstone(void)
{
    if (insn)
        return 0;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK)
        return -1;
    cs_option(handle, CS_OPT_DETAIL, CS_OPT_ON);
    insn_table_init(handle);
    insn = cs_malloc(handle);
    return insn ? 0 : -1;
}

int fast_disagrees(const uint8_t *p, size_t left, uint64_t addr, char *why, size_t why_size)
{
    struct insn_facts fast, full;
    struct fast_reading reading;
    unsigned len = fast_check_reading(p, left, addr, &fast, &reading);
    if (!len)
        return 0;
    /* The walker would send this instruction on to Capstone and Zydis; for
     * the tests it is still a fast-path error. */
    if (!zydis_ready && zydis_check_init(&zydis) == 0)
        zydis_ready = 1;
    if (!zydis_ready) {
        snprintf(why, why_size, "zydis unavailable");
        return 1;
    }
    if (zydis_differs_fast(&zydis, p, left, &fast, &reading, why, why_size))
        return 1;
    if (open_capstone()) {
        snprintf(why, why_size, "capstone unavailable");
        return 1;
    }
    const uint8_t *q = p;
    size_t n = left;
    uint64_t a = addr;
    if (!cs_disasm_iter(handle, &q, &n, &a, insn)) {
        snprintf(why, why_size, "fast path accepts %u bytes Capstone cannot decode", len);
        return 1;
    }
    if (insn->size != len) {
        snprintf(why, why_size, "length %u, Capstone %u (%s %s)", len, insn->size, insn->mnemonic,
                 insn->op_str);
        return 1;
    }
    struct vxv_policy policy = {0};
    enum vxv_rule r = check_insn(handle, insn, &policy, &full);
    if (r != VXV_OK) {
        snprintf(why, why_size, "accepted, full rules say %s (%s %s)", vxv_rule_name(r),
                 insn->mnemonic, insn->op_str);
        return 1;
    }
    /* --full-decode would compare Capstone with Zydis: same verdict needed. */
    if (zydis_differs_capstone(&zydis, handle, insn, p, left, &full, why, why_size))
        return 1;
    if (fast.role != full.role || fast.reg != full.reg || fast.mask32 != full.mask32 ||
        fast.mov_self != full.mov_self || fast.mov_mask != full.mov_mask || fast.is_call != full.is_call ||
        fast.is_direct != full.is_direct || (full.is_direct && fast.target != full.target)) {
        snprintf(why, why_size,
                 "facts differ (%s %s): role %d/%d reg %d/%d mask %d/%d self %d/%d call %d/%d direct %d/%d",
                 insn->mnemonic, insn->op_str, fast.role, full.role, fast.reg, full.reg, fast.mask32,
                 full.mask32, fast.mov_self, full.mov_self, fast.is_call, full.is_call,
                 fast.is_direct, full.is_direct);
        return 1;
    }
    return 0;
}
