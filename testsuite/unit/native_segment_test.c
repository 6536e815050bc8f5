/* R-ELF-NATIVE as the verifier applies it: the native-only segment (the
 * stub a native run reaches) is accepted in exactly one shape and then
 * counts for nothing; every other shape carrying VX_PF_NATIVE is refused.
 * That the loader never maps it is protections_test's. */
#include "image_builder.h"
#include "vxverify.h"
#include "vx/image_mark.h"
#include "vx/layout.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#define NATIVE (PF_R | PF_X | VX_PF_NATIVE)

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
static const uint8_t data[16] = "data";
/* What a native stub holds: bytes the verifier would never accept as code. */
static const uint8_t stub[32] = {0x0f, 0x05, 0xcd, 0x80, 0x0f, 0x34};

#define CODE_AT VX_IMAGE_MIN
#define DATA_AT (VX_IMAGE_MIN + 0x1000)
#define STUB_AT (VX_IMAGE_MIN + 0x3000)

/* Code, data, and one more segment (the one under test). */
static uint8_t *with_segment(uint64_t vaddr, unsigned flags, size_t filesz, uint64_t memsz, size_t *n)
{
    static uint8_t big[2 * VX_NATIVE_MAX_SIZE];
    memcpy(big, stub, sizeof stub);
    struct ib_image im = {0};
    ib_add(&im, CODE_AT, PF_R | PF_X, nops, sizeof nops, sizeof nops);
    ib_add(&im, DATA_AT, PF_R | PF_W, data, sizeof data, 0x2000);
    ib_add(&im, vaddr, flags, big, filesz, memsz);
    return ib_build(&im, NULL, 0, n);
}

static void expect_refused(uint8_t *f, size_t n, enum vxv_rule rule, const char *why, const char *what)
{
    struct verdict r = check(f, n, NULL);
    cr_expect(r.bad && r.rule == rule && strstr(r.text, why), "%s: want %s '%s', got %s: %s", what,
              vxv_rule_name(rule), why, r.bad ? vxv_rule_name(r.rule) : "safe", r.text);
    free(f);
}

/* The third segment at vaddr, built and refused with R-ELF-NATIVE. */
static void refuse_segment(uint64_t vaddr, unsigned flags, size_t filesz, uint64_t memsz, const char *why,
                           const char *what)
{
    size_t n;
    uint8_t *f = with_segment(vaddr, flags, filesz, memsz, &n);
    expect_refused(f, n, R_ELF_NATIVE, why, what);
}

Test(native_segment, is_accepted_and_counts_for_nothing)
{
    size_t n, plain_n;
    uint8_t *f = with_segment(STUB_AT, NATIVE, sizeof stub, sizeof stub, &n);
    struct ib_image plain = {0};
    ib_add(&plain, CODE_AT, PF_R | PF_X, nops, sizeof nops, sizeof nops);
    ib_add(&plain, DATA_AT, PF_R | PF_W, data, sizeof data, 0x2000);
    uint8_t *p = ib_build(&plain, NULL, 0, &plain_n);
    struct vxv_image with, without;
    struct verdict r = check(f, n, &with);
    cr_assert_eq(r.bad, 0, "%s", r.text);
    cr_assert_eq(check(p, plain_n, &without).bad, 0);
    /* Not a segment, not code, not memory, not the image's end (the heap
     * starts where the data ends). */
    cr_expect_eq(with.nsegments, 2);
    cr_expect_eq(with.mapped_bytes, without.mapped_bytes);
    cr_expect_eq(with.image_end, without.image_end);
    cr_expect_eq(with.image_end, DATA_AT + 0x2000);
    cr_expect_eq(with.code_vaddr, CODE_AT);
    cr_expect_eq(with.code_size, sizeof nops);
    for (unsigned i = 0; i < with.nsegments; i++)
        cr_expect(!(with.seg[i].flags & VX_PF_NATIVE), "segment %u is the native one", i);
    free(f);
    free(p);
}

