/* What the host sets up for a musl guest besides its image and preopens:
 * the environment (vxrun --env and --inherit-env, struct vx_options.env)
 * and a private /tmp (vxrun --tmp, vx_options.private_tmp), and the
 * messages vxrun gives for bad values. Each test runs linux_calls.elf in a
 * fresh scratch directory: w/ (preopened at /), base/ (TMPDIR, where the
 * private /tmp is made) and outside/keep (which no removal may touch). */
#include "test_shell.h"
#include "vx.h"
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[64];

static void scratch(void)
{
    snprintf(root, sizeof root, "/tmp/vxsetup-XXXXXX");
    cr_assert_not_null(mkdtemp(root));
    cr_assert_eq(sh("cd %s && mkdir w base outside && echo keep > outside/keep", root), 0);
}

static void cleanup(void)
{
    sh("rm -rf %s", root);
}

/* [prefix] vxrun opts --dir /=w linux_calls.elf args in root, its output
 * in out.txt (printed unless quiet: a run meant to fail); its exit status. */
static int run_as(int quiet, const char *prefix, const char *opts, const char *args)
{
    const char *b = build_dir();
    return sh("cd %s && %s %s/vxrun %s --dir /=%s/w %s/linux/linux_calls.elf %s > out.txt 2>&1; rc=$?; "
              "%s; exit $rc", root, prefix, b, opts, root, b, args, quiet ? ":" : "cat out.txt");
}

static int run(const char *prefix, const char *opts, const char *args)
{
    return run_as(0, prefix, opts, args);
}

static int output_has(const char *text)
{
    return sh("grep -qF -- '%s' %s/out.txt", text, root) == 0;
}

static int base_is_empty(void)
{
    return sh("test -z \"$(ls -A %s/base)\"", root) == 0;
}

TestSuite(environment, .init = scratch, .fini = cleanup);

Test(environment, is_empty_by_default)
{
    cr_expect_eq(run("export VX_PROBE=host;", "", "env count:0 not:PATH not:VX_PROBE"), 0,
                 "the guest saw an environment it was not given");
}

Test(environment, env_sets_each_variable_and_a_later_one_replaces_an_earlier)
{
    cr_expect_eq(run("", "--env A=1 --env B=two=parts --env EMPTY= --env A=again",
                     "env has:A=again once:A has:B=two=parts has:EMPTY= count:3"), 0,
                 "--env values did not reach getenv as given");
}

Test(environment, inherit_env_passes_the_hosts_whole_environment)
{
    cr_expect_eq(run("export VX_PROBE=host;", "--inherit-env",
                     "env has:VX_PROBE=host has:HOME=\"$HOME\" count:$(env -0 | tr -cd '\\000' | wc -c)"), 0,
                 "--inherit-env did not pass vxrun's environment");
    cr_expect_eq(run("export VX_PROBE=host;", "--inherit-env --env VX_PROBE=guest",
                     "env has:VX_PROBE=guest once:VX_PROBE"), 0, "--env did not replace an inherited variable");
}

Test(environment, too_large_is_e2big_before_the_guest_runs)
{
    cr_expect_eq(run_as(1, "big=$(head -c 100000 /dev/zero | tr '\\000' x);", "--env A=$big --env B=$big --env C=$big",
                        "env"), 125);
    cr_expect(output_has("environment is too large (E2BIG): 3 strings of 300009 bytes"), "no E2BIG message");
    cr_expect(!output_has("env: 0 failures"), "the guest ran");
}

TestSuite(private_tmp, .init = scratch, .fini = cleanup);

Test(private_tmp, is_fresh_and_writable_and_gone_after_the_run)
{
    cr_expect_eq(run("TMPDIR=$PWD/base", "--tmp", "tmp"), 0, "the guest could not use its /tmp (output above)");
    cr_expect(base_is_empty(), "the private /tmp (deep directories, unreadable ones) was not removed");
}

Test(private_tmp, is_absent_without_the_option)
{
    cr_expect_eq(run_as(1, "TMPDIR=$PWD/base", "", "tmp"), 1, "/tmp existed without --tmp");
    cr_expect(output_has("FAIL line"));
    cr_expect(base_is_empty());
}

/* tmp_hold, ending as how says: once the guest has made /tmp/ready, the
 * host plants symlinks to outside/ in the private directory (at its top
 * and in a subdirectory), then lets the guest go on. */
static int hold(const char *how, const char *opts)
{
    const char *b = build_dir();
    return sh("cd %s && { n=0; while ! ls base/*/ready >/dev/null 2>&1 && [ $n -lt 400 ]; do sleep 0.025; "
              "n=$((n+1)); done; d=$(dirname base/*/ready); ln -s %s/outside $d/link_dir; "
              "ln -s %s/outside/keep $d/link_file; ln -s %s/outside $d/dir/link_deep; ls $d > planted.txt; "
              "echo go; } | TMPDIR=%s/base %s/vxrun --tmp %s --dir /=%s/w %s/linux/linux_calls.elf tmp_hold %s "
              "> out.txt 2>&1; rc=$?; cat out.txt; exit $rc",
              root, root, root, root, root, b, opts, root, b, how);
}

