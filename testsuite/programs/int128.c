/* 128-bit integers (libgcc-free paths: multiply, shifts, compares). */
#include <stdio.h>
typedef unsigned __int128 u128;
int main(void)
{
    u128 f = 1;
    for (int i = 1; i <= 30; i++) f *= (u128)i;
    unsigned long long hi = (unsigned long long)(f >> 64), lo = (unsigned long long)f;
    printf("30! = %llx:%016llx\n", hi, lo);
    u128 fib[2] = {0, 1};
    for (int i = 0; i < 180; i++) { u128 t = fib[0] + fib[1]; fib[0] = fib[1]; fib[1] = t; }
    printf("fib181 high=%llx low=%016llx cmp=%d\n", (unsigned long long)(fib[1] >> 64), (unsigned long long)fib[1], fib[1] > f);
    /* Division and remainder go through the vx libgcc helpers. */
    __int128 q = (__int128)f / -1234567891011LL, r = (__int128)f % 987654321;
    printf("q high=%llx low=%016llx r=%lld\n", (unsigned long long)((unsigned __int128)q >> 64),
           (unsigned long long)q, (long long)r);
    return 0;
}
