/* R-ELF as the verifier applies it (vxv_check_elf / vxv_check_image): the
 * rules the loader relies on for memory accounting and protections. */
#include "image_builder.h"
#include "vxverify.h"
#include "vx/layout.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

struct verdict { unsigned bad; enum vxv_rule rule; char text[256]; };

static void first(void *ctx, const struct vxv_violation *v)
{
    struct verdict *r = ctx;
    if (!r->text[0]) {
        r->rule = v->rule;
        snprintf(r->text, sizeof r->text, "%s", v->text);
    }
}

static struct verdict check(const uint8_t *f, size_t n, struct vxv_image *img)
{
    struct verdict r = {0};
    struct vxv_policy policy = {0};
    struct vxv_sink sink = {.report = first, .ctx = &r};
    struct vxv_image scratch;
    r.bad = vxv_check_image(f, n, &policy, &sink, img ? img : &scratch);
    return r;
}

static const uint8_t nops[64] = {IB_NOP32, IB_NOP32};

static uint8_t *two_segments(unsigned data_flags, uint64_t data_vaddr, uint64_t data_memsz, size_t *n)
{
    static const uint8_t data[16] = "data";
    struct ib_image im = {0};
    ib_add(&im, VX_IMAGE_MIN, PF_R | PF_X, nops, sizeof nops, sizeof nops);
    ib_add(&im, data_vaddr, data_flags, data, sizeof data, data_memsz);
    return ib_build(&im, NULL, 0, n);
}

Test(elf_rules, every_loaded_segment_needs_pf_r)
{
    static const unsigned unreadable[] = {0, PF_W, PF_X};
    for (unsigned i = 0; i < 3; i++) {
        size_t n;
        uint8_t *f = two_segments(unreadable[i], 0x300000, 0x1000, &n);
        struct verdict r = check(f, n, NULL);
        cr_expect(r.bad && r.rule == R_ELF && strstr(r.text, "PF_R"), "flags %u: %s", unreadable[i], r.text);
        free(f);
    }
    struct ib_image im = {0};
    ib_add(&im, VX_IMAGE_MIN, PF_X, nops, sizeof nops, sizeof nops); /* execute-only code */
    size_t n;
    uint8_t *f = ib_build(&im, NULL, 0, &n);
    struct verdict r = check(f, n, NULL);
    cr_expect(r.bad && strstr(r.text, "PF_R"), "execute-only code: %s", r.text);
    free(f);
}

Test(elf_rules, readable_segments_pass_and_are_counted_by_their_pages)
{
    size_t n;
    uint8_t *f = two_segments(PF_R | PF_W, 0x40000010, 0x3000, &n); /* a GiB away */
    struct vxv_image img;
    struct verdict r = check(f, n, &img);
    cr_assert_eq(r.bad, 0, "%s", r.text);
    cr_expect_eq(img.mapped_bytes, 0x1000 + 0x4000, "code page + 4 pages of data, nothing between");
    cr_expect_eq(img.image_end, 0x40004000);
    cr_expect_eq(img.code_offset, 0x1000);
    free(f);
}

Test(elf_rules, program_header_table_shape)
{
    size_t n;
    uint8_t *f = two_segments(PF_R, 0x300000, 0x1000, &n);
    Elf64_Ehdr *eh = (Elf64_Ehdr *)f;
    eh->e_phentsize = 64;
    cr_expect(check(f, n, NULL).bad, "e_phentsize other than 56");
    eh->e_phentsize = sizeof(Elf64_Phdr);
    eh->e_phnum = 65;
    cr_expect(check(f, n, NULL).bad, "more than 64 program headers");
    eh->e_phnum = 2;
    eh->e_phoff = n - 8;
    cr_expect(check(f, n, NULL).bad, "program headers past the end");
    eh->e_phoff = sizeof *eh;
    cr_expect_eq(check(f, n, NULL).bad, 0);
    cr_expect(check(f, sizeof *eh - 1, NULL).bad, "truncated header");
    free(f);
}
