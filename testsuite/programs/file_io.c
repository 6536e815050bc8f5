/* stdio on files: write, append, read lines, seek, binary records, remove. */
#include <stdio.h>
#include <string.h>
struct rec { int id; double value; char tag[8]; };
int main(void)
{
    FILE *f = fopen("numbers.txt", "w");
    if (!f) { perror("fopen"); return 1; }
    for (int i = 1; i <= 500; i++)
        fprintf(f, "%d %.4f\n", i, 1.0 / i);
    fclose(f);
    f = fopen("numbers.txt", "a");
    fputs("end\n", f);
    fclose(f);
    f = fopen("numbers.txt", "r");
    char line[64];
    int lines = 0;
    double sum = 0;
    while (fgets(line, sizeof line, f)) {
        int i; double v;
        if (sscanf(line, "%d %lf", &i, &v) == 2) sum += v;
        lines++;
    }
    printf("lines=%d sum=%.6f last=%s", lines, sum, line);
    fseek(f, 0, SEEK_END);
    printf("size=%ld\n", ftell(f));
    fclose(f);
    FILE *bin = fopen("records.bin", "wb+");
    for (int i = 0; i < 100; i++) {
        struct rec r = {i, i * 2.5, ""};
        snprintf(r.tag, sizeof r.tag, "t%d", i);
        fwrite(&r, sizeof r, 1, bin);
    }
    fseek(bin, 42 * (long)sizeof(struct rec), SEEK_SET);
    struct rec r;
    fread(&r, sizeof r, 1, bin);
    printf("record %d %.1f %s\n", r.id, r.value, r.tag);
    fclose(bin);
    printf("remove %d %d\n", remove("records.bin"), remove("numbers.txt"));
    printf("missing %s\n", fopen("nope.txt", "r") ? "found" : "absent");
    return 0;
}
