/* memcpy/memmove/memset/memcmp over many sizes and alignments. */
#include <stdio.h>
#include <string.h>
static unsigned char a[70000], b[70000];
int main(void)
{
    unsigned long check = 0;
    for (int i = 0; i < (int)sizeof a; i++)
        a[i] = (unsigned char)(i * 31 + 7);
    for (size_t n = 0; n < 65536; n = n * 2 + 3)
        for (size_t off = 0; off < 9; off++) {
            memset(b, 0xA5, sizeof b);
            memcpy(b + off, a + 8 - off, n);
            memmove(b + off + 1, b + off, n / 2);
            check = check * 1000003 + (unsigned long)memcmp(b, a, n + off) + b[n / 3 + off];
        }
    printf("check=%lu\n", check);
    return 0;
}
