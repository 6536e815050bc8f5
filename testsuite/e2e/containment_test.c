/* What a crafted image can make the CPU fetch, and what the host accessors
 * hand out: every executable byte is verified code or a trap (R-LAYOUT-WX),
 * the native-only segment is never mapped (R-ELF-NATIVE), every pointer
 * vx_guest_ptr returns is really accessible (R-ELF: PF_R). */
#define _GNU_SOURCE
#include "image_builder.h"
#include "vx.h"
#include "vx/image_mark.h"
#include "vx/layout.h"
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static vx_status run_bytes(const uint8_t *file, size_t size, vx_sandbox **out, vx_status *load)
{
    vx_sandbox *sb;
    struct vx_options o;
    vx_options_init(&o);
    o.cpu_seconds = 2;
    cr_assert_eq(vx_create(&o, &sb), VX_OK);
    *load = vx_load_memory(sb, file, size);
    int code = 0;
    vx_status st = *load == VX_OK ? vx_run_main(sb, 0, NULL, &code) : *load;
    *out = sb;
    return st;
}

/* A bundle that aims %rax at host_byte and jumps (masked) to target. */
static void aim_and_jump(uint8_t code[32], volatile uint8_t *host_byte, uint32_t target)
{
    uint8_t b[32] = {0x48, 0xb8};                    /* movabs $host_byte, %rax */
    uint64_t a = (uint64_t)(uintptr_t)host_byte;
    memcpy(b + 2, &a, 8);
    b[10] = 0xb9;                                    /* mov $target, %ecx */
    memcpy(b + 11, &target, 4);
    const uint8_t tail[] = {0x83, 0xe1, 0xe0,        /* and $-32, %ecx */
                            0x4c, 0x01, 0xf1,        /* add %r14, %rcx */
                            0xff, 0xe1};             /* jmp *%rcx */
    memcpy(b + 15, tail, sizeof tail);
    memset(b + 23, 0x90, 9);
    memcpy(code, b, 32);
}

/* Every byte of the code pages outside [code, code+len) is int3. */
static void expect_trap_fill(vx_sandbox *sb, uint64_t code_vaddr, size_t len)
{
    const uint8_t *code = vx_guest_ptr(sb, code_vaddr, len, 0);
    cr_assert_not_null(code);
    const uint8_t *base = code - code_vaddr;
    uint64_t lo = code_vaddr & ~0xfffULL, hi = (code_vaddr + len + 0xfff) & ~0xfffULL;
    for (uint64_t a = lo; a < hi; a++)
        if (a < code_vaddr || a >= code_vaddr + len)
            cr_assert_eq(base[a], 0xcc, "byte at 0x%llx on a code page is 0x%02x, not int3",
                         (unsigned long long)a, base[a]);
}

static volatile uint8_t host_bytes[64] __attribute__((aligned(64)));

static void masked_jump_outside_code(uint64_t code_vaddr, uint32_t target)
{
    for (unsigned i = 0; i < sizeof host_bytes; i++)
        host_bytes[i] = 0;
    uint8_t code[32];
    aim_and_jump(code, &host_bytes[1], target);
    struct ib_image im = {.entry = code_vaddr};
    ib_add(&im, code_vaddr, PF_R | PF_X, code, sizeof code, sizeof code);
    size_t size;
    uint8_t *file = ib_build(&im, NULL, 0, &size);
    vx_sandbox *sb;
    vx_status load, st = run_bytes(file, size, &sb, &load);
    cr_assert_eq(load, VX_OK, "%s", vx_error(sb)->message);
    cr_expect_eq(host_bytes[1], 0, "the guest wrote host memory through unverified bytes");
    cr_expect_eq(st, VX_FAULT_TRAP, "got %s (%s)", vx_status_name(st), vx_error(sb)->message);
    /* int3 is a trap: the CPU reports the byte after it. */
    cr_expect_eq(vx_error(sb)->guest_pc, target + 1, "pc 0x%llx",
                 (unsigned long long)vx_error(sb)->guest_pc);
    expect_trap_fill(sb, code_vaddr, sizeof code);
    vx_destroy(sb);
    free(file);
}

