/* Lua 5.4 and zlib, built unmodified with CC=vxcc (testsuite/ports.mk):
 * they verify, run in the sandbox, and print exactly what the native builds
 * print. Each sandboxed run sees only its own scratch directory as "/". */
#include "test_shell.h"
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static void make_scratch(char *dir, size_t size, const char *tag)
{
    snprintf(dir, size, "/tmp/vxport-%s-XXXXXX", tag);
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(sh("mkdir -p %s/native %s/vx", dir, dir), 0);
}

Test(ports, binaries_verify)
{
    const char *b = build_dir();
    cr_expect_eq(sh("%s/vxverify -q %s/ports/vx/lua/src/lua %s/ports/vx/lua/src/luac %s/ports/vx/zlib/example "
                    "%s/ports/vx/zlib/minigzip", b, b, b, b, b), 0, "a vxcc-built port does not verify");
}

struct script {
    char name[64];
};

static void free_scripts(struct criterion_test_params *p)
{
    cr_free(p->params);
}

/* testsuite/lua held 6 scripts in 2026-12. */
Test(ports, lua_scripts_are_all_there)
{
    size_t n = 0;
    DIR *d = opendir("testsuite/lua");
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += strstr(e->d_name, ".lua") != NULL;
    if (d)
        closedir(d);
    cr_assert_geq(n, 5, "testsuite/lua: only %zu scripts", n);
}

ParameterizedTestParameters(ports, lua_script_matches_native)
{
    struct script *s = cr_malloc(sizeof *s * 32);
    size_t n = 0;
    DIR *d = opendir("testsuite/lua");
    struct dirent *e;
    while (d && (e = readdir(d)) && n < 32)
        if (strstr(e->d_name, ".lua"))
            snprintf(s[n++].name, sizeof s->name, "%.60s", e->d_name);
    if (d)
        closedir(d);
    return cr_make_param_array(struct script, s, n, free_scripts);
}

ParameterizedTest(struct script *s, ports, lua_script_matches_native, .timeout = 120)
{
    char dir[128];
    make_scratch(dir, sizeof dir, "lua");
    const char *b = build_dir();
    cr_assert_eq(sh("cp testsuite/lua/%s %s/native/ && cp testsuite/lua/%s %s/vx/", s->name, dir, s->name, dir), 0);
    int native = sh("cd %s/native && %s/ports/native/lua/src/lua %s > ../native.out 2>&1", dir, b, s->name);
    int vx = sh("cd %s/vx && %s/vxrun --dir /=%s/vx %s/ports/vx/lua/src/lua %s > ../vx.out 2>&1", dir, b, dir, b,
                s->name);
    cr_expect_eq(native, 0, "%s fails natively", s->name);
    cr_expect_eq(vx, native, "%s: exit %d in the sandbox, %d natively", s->name, vx, native);
    cr_expect_eq(sh("cmp -s %s/native.out %s/vx.out", dir, dir), 0, "%s: output differs:\n%s", s->name,
                 (sh("diff %s/native.out %s/vx.out | head -20 >&2", dir, dir), "(diff on stderr)"));
    cr_expect_eq(sh("test -s %s/native.out", dir), 0, "%s printed nothing", s->name);
    sh("rm -rf %s", dir);
}

Test(ports, zlib_example_matches_native, .timeout = 120)
{
    char dir[128];
    make_scratch(dir, sizeof dir, "zex");
    const char *b = build_dir();
    int native = sh("cd %s/native && %s/ports/native/zlib/example > ../native.out 2>&1", dir, b);
    int vx = sh("%s/vxrun --dir /=%s/vx %s/ports/vx/zlib/example > %s/vx.out 2>&1", b, dir, b, dir);
    cr_expect_eq(native, 0);
    cr_expect_eq(vx, 0, "zlib's example fails in the sandbox");
    cr_expect_eq(sh("cmp -s %s/native.out %s/vx.out", dir, dir), 0, "zlib example output differs");
    sh("rm -rf %s", dir);
}

Test(ports, minigzip_round_trips_and_agrees_with_native, .timeout = 120)
{
    char dir[128];
    make_scratch(dir, sizeof dir, "gz");
    const char *b = build_dir();
    /* A few MiB of mixed text and binary. */
    cr_assert_eq(sh("cd %s && (cat %s/vxverify %s/libvx.a; seq 1 200000) > in.bin", dir, b, b), 0);
    cr_expect_eq(sh("%s/vxrun %s/ports/vx/zlib/minigzip < %s/in.bin > %s/vx.gz", b, b, dir, dir), 0);
    cr_expect_eq(sh("%s/ports/native/zlib/minigzip < %s/in.bin > %s/native.gz", b, dir, dir), 0);
    cr_expect_eq(sh("cmp -s %s/vx.gz %s/native.gz", dir, dir), 0, "compressed bytes differ from native");
    cr_expect_eq(sh("%s/vxrun %s/ports/vx/zlib/minigzip -d < %s/native.gz | cmp -s - %s/in.bin", b, b, dir, dir), 0,
                 "sandboxed inflate does not restore the input");
    cr_expect_eq(sh("gzip -dc %s/vx.gz | cmp -s - %s/in.bin", dir, dir), 0, "gzip cannot read the sandbox's output");
    sh("rm -rf %s", dir);
}
