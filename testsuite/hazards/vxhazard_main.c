/* vxhazard: does vxcc's inserted code change state the compiled program
 * reads? Exit 0: no hazard; 1: hazards (printed); 2: bad input or usage. */
#include "check.h"
#include "report.h"
#include <stdio.h>
#include <string.h>

static void print_hazard(const struct hz_hazard *h, void *ctx)
{
    if (!*(int *)ctx)
        hz_print_hazard(stdout, h);
}

static void print_note(const char *object, const char *message, void *ctx)
{
    if (!*(int *)ctx)
        fprintf(stdout, "%s: note: %s\n", object, message);
}

static int usage(void)
{
    fprintf(stderr, "usage: vxhazard [-q] [--summary] [--pieces] FILE...\n"
                    "  FILE: object files, archives or linked images built by vxcc\n"
                    "  -q          print nothing but the summary (with --summary) and errors\n"
                    "  --summary   print totals: objects, functions, inserted sequences, hazards\n"
                    "  --pieces    print the table of inserted sequences the checker knows\n"
                    "exit status: 0 no hazard, 1 hazards found, 2 bad input or usage\n");
    return 2;
}

int main(int argc, char **argv)
{
    int quiet = 0, summary = 0, files = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-q"))
            quiet = 1;
        else if (!strcmp(argv[i], "--summary"))
            summary = 1;
        else if (!strcmp(argv[i], "--pieces")) {
            hz_print_pieces(stdout);
            return 0;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
            return usage() - 2;
        else if (argv[i][0] == '-' && argv[i][1])
            return usage();
        else
            files++;
    }
    if (!files)
        return usage();
    struct hz_checker c;
    if (hz_checker_init(&c)) {
        fprintf(stderr, "vxhazard: cannot start Capstone\n");
        return 2;
    }
    c.on_hazard = print_hazard;
    c.on_note = print_note;
    c.ctx = &quiet;
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1])
            continue;
        char err[700];
        if (hz_check_file(&c, argv[i], err, sizeof err)) {
            fprintf(stderr, "vxhazard: %s\n", err);
            bad = 1;
        }
    }
    if (summary)
        hz_print_summary(stdout, &c.totals);
    size_t hazards = c.totals.hazards;
    hz_checker_free(&c);
    return bad ? 2 : hazards ? 1 : 0;
}