static void removed_without_following_links(void)
{
    cr_expect_eq(sh("grep -q link_dir %s/planted.txt", root), 0, "the links were not planted: no /tmp/ready");
    cr_expect(output_has("tmp_hold: 0 failures"), "the guest could not use its /tmp (output above)");
    cr_expect(base_is_empty(), "the private /tmp was not removed");
    cr_expect_eq(sh("cd %s/outside && test \"$(cat keep)\" = keep && test \"$(ls -A)\" = keep", root), 0,
                 "the removal followed a symlink out of the private /tmp");
}

Test(private_tmp, a_planted_symlink_is_removed_never_followed)
{
    cr_expect_eq(hold("exit", ""), 0);
    removed_without_following_links();
}

Test(private_tmp, is_removed_after_a_guest_fault)
{
    cr_expect_eq(hold("fault", ""), 124);
    cr_expect(output_has("memory fault"));
    removed_without_following_links();
}

Test(private_tmp, is_removed_after_a_cpu_timeout)
{
    cr_expect_eq(hold("spin", "--cpu 0.3"), 124);
    cr_expect(output_has("CPU time limit"));
    removed_without_following_links();
}

TestSuite(vxrun_options, .init = scratch, .fini = cleanup);

Test(vxrun_options, bad_values_name_their_cause_and_exit_125)
{
    static const struct { const char *prefix, *opts, *message; } cases[] = {
        {"", "--env NOEQUALS", "vxrun: --env takes NAME=VALUE (NAME not empty)"},
        {"", "--env =value", "vxrun: --env takes NAME=VALUE (NAME not empty)"},
        {"", "--env", "vxrun: --env takes NAME=VALUE"}, /* it takes the image as its value */
        {"", "--dir /tmp=w --dir /tmp=w", "--dir /tmp=w: preopen /tmp: that guest path is already preopened"},
        {"", "--tmp --dir /tmp=w", "--dir /tmp=w: preopen /tmp: that guest path is already preopened"},
        {"", "--dir /dev/null=w", "preopen /dev/null: that guest path is a built-in device of libvx"},
        {"", "--dir /dev/fd=w", "preopen /dev/fd: that guest path is a built-in device of libvx"},
        {"TMPDIR=$PWD/missing", "--tmp", "vxrun: --tmp: cannot create a private directory in "},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cr_expect_eq(run_as(1, cases[i].prefix, cases[i].opts, "env"), 125, "%s: not a usage error", cases[i].opts);
        cr_expect(output_has(cases[i].message), "%s: no message '%s'", cases[i].opts, cases[i].message);
        cr_expect(!output_has("env: 0 failures"), "%s: the guest ran", cases[i].opts);
    }
}

/* The same through the API. */
TestSuite(api, .init = scratch, .fini = cleanup);

/* Runs linux_calls.elf with args in a sandbox made from o, / preopened on
 * w, its output in out.txt; the run's status, the exit code in *code. */
static vx_status run_api(struct vx_options *o, const char *const *args, int nargs, int *code)
{
    char path[256];
    snprintf(path, sizeof path, "%s/out.txt", root);
    int out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    cr_assert_geq(out, 0);
    o->stdout_fd = out;
    vx_sandbox *sb;
    vx_status st = vx_create(o, &sb);
    if (st == VX_OK) {
        snprintf(path, sizeof path, "%s/w", root);
        cr_assert_eq(vx_preopen(sb, "/", path, 0), VX_OK);
        snprintf(path, sizeof path, "%s/linux/linux_calls.elf", build_dir());
        cr_assert_eq(vx_load_file(sb, path), VX_OK, "%s", vx_error(sb)->message);
        st = vx_run_main(sb, nargs, args, code);
        if (st != VX_EXITED)
            fprintf(stderr, "%s\n", vx_error(sb)->message);
        vx_destroy(sb);
    }
    close(out);
    sh("cat %s/out.txt", root);
    return st;
}

