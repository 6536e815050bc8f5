/* A guest for running vx images as ./prog (native_run_test, binfmt_test,
 * install_test):
 *   prog STATUS [r:FILE | w:FILE]...
 * prints its argv, then the first line of each r:FILE (or that it cannot
 * open it), writes "written" to each w:FILE, and exits with STATUS. Paths
 * are the guest's: relative ones are taken from its working directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        printf("argv[%d]=%s\n", i, argv[i]);
    for (int i = 2; i < argc; i++) {
        const char *path = argv[i] + 2;
        if (!strncmp(argv[i], "r:", 2)) {
            char line[256] = "";
            FILE *f = fopen(path, "r");
            if (!f) {
                printf("%s: cannot open\n", path);
                continue;
            }
            if (!fgets(line, sizeof line, f))
                line[0] = 0;
            fclose(f);
            printf("%s: %s", path, line);
        } else if (!strncmp(argv[i], "w:", 2)) {
            FILE *f = fopen(path, "w");
            int ok = f && fputs("written\n", f) >= 0;
            if (f && fclose(f) != 0)
                ok = 0;
            printf("%s: %s\n", path, ok ? "written" : "cannot write");
        }
    }
    return argc > 1 ? atoi(argv[1]) : 0;
}
