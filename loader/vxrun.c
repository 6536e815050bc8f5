/* vxrun [--memory N[K|M|G]] [--cpu SECONDS] [--stack N] [--deterministic]
 *       [--dir GUEST=HOST[:ro]]... [--cwd GUEST] [--env NAME=VALUE]...
 *       [--inherit-env] [--tmp] [--stats] guest.elf [args...]
 * vxrun --register | --unregister     (binfmt_misc: run vx images as ./prog)
 * The guest's environment is empty unless --inherit-env passes vxrun's own
 * and --env sets variables (after the inherited ones, each replacing one of
 * the same name). --tmp gives the guest a private /tmp that is removed when
 * vxrun ends, however the guest ended. /dev/null and the other built-in
 * devices need no option.
 * Started by the kernel for a registered image, it takes its options from
 * VXRUN_OPTIONS (see binfmt_defaults below).
 * Exit status: the guest's own, 124 if the guest faulted or hit a limit,
 * 125 for usage, I/O or verification errors, or a failed --register. */
#include "file_bytes.h"
#include "vx.h"
#include "vxrun_binfmt.h"
#include "vxrun_options.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: vxrun [--memory N[K|M|G]] [--cpu SECONDS] [--stack N[K|M]] [--deterministic]\n"
    "             [--dir GUEST=HOST[:ro]]... [--cwd GUEST] [--env NAME=VALUE]... [--inherit-env]\n"
    "             [--tmp] [--stats] guest.elf [args...]\n"
    "       vxrun --register     as root: the kernel runs vx images (./prog) through this vxrun\n"
    "       vxrun --unregister   as root: undo --register\n"
    "Run as ./prog, vxrun reads these options from VXRUN_OPTIONS; if it names no --dir, the\n"
    "current directory is preopened at its own path, and it is the guest's working directory\n"
    "unless --cwd says otherwise.\n";

extern char **environ;

static int usage(const char *msg)
{
    fprintf(stderr, "vxrun: %s\n%s", msg, usage_text);
    return 125;
}

/* The guest's environment: the host's when inherit is set, then each
 * NAME=VALUE of sets, replacing any variable of that name. */
static const char **guest_env(int inherit, const char *const *sets, int nsets)
{
    size_t n = 0, host = 0;
    while (inherit && environ[host])
        host++;
    const char **env = calloc(host + (size_t)nsets + 1, sizeof *env);
    if (!env)
        return NULL;
    for (; n < host; n++)
        env[n] = environ[n];
    for (int s = 0; s < nsets; s++) {
        size_t name = (size_t)(strchr(sets[s], '=') - sets[s]) + 1, kept = 0;
        for (size_t i = 0; i < n; i++)
            if (strncmp(env[i], sets[s], name) != 0)
                env[kept++] = env[i];
        n = kept;
        env[n++] = sets[s];
    }
    env[n] = NULL;
    return env;
}

/* libvx refuses an environment past its limits; vxrun says which. */
static int env_fits(const char *const *env)
{
    size_t count = 0, bytes = 0;
    for (; env[count]; count++)
        bytes += strlen(env[count]) + 1;
    if (count <= VX_ENV_MAX_STRINGS && bytes <= VX_ENV_MAX_BYTES)
        return 1;
    fprintf(stderr, "vxrun: the guest's environment is too large (E2BIG): %zu strings of %zu bytes; "
                    "the limit is %d strings and %d bytes\n", count, bytes, VX_ENV_MAX_STRINGS, VX_ENV_MAX_BYTES);
    return 0;
}

/* Where the image comes from: a path, or the descriptor binfmt_misc opened. */
struct image_source {
    const char *shown; /* the name messages use */
    const char *path;
    int fd;
};

static vx_status load(vx_sandbox *sb, const struct image_source *src)
{
    if (src->path)
        return vx_load_file(sb, src->path);
    uint8_t *data;
    size_t size;
    if (read_fd_bytes_max(src->fd, VX_MAX_IMAGE_FILE, &data, &size) != 0) {
        fprintf(stderr, "vxrun: %s: %s\n", src->shown, read_file_error());
        return VX_ERR_IO;
    }
    vx_status st = vx_load_memory(sb, data, size);
    free(data);
    return st;
}

static int set_up_files(vx_sandbox *sb, const struct vxrun_options *o, const char *own_dir)
{
    for (int d = 0; d < o->ndirs; d++) {
        char guest[256], host[4096];
        const char *eq = strchr(o->dirs[d], '=');
        snprintf(guest, sizeof guest, "%.*s", (int)(eq - o->dirs[d]), o->dirs[d]);
        snprintf(host, sizeof host, "%s", eq + 1);
        size_t n = strlen(host);
        int flags = n > 3 && !strcmp(host + n - 3, ":ro") ? VX_PREOPEN_READONLY : 0;
        if (flags)
            host[n - 3] = 0;
        if (vx_preopen(sb, guest, host, flags) != VX_OK) {
            fprintf(stderr, "vxrun: --dir %s: %s\n", o->dirs[d], vx_error(sb)->message);
            return -1;
        }
    }
    if (own_dir && vx_preopen(sb, own_dir, own_dir, 0) != VX_OK) {
        fprintf(stderr, "vxrun: the current directory: %s\n", vx_error(sb)->message);
        return -1;
    }
    if (o->cwd && vx_chdir(sb, o->cwd) != VX_OK) {
        fprintf(stderr, "vxrun: --cwd: %s\n", vx_error(sb)->message);
        return -1;
    }
    return 0;
}

