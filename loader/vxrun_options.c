/* One parser for both sources of vxrun options, so VXRUN_OPTIONS means
 * exactly what the same words mean on the command line. */
#include "vxrun_options.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OPTION_WORDS 64

void vxrun_options_init(struct vxrun_options *o)
{
    memset(o, 0, sizeof *o);
    vx_options_init(&o->vx);
}

void vxrun_options_free(struct vxrun_options *o)
{
    free(o->sets);
    o->sets = NULL;
    o->nsets = 0;
}

static int add_set(struct vxrun_options *o, const char *set)
{
    const char **grown = realloc(o->sets, (size_t)(o->nsets + 1) * sizeof *grown);
    if (!grown)
        return -1;
    o->sets = grown;
    o->sets[o->nsets++] = set;
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

const char *vxrun_parse_options(int argc, char **argv, int *i, struct vxrun_options *o)
{
    for (; *i < argc && argv[*i][0] == '-'; ++*i) {
        const char *a = argv[*i];
        const char *value = *i + 1 < argc ? argv[*i + 1] : NULL;
        if (!strcmp(a, "--stats")) {
            o->stats = 1;
        } else if (!strcmp(a, "--env")) {
            if (!value || value[0] == '=' || !strchr(value, '='))
                return "--env takes NAME=VALUE (NAME not empty)";
            if (add_set(o, value))
                return "out of memory";
            ++*i;
        } else if (!strcmp(a, "--inherit-env")) {
            o->inherit_env = 1;
        } else if (!strcmp(a, "--tmp")) {
            o->vx.private_tmp = 1;
        } else if (!strcmp(a, "--deterministic")) {
            o->vx.deterministic = 1;
        } else if (!strcmp(a, "--memory") || !strcmp(a, "--stack")) {
            if (!value || parse_size(value, a[2] == 'm' ? &o->vx.memory_limit : &o->vx.stack_size))
                return "--memory and --stack take a size such as 64M";
            ++*i;
        } else if (!strcmp(a, "--dir")) {
            if (!value || value[0] != '/' || !strchr(value, '=') || o->ndirs == VX_MAX_PREOPENS)
                return "--dir takes GUEST=HOST, GUEST absolute (at most 8)";
            o->dirs[o->ndirs++] = value;
            ++*i;
        } else if (!strcmp(a, "--cwd")) {
            if (!value || value[0] != '/')
                return "--cwd takes an absolute guest path";
            o->cwd = value;
            ++*i;
        } else if (!strcmp(a, "--cpu")) {
            char *end;
            if (!value || (o->vx.cpu_seconds = strtod(value, &end), *end) || o->vx.cpu_seconds <= 0)
                return "--cpu takes a positive number of seconds";
            ++*i;
        } else if (!strcmp(a, "--")) {
            ++*i;
            break;
        } else {
            static char unknown[96];
            snprintf(unknown, sizeof unknown, "unknown option %.64s", a);
            return unknown;
        }
    }
    return NULL;
}

const char *vxrun_parse_option_text(char *text, struct vxrun_options *o)
{
    char *words[MAX_OPTION_WORDS];
    int n = 0;
    for (char *w = strtok(text, " \t\n"); w; w = strtok(NULL, " \t\n")) {
        if (n == MAX_OPTION_WORDS)
            return "more than 64 words";
        words[n++] = w;
    }
    int i = 0;
    const char *err = vxrun_parse_options(n, words, &i, o);
    if (!err && i < n)
        err = "holds options only (no image or arguments)";
    return err;
}
