/* vx images run as ./prog through binfmt_misc: vxrun --register (twice),
 * the guest's argv, exit status and default sandbox as the kernel starts
 * them, VXRUN_OPTIONS, an unsafe marked image refused, --unregister (then
 * the image runs natively and says so). Needs root and a kernel with
 * binfmt_misc, else skipped with the reason. The machine is left as
 * found: a vx entry that was there is put back as it was, and binfmt_misc
 * is unmounted again if this test mounted it. */
#define _GNU_SOURCE
#include "image_builder.h"
#include "test_shell.h"
#include "vxrun_binfmt.h"
#include "vx/image_mark.h"
#include <criterion/criterion.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define REGISTER VXRUN_BINFMT_DIR "/register"
#define ENTRY VXRUN_BINFMT_DIR "/" VXRUN_BINFMT_NAME
#define NATIVE_TAIL ": this is a vx sandbox image; run it with vxrun (or register vx images: vxrun --register)\n"

static char tmpdir[64], work[128];
static int was_mounted;
static char prior_entry[1024]; /* the register command that recreates it; "" if none */
static int prior_disabled;

static char *slurp(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *slurp(const char *fmt, ...)
{
    char path[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(path, sizeof path, fmt, ap);
    va_end(ap);
    /* Read to the end: binfmt_misc's files say their size is 0. */
    char *s = calloc(1, 65536);
    FILE *f = fopen(path, "r");
    if (s && f)
        s[fread(s, 1, 65535, f)] = 0;
    if (f)
        fclose(f);
    return s;
}

/* "magic 7f454c46..." -> "\x7f\x45..." */
static void hex_to_escapes(const char *hex, char *out, size_t size)
{
    size_t n = 0;
    for (; hex[0] && hex[1] && hex[0] != '\n' && n + 5 < size; hex += 2)
        n += (size_t)snprintf(out + n, size - n, "\\x%c%c", hex[0], hex[1]);
    out[n] = 0;
}

/* Reads an existing vx entry back into the command that recreates it. */
static void remember_prior_entry(void)
{
    char *e = slurp(ENTRY);
    if (!e[0]) {
        free(e);
        return;
    }
    char interp[PATH_MAX] = "", flags[16] = "", magic[300] = "", mask[300] = "";
    unsigned offset = 0;
    for (char *line = strtok(e, "\n"); line; line = strtok(NULL, "\n")) {
        if (!strcmp(line, "disabled"))
            prior_disabled = 1;
        sscanf(line, "interpreter %4095s", interp);
        sscanf(line, "flags: %15s", flags);
        sscanf(line, "offset %u", &offset);
        if (!strncmp(line, "magic ", 6))
            hex_to_escapes(line + 6, magic, sizeof magic);
        if (!strncmp(line, "mask ", 5))
            hex_to_escapes(line + 5, mask, sizeof mask);
    }
    snprintf(prior_entry, sizeof prior_entry, ":%s:M:%u:%s:%s:%s:%s", VXRUN_BINFMT_NAME, offset, magic, mask,
             interp, flags);
    free(e);
}

static void write_to(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY);
    if (fd >= 0) {
        if (write(fd, text, strlen(text)) < 0)
            perror(path);
        close(fd);
    }
}

static void save_state(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/vx-binfmt-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
    snprintf(work, sizeof work, "%s/work", tmpdir);
    was_mounted = access(REGISTER, F_OK) == 0;
    if (was_mounted)
        remember_prior_entry();
}

static void restore_state(void)
{
    if (access(ENTRY, F_OK) == 0)
        write_to(ENTRY, "-1");
    if (prior_entry[0]) {
        write_to(REGISTER, prior_entry);
        if (prior_disabled)
            write_to(ENTRY, "0");
    }
    if (!was_mounted && access(REGISTER, F_OK) == 0 && umount(VXRUN_BINFMT_DIR) != 0)
        perror("binfmt_test: umount " VXRUN_BINFMT_DIR);
    sh("rm -rf %s", tmpdir);
}

static void skip_unless_possible(void)
{
    if (geteuid() != 0)
        cr_skip_test("binfmt_test: not root, so binfmt_misc cannot be used (run make test as root)");
    if (sh("grep -qw binfmt_misc /proc/filesystems") != 0)
        cr_skip_test("binfmt_test: this kernel has no binfmt_misc");
}

/* Runs a shell command in the work directory; its stdout and stderr land
 * in tmpdir/out and tmpdir/err. */
static int in_work(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int in_work(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    return sh("cd %s && (%s) > %s/out 2> %s/err", work, cmd, tmpdir, tmpdir);
}

static void expect_out(const char *want, const char *what)
{
    char *out = slurp("%s/out", tmpdir);
    cr_expect(strstr(out, want) != NULL, "%s: no '%s' in:\n%s", what, want, out);
    free(out);
}

/* A marked image whose code is a syscall: the handler must verify it. */
static void write_unsafe_marked_image(const char *path)
{
    uint8_t code[32] = {0x0f, 0x05};
    memset(code + 2, 0x90, 30);
    struct ib_image im = {0};
    ib_add(&im, VX_IMAGE_MIN, PF_R | PF_X, code, sizeof code, sizeof code);
    size_t n;
    uint8_t *f = ib_build(&im, NULL, 0, &n);
    memcpy(f + VX_MARK_OFFSET, (const uint8_t[]){VX_MARK_BYTE0, VX_MARK_BYTE1, VX_MARK_VERSION}, 3);
    FILE *out = fopen(path, "wb");
    cr_assert_not_null(out);
    cr_assert_eq(fwrite(f, 1, n, out), n);
    fclose(out);
    free(f);
    cr_assert_eq(chmod(path, 0755), 0);
}

static void expect_registered(void)
{
    char *e = slurp(ENTRY), vxrun[PATH_MAX + 16], want[PATH_MAX + 32];
    snprintf(vxrun, sizeof vxrun, "%s/vxrun", build_dir());
    char *real = realpath(vxrun, NULL);
    cr_assert_not_null(real);
    snprintf(want, sizeof want, "interpreter %s\n", real);
    cr_expect(!strncmp(e, "enabled\n", 8) && strstr(e, want) && strstr(e, "flags: " VXRUN_BINFMT_FLAGS "\n"),
              "entry %s:\n%s", ENTRY, e);
    free(real);
    free(e);
}

Test(binfmt, register_run_as_prog_unregister, .init = save_state, .fini = restore_state, .timeout = 300)
{
    skip_unless_possible();
    const char *b = build_dir();
    cr_assert_eq(sh("mkdir -p %s && echo inside > %s/input.txt && echo outside > %s/outside.txt", work, work,
                    tmpdir), 0);
    cr_assert_eq(sh("cp %s/guests/run_as_prog.elf %s/prog", b, work), 0);
    cr_assert_eq(sh("%s/vxcc -O0 testsuite/guests/run_as_prog.c -o %s/prog-O0", b, work), 0,
                 "cannot build the -O0 guest");

    /* Twice: the second replaces the first. */
    for (int round = 0; round < 2; round++) {
        cr_assert_eq(sh("%s/vxrun --register > %s/register.txt", b, tmpdir), 0, "--register, round %d", round);
        expect_registered();
    }

    /* argv[0] as typed, the arguments, the guest's own exit status; the
     * current directory read-write and the guest's cwd, nothing else. */
    static const char *const progs[] = {"prog", "prog-O0"};
    for (int i = 0; i < 2; i++) {
        const char *p = progs[i];
        cr_expect_eq(in_work("./%s 3 'r:input.txt' r:../outside.txt r:/etc/passwd w:out-%s.txt", p, p), 3,
                     "%s: exit status", p);
        char want[128];
        snprintf(want, sizeof want, "argv[0]=./%s\nargv[1]=3\nargv[2]=r:input.txt\n", p);
        expect_out(want, p);
        expect_out("input.txt: inside\n", p);
        expect_out("../outside.txt: cannot open\n", p);
        expect_out("/etc/passwd: cannot open\n", p);
        snprintf(want, sizeof want, "out-%s.txt: written\n", p);
        expect_out(want, p);
        cr_expect_eq(sh("grep -qx written %s/out-%s.txt", work, p), 0, "%s: the write did not reach the host", p);
        /* Found through PATH: argv[0] is the bare name the shell was given. */
        cr_expect_eq(in_work("PATH=%s:$PATH %s 0", work, p), 0, "%s through PATH", p);
        snprintf(want, sizeof want, "argv[0]=%s\n", p);
        expect_out(want, p);
    }

    /* VXRUN_OPTIONS replaces the default directory. */
    cr_expect_eq(in_work("VXRUN_OPTIONS='--dir /=/:ro' ./prog 0 r:../outside.txt w:out2.txt"), 0);
    expect_out("../outside.txt: outside\n", "--dir /=/:ro");
    expect_out("out2.txt: cannot write\n", "--dir /=/:ro");
    cr_expect_eq(in_work("VXRUN_OPTIONS='--cpu' ./prog 0"), 125, "a bad VXRUN_OPTIONS");
    char *err = slurp("%s/err", tmpdir);
    cr_expect(strstr(err, "vxrun: ./prog: VXRUN_OPTIONS: --cpu takes"), "%s", err);
    free(err);

    /* The handler verifies what it runs. */
    char unsafe[256];
    snprintf(unsafe, sizeof unsafe, "%s/unsafe", work);
    write_unsafe_marked_image(unsafe);
    cr_expect_eq(in_work("./unsafe"), 125, "an unsafe marked image");
    err = slurp("%s/err", tmpdir);
    cr_expect(strstr(err, "vxrun: ./unsafe: ") && strstr(err, "R-INSN-FORBIDDEN"), "%s", err);
    free(err);

    /* Unregistered (twice: nothing left the second time), the image is
     * run natively and says so. */
    cr_expect_eq(sh("%s/vxrun --unregister > %s/out", b, tmpdir), 0);
    cr_expect_neq(access(ENTRY, F_OK), 0, "%s is still there", ENTRY);
    cr_expect_eq(sh("%s/vxrun --unregister > %s/out", b, tmpdir), 0);
    expect_out("nothing to remove", "--unregister again");
    cr_expect_eq(in_work("./prog 3"), 126);
    err = slurp("%s/err", tmpdir);
    cr_expect_str_eq(err, "./prog" NATIVE_TAIL);
    free(err);
}

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/vx-binfmt-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    sh("rm -rf %s", tmpdir);
}

/* Without root, --register fails with a reason and vxrun's own status, and
 * changes nothing. */
Test(binfmt, register_needs_root, .init = make_tmpdir, .fini = remove_tmpdir)
{
    const char *b = build_dir();
    const char *as_nobody = geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
    int st = sh("%s%s/vxrun --register > %s/out 2> %s/err", as_nobody, b, tmpdir, tmpdir);
    char *err = slurp("%s/err", tmpdir);
    cr_expect_eq(st, 125, "%s", err);
    cr_expect(strstr(err, "needs root"), "%s", err);
    free(err);
}