/* own_dir: a host directory also preopened at its own path (binfmt runs). */
static int run_guest(const struct vxrun_options *o, const struct image_source *src, const char *own_dir,
                     int argc, const char *const *argv)
{
    const char **env = guest_env(o->inherit_env, o->sets, o->nsets);
    if (!env || !env_fits(env)) {
        free(env);
        return 125;
    }
    struct vx_options vo = o->vx;
    vo.env = env;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    vx_sandbox *sb;
    vx_image_cache_enable(0); /* one image, loaded once */
    vx_status st = vx_create(&vo, &sb);
    free(env); /* vx_create copied it */
    if (st != VX_OK) {
        const char *tmpdir = getenv("TMPDIR");
        if (vo.private_tmp && st == VX_ERR_IO)
            fprintf(stderr, "vxrun: --tmp: cannot create a private directory in %s\n",
                    tmpdir && tmpdir[0] == '/' ? tmpdir : "/tmp");
        else
            fprintf(stderr, "vxrun: cannot create a sandbox: %s%s\n", vx_status_name(st),
                    vo.deterministic && st == VX_ERR_NOMEM
                        ? " (deterministic sandboxes need the fixed address range at 0x400000000000)" : "");
        return 125;
    }
    if (set_up_files(sb, o, own_dir) != 0) {
        vx_destroy(sb);
        return 125;
    }
    st = load(sb, src);
    if (st != VX_OK) {
        if (vx_error(sb)->message[0])
            fprintf(stderr, "vxrun: %s: %s: %s\n", src->shown, vx_status_name(st), vx_error(sb)->message);
        vx_destroy(sb);
        return 125;
    }
    int code = 0;
    st = vx_run_main(sb, argc, argv, &code);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    int rc = code & 255;
    if (st == VX_EXITED && !strncmp(vx_error(sb)->message, "guest ended by signal", 21))
        fprintf(stderr, "vxrun: %s: %s\n", src->shown, vx_error(sb)->message); /* ended by a signal */
    if (st != VX_EXITED) {
        fprintf(stderr, "vxrun: %s: guest stopped: %s\n", src->shown, vx_error(sb)->message);
        rc = st == VX_ERR_GSBASE || st == VX_ERR_ARG || st == VX_ERR_NOMEM ? 125 : 124;
    }
    if (o->stats) {
        struct vx_stats s;
        vx_get_stats(sb, &s);
        fprintf(stderr, "vxrun: time %.6f s, peak heap %llu bytes, %llu call-outs, %llu host calls\n",
                (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
                (unsigned long long)s.peak_heap_bytes, (unsigned long long)s.callouts,
                (unsigned long long)s.hostcalls);
    }
    vx_destroy(sb);
    return rc;
}

/* The kernel ran `vxrun image-path argv0 args...` for a marked image (the
 * flags of vxrun --register: P adds argv0, O opened the image on execfd).
 * Defaults for a run nobody configured (spec section 11): the current
 * directory, read-write at its own absolute path, and the guest's working
 * directory, so paths relative to it mean what they mean natively. */
static int binfmt_defaults(int argc, char **argv, int execfd)
{
    if (argc < 3) {
        fprintf(stderr, "vxrun: started by binfmt_misc without the P flag's arguments; "
                        "register again with vxrun --register\n");
        return 125;
    }
    struct vxrun_options o;
    vxrun_options_init(&o);
    const char *env = getenv("VXRUN_OPTIONS");
    char *text = env ? strdup(env) : NULL;
    if (env && !text)
        return 125;
    const char *err = text ? vxrun_parse_option_text(text, &o) : NULL;
    if (err) {
        fprintf(stderr, "vxrun: %s: VXRUN_OPTIONS: %s\n%s", argv[1], err, usage_text);
        return 125;
    }
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) {
        fprintf(stderr, "vxrun: %s: cannot name the current directory: %s\n", argv[1], strerror(errno));
        return 125;
    }
    if (!o.cwd)
        o.cwd = cwd;
    struct image_source src = {.shown = argv[1], .fd = execfd};
    int rc = run_guest(&o, &src, o.ndirs ? NULL : cwd, argc - 2, (const char *const *)argv + 2);
    vxrun_options_free(&o);
    free(text);
    return rc;
}

/* Descriptors 0-2 are always open before libvx opens anything: started
 * with one closed, the next open (a preopen's directory, the image) would
 * take its number and become the guest's stdin, stdout or stderr. A closed
 * one becomes /dev/null, as a daemon's are; the kernel's binfmt_misc
 * image descriptor (which took a free low number) moves above them. */
static int stdio_always_open(int execfd)
{
    if (execfd >= 0 && execfd <= 2) {
        int moved = fcntl(execfd, F_DUPFD_CLOEXEC, 3);
        if (moved >= 0) {
            close(execfd);
            execfd = moved;
        }
    }
    for (int fd = 0; fd <= 2; fd++)
        if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
            int null = open("/dev/null", O_RDWR);
            if (null >= 0 && null != fd) {
                dup2(null, fd);
                close(null);
            }
        }
    return execfd;
}

int main(int argc, char **argv)
{
    int execfd = stdio_always_open(vxrun_binfmt_execfd());
    if (execfd >= 0)
        return binfmt_defaults(argc, argv, execfd);
    if (argc == 2 && !strcmp(argv[1], "--register"))
        return vxrun_register();
    if (argc == 2 && !strcmp(argv[1], "--unregister"))
        return vxrun_unregister();
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        fputs(usage_text, stdout);
        return 0;
    }
    struct vxrun_options o;
    vxrun_options_init(&o);
    int i = 1;
    const char *err = vxrun_parse_options(argc, argv, &i, &o);
    if (err)
        return usage(err);
    if (i >= argc)
        return usage("no guest image given");
    struct image_source src = {.shown = argv[i], .path = argv[i], .fd = -1};
    int rc = run_guest(&o, &src, NULL, argc - i, (const char *const *)argv + i);
    vxrun_options_free(&o);
    return rc;
}
