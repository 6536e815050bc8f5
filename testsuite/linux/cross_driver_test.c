/* vxcc as a cross compiler for x86_64-vx-linux-musl, the way configure,
 * libtool and CMake use one: the triple, the predefined macros, library
 * search that never sees the host's libraries, -shared builds that a later
 * static link takes, musl's pthread.h, and the questions build systems ask. */
#include "test_shell.h"
#include <criterion/criterion.h>
#include <string.h>

static char dir[64];

static void scratch(void)
{
    snprintf(dir, sizeof dir, "/tmp/vxcross-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void cleanup(void) { sh("rm -rf %s", dir); }

TestSuite(cross, .init = scratch, .fini = cleanup);

/* A shell command in the scratch directory with vxcc as $CC. */
#define IN_DIR(fmt, ...) sh("cd %s && CC='%s/vxcc' && " fmt, dir, build_dir(), ##__VA_ARGS__)

Test(cross, the_triple_is_one_config_sub_accepts)
{
    cr_expect_eq(IN_DIR("test \"$($CC -dumpmachine)\" = x86_64-vx-linux-musl"), 0, "wrong -dumpmachine");
    cr_expect_eq(IN_DIR("test \"$(/usr/share/misc/config.sub $($CC -dumpmachine))\" = x86_64-vx-linux-musl"), 0,
                 "config.sub does not accept the triple");
    cr_expect_eq(IN_DIR("$CC -v 2>&1 | grep -q '^Target: x86_64-vx-linux-musl'"), 0, "-v does not name the target");
    cr_expect_eq(IN_DIR("$CC --version >/dev/null && $CC -dumpversion | grep -q '^12'"), 0);
    cr_expect_eq(IN_DIR("test -f \"$($CC -print-libgcc-file-name)\""), 0, "-print-libgcc-file-name names no file");
}

Test(cross, predefined_macros_say_linux_and_vx)
{
    cr_expect_eq(IN_DIR("$CC -E -dM -x c /dev/null > m.txt && grep -q '#define __linux__ 1' m.txt && "
                        "grep -q '#define __vx__ 1' m.txt && grep -q '#define __x86_64__ 1' m.txt"), 0,
                 "a predefined macro is missing (m.txt)");
}

/* The host has libz.a (zlib1g-dev): a guest link must not find it. */
Test(cross, library_search_sees_only_guest_libraries)
{
    cr_assert_eq(sh("test -f /usr/lib/x86_64-linux-gnu/libz.a"), 0, "this test needs the host's libz.a");
    cr_expect_neq(IN_DIR("echo 'int main(void){return 0;}' > m.c && $CC m.c -lz -o m.elf 2> err.txt"), 0,
                  "-lz linked the host's libz.a");
    cr_expect_eq(IN_DIR("grep -q 'cannot find -lz' err.txt"), 0, "no clear message (err.txt)");
    cr_expect_eq(IN_DIR("echo 'int zver(void){return 5;}' > z.c && $CC -c z.c && mkdir -p lib && ar rcs lib/libz.a z.o "
                        "&& echo 'int zver(void); int main(void){return zver();}' > u.c && $CC u.c -Llib -lz -o u.elf "
                        "&& %s/vxrun u.elf; test $? = 5", build_dir()), 0, "a guest-built libz.a was not used");
    cr_expect_eq(IN_DIR("$CC m.c -lpthread -lrt -ldl -lm -lutil -lcrypt -o m.elf && %s/vxrun m.elf", build_dir()), 0,
                 "musl's empty system libraries are missing");
}

/* libtool's and CMake's default builds ask for lib*.so: a warning and a
 * relocatable object, linked statically by path or through -l. */
Test(cross, shared_libraries_become_objects_a_static_link_takes)
{
    cr_assert_eq(IN_DIR("echo 'int add3(int x){return x+3;}' > l.c && "
                        "echo '#include <stdio.h>\nint add3(int);\nint main(void){printf(\"%%d\\\\n\", add3(39));return 0;}' > p.c && "
                        "$CC -fPIC -O2 -c l.c && $CC -shared -Wl,-soname,libadd.so.1 -o libadd.so l.o 2> warn.txt"), 0,
                 "-shared failed");
    cr_expect_eq(IN_DIR("grep -q 'warning: -shared' warn.txt && file libadd.so | grep -q relocatable"), 0,
                 "no warning, or not a relocatable object");
    cr_expect_eq(IN_DIR("$CC p.c -L. -ladd -o a.elf && test \"$(%s/vxrun a.elf)\" = 42", build_dir()), 0,
                 "-ladd did not take libadd.so");
    cr_expect_eq(IN_DIR("$CC p.c ./libadd.so -Wl,-rpath,/nowhere -o b.elf && test \"$(%s/vxrun b.elf)\" = 42",
                        build_dir()), 0, "libadd.so by path did not link");
}

Test(cross, pthreads_work_in_one_thread_and_create_is_eagain)
{
    cr_expect_eq(IN_DIR("$CC -O2 -pthread %s/testsuite/linux/pthread_guest.c -o t.elf -lpthread && %s/vxrun t.elf",
                        VX_SRC_DIR, build_dir()), 0, "a pthread call misbehaved (output above)");
}
