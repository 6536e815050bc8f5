/* Bit manipulation builtins: popcount, clz, ctz, bswap, rotates, parity. */
#include <stdint.h>
#include <stdio.h>
int main(void)
{
    uint64_t x = 0x0123456789abcdefULL, acc = 0;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        acc += (uint64_t)__builtin_popcountll(x) + (uint64_t)__builtin_clzll(x | 1) * 3 + (uint64_t)__builtin_ctzll(x | (1ULL << 63)) * 5;
        acc ^= __builtin_bswap64(x) >> (i & 31);
        acc += (uint64_t)__builtin_parityll(x) + ((x << 9) | (x >> 55)) % 1000;
    }
    printf("%016llx %u\n", (unsigned long long)acc, __builtin_bswap32(0x11223344u));
    return 0;
}
