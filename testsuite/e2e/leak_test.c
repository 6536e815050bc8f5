/* libvx under LeakSanitizer: 10,000 full sandbox lifecycles (create,
 * preopen, load with the cache cold and warm, run main, call exports, hit a
 * fault, destroy) must leave no heap block, descriptor or mapping behind. */
#include "vx.h"
#include <criterion/criterion.h>
#include <sanitizer/lsan_interface.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *guest(const char *name)
{
    static char buf[512];
    const char *b = getenv("VX_BUILD") ? getenv("VX_BUILD") : "build";
    snprintf(buf, sizeof buf, "%s/guests/%s.elf", b, name);
    return buf;
}

static long count_lines(const char *path)
{
    FILE *f = fopen(path, "r");
    long n = 0;
    int c;
    while (f && (c = fgetc(f)) != EOF)
        n += c == '\n';
    if (f)
        fclose(f);
    return n;
}

static long open_fds(void)
{
    char cmd[128];
    /* Files and directories only: Criterion's runner opens and closes
     * pipes, sockets and eventfds of its own at any moment, and libvx opens
     * none of those. */
    snprintf(cmd, sizeof cmd, "ls -l /proc/%d/fd | grep -c -e ' -> /'", (int)getpid());
    FILE *p = popen(cmd, "r");
    long n = -1;
    if (p && fscanf(p, "%ld", &n) != 1)
        n = -1;
    if (p)
        pclose(p);
    return n;
}

static void one_lifecycle(int i)
{
    struct vx_options o;
    vx_options_init(&o);
    o.stdout_fd = -1;
    vx_sandbox *sb;
    cr_assert_eq(vx_create(&o, &sb), VX_OK);
    cr_assert_eq(vx_preopen(sb, "/tmp", "/tmp", VX_PREOPEN_READONLY), VX_OK);
    if (i % 100 == 0)
        vx_image_cache_clear();
    cr_assert_eq(vx_load_file(sb, guest("exports")), VX_OK, "%s", vx_error(sb)->message);
    uint64_t r;
    cr_assert_eq(vx_call(sb, "add3", 3, (uint64_t[]){1, 2, 3}, &r), VX_OK);
    cr_assert_eq(r, 6);
    if (i % 10 == 0)
        cr_assert_eq(vx_call(sb, "crash", 0, NULL, &r), VX_FAULT_SEGV);
    int code;
    cr_assert_eq(vx_run_main(sb, 1, (const char *[]){"exports"}, &code), VX_EXITED);
    vx_destroy(sb);
}

Test(leaks, ten_thousand_lifecycles_leave_nothing_behind, .timeout = 900)
{
    one_lifecycle(0); /* first-use allocations (signal stacks, tables) happen once */
    long fds = open_fds(), maps = count_lines("/proc/self/maps");
    for (int i = 1; i <= 10000; i++)
        one_lifecycle(i);
    vx_image_cache_clear();
    cr_expect_eq(__lsan_do_recoverable_leak_check(), 0, "LeakSanitizer found leaks (see stderr)");
    cr_expect_eq(open_fds(), fds, "descriptors leaked");
    long after = count_lines("/proc/self/maps");
    cr_expect(after <= maps + 2, "mappings grew from %ld to %ld", maps, after);
}
