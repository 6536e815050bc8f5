/* The Linux personality (loader/linux/) as a musl guest sees it: each group
 * of linux_calls.c runs in a fresh scratch tree and must report no failed
 * expectation; the tree around the preopens must be untouched afterwards.
 * Layout (linux_calls.c's header): / writable, /ro read-only, symlinks that
 * point out of the preopen in three ways, and a canary file outside it. */
#include "test_shell.h"
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static char root[64];

static void scratch(void)
{
    snprintf(root, sizeof root, "/tmp/vxlinux-XXXXXX");
    cr_assert_not_null(mkdtemp(root));
    cr_assert_eq(sh("cd %s && mkdir -p w/sub ro && printf 0123456789 > w/data && ln -s .. w/up && "
                    "ln -s /etc/passwd w/abs && ln -s ../../../../etc w/rel_out && echo ro > ro/file && "
                    "echo canary > outside", root), 0);
}

static void cleanup(void)
{
    sh("rm -rf %s", root);
}

TestSuite(personality, .init = scratch, .fini = cleanup);

static int group(const char *name)
{
    const char *b = build_dir();
    return sh("%s/vxrun --memory 64M --dir /=%s/w --dir /ro=%s/ro:ro %s/linux/linux_calls.elf %s > %s/out.txt 2>&1; "
              "rc=$?; cat %s/out.txt; exit $rc", b, root, root, b, name, root, root);
}

static void untouched(void)
{
    cr_expect_eq(sh("test \"$(cat %s/outside)\" = canary && test \"$(cat %s/ro/file)\" = ro && "
                    "test $(ls %s/ro | wc -l) = 1 && test $(ls %s | wc -l) = 4", root, root, root, root), 0,
                 "the guest changed something outside its writable preopen");
}

Test(personality, files_and_descriptors)
{
    cr_expect_eq(group("files"), 0, "a file or descriptor call did not behave as on Linux (output above)");
    untouched();
}

Test(personality, paths_never_leave_a_preopen_and_read_only_holds)
{
    cr_expect_eq(group("confinement"), 0, "a path left its preopen or a read-only preopen was written");
    untouched();
}

Test(personality, memory_stays_in_the_window_and_exhaustion_is_enomem)
{
    cr_expect_eq(group("memory"), 0, "a memory call misbehaved (output above)");
    cr_expect_eq(sh("grep -q \"malloc'd\" %s/out.txt", root), 0, "malloc never returned NULL under the limit");
}

Test(personality, process_time_limits_and_signals)
{
    cr_expect_eq(group("process"), 0, "a process, clock or limit call misbehaved (output above)");
}

Test(personality, every_other_number_is_enosys_and_the_host_is_unaffected)
{
    cr_expect_eq(group("unserved"), 0, "an unserved system call did something");
    cr_expect_eq(sh("grep -q 'unserved numbers answer ENOSYS' %s/out.txt", root), 0);
    untouched();
}

Test(personality, abort_and_raise_end_the_guest_with_the_signal_status)
{
    cr_expect_eq(group("abort"), 134, "abort() did not end the guest as SIGABRT");
    cr_expect_eq(sh("grep -q 'signal 6' %s/out.txt", root), 0, "vxrun did not name the signal");
    cr_expect_eq(group("raise"), 128 + 15, "raise(SIGTERM) did not end the guest as SIGTERM");
}

Test(personality, spec_table_matches_the_code)
{
    cr_expect_eq(sh("python3 testsuite/linux/syscall_table.py --check"), 0,
                 "spec/linux_syscalls.md does not list what loader/linux/syscalls.c serves");
}
