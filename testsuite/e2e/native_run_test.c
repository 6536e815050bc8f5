/* A vx image the kernel runs natively (no vxrun handler): crt0's guard
 * (runtime/native_guard.h) jumps to the native-only stub, which prints one
 * line and exits 126. And the images vxcc links
 * carry the vx mark and exactly one native-only segment, and still run in
 * the sandbox as before. */
#include "file_bytes.h"
#include "test_shell.h"
#include "vxverify.h"
#include "vx/image_mark.h"
#include <criterion/criterion.h>
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define LINE_TAIL ": this is a vx sandbox image; run it with vxrun (or register vx images: vxrun --register)\n"

static char tmpdir[64];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/vx-native-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    sh("rm -rf %s", tmpdir);
}

TestSuite(native_run, .init = make_tmpdir, .fini = remove_tmpdir);

static char *slurp(const char *path)
{
    uint8_t *data;
    size_t size;
    if (read_file_bytes(path, &data, &size) != 0)
        return strdup("");
    char *s = realloc(data, size + 1);
    s[size] = 0;
    return s;
}

/* A copy of image without the mark: no binfmt_misc handler can claim it,
 * whatever is registered on this machine, so the kernel runs it natively. */
static void unmarked_copy(const char *image, const char *copy)
{
    cr_assert_eq(sh("cp %s %s && printf '\\0\\0\\0' | dd of=%s bs=1 seek=%d conv=notrunc status=none && chmod +x %s",
                    image, copy, copy, VX_MARK_OFFSET, copy), 0);
}

/* Runs argv (argv[0] may differ from path) natively; status and output. */
static int run_native(const char *path, char *const argv[], char **out, char **err)
{
    char out_path[128], err_path[128];
    snprintf(out_path, sizeof out_path, "%s/stdout", tmpdir);
    snprintf(err_path, sizeof err_path, "%s/stderr", tmpdir);
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        if (!freopen(out_path, "w", stdout) || !freopen(err_path, "w", stderr))
            _exit(99);
        execv(path, argv);
        _exit(98);
    }
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    *out = slurp(out_path);
    *err = slurp(err_path);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void expect_one_line_and_126(const char *image)
{
    char copy[128], want[256];
    snprintf(copy, sizeof copy, "%s/prog", tmpdir);
    unmarked_copy(image, copy);
    char *out, *err;
    int st = run_native(copy, (char *[]){copy, "7", "r:x", NULL}, &out, &err);
    snprintf(want, sizeof want, "%s" LINE_TAIL, copy);
    cr_expect_eq(st, 126, "%s run natively exited %d (stderr: %s)", image, st, err);
    cr_expect_str_eq(err, want, "%s run natively", image);
    cr_expect_str_empty(out, "%s run natively printed on stdout", image);
    free(out);
    free(err);
    /* The name is argv[0], whatever the path; an empty one is "vx image". */
    st = run_native(copy, (char *[]){"some-name", NULL}, &out, &err);
    cr_expect(st == 126 && !strcmp(err, "some-name" LINE_TAIL), "argv[0] some-name: %d %s", st, err);
    free(out);
    free(err);
    st = run_native(copy, (char *[]){"", NULL}, &out, &err);
    cr_expect(st == 126 && !strcmp(err, "vx image" LINE_TAIL), "empty argv[0]: %d %s", st, err);
    free(out);
    free(err);
    /* In the sandbox the same bytes run as ever: argv and exit status. */
    cr_expect_eq(sh("cd %s && %s/vxrun prog 7 > sandboxed.txt; test $? = 7", tmpdir, build_dir()), 0,
                 "%s: the guest's own status under vxrun", image);
    cr_expect_eq(sh("grep -qx 'argv\\[0\\]=prog' %s/sandboxed.txt && grep -qx 'argv\\[1\\]=7' %s/sandboxed.txt",
                    tmpdir, tmpdir), 0, "%s under vxrun printed the wrong argv", image);
}

Test(native_run, a_guest_prints_one_line_and_exits_126)
{
    char image[512];
    snprintf(image, sizeof image, "%s/guests/run_as_prog.elf", build_dir());
    expect_one_line_and_126(image);
}

/* Every image vxcc linked for the tests: marked, verified, one native-only
 * segment (the verifier left it out of what the loader maps). */
static void expect_marked_with_native_segment(const char *path)
{
    uint8_t *data;
    size_t size;
    cr_assert_eq(read_file_bytes(path, &data, &size), 0, "%s: %s", path, read_file_error());
    cr_expect_eq(vxv_image_mark(data, size), VX_MARK_VERSION, "%s: no vx mark", path);
    struct vxv_policy policy = {0};
    struct vxv_sink sink = {0};
    struct vxv_image img;
    cr_expect_eq(vxv_check_image(data, size, &policy, &sink, &img), 0, "%s does not verify", path);
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)data;
    unsigned native = 0;
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        const Elf64_Phdr *ph = (const Elf64_Phdr *)(data + eh->e_phoff) + i;
        native += ph->p_type == PT_LOAD && (ph->p_flags & VX_PF_NATIVE);
    }
    cr_expect_eq(native, 1, "%s: %u native-only segments", path, native);
    for (unsigned i = 0; i < img.nsegments; i++)
        cr_expect(!(img.seg[i].flags & VX_PF_NATIVE), "%s: the loader would map the native segment", path);
    free(data);
}

Test(native_run, vxcc_images_carry_the_mark_and_one_native_segment)
{
    static const char *const guests[] = {"guests/run_as_prog.elf", "guests/demo.elf", "guests/hostile.elf",
                                         "linux/linux_calls.elf", NULL};
    for (int i = 0; guests[i]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", build_dir(), guests[i]);
        expect_marked_with_native_segment(path);
    }
}