Test(native_segment, is_refused_in_any_other_shape)
{
    static const unsigned bad_flags[] = {
        PF_R | PF_W | PF_X | VX_PF_NATIVE, /* writable code, natively */
        PF_R | PF_W | VX_PF_NATIVE,        /* data that would stay unmapped */
        PF_R | VX_PF_NATIVE, PF_X | VX_PF_NATIVE, VX_PF_NATIVE,
        NATIVE | 0x00200000,               /* another OS bit */
        NATIVE | 0xf0000000,               /* processor bits */
    };
    for (unsigned i = 0; i < sizeof bad_flags / sizeof *bad_flags; i++) {
        char what[64];
        snprintf(what, sizeof what, "p_flags 0x%x", bad_flags[i]);
        refuse_segment(STUB_AT, bad_flags[i], sizeof stub, sizeof stub, "not exactly PF_R|PF_X", what);
    }
    refuse_segment(STUB_AT, NATIVE, sizeof stub, 0x1000, "file-backed", "memory beyond the file bytes");
    refuse_segment(STUB_AT, NATIVE, VX_NATIVE_MAX_SIZE + 1, VX_NATIVE_MAX_SIZE + 1, "file-backed",
                   "more than a page");
    refuse_segment(VX_TABLE_OFFSET, NATIVE, sizeof stub, sizeof stub, "outside the image area",
                   "on the runtime-call table's page");
    refuse_segment(VX_IMAGE_MAX - 16, NATIVE, sizeof stub, sizeof stub, "outside the image area",
                   "across the image area's end");
}

Test(native_segment, shares_no_page_with_a_mapped_segment)
{
    refuse_segment(CODE_AT + sizeof nops, NATIVE, sizeof stub, sizeof stub, "shares a page",
                   "right after the code, same page");
    refuse_segment(DATA_AT + 0x1800, NATIVE, sizeof stub, sizeof stub, "shares a page", "inside the data's bss");
    refuse_segment(DATA_AT - 16, NATIVE, sizeof stub, sizeof stub, "shares a page",
                   "across the code's and the data's pages");
    /* Listed first, it is still compared with every segment listed after it. */
    struct ib_image im = {0};
    ib_add(&im, CODE_AT + 0x800, NATIVE, stub, sizeof stub, sizeof stub);
    ib_add(&im, CODE_AT, PF_R | PF_X, nops, sizeof nops, sizeof nops);
    im.entry = CODE_AT;
    size_t n;
    uint8_t *f = ib_build(&im, NULL, 0, &n);
    expect_refused(f, n, R_ELF_NATIVE, "shares a page", "native segment listed before the code");
}

Test(native_segment, one_at_most_inside_the_file_and_never_the_entry)
{
    struct ib_image im = {0};
    ib_add(&im, CODE_AT, PF_R | PF_X, nops, sizeof nops, sizeof nops);
    ib_add(&im, STUB_AT, NATIVE, stub, sizeof stub, sizeof stub);
    ib_add(&im, STUB_AT + 0x1000, NATIVE, stub, sizeof stub, sizeof stub);
    size_t n;
    uint8_t *f = ib_build(&im, NULL, 0, &n);
    expect_refused(f, n, R_ELF_NATIVE, "more than one", "two native segments");

    f = with_segment(STUB_AT, NATIVE, sizeof stub, sizeof stub, &n);
    Elf64_Phdr *ph = (Elf64_Phdr *)(f + sizeof(Elf64_Ehdr));
    ph[2].p_offset += 0x100000;
    expect_refused(f, n, R_ELF_NATIVE, "outside the file", "file range past the end");

    f = with_segment(STUB_AT, NATIVE, sizeof stub, sizeof stub, &n);
    ((Elf64_Ehdr *)f)->e_entry = STUB_AT;
    expect_refused(f, n, R_ELF, "entry point", "entry in the native segment");

    /* Without the bit, a second executable segment is code: one at most. */
    f = with_segment(STUB_AT, PF_R | PF_X, sizeof stub, sizeof stub, &n);
    expect_refused(f, n, R_ELF, "more than one executable segment", "second PF_X segment without the bit");
}
