/* memcpy/memset-heavy code, heap growth, VLAs, alloca, overlapping moves. */
#include "print.h"
static unsigned long checksum(const unsigned char *p, long n)
{
    unsigned long h = 14695981039346656037UL;
    for (long i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211UL;
    return h;
}
static long vla(int n)
{
    int a[n];
    for (int i = 0; i < n; i++) a[i] = i * i;
    long s = 0;
    for (int i = 0; i < n; i++) s += a[i];
    return s;
}
int main(int argc, char **argv)
{
    (void)argv;
    long n = 3 << 20;
    unsigned char *heap = vx_sbrk(n);
    if (heap == (void *)-1) return 9;
    memset(heap, 0x5a, n);
    for (long i = 0; i < n; i += 4093) heap[i] = (unsigned char)i;
    memcpy(heap + n / 2, heap, n / 4);
    memmove(heap + 10, heap, 100000);
    memmove(heap, heap + 10, 50000);
    vx_put_hex(checksum(heap, n));
    vx_puts("\n");
    show("vla", vla(1000 + argc));
    char *s = __builtin_alloca(64 + argc);
    memset(s, 'x', 63);
    s[63] = 0;
    show("alloca", strlen(s));
    show("cmp", memcmp(heap, heap + n / 2, 4096) == 0);
    return 0;
}
