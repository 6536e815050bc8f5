/* Library sorting and searching with comparison callbacks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static int by_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int by_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
int main(void)
{
    static int v[100000];
    unsigned s = 1;
    for (int i = 0; i < 100000; i++) { s = s * 1664525u + 1013904223u; v[i] = (int)(s >> 8); }
    qsort(v, 100000, sizeof v[0], by_int);
    int key = v[77777];
    int *hit = bsearch(&key, v, 100000, sizeof v[0], by_int);
    printf("%d %d %d %ld\n", v[0], v[50000], v[99999], (long)(hit - v));
    char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "kiwi", "lime"};
    qsort(words, 8, sizeof words[0], by_str);
    for (int i = 0; i < 8; i++) printf("%s%c", words[i], i == 7 ? '\n' : ' ');
    return 0;
}
