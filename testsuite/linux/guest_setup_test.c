/* What the host sets up for a musl guest besides its image and preopens:
 * the environment (vxrun --env and --inherit-env, struct vx_options.env),
 * and the messages vxrun gives for bad values. Each test runs
 * linux_calls.elf in a fresh scratch directory: w/ (preopened at /). */
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
    cr_assert_eq(sh("cd %s && mkdir w", root), 0);
}

static void cleanup(void)
{
    sh("rm -rf %s", root);
}

/* [prefix] vxrun opts --dir /=w linux_calls.elf args in root, its output
 * in out.txt (and printed); vxrun's exit status. */
static int run(const char *prefix, const char *opts, const char *args)
{
    const char *b = build_dir();
    return sh("cd %s && %s %s/vxrun %s --dir /=%s/w %s/linux/linux_calls.elf %s > out.txt 2>&1; rc=$?; "
              "cat out.txt; exit $rc", root, prefix, b, opts, root, b, args);
}

static int output_has(const char *text)
{
    return sh("grep -qF -- '%s' %s/out.txt", text, root) == 0;
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
    cr_expect_eq(run("big=$(head -c 100000 /dev/zero | tr '\\000' x);", "--env A=$big --env B=$big --env C=$big",
                     "env"), 125);
    cr_expect(output_has("environment is too large (E2BIG): 3 strings of 300009 bytes"), "no E2BIG message");
    cr_expect(!output_has("env: 0 failures"), "the guest ran");
}

TestSuite(vxrun_options, .init = scratch, .fini = cleanup);

Test(vxrun_options, bad_values_name_their_cause_and_exit_125)
{
    static const struct { const char *prefix, *opts, *message; } cases[] = {
        {"", "--env NOEQUALS", "vxrun: --env takes NAME=VALUE (NAME not empty)"},
        {"", "--env =value", "vxrun: --env takes NAME=VALUE (NAME not empty)"},
        {"", "--env", "vxrun: --env takes NAME=VALUE"}, /* it takes the image as its value */
        {"", "--dir /tmp=w --dir /tmp=w", "--dir /tmp=w: preopen /tmp: that guest path is already preopened"},
        {"", "--dir /dev/null=w", "preopen /dev/null: that guest path is a built-in device of libvx"},
        {"", "--dir /dev/fd=w", "preopen /dev/fd: that guest path is a built-in device of libvx"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cr_expect_eq(run(cases[i].prefix, cases[i].opts, "env"), 125, "%s: not a usage error", cases[i].opts);
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
