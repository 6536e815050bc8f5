/* vxverify [-q] [--json] [--deterministic] [--full-decode] [--max-errors N] FILE...
 * Exit status: 0 every file safe, 1 some file unsafe, 2 usage or I/O error
 * (including a FILE that is not a regular file, or is larger than 2 GiB). */
#include "file_bytes.h"
#include "vxverify.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct output {
    const char *file;
    int json, quiet;
    int first_violation;  /* JSON: no comma before the file's first violation */
};

static void json_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            printf("\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            printf("\\u%04x", *s);
        else
            putchar(*s);
    }
    putchar('"');
}

static void print_violation(void *ctx, const struct vxv_violation *v)
{
    struct output *o = ctx;
    if (o->quiet)
        return;
    char hex[16 * 3 + 1] = "";
    for (unsigned i = 0; i < v->len && i < 16; i++)
        sprintf(hex + 3 * i, "%02x ", v->bytes[i]);
    if (v->len)
        hex[3 * v->len - 1] = 0;
    if (o->json) {
        printf("%s{\"addr\":%llu,\"bytes\":\"%s\",\"insn\":", o->first_violation ? "" : ",",
               (unsigned long long)v->addr, hex);
        json_string(v->text);
        printf(",\"rule\":\"%s\",\"why\":", vxv_rule_name(v->rule));
        json_string(vxv_rule_text(v->rule));
        putchar('}');
        o->first_violation = 0;
    } else if (vxv_rule_is_elf(v->rule)) {
        printf("%s: %s: %s\n", o->file, vxv_rule_name(v->rule), v->text);
    } else {
        printf("%s: 0x%llx: %s  %s: %s (%s)\n", o->file, (unsigned long long)v->addr, hex, v->text,
               vxv_rule_name(v->rule), vxv_rule_text(v->rule));
    }
}

static int usage(const char *msg)
{
    fprintf(stderr, "vxverify: %s\nusage: vxverify [-q] [--json] [--deterministic] [--full-decode] [--max-errors N] FILE...\n", msg);
    return 2;
}

int main(int argc, char **argv)
{
    struct vxv_policy policy = {.max_errors = 100};
    struct output out = {0};
    int nfiles = 0, status = 0;
    char **files = calloc((size_t)argc, sizeof *files);
    if (!files)
        return 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            out.quiet = 1;
            policy.max_errors = 1; /* a verdict is all a script needs */
        } else if (!strcmp(a, "--json")) {
            out.json = 1;
        } else if (!strcmp(a, "--deterministic")) {
            policy.deterministic = 1;
        } else if (!strcmp(a, "--full-decode")) {
            policy.full_decode = 1; /* Capstone for every instruction */
        } else if (!strcmp(a, "--max-errors")) {
            char *end;
            if (i + 1 >= argc)
                return usage("--max-errors needs a number");
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 0 || n > 1000000)
                return usage("--max-errors needs a number from 0 (no limit) to 1000000");
            policy.max_errors = (unsigned)n;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage("proves guest images follow spec/sandbox.md");
            return 0;
        } else if (a[0] == '-' && a[1]) {
            return usage("unknown option");
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (!nfiles)
        return usage("no input files");
    /* JSON: one object per file, {"file", "verdict": safe|unsafe|error, "violations": [...],
     * "mark": the vx mark's format version, 0 for none (not for errors)}. */
    int json = out.json && !out.quiet;
    if (json)
        printf("[");
    for (int i = 0; i < nfiles; i++) {
        uint8_t *data;
        size_t size;
        out.file = files[i];
        if (json) {
            printf("%s{\"file\":", i ? "," : "");
            json_string(files[i]);
        }
        if (read_file_bytes(files[i], &data, &size) != 0) {
            const char *why = read_file_error();
            fprintf(stderr, "vxverify: %s: %s\n", files[i], why);
            if (json) {
                printf(",\"verdict\":\"error\",\"error\":");
                json_string(why);
                printf(",\"violations\":[]}");
            }
            status = 2;
            continue;
        }
        if (json)
            printf(",\"violations\":[");
        out.first_violation = 1;
        struct vxv_sink sink = {.report = print_violation, .ctx = &out};
        unsigned bad = vxv_check_image(data, size, &policy, &sink, NULL);
        int mark = vxv_image_mark(data, size);
        free(data);
        if (bad && status == 0)
            status = 1;
        if (json)
            printf("],\"verdict\":\"%s\",\"mark\":%d}", bad ? "unsafe" : "safe", mark);
        else if (!out.quiet && mark)
            printf("%s: %s (vx mark, format %d)\n", files[i], bad ? "UNSAFE" : "safe", mark);
        else if (!out.quiet)
            printf("%s: %s (no vx mark)\n", files[i], bad ? "UNSAFE" : "safe");
    }
    if (json)
        printf("]\n");
    free(files);
    return status;
}
