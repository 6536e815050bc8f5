/* Arguments reach main (argv[0] aside, it is a path), and main's return value is the exit status. */
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv)
{
    int total = 0;
    for (int i = 1; i < argc; i++) { printf("arg %d = %s (%zu)\n", i, argv[i], strlen(argv[i])); total += (int)strlen(argv[i]); }
    printf("argc=%d argv[argc]=%s\n", argc, argv[argc] ? "set" : "NULL");
    return 10 + total;
}
