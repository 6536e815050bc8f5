/* alloca and variable-length arrays of changing sizes. */
#include <alloca.h>
#include <stdio.h>
#include <string.h>
static long vla_sum(int n)
{
    long a[n];
    for (int i = 0; i < n; i++)
        a[i] = (long)i * i - n;
    long s = 0;
    for (int i = n - 1; i >= 0; i--)
        s += a[i];
    return s;
}
static unsigned alloca_hash(int n)
{
    unsigned char *p = alloca((size_t)n);
    memset(p, n & 0xff, (size_t)n);
    unsigned h = 2166136261u;
    for (int i = 0; i < n; i++)
        h = (h ^ (p[i] + (unsigned)i)) * 16777619u;
    return h;
}
int main(void)
{
    for (int n = 1; n < 40000; n = n * 3 + 1)
        printf("%d %ld %u\n", n, vla_sum(n), alloca_hash(n));
    return 0;
}
