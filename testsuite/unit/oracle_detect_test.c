/* The execution oracle can fail: known-bad bundles fed straight to its
 * runner (bypassing the verifier) are reported in the class they belong
 * to, and plain good code is not. These hold whatever the verifier says. */
#include "oracle.h"
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static struct vxo_report *run_one(const char *hex, const uint32_t *starts, int strict_rsp)
{
    uint8_t bundle[1][32];
    memset(bundle[0], 0x90, 32);
    unsigned n = 0;
    for (const char *p = hex; *p && n < 32;) {
        char *end;
        unsigned long v = strtoul(p, &end, 16);
        if (end == p)
            break;
        bundle[0][n++] = (uint8_t)v;
        p = end;
    }
    struct vxo_config c;
    vxo_config_init(&c);
    c.patterns = 8;
    c.strict_rsp = strict_rsp;
    struct vxo_report *r = calloc(1, sizeof *r);
    cr_assert_not_null(r);
    cr_assert_eq(vxo_run_bundles(&c, (const uint8_t (*)[32])bundle, starts, 1, r), 0, "runner failed");
    cr_assert_eq(r->runs, 8, "%s: every pattern ran", hex);
    return r;
}

static void expect_class(const char *hex, enum vxo_class cls)
{
    struct vxo_report *r = run_one(hex, NULL, 0);
    vxo_report_print(r, hex, 0);
    cr_expect_gt(r->seen[cls], 0, "%s: expected %s", hex, vxo_class_name(cls));
    cr_expect_gt(r->findings, 0, "%s: expected findings", hex);
    free(r);
}

/* Page fault outside the window, or #GP from a non-canonical address. */
static void expect_escape(const char *hex)
{
    struct vxo_report *r = run_one(hex, NULL, 0);
    vxo_report_print(r, hex, 0);
    cr_expect_eq(r->seen[VXO_ESCAPE_ACCESS] + r->seen[VXO_ESCAPE_GP], r->runs, "%s: every run escapes", hex);
    free(r);
}

/* Class 2: bts with a register bit offset writes EA + (%rax >> 3). */
Test(oracle_detect, bts_register_offset_escapes)
{
    struct vxo_report *r = run_one("48 0f ab 04 24", NULL, 0);
    vxo_report_print(r, "bts %rax,(%rsp)", 0);
    cr_expect_eq(r->seen[VXO_ESCAPE_ACCESS] + r->seen[VXO_ESCAPE_GP], r->runs,
                 "every poisoned run of bts %%rax,(%%rsp) escapes");
    free(r);
}

/* Class 1: the zero bytes of a code page tail are `add %al,(%rax)`. */
Test(oracle_detect, zero_page_tail_escapes)
{
    expect_escape("00 00 00 00 00 00 00 00");
}

Test(oracle_detect, unsandboxed_load_escapes) { expect_escape("48 8b 08"); }
Test(oracle_detect, unmasked_jump_escapes)
{
    struct vxo_report *r = run_one("ff e0", NULL, 0);
    cr_expect_eq(r->seen[VXO_ESCAPE_CONTROL], r->runs, "canonical targets step outside, others #GP");
    free(r);
}

Test(oracle_detect, unmasked_return_escapes)
{
    struct vxo_report *r = run_one("c3", NULL, 0);
    cr_expect_eq(r->seen[VXO_ESCAPE_CONTROL], r->runs, "the poisoned stack word is no window address");
    free(r);
}
Test(oracle_detect, r14_write_is_seen) { expect_class("49 89 c6", VXO_R14); }
Test(oracle_detect, rsp_write_is_seen) { expect_class("48 89 c4", VXO_RSP); }
Test(oracle_detect, gs_base_write_is_seen) { expect_class("f3 48 0f ae d8", VXO_GSBASE); }
Test(oracle_detect, fs_base_write_is_seen) { expect_class("f3 48 0f ae d0", VXO_FSBASE); }
Test(oracle_detect, add_base_to_unmasked_register_escapes) { expect_escape("4c 01 f0 8b 00"); }

/* A verifier that got an instruction length wrong: here its starts claim
 * `mov %rcx,%rax` (48 89 c8) is 1 + 2 bytes. */
