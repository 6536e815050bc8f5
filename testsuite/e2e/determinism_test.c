/* Deterministic mode (spec section 9, promise 5): two separate processes
 * running the same guest print the same bytes, stack and code addresses
 * and clocks included. Without the mode the addresses differ (ASLR), which
 * shows the comparison can fail. */
#define _GNU_SOURCE
#include "test_shell.h"
#include "vx.h"
#include "vx/layout.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void run_once(const char *flags, char *out, size_t n)
{
    char path[] = "/tmp/vx_detXXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    int rc = sh("timeout 20 %s/vxrun %s %s/guests/determinism.elf a b </dev/null >%s 2>&1", build_dir(),
                flags, build_dir(), path);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    size_t got = fread(out, 1, n - 1, f);
    out[got] = 0;
    fclose(f);
    unlink(path);
    cr_assert_eq(rc, 0, "vxrun %s failed (%d): %s", flags, rc, out);
}

Test(determinism, two_processes_print_the_same_bytes)
{
    char a[2048], b[2048];
    run_once("--deterministic", a, sizeof a);
    run_once("--deterministic", b, sizeof b);
    cr_expect_str_eq(a, b, "deterministic runs differ");
    char want[64];
    snprintf(want, sizeof want, "stack=0x%llx", VX_DET_POOL_BASE >> 32);
    cr_expect(strstr(a, want) != NULL, "the first deterministic sandbox is not at 0x%llx:\n%s",
              VX_DET_POOL_BASE, a);
}

Test(determinism, without_the_mode_runs_differ)
{
    FILE *f = fopen("/proc/sys/kernel/randomize_va_space", "r");
    int aslr = f && fgetc(f) != '0';
    if (f)
        fclose(f);
    if (!aslr)
        cr_skip_test("ASLR is off on this machine");
    char a[2048], b[2048];
    run_once("", a, sizeof a);
    run_once("", b, sizeof b);
    cr_expect_str_neq(a, b, "two ordinary runs printed the same addresses and times");
}

static uint64_t base_of(vx_sandbox *sb)
{
    uint8_t *top = vx_guest_ptr(sb, VX_STACK_TOP - 8, 8, 0);
    cr_assert_not_null(top);
    return (uint64_t)(uintptr_t)(top - (VX_STACK_TOP - 8));
}

Test(determinism, bases_are_the_lowest_free_fixed_slots)
{
    struct vx_options o;
    vx_options_init(&o);
    o.deterministic = 1;
    vx_sandbox *sb[VX_DET_POOL_SLOTS + 1];
    for (unsigned i = 0; i < VX_DET_POOL_SLOTS; i++) {
        cr_assert_eq(vx_create(&o, &sb[i]), VX_OK, "slot %u", i);
        cr_expect_eq(base_of(sb[i]), VX_DET_POOL_BASE + i * VX_SANDBOX_SIZE);
    }
    cr_expect_eq(vx_create(&o, &sb[VX_DET_POOL_SLOTS]), VX_ERR_NOMEM, "more sandboxes than fixed slots");
    vx_destroy(sb[3]);
    cr_assert_eq(vx_create(&o, &sb[3]), VX_OK);
    cr_expect_eq(base_of(sb[3]), VX_DET_POOL_BASE + 3 * VX_SANDBOX_SIZE, "a freed slot is reused");
    for (unsigned i = 0; i < VX_DET_POOL_SLOTS; i++)
        vx_destroy(sb[i]);
    vx_sandbox *plain;
    cr_assert_eq(vx_create(NULL, &plain), VX_OK);
    uint64_t b = base_of(plain);
    cr_expect(b % VX_SANDBOX_SIZE == 0 && (b < VX_DET_POOL_BASE - VX_SANDBOX_SIZE ||
              b >= VX_DET_POOL_BASE + (VX_DET_POOL_SLOTS + 1) * VX_SANDBOX_SIZE),
              "an ordinary sandbox inside the fixed range: 0x%llx", (unsigned long long)b);
    vx_destroy(plain);
}
