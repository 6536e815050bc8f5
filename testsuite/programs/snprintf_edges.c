/* snprintf truncation and return values, %n-free format coverage, string builder growth. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void)
{
    char small[8];
    int n = snprintf(small, sizeof small, "%s-%d", "truncated", 12345);
    printf("%d '%s'\n", n, small);
    printf("%d\n", snprintf(NULL, 0, "%0*d|%.*s|%x|%o|%c|%%", 6, 42, 3, "abcdef", 255, 8, 'Z'));
    size_t cap = 16, len = 0;
    char *s = malloc(cap);
    s[0] = 0;
    for (int i = 0; i < 3000; i++) {
        char piece[16];
        int k = snprintf(piece, sizeof piece, "%d,", i * i % 977);
        if (len + (size_t)k + 1 > cap) { cap *= 2; s = realloc(s, cap); }
        memcpy(s + len, piece, (size_t)k + 1);
        len += (size_t)k;
    }
    printf("len=%zu cap=%zu tail=%s\n", len, cap, s + len - 12);
    free(s);
    return 0;
}