Test(oracle_detect, cpu_length_difference_is_seen)
{
    uint32_t starts[1] = {1u};                 /* right: 0, 3, then the nops */
    for (unsigned i = 3; i < 32; i++)
        starts[0] |= 1u << i;
    struct vxo_report *r = run_one("48 89 c8 48 89 c8", starts, 0);
    cr_expect_eq(r->seen[VXO_CPU_LENGTH], 0, "the CPU stops at 3, which the starts include");
    free(r);
    starts[0] = 1u | 1u << 2;                  /* wrong: claims 0 and 2, CPU goes 0, 3 */
    for (unsigned i = 6; i < 32; i++)
        starts[0] |= 1u << i;
    r = run_one("48 89 c8 48 89 c8", starts, 0);
    cr_expect_eq(r->seen[VXO_CPU_LENGTH], r->runs, "every run stops at byte 3, not a claimed start");
    free(r);
}

/* The transient %esp value of the old pair `mov %eax,%esp ; add %r14,%rsp`
 * is its own class: a finding with strict_rsp (the default since the pair
 * became `OP ...,%r11d ; lea (%r14,%r11),%rsp`), only counted without. */
Test(oracle_detect, rsp_transient_is_a_named_class)
{
    struct vxo_report *r = run_one("89 c4 4c 01 f4", NULL, 0);
    cr_expect_eq(r->seen[VXO_RSP_TRANSIENT], r->runs);
    cr_expect_eq(r->findings, 0, "not a finding by default");
    free(r);
    r = run_one("89 c4 4c 01 f4", NULL, 1);
    cr_expect_eq(r->findings, r->runs, "a finding with strict_rsp");
    free(r);
}

/* And no false alarms: sandboxed code ends contained. */
Test(oracle_detect, sandboxed_code_is_clean)
{
    static const char *const good[] = {
        "90",                                          /* falls into the trap */
        "65 67 8b 08 65 67 89 0c 98",                  /* %gs loads and stores */
        "48 89 44 24 08 48 8b 84 24 00 00 08 00",      /* %rsp-relative */
        "83 e0 e0 4c 01 f0 ff e0",                     /* masked jump */
        "41 bb e0 ff ff ff 4c 21 1c 24 4c 09 34 24 c3", /* masked return */
        "89 f6 4c 01 f6 89 ff 4c 01 f7 f3 48 a5",      /* rep movsq */
        "65 67 0f 28 48 01",                           /* movaps, misaligned: #GP in the window */
        "65 67 0f ae 10",                              /* ldmxcsr: #GP on reserved bits, or a fault */
        "41 89 c3 4b 8d 24 1e",                        /* mov %eax,%r11d ; lea (%r14,%r11),%rsp */
    };
    for (unsigned i = 0; i < sizeof good / sizeof *good; i++) {
        struct vxo_report *r = run_one(good[i], NULL, 1);
        vxo_report_print(r, good[i], 1);
        cr_expect_eq(r->findings, 0, "%s: no findings", good[i]);
        free(r);
    }
}

/* Vector registers are poisoned too, their upper halves included: one
 * pattern is all ones, so some run faults at exactly that address. */
static void expect_vector_poison(const char *hex)
{
    struct vxo_report *r = run_one(hex, NULL, 0);
    int all_ones = 0;
    for (unsigned e = 0; e < r->nexample[VXO_ESCAPE_ACCESS]; e++)
        all_ones |= r->example[VXO_ESCAPE_ACCESS][e].addr == ~0ULL;
    cr_expect_eq(r->seen[VXO_ESCAPE_ACCESS], r->runs, "%s: every run escapes", hex);
    cr_expect(all_ones, "%s: the all-ones vector pattern reached the load", hex);
    free(r);
}

Test(oracle_detect, xmm_poison_reaches_addresses) { expect_vector_poison("66 48 0f 7e c0 48 8b 00"); }
Test(oracle_detect, ymm_upper_poison_reaches_addresses)
{
    expect_vector_poison("c4 e3 7d 39 c0 01 66 48 0f 7e c0 48 8b 00"); /* vextracti128 $1 ; movq ; load */
}
