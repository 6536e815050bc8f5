/* vxrun [--memory N[K|M|G]] [--cpu SECONDS] [--stack N] [--deterministic]
 *       [--dir GUEST=HOST[:ro]]... [--env NAME=VALUE]... [--inherit-env]
 *       [--tmp] [--stats] guest.elf [args...]
 * The guest's environment is empty unless --inherit-env passes vxrun's own
 * and --env sets variables (after the inherited ones, each replacing one of
 * the same name). --tmp gives the guest a private /tmp that is removed when
 * vxrun ends, however the guest ended. /dev/null and the other built-in
 * devices need no option.
 * Exit status: the guest's own, 124 if the guest faulted or hit a limit,
 * 125 for usage, I/O or verification errors. */
#include "vx.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern char **environ;

static int usage(const char *msg)
{
    fprintf(stderr, "vxrun: %s\nusage: vxrun [--memory N[K|M|G]] [--cpu SECONDS] [--stack N[K|M]] "
                    "[--deterministic] [--dir GUEST=HOST[:ro]]... [--env NAME=VALUE]... [--inherit-env] "
                    "[--tmp] [--stats] guest.elf [args...]\n", msg);
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

static int parse_size(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s)
        return -1;
    switch (*end) {
    case 'G': case 'g': v <<= 10; /* fall through */
    case 'M': case 'm': v <<= 10; /* fall through */
    case 'K': case 'k': v <<= 10; end++; break;
    default: break;
    }
    if (*end)
        return -1;
    *out = v;
    return 0;
}

int main(int argc, char **argv)
{
    struct vx_options o;
    vx_options_init(&o);
    int stats = 0, i = 1, ndirs = 0, nsets = 0, inherit = 0;
    const char *dirs[VX_MAX_PREOPENS];
    const char **sets = calloc((size_t)argc, sizeof *sets);
    if (!sets)
        return usage("out of memory");
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--stats")) {
            stats = 1;
        } else if (!strcmp(a, "--env")) {
            if (i + 1 >= argc || argv[i + 1][0] == '=' || !strchr(argv[i + 1], '='))
                return usage("--env takes NAME=VALUE (NAME not empty)");
            sets[nsets++] = argv[++i];
        } else if (!strcmp(a, "--inherit-env")) {
            inherit = 1;
        } else if (!strcmp(a, "--tmp")) {
            o.private_tmp = 1;
        } else if (!strcmp(a, "--deterministic")) {
            o.deterministic = 1;
        } else if (!strcmp(a, "--memory") || !strcmp(a, "--stack")) {
            if (i + 1 >= argc || parse_size(argv[++i], a[2] == 'm' ? &o.memory_limit : &o.stack_size))
                return usage("--memory and --stack take a size such as 64M");
        } else if (!strcmp(a, "--dir")) {
            if (i + 1 >= argc || argv[i + 1][0] != '/' || !strchr(argv[i + 1], '=') || ndirs == VX_MAX_PREOPENS)
                return usage("--dir takes GUEST=HOST, GUEST absolute (at most 8)");
            dirs[ndirs++] = argv[++i];
        } else if (!strcmp(a, "--cpu")) {
            char *end;
            if (i + 1 >= argc || (o.cpu_seconds = strtod(argv[++i], &end), *end) || o.cpu_seconds <= 0)
                return usage("--cpu takes a positive number of seconds");
        } else if (!strcmp(a, "--")) {
            i++;
            break;
        } else {
            return usage("unknown option");
        }
    }
    if (i >= argc)
        return usage("no guest image given");
    const char **env = guest_env(inherit, sets, nsets);
    if (!env || !env_fits(env))
        return 125;
    o.env = env;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    vx_sandbox *sb;
    vx_image_cache_enable(0); /* one image, loaded once */
    vx_status st = vx_create(&o, &sb);
    free(env); /* vx_create copied it */
    free(sets);
    if (st != VX_OK) {
        const char *tmpdir = getenv("TMPDIR");
        if (o.private_tmp && st == VX_ERR_IO)
            fprintf(stderr, "vxrun: --tmp: cannot create a private directory in %s\n",
                    tmpdir && tmpdir[0] == '/' ? tmpdir : "/tmp");
        else
            fprintf(stderr, "vxrun: cannot create a sandbox: %s%s\n", vx_status_name(st),
                    o.deterministic && st == VX_ERR_NOMEM
                        ? " (deterministic sandboxes need the fixed address range at 0x400000000000)" : "");
        return 125;
    }
    for (int d = 0; d < ndirs; d++) {
        char guest[256], host[4096];
        const char *eq = strchr(dirs[d], '=');
        snprintf(guest, sizeof guest, "%.*s", (int)(eq - dirs[d]), dirs[d]);
        snprintf(host, sizeof host, "%s", eq + 1);
        size_t n = strlen(host);
        int flags = n > 3 && !strcmp(host + n - 3, ":ro") ? VX_PREOPEN_READONLY : 0;
        if (flags)
            host[n - 3] = 0;
        if (vx_preopen(sb, guest, host, flags) != VX_OK) {
            fprintf(stderr, "vxrun: --dir %s: %s\n", dirs[d], vx_error(sb)->message);
            vx_destroy(sb);
            return 125;
        }
    }
    st = vx_load_file(sb, argv[i]);
    if (st != VX_OK) {
        fprintf(stderr, "vxrun: %s: %s: %s\n", argv[i], vx_status_name(st), vx_error(sb)->message);
        vx_destroy(sb);
        return 125;
    }
    int code = 0;
    st = vx_run_main(sb, argc - i, (const char *const *)argv + i, &code);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    int rc = code & 255;
    if (st == VX_EXITED && !strncmp(vx_error(sb)->message, "guest ended by signal", 21))
        fprintf(stderr, "vxrun: %s: %s\n", argv[i], vx_error(sb)->message); /* ended by a signal */
    if (st != VX_EXITED) {
        fprintf(stderr, "vxrun: %s: guest stopped: %s\n", argv[i], vx_error(sb)->message);
        rc = st == VX_ERR_GSBASE || st == VX_ERR_ARG || st == VX_ERR_NOMEM ? 125 : 124;
    }
    if (stats) {
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