Test(api, env_is_copied_by_vx_create)
{
    struct vx_options o;
    vx_options_init(&o);
    char **env = calloc(3, sizeof *env);
    env[0] = strdup("KEY=value");
    env[1] = strdup("OTHER=2");
    o.env = (const char *const *)env;
    vx_sandbox *sb;
    cr_assert_eq(vx_create(&o, &sb), VX_OK);
    char path[256];
    snprintf(path, sizeof path, "%s/linux/linux_calls.elf", build_dir());
    cr_assert_eq(vx_load_file(sb, path), VX_OK);
    for (int i = 0; i < 2; i++) { /* the caller's copy is gone */
        memset(env[i], 'x', strlen(env[i]));
        free(env[i]);
    }
    free(env);
    const char *args[] = {"linux_calls", "env", "has:KEY=value", "has:OTHER=2", "count:2"};
    int code = -1;
    cr_expect_eq(vx_run_main(sb, 5, args, &code), VX_EXITED);
    cr_expect_eq(code, 0, "the guest did not see the environment vx_create copied");
    cr_expect_eq(vx_run_main(sb, 5, args, &code), VX_EXITED, "a second run lost the environment");
    vx_destroy(sb);
}

/* count strings "Vn=" padded with x to len bytes each (NUL included). */
static char **make_env(int count, size_t len)
{
    char **env = calloc((size_t)count + 1, sizeof *env);
    for (int i = 0; i < count; i++) {
        env[i] = malloc(len);
        int n = snprintf(env[i], len, "V%d=", i);
        memset(env[i] + n, 'x', len - 1 - (size_t)n);
        env[i][len - 1] = 0;
    }
    return env;
}

Test(api, env_limits_hold_exactly)
{
    struct vx_options o;
    vx_sandbox *sb;
    int code = -1;
    char count_arg[32];
    vx_options_init(&o);
    o.env = (const char *const *)make_env(VX_ENV_MAX_STRINGS, VX_ENV_MAX_BYTES / VX_ENV_MAX_STRINGS);
    snprintf(count_arg, sizeof count_arg, "count:%d", VX_ENV_MAX_STRINGS);
    const char *args[] = {"linux_calls", "env", count_arg};
    cr_expect_eq(run_api(&o, args, 3, &code), VX_EXITED, "the largest environment allowed was refused");
    cr_expect_eq(code, 0, "the guest did not see all %d strings", VX_ENV_MAX_STRINGS);
    o.env = (const char *const *)make_env(VX_ENV_MAX_STRINGS + 1, 8);
    cr_expect_eq(vx_create(&o, &sb), VX_ERR_ARG, "one string too many was accepted");
    o.env = (const char *const *)make_env(1, VX_ENV_MAX_BYTES);
    const char *one[] = {"linux_calls", "env", "count:1"};
    code = -1;
    cr_expect_eq(run_api(&o, one, 3, &code), VX_EXITED, "one string of the whole limit was refused");
    cr_expect_eq(code, 0);
    o.env = (const char *const *)make_env(1, VX_ENV_MAX_BYTES + 1);
    cr_expect_eq(vx_create(&o, &sb), VX_ERR_ARG, "one byte too many was accepted");
}

Test(api, an_environment_larger_than_the_stack_is_a_clear_error)
{
    struct vx_options o;
    vx_sandbox *sb;
    int code;
    vx_options_init(&o);
    o.stack_size = 64 * 1024;
    o.env = (const char *const *)make_env(1, 200 * 1024);
    cr_assert_eq(vx_create(&o, &sb), VX_OK);
    char path[256];
    snprintf(path, sizeof path, "%s/linux/linux_calls.elf", build_dir());
    cr_assert_eq(vx_load_file(sb, path), VX_OK);
    const char *args[] = {"linux_calls", "env"};
    cr_expect_eq(vx_run_main(sb, 2, args, &code), VX_ERR_ARG);
    cr_expect_str_eq(vx_error(sb)->message, "arguments and environment do not fit on the guest stack");
    vx_destroy(sb);
}

Test(api, private_tmp_lives_exactly_as_long_as_the_sandbox)
{
    char base[128];
    snprintf(base, sizeof base, "%s/base", root);
    setenv("TMPDIR", base, 1);
    struct vx_options o;
    vx_options_init(&o);
    o.private_tmp = 1;
    vx_sandbox *sb;
    cr_assert_eq(vx_create(&o, &sb), VX_OK);
    cr_expect_eq(sh("cd %s && test $(ls -A | wc -l) = 1 && test -d vx-tmp-* && test \"$(stat -c %%a vx-tmp-*)\" = 700",
                    base), 0, "vx_create did not make one private directory, mode 0700, under $TMPDIR");
    vx_destroy(sb);
    cr_expect(base_is_empty(), "vx_destroy left the private directory");
    const char *args[] = {"linux_calls", "tmp"};
    int code = -1;
    cr_expect_eq(run_api(&o, args, 2, &code), VX_EXITED);
    cr_expect_eq(code, 0, "the guest could not use its /tmp (output above)");
    cr_expect(base_is_empty(), "vx_destroy left what the guest made in /tmp");
    setenv("TMPDIR", "/nonexistent/vx", 1);
    cr_expect_eq(vx_create(&o, &sb), VX_ERR_IO, "a private /tmp that cannot be made did not fail vx_create");
}
