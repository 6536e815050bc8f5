/* Paths that are not image files: a FIFO (open would block forever), a
 * directory, a character device that never ends, a file over the size
 * maximum. vxverify exits 2, vxrun 125, the API says VX_ERR_IO; each names
 * the cause and none of them waits. */
#define _GNU_SOURCE
#include "test_shell.h"
#include "vx.h"
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/vx_bad_inputXXXXXX";

static void make_inputs(void)
{
    cr_assert_not_null(mkdtemp(dir));
    char p[256];
    snprintf(p, sizeof p, "%s/fifo", dir);
    cr_assert_eq(mkfifo(p, 0600), 0);
    snprintf(p, sizeof p, "%s/huge", dir);
    int fd = open(p, O_CREAT | O_WRONLY, 0600);
    cr_assert_geq(fd, 0);
    cr_assert_eq(ftruncate(fd, (2LL << 30) + 1), 0); /* sparse: costs no disk */
    close(fd);
}

static void remove_inputs(void)
{
    sh("rm -rf %s", dir);
}

TestSuite(bad_input, .init = make_inputs, .fini = remove_inputs, .timeout = 60);

struct bad { const char *path, *why; };
static const struct bad bads[] = {
    {"fifo", "FIFO"}, {".", "directory"}, {"/dev/zero", "character device"}, {"huge", "larger than"},
};

static const char *path_of(const struct bad *b, char *buf, size_t n)
{
    if (b->path[0] == '/')
        return b->path;
    snprintf(buf, n, "%s/%s", dir, b->path);
    return buf;
}

/* Runs cmd on path with a 10 s timeout; its stderr goes to dir/err. */
static int run_tool(const char *tool, const char *path)
{
    return sh("timeout 10 %s/%s '%s' >/dev/null 2>%s/err", build_dir(), tool, path, dir);
}

static int err_says(const char *what)
{
    char p[256], text[1024] = "";
    snprintf(p, sizeof p, "%s/err", dir);
    FILE *f = fopen(p, "r");
    if (!f)
        return 0;
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = 0;
    fclose(f);
    return strstr(text, what) != NULL;
}

/* Each bad input refused at once (124 would mean it hung), naming its cause. */
static void refuses_every_bad_input(const char *tool, int want)
{
    for (unsigned i = 0; i < sizeof bads / sizeof *bads; i++) {
        char buf[256];
        int rc = run_tool(tool, path_of(&bads[i], buf, sizeof buf));
        cr_expect_eq(rc, want, "%s %s: status %d (124: it hung)", tool, bads[i].path, rc);
        cr_expect(err_says(bads[i].why), "%s %s: the message does not say '%s'", tool, bads[i].path, bads[i].why);
    }
}

Test(bad_input, vxverify_refuses_at_once_with_status_2)
{
    refuses_every_bad_input("vxverify", 2);
}

Test(bad_input, vxrun_refuses_at_once_with_status_125)
{
    refuses_every_bad_input("vxrun", 125);
}

Test(bad_input, the_api_refuses_a_fifo_without_blocking)
{
    char p[256];
    snprintf(p, sizeof p, "%s/fifo", dir);
    vx_sandbox *sb;
    cr_assert_eq(vx_create(NULL, &sb), VX_OK);
    alarm(10); /* a hang kills the test instead of the suite */
    cr_expect_eq(vx_load_file(sb, p), VX_ERR_IO);
    alarm(0);
    cr_expect(strstr(vx_error(sb)->message, "FIFO") != NULL, "%s", vx_error(sb)->message);
    vx_destroy(sb);
}