Test(code_pages, masked_jump_to_the_bundle_after_the_code_traps)
{
    masked_jump_outside_code(VX_IMAGE_MIN, VX_IMAGE_MIN + 32);
}

Test(code_pages, masked_jump_to_the_page_start_before_the_code_traps)
{
    masked_jump_outside_code(VX_IMAGE_MIN + 0x40, VX_IMAGE_MIN);
}

Test(code_pages, masked_jump_to_the_last_bundle_of_the_page_traps)
{
    masked_jump_outside_code(VX_IMAGE_MIN, VX_IMAGE_MIN + 0x1000 - 32);
}

/* The native-only segment holds bytes no verifier would accept (here a
 * store through the host pointer in %rax): the loader never maps them, so
 * a masked jump there faults at its first byte, and no accessor hands it out. */
Test(code_pages, the_native_only_segment_is_never_mapped)
{
    for (unsigned i = 0; i < sizeof host_bytes; i++)
        host_bytes[i] = 0;
    const uint64_t stub_at = VX_IMAGE_MIN + 0x2000;
    uint8_t code[32], stub[32];
    aim_and_jump(code, &host_bytes[1], (uint32_t)stub_at);
    memset(stub, 0x90, sizeof stub);
    memcpy(stub, (const uint8_t[]){0xc6, 0x00, 0x01}, 3); /* movb $1, (%rax) */
    struct ib_image im = {0};
    ib_add(&im, VX_IMAGE_MIN, PF_R | PF_X, code, sizeof code, sizeof code);
    ib_add(&im, stub_at, PF_R | PF_X | VX_PF_NATIVE, stub, sizeof stub, sizeof stub);
    size_t size;
    uint8_t *file = ib_build(&im, NULL, 0, &size);
    vx_sandbox *sb;
    vx_status load, st = run_bytes(file, size, &sb, &load);
    cr_assert_eq(load, VX_OK, "%s", vx_error(sb)->message);
    cr_expect_eq(host_bytes[1], 0, "the native-only bytes ran in the sandbox");
    cr_expect_eq(st, VX_FAULT_SEGV, "got %s (%s)", vx_status_name(st), vx_error(sb)->message);
    cr_expect_eq(vx_error(sb)->guest_pc, stub_at, "pc 0x%llx", (unsigned long long)vx_error(sb)->guest_pc);
    cr_expect_null(vx_guest_ptr(sb, stub_at, 1, 0), "an accessor hands out the native-only segment");
    vx_destroy(sb);
    free(file);
}

Test(code_pages, falling_off_the_code_end_traps)
{
    const uint8_t code[] = {IB_NOP32};
    struct ib_image im = {0};
    ib_add(&im, VX_IMAGE_MIN, PF_R | PF_X, code, sizeof code, sizeof code);
    size_t size;
    uint8_t *file = ib_build(&im, NULL, 0, &size);
    vx_sandbox *sb;
    vx_status load, st = run_bytes(file, size, &sb, &load);
    cr_assert_eq(load, VX_OK, "%s", vx_error(sb)->message);
    cr_expect_eq(st, VX_FAULT_TRAP, "got %s (%s)", vx_status_name(st), vx_error(sb)->message);
    cr_expect_eq(vx_error(sb)->guest_pc, VX_IMAGE_MIN + 32 + 1);
    vx_destroy(sb);
    free(file);
}

/* Real accessibility, probed without faulting: the kernel answers EFAULT. */
static int really_readable(const void *p, size_t n)
{
    int fd[2];
    cr_assert_eq(pipe(fd), 0);
    int ok = write(fd[1], p, n) == (ssize_t)n;
    close(fd[0]);
    close(fd[1]);
    return ok;
}

