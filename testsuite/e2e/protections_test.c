/* The loader's promises checked against the kernel's view rather than the
 * loader's own bookkeeping: real page protections of a loaded window
 * (/proc/self/maps), the reserved guards around the first and last window
 * of a pool, and the image cache's full comparison on a hash collision. */
#define _GNU_SOURCE
#include "file_bytes.h"
#include "image_builder.h"
#include "test_shell.h"
#include "vx.h"
#include "vx/image_mark.h"
#include "vx/layout.h"
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void vx_cache_test_constant_hash(int on); /* libvx's test hook */

static uint64_t base_of(vx_sandbox *sb)
{
    uint8_t *top = vx_guest_ptr(sb, VX_STACK_TOP - 8, 8, 0);
    cr_assert_not_null(top);
    return (uint64_t)(uintptr_t)(top - (VX_STACK_TOP - 8));
}

struct area { uint64_t lo, hi; char perm[5]; };

/* The kernel's mappings overlapping [lo, hi). */
static unsigned maps_in(uint64_t lo, uint64_t hi, struct area *out, unsigned max)
{
    FILE *f = fopen("/proc/self/maps", "r");
    cr_assert_not_null(f);
    char line[512];
    unsigned n = 0;
    while (fgets(line, sizeof line, f)) {
        struct area a;
        if (sscanf(line, "%lx-%lx %4s", &a.lo, &a.hi, a.perm) == 3 && a.lo < hi && a.hi > lo && n < max)
            out[n++] = a;
    }
    fclose(f);
    return n;
}

/* What the kernel says about sandbox offset off. */
static const char *perm_at(const struct area *a, unsigned n, uint64_t base, uint64_t off)
{
    for (unsigned i = 0; i < n; i++)
        if (base + off >= a[i].lo && base + off < a[i].hi)
            return strcmp(a[i].perm, "---p") ? a[i].perm : "none"; /* reserved, no access */
    return "none";
}

Test(real_protections, a_loaded_guest_matches_its_program_headers)
{
    char path[512];
    snprintf(path, sizeof path, "%s/guests/demo.elf", build_dir());
    uint8_t *file;
    size_t size;
    cr_assert_eq(read_file_bytes(path, &file, &size), 0, "%s: %s", path, read_file_error());
    vx_sandbox *sb;
    struct vx_options o;
    vx_options_init(&o);
    uint64_t o_stack = o.stack_size;
    cr_assert_eq(vx_create(&o, &sb), VX_OK);
    cr_assert_eq(vx_load_memory(sb, file, size), VX_OK, "%s", vx_error(sb)->message);
    uint64_t base = base_of(sb);
    struct area a[64];
    unsigned n = maps_in(base, base + VX_SANDBOX_SIZE, a, 64);
    for (unsigned i = 0; i < n; i++)
        cr_expect(!(a[i].perm[1] == 'w' && a[i].perm[2] == 'x'), "writable and executable: %lx-%lx",
                  a[i].lo, a[i].hi);
    cr_expect_str_eq(perm_at(a, n, base, VX_TABLE_OFFSET), "r--p", "runtime-call table");
    cr_expect_str_eq(perm_at(a, n, base, VX_TABLE_OFFSET - 0x1000), "none", "below the table");
    Elf64_Ehdr *eh = (Elf64_Ehdr *)file;
    Elf64_Phdr *ph = (Elf64_Phdr *)(file + eh->e_phoff);
    uint64_t end = 0;
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz)
            continue;
        /* The native-only stub (R-ELF-NATIVE) is for runs without vxrun: never mapped. */
        const char *want = ph[i].p_flags & VX_PF_NATIVE ? "none"
                           : ph[i].p_flags & PF_X     ? "r-xp"
                           : ph[i].p_flags & PF_W     ? "rw-p"
                                                      : "r--p";
        for (uint64_t off = ph[i].p_vaddr & ~0xfffULL; off < ph[i].p_vaddr + ph[i].p_memsz; off += 0x1000)
            cr_expect_str_eq(perm_at(a, n, base, off), want, "page 0x%llx of segment %u",
                             (unsigned long long)off, i);
        if (ph[i].p_vaddr + ph[i].p_memsz > end)
            end = ph[i].p_vaddr + ph[i].p_memsz;
    }
    end = (end + 0xfff) & ~0xfffULL;
    cr_expect_str_eq(perm_at(a, n, base, end), "none", "right after the image (no heap yet)");
    cr_expect_str_eq(perm_at(a, n, base, 0), "none", "bottom guard");
    cr_expect_str_eq(perm_at(a, n, base, VX_STACK_TOP - 8), "rw-p", "stack");
    cr_expect_str_eq(perm_at(a, n, base, VX_STACK_TOP), "none", "top guard");
    /* Everything accessible in the window is the table, the image or the stack. */
    for (unsigned i = 0; i < n; i++) {
        uint64_t lo = a[i].lo - base, hi = a[i].hi - base;
        cr_expect(!strcmp(a[i].perm, "---p") || (lo >= VX_TABLE_OFFSET && hi <= end) ||
                  (lo >= VX_STACK_TOP - o_stack && hi <= VX_STACK_TOP),
                  "unexpected mapping at offsets 0x%llx-0x%llx %s", (unsigned long long)lo,
                  (unsigned long long)hi, a[i].perm);
    }
    vx_destroy(sb);
    free(file);
}

