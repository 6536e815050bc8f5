/* vxoracle: the execution oracle from the command line (make fuzz).
 *   vxoracle [--seed N] [--count N] [--seconds S] [--patterns P] [--steps N]
 *            [--lenient-rsp] [--verbose] [image.elf ...]
 * --lenient-rsp: the transient %esp of the old `OP ...,%esp ; add %r14,%rsp`
 * pair is counted, not a finding.
 * Without images it generates and runs sequences; with images it runs every
 * bundle start of each. Exit status: 0 no findings, 1 findings, 2 error. */
#include "oracle.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fprintf(stderr, "usage: vxoracle [--seed N] [--count N] [--seconds S] [--patterns P] [--steps N] "
                    "[--lenient-rsp] [--verbose] [image.elf ...]\n");
    return 2;
}

int main(int argc, char **argv)
{
    struct vxo_config c;
    vxo_config_init(&c);
    uint64_t count = 0;
    double seconds = 0;
    int first_image = argc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        if (!strcmp(a, "--seed") && has_value)
            c.seed = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(a, "--count") && has_value)
            count = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(a, "--seconds") && has_value)
            seconds = atof(argv[++i]);
        else if (!strcmp(a, "--patterns") && has_value)
            c.patterns = (unsigned)atoi(argv[++i]);
        else if (!strcmp(a, "--steps") && has_value)
            c.max_steps = (unsigned)atoi(argv[++i]);
        else if (!strcmp(a, "--lenient-rsp"))
            c.strict_rsp = 0;
        else if (!strcmp(a, "--verbose"))
            c.verbose = 1;
        else if (a[0] == '-')
            return usage();
        else {
            first_image = i;
            break;
        }
    }
    if (first_image == argc && !count && seconds <= 0)
        return usage();
    if (c.patterns == 0 || c.patterns > 64 || c.max_steps == 0)
        return usage();
    uint64_t findings = 0;
    for (int i = first_image; i < argc; i++) {
        struct vxo_report *r = calloc(1, sizeof *r);
        if (!r)
            return 2;
        int st = vxo_run_image_file(&c, argv[i], r);
        if (st == -2)
            printf("%s: rejected by the verifier, nothing to run\n", argv[i]);
        else if (st != 0) {
            fprintf(stderr, "vxoracle: %s: cannot run\n", argv[i]);
            return 2;
        } else
            vxo_report_print(r, argv[i], c.strict_rsp);
        findings += r->findings;
        free(r);
    }
    if (first_image == argc) {
        struct vxo_report *r = calloc(1, sizeof *r);
        if (!r || vxo_fuzz(&c, count, seconds, r) != 0) {
            fprintf(stderr, "vxoracle: cannot run the oracle\n");
            return 2;
        }
        char title[64];
        snprintf(title, sizeof title, "seed %llu", (unsigned long long)c.seed);
        vxo_report_print(r, title, c.strict_rsp);
        findings += r->findings;
        free(r);
    }
    return findings ? 1 : 0;
}
