/* Images whose bytes Capstone and Zydis read differently are rejected
 * (R-INSN-DECODERS), through the library and the vxverify command. */
#include "mini_elf.h"
#include "test_shell.h"
#include "vxverify.h"
#include "first_violation.h"
#include <criterion/criterion.h>
#include <elf.h>
#include <stdio.h>
#include <string.h>

/* vaddps {ru-sae},%zmm1,%zmm0,%zmm0 (6 bytes for the CPU, objdump, LLVM,
 * Zydis; 7 for Capstone 4.0.2) followed by a bare ret. */
static const uint8_t hidden_ret[] = {0x62, 0xf1, 0x7c, 0x58, 0x58, 0xc1, 0xc3};

struct image {
    uint8_t bytes[0x2000];
};

/* One code segment of 32 bytes at 0x200000: code, then nops. */
static void make_image(struct image *im, const uint8_t *code, size_t n)
{
    memset(im, 0, sizeof *im);
    Elf64_Ehdr *eh = (Elf64_Ehdr *)im->bytes;
    mini_elf_header(eh, 1);
    Elf64_Phdr *ph = (Elf64_Phdr *)(im->bytes + sizeof *eh);
    ph[0] = (Elf64_Phdr){.p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 0x1000,
                         .p_vaddr = 0x200000, .p_filesz = 32, .p_memsz = 32, .p_align = 0x1000};
    memset(im->bytes + 0x1000, 0x90, 32);
    memcpy(im->bytes + 0x1000, code, n);
}


static struct first check(const struct image *im, int full_decode)
{
    struct first f = {0};
    struct vxv_policy policy = {.full_decode = full_decode};
    struct vxv_sink sink = {.report = keep_first, .ctx = &f};
    struct vxv_image info;
    vxv_check_image(im->bytes, sizeof im->bytes, &policy, &sink, &info);
    return f;
}

Test(decoders, hidden_ret_after_evex_rounding_is_rejected)
{
    enum vxv_rule want = vxv_rule_from_name("R-INSN-DECODERS");
    cr_assert_neq(want, VXV_OK, "no rule R-INSN-DECODERS");
    struct image im;
    make_image(&im, hidden_ret, sizeof hidden_ret);
    for (int full = 0; full <= 1; full++) {
        struct first f = check(&im, full);
        cr_expect(f.n > 0 && f.rule == want && f.addr == 0x200000,
                  "full_decode=%d: %u violations, first %s at 0x%llx (%s)", full, f.n,
                  f.n ? vxv_rule_name(f.rule) : "none", (unsigned long long)f.addr, f.text);
        /* The diagnostic names both readings. */
        cr_expect(strstr(f.text, "Capstone") && strstr(f.text, "Zydis"), "why: %s", f.text);
    }
}

Test(decoders, vxverify_rejects_the_image_both_ways)
{
    struct image im;
    make_image(&im, hidden_ret, sizeof hidden_ret);
    const char *path = "/tmp/vxv-decoders-hidden-ret.elf";
    FILE *fp = fopen(path, "wb");
    cr_assert_not_null(fp);
    fwrite(im.bytes, 1, sizeof im.bytes, fp);
    fclose(fp);
    cr_expect_eq(sh("%s/vxverify %s | grep -q R-INSN-DECODERS", build_dir(), path), 0,
                 "vxverify does not report R-INSN-DECODERS");
    cr_expect_eq(sh("%s/vxverify -q %s", build_dir(), path), 1, "vxverify accepts the image");
    cr_expect_eq(sh("%s/vxverify -q --full-decode %s", build_dir(), path), 1,
                 "vxverify --full-decode accepts the image");
}

Test(decoders, the_same_code_without_rounding_is_safe)
{
    /* vaddps %zmm1,%zmm0,%zmm0 (EVEX.b = 0): both decoders read 6 bytes. */
    static const uint8_t plain[] = {0x62, 0xf1, 0x7c, 0x48, 0x58, 0xc1};
    struct image im;
    make_image(&im, plain, sizeof plain);
    for (int full = 0; full <= 1; full++) {
        struct first f = check(&im, full);
        cr_expect_eq(f.n, 0, "full_decode=%d: %s (%s)", full, vxv_rule_name(f.rule), f.text);
    }
}

static void count_decoders(void *ctx, const struct vxv_violation *v)
{
    unsigned *n = ctx;
    *n += v->rule == R_INSN_DECODERS;
}

/* The walker remembers encodings Zydis confirmed, never ones it rejected:
 * every copy of a disagreement is reported, after copies of agreeing ones. */
Test(decoders, every_copy_is_judged)
{
    static const uint8_t good[] = {0x62, 0xf1, 0x7c, 0x48, 0x58, 0xc1, 0x48, 0x8b, 0x44, 0x24, 0x08};
    uint8_t code[32 * 8];
    memset(code, 0x90, sizeof code);
    for (unsigned k = 0; k < 8; k++)
        if (k % 2)
            memcpy(code + 32 * k, hidden_ret, sizeof hidden_ret);
        else
            memcpy(code + 32 * k, good, sizeof good);
    for (int full = 0; full <= 1; full++) {
        unsigned n = 0;
        struct vxv_policy policy = {.full_decode = full};
        struct vxv_sink sink = {.report = count_decoders, .ctx = &n};
        unsigned bad = vxv_check_code(code, sizeof code, 0x200000, &policy, &sink);
        cr_expect(bad == 4 && n == 4, "full_decode=%d: %u violations, %u R-INSN-DECODERS, want 4", full, bad, n);
    }
}
