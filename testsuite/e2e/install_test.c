/* make install: a staged install (DESTDIR) holds the tools, the guest
 * runtime, libvx and its header, in a layout the installed vxcc finds by
 * itself; it does not register anything; and an install whose binfmt_misc
 * registration fails (no root) still succeeds and says what to do. */
#include "test_shell.h"
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[64];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/vx-install-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    sh("rm -rf %s", tmpdir);
}

#define STAGED "%s/stage/opt/vx"
/* make from inside make test: not the parent's jobserver or level. */
#define MAKE "env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s"

static void expect_files(const char *root, const char *const *files)
{
    for (int i = 0; files[i]; i++)
        cr_expect_eq(sh("test -s %s/%s", root, files[i]), 0, "%s/%s is missing", root, files[i]);
}

/* make's B= for the build under test: none for the default build/, whose
 * dependency files name their targets relative to the source tree. */
static const char *build_arg(char *out, size_t size)
{
    char *real_build = realpath(build_dir(), NULL), *real_default = realpath(VX_SRC_DIR "/build", NULL);
    int same = real_build && real_default && !strcmp(real_build, real_default);
    if (same)
        out[0] = 0;
    else
        snprintf(out, size, "B=%s", build_dir());
    free(real_build);
    free(real_default);
    return out;
}

/* One test, so two installs never run at once in one build tree (make
 * test has built everything install needs: nothing is rebuilt). */
Test(install, staged_and_unprivileged_installs, .init = make_tmpdir, .fini = remove_tmpdir, .timeout = 300)
{
    char b[PATH_MAX + 8];
    build_arg(b, sizeof b);
    cr_assert_eq(sh(MAKE " install %s DESTDIR=%s/stage PREFIX=/opt/vx > %s/install.txt 2>&1", b, tmpdir, tmpdir), 0,
                 "make install with DESTDIR failed (see %s/install.txt)", tmpdir);
    cr_expect_eq(sh("grep -q 'DESTDIR is set: not registering' %s/install.txt", tmpdir), 0,
                 "a staged install did not say it skipped the registration");
    char root[128];
    snprintf(root, sizeof root, STAGED, tmpdir);
    static const char *const files[] = {
        "bin/vxcc", "bin/vxrun", "bin/vxverify", "lib/libvx.a", "lib/libvx.so", "include/vx.h",
        "lib/vx/guest/crt0.o", "lib/vx/guest/vx.ld", "lib/vx/guest/libc.a", "lib/vx/guest/libvxrt.a",
        "lib/vx/guest/libgcc.a", "lib/vx/guest/target", "lib/vx/guest/include/stdio.h",
        "lib/vx/guest/include/vx/guest.h", NULL};
    expect_files(root, files);

    /* The installed vxcc finds its guest runtime beside itself; the
     * installed tools verify and run what it builds. */
    cr_expect_eq(sh("cd %s && env -u VX_GUEST_DIR %s/bin/vxcc -O2 %s/testsuite/guests/run_as_prog.c -o prog.elf && "
                    "%s/bin/vxverify prog.elf | grep -q 'safe (vx mark, format 1)' && "
                    "%s/bin/vxrun prog.elf 5 > prog.txt; test $? = 5 && grep -qx 'argv.1.=5' prog.txt", tmpdir, root,
                    VX_SRC_DIR, root, root), 0, "a guest built, verified and run with the installed tools");
    /* A host embeds libvx from the installed header and library. */
    cr_expect_eq(sh("cd %s && printf '%%s\\n' '#include <vx.h>' '#include <stdio.h>' "
                    "'int main(int c, char **v) { vx_sandbox *sb; int code = -1; vx_create(NULL, &sb);' "
                    "'if (vx_load_file(sb, v[1]) != VX_OK) return 99;' "
                    "'vx_run_main(sb, c - 1, (const char *const *)v + 1, &code);' "
                    "'vx_destroy(sb); return code; }' > host.c && "
                    "cc -I%s/include host.c %s/lib/libvx.a -o host -lcapstone -lZydis -lelf -lpthread -lrt && "
                    "./host prog.elf 6 > /dev/null; test $? = 6", tmpdir, root, root), 0,
                 "a host linked with the installed libvx");

    /* Registration needs root: without it the install still succeeds. */
    const char *as_nobody = geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
    cr_assert_eq(sh("mkdir -p %s/p && chown -R 65534 %s/p 2>/dev/null; chmod 755 %s", tmpdir, tmpdir, tmpdir), 0);
    cr_expect_eq(sh("%s" MAKE " install %s PREFIX=%s/p > %s/p.txt 2>&1", as_nobody, b, tmpdir, tmpdir), 0,
                 "an install without root failed (see %s/p.txt)", tmpdir);
    cr_expect_eq(sh("grep -q 'needs root' %s/p.txt && grep -q \"will not run as ./prog until root runs "
                    "%s/p/bin/vxrun --register\" %s/p.txt", tmpdir, tmpdir, tmpdir), 0,
                 "the install did not say why vx images will not run as ./prog");
    cr_expect_eq(sh("test -x %s/p/bin/vxrun", tmpdir), 0);
}
