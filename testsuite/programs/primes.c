/* Sieve of Eratosthenes and prime gaps. */
#include <stdio.h>
#include <string.h>
static unsigned char composite[2000001];
int main(void)
{
    int count = 0, last = 0, gap = 0, at = 0;
    for (long i = 2; i <= 2000000; i++) {
        if (composite[i]) continue;
        count++;
        if (last && i - last > gap) { gap = (int)(i - last); at = last; }
        last = (int)i;
        for (long j = i * i; j <= 2000000; j += i) composite[j] = 1;
    }
    printf("primes=%d largest=%d maxgap=%d after %d\n", count, last, gap, at);
    return 0;
}
