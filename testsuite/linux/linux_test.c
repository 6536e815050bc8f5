/* The Linux personality (loader/linux/) as a musl guest sees it: each group
 * of linux_calls.c runs in a fresh scratch tree and must report no failed
 * expectation; the tree around the preopens must be untouched afterwards.
 * Layout (linux_calls.c's header): / writable, /ro read-only, symlinks that
 * point out of the preopen in three ways, and a canary file outside it.
 * /dev is never preopened but in one test: the built-in devices serve it. */
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

/* Runs one group with the standard preopens and any further options. */
static int group_with(const char *options, const char *name)
{
    const char *b = build_dir();
    return sh("%s/vxrun --memory 64M --dir /=%s/w --dir /ro=%s/ro:ro %s %s/linux/linux_calls.elf %s > %s/out.txt 2>&1; "
              "rc=$?; cat %s/out.txt; exit $rc", b, root, root, options, b, name, root, root);
}

static int group(const char *name)
{
    return group_with("", name);
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

Test(personality, links_modes_times_and_owners_stay_inside)
{
    cr_assert_eq(sh("touch -d @5000 %s/outside && chmod 0644 %s/outside", root, root), 0);
    cr_expect_eq(group("links"), 0, "a link, mode, time, owner or flock call misbehaved (output above)");
    cr_expect_eq(sh("test \"$(stat -c '%%a %%Y %%h' %s/outside)\" = '644 5000 1'", root), 0,
                 "the canary outside the preopen changed: a path escaped");
    untouched();
}

Test(personality, closed_stdio_is_dev_null_not_a_libvx_descriptor)
{
    const char *b = build_dir();
    cr_expect_eq(sh("%s/vxrun --dir /=%s/w %s/linux/linux_calls.elf closed_stdio <&- 2>&-", b, root, b), 0,
                 "with vxrun's stdin and stderr closed, the guest's 0 or 2 was not /dev/null (output above)");
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

Test(personality, built_in_devices_serve_dev_without_any_preopen_of_it)
{
    cr_expect_eq(group("devices"), 0, "a built-in device did not behave as on Linux (output above)");
    untouched();
}

Test(personality, dev_fd_and_dev_stdout_duplicate_the_guests_own_descriptors)
{
    cr_expect_eq(group("dev_fd"), 0, "/dev/fd/N or /dev/std* misbehaved (output above)");
    cr_expect_eq(sh("grep -q '^A-B-C$' %s/out.txt", root), 0,
                 "a write through /dev/stdout did not follow on at descriptor 1's offset");
}

Test(personality, a_shell_style_redirect_to_dev_null_swallows_the_output)
{
    cr_expect_eq(group("devnull_redirect"), 0, "open + dup2 of /dev/null failed (output above)");
    cr_expect_eq(sh("grep -q VISIBLE-AFTER %s/out.txt", root), 0, "the output after restoring stdout is missing");
    cr_expect_neq(sh("grep -q HIDDEN %s/out.txt", root), 0, "output written to /dev/null reached the host");
}

Test(personality, a_preopen_at_dev_serves_other_names_and_the_built_ins_still_win)
{
    char options[128];
    cr_assert_eq(sh("mkdir %s/devdir && echo host > %s/devdir/null && echo custom > %s/devdir/custom", root, root,
                    root), 0);
    snprintf(options, sizeof options, "--dir /dev=%s/devdir", root);
    cr_expect_eq(group_with(options, "dev_preopen"), 0, "a preopen at /dev and the built-ins mixed wrongly");
    cr_expect_eq(sh("test \"$(cat %s/devdir/null)\" = host && test $(ls %s/devdir | wc -l) = 2", root, root), 0,
                 "the guest changed the host's directory behind /dev");
}

Test(personality, dev_urandom_is_the_virtual_stream_in_deterministic_mode)
{
    const char *b = build_dir();
    const char *run = "%s/vxrun %s %s/linux/linux_calls.elf print_urandom | head -1 > %s/%s";
    cr_assert_eq(sh(run, b, "--deterministic", b, root, "det1"), 0);
    cr_assert_eq(sh(run, b, "--deterministic", b, root, "det2"), 0);
    cr_assert_eq(sh(run, b, "", b, root, "host1"), 0);
    cr_assert_eq(sh(run, b, "", b, root, "host2"), 0);
    cr_expect_eq(sh("cd %s && test $(wc -c < det1) = 33 && cmp -s det1 det2", root), 0,
                 "deterministic runs read different /dev/urandom bytes");
    cr_expect_neq(sh("cd %s && cmp -s host1 host2", root), 0, "two ordinary runs read the same /dev/urandom bytes");
}

Test(personality, spec_table_matches_the_code)
{
    cr_expect_eq(sh("python3 testsuite/linux/syscall_table.py --check"), 0,
                 "spec/linux_syscalls.md does not list what loader/linux/syscalls.c serves");
}