static int really_writable(void *p, size_t n)
{
    static uint8_t keep[4096];
    if (n > sizeof keep || !really_readable(p, n))
        return 0;
    memcpy(keep, p, n);
    int fd[2];
    cr_assert_eq(pipe(fd), 0);
    cr_assert_eq(write(fd[1], keep, n), (ssize_t)n);
    int ok = read(fd[0], p, n) == (ssize_t)n; /* writes the same bytes back */
    close(fd[0]);
    close(fd[1]);
    return ok;
}

/* Whatever vx_guest_ptr hands out over the image area is really accessible. */
static void expect_accessors_honest(vx_sandbox *sb)
{
    static const uint64_t lens[] = {1, 8, 0x1000};
    for (uint64_t a = VX_TABLE_OFFSET - 0x1000; a < 0x340000; a += 0x400)
        for (unsigned l = 0; l < 3; l++) {
            void *r = vx_guest_ptr(sb, a, lens[l], 0);
            void *w = vx_guest_ptr(sb, a, lens[l], 1);
            if (r)
                cr_expect(really_readable(r, lens[l]), "vx_guest_ptr(0x%llx, %llu) is not readable",
                          (unsigned long long)a, (unsigned long long)lens[l]);
            if (w)
                cr_expect(really_writable(w, lens[l]), "vx_guest_ptr(0x%llx, %llu, write) is not writable",
                          (unsigned long long)a, (unsigned long long)lens[l]);
        }
}

static vx_sandbox *load_with_segment(unsigned flags, vx_status *load)
{
    static const uint8_t code[] = {IB_NOP32};
    static const uint8_t data[64] = "some data";
    struct ib_image im = {0};
    ib_add(&im, VX_IMAGE_MIN, PF_R | PF_X, code, sizeof code, sizeof code);
    ib_add(&im, 0x300000, flags, data, sizeof data, 0x2000);
    ib_add(&im, 0x320000, PF_R | PF_W, data, sizeof data, 0x100);
    size_t size;
    uint8_t *file = ib_build(&im, NULL, 0, &size);
    vx_sandbox *sb;
    cr_assert_eq(vx_create(NULL, &sb), VX_OK);
    *load = vx_load_memory(sb, file, size);
    free(file);
    return sb;
}

Test(protections, a_segment_without_pf_r_is_refused)
{
    static const unsigned no_read[] = {0, PF_W};
    for (unsigned i = 0; i < 2; i++) {
        vx_status load;
        vx_sandbox *sb = load_with_segment(no_read[i], &load);
        if (load == VX_OK)
            expect_accessors_honest(sb);
        cr_expect_eq(load, VX_ERR_VERIFY, "flags %u: a segment without PF_R was loaded", no_read[i]);
        cr_expect(strstr(vx_error(sb)->message, "PF_R") != NULL, "%s", vx_error(sb)->message);
        vx_destroy(sb);
    }
}

Test(protections, accessors_agree_with_pages_segments_and_holes)
{
    static const unsigned flags[] = {PF_R, PF_R | PF_W};
    for (unsigned i = 0; i < 2; i++) {
        vx_status load;
        vx_sandbox *sb = load_with_segment(flags[i], &load);
        cr_assert_eq(load, VX_OK, "%s", vx_error(sb)->message);
        expect_accessors_honest(sb);
        cr_expect_not_null(vx_guest_ptr(sb, 0x300000, 0x2000, 0), "the segment is readable");
        cr_expect_eq(vx_guest_ptr(sb, 0x300000, 8, 1) != NULL, (flags[i] & PF_W) != 0);
        cr_expect_null(vx_guest_ptr(sb, 0x310000, 8, 0), "the hole between segments");
        cr_expect_null(vx_guest_ptr(sb, 0x2ff000, 8, 0), "the hole before the segment");
        cr_expect_null(vx_guest_ptr(sb, VX_TABLE_OFFSET, 8, 0), "the runtime-call table");
        vx_destroy(sb);
    }
}