/* In a child: reading addr must die with SIGSEGV. */
static void expect_read_faults(uint64_t addr)
{
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        signal(SIGSEGV, SIG_DFL);
        volatile uint8_t v = *(volatile uint8_t *)(uintptr_t)addr;
        (void)v;
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    cr_expect(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "reading 0x%llx did not fault (status 0x%x)",
              (unsigned long long)addr, st);
}

/* [lo, hi) is reserved (mapped, no access): nothing else can be put there. */
static void expect_reserved(uint64_t lo, uint64_t hi)
{
    struct area a[8];
    unsigned n = maps_in(lo, hi, a, 8);
    cr_expect(n == 1 && a[0].lo <= lo && a[0].hi >= hi && !strcmp(a[0].perm, "---p"),
              "[0x%llx, 0x%llx) is not one reserved, inaccessible mapping (%u areas)",
              (unsigned long long)lo, (unsigned long long)hi, n);
}

static void probe_guards(int deterministic, unsigned nslots)
{
    struct vx_options o;
    vx_options_init(&o);
    o.deterministic = deterministic;
    o.stack_size = 64 << 10;
    vx_sandbox **sb = calloc(nslots, sizeof *sb);
    uint64_t first = 0, last = 0;
    for (unsigned i = 0; i < nslots; i++) {
        cr_assert_eq(vx_create(&o, &sb[i]), VX_OK, "sandbox %u", i);
        uint64_t b = base_of(sb[i]);
        if (!first || b < first)
            first = b;
        if (b > last)
            last = b;
    }
    cr_expect_eq(last - first, (uint64_t)(nslots - 1) * VX_SANDBOX_SIZE, "the slots of one pool are adjacent");
    expect_reserved(first - VX_GUARD_SIZE, first);
    expect_reserved(last + VX_SANDBOX_SIZE, last + VX_SANDBOX_SIZE + VX_GUARD_SIZE);
    expect_read_faults(first - 1);
    expect_read_faults(first - VX_GUARD_SIZE);
    expect_read_faults(last + VX_SANDBOX_SIZE);
    expect_read_faults(last + VX_SANDBOX_SIZE + VX_GUARD_SIZE - 1);
    for (unsigned i = 0; i < nslots; i++)
        vx_destroy(sb[i]);
    free(sb);
}

/* A fresh process: its first pool holds exactly the sandboxes we create. */
Test(guards, around_the_first_and_last_window_of_a_pool, .timeout = 120) { probe_guards(0, 256); }
Test(guards, around_the_deterministic_windows, .timeout = 60) { probe_guards(1, VX_DET_POOL_SLOTS); }

Test(cache, a_hash_collision_is_verified_not_reused)
{
    uint8_t safe[32] = {IB_NOP32}, unsafe[32] = {0x0f, 0x05}; /* syscall */
    memset(unsafe + 2, 0x90, 30);
    struct ib_image a = {0}, b = {0};
    ib_add(&a, VX_IMAGE_MIN, PF_R | PF_X, safe, 32, 32);
    ib_add(&b, VX_IMAGE_MIN, PF_R | PF_X, unsafe, 32, 32);
    size_t na, nb;
    uint8_t *fa = ib_build(&a, NULL, 0, &na), *fb = ib_build(&b, NULL, 0, &nb);
    cr_assert_eq(na, nb);
    vx_image_cache_clear();
    vx_cache_test_constant_hash(1);
    uint64_t hits0, misses0, hits, misses;
    vx_image_cache_stats(&hits0, &misses0);
    vx_sandbox *sb;
    cr_assert_eq(vx_create(NULL, &sb), VX_OK);
    cr_expect_eq(vx_load_memory(sb, fa, na), VX_OK, "%s", vx_error(sb)->message);
    vx_destroy(sb);
    cr_assert_eq(vx_create(NULL, &sb), VX_OK);
    cr_expect_eq(vx_load_memory(sb, fb, nb), VX_ERR_VERIFY, "a colliding unsafe image reused the verdict");
    vx_destroy(sb);
    cr_assert_eq(vx_create(NULL, &sb), VX_OK);
    cr_expect_eq(vx_load_memory(sb, fa, na), VX_OK);
    vx_destroy(sb);
    vx_image_cache_stats(&hits, &misses);
    cr_expect_eq(hits - hits0, 1, "only the identical image hits");
    cr_expect_eq(misses - misses0, 2);
    vx_cache_test_constant_hash(0);
    vx_image_cache_clear();
    free(fa);
    free(fb);
}
