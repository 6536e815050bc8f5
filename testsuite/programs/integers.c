/* 8- to 64-bit arithmetic, shifts, rotations, 128-bit multiply, overflow builtins. */
#include "print.h"
int main(int argc, char **argv)
{
    (void)argv;
    unsigned long long s = 88172645463325252ULL + argc;
    long long acc = 0;
    for (int i = 0; i < 100000; i++) {
        unsigned long long r = rng(&s);
        acc += (long long)(r % 1000003) - 500000;
        acc ^= (long long)((r >> 7) | (r << 57));
        acc += (signed char)r + (short)(r >> 8) + (int)(r >> 16) / 7;
    }
    show("acc", acc);
    unsigned __int128 m = (unsigned __int128)s * 0x9e3779b97f4a7c15ULL;
    vx_put_hex((unsigned long long)(m >> 64));
    vx_puts("\n");
    long long ov;
    show("overflow", __builtin_mul_overflow(1LL << 40, 1LL << 30, &ov));
    show("divs", (-7 / 2) * 100 + (-7 % 2) * 10 + (7u >> 1));
    unsigned x = 0xdeadbeef;
    show("bits", (x << 3) ^ (x >> 5) ^ (x & 0xff00));
    return 0;
}
