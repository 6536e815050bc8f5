/* The libgcc helpers gcc calls for operations x86-64 has no instruction
 * for (without -mpopcnt, 128-bit division, complex arithmetic). The host's
 * libgcc.a is not vxcc-compiled, so guests get these instead; each is our
 * own straightforward implementation. */
#include <stdint.h>

typedef unsigned __int128 u128;
typedef __int128 s128;

int __popcountdi2(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return (int)((x * 0x0101010101010101ULL) >> 56);
}

int __popcountsi2(uint32_t x) { return __popcountdi2(x); }
int __paritydi2(uint64_t x) { return __popcountdi2(x) & 1; }
int __paritysi2(uint32_t x) { return __popcountdi2(x) & 1; }

/* Shift-subtract division: 128 steps, no recursion into these helpers. */
u128 __udivmodti4(u128 n, u128 d, u128 *rem)
{
    u128 q = 0, r = 0;
    if (d == 0)
        __builtin_trap(); /* like the hardware divide: a contained fault */
    for (int i = 127; i >= 0; i--) {
        r = (r << 1) | ((n >> i) & 1);
        if (r >= d) {
            r -= d;
            q |= (u128)1 << i;
        }
    }
    if (rem)
        *rem = r;
    return q;
}

u128 __udivti3(u128 n, u128 d) { return __udivmodti4(n, d, 0); }

u128 __umodti3(u128 n, u128 d)
{
    u128 r;
    __udivmodti4(n, d, &r);
    return r;
}

s128 __divti3(s128 n, s128 d)
{
    int neg = (n < 0) != (d < 0);
    u128 q = __udivmodti4(n < 0 ? -(u128)n : (u128)n, d < 0 ? -(u128)d : (u128)d, 0);
    return neg ? -(s128)q : (s128)q;
}

s128 __modti3(s128 n, s128 d)
{
    u128 r;
    __udivmodti4(n < 0 ? -(u128)n : (u128)n, d < 0 ? -(u128)d : (u128)d, &r);
    return n < 0 ? -(s128)r : (s128)r;
}

/* Complex multiply and divide (C99 Annex G's plain formulas; Smith's
 * scaling for division). Infinities mixed with NaNs are not recovered. */
_Complex double __muldc3(double a, double b, double c, double d)
{
    _Complex double z;
    __real__ z = a * c - b * d;
    __imag__ z = a * d + b * c;
    return z;
}

_Complex float __mulsc3(float a, float b, float c, float d)
{
    _Complex float z;
    __real__ z = a * c - b * d;
    __imag__ z = a * d + b * c;
    return z;
}

_Complex double __divdc3(double a, double b, double c, double d)
{
    _Complex double z;
    if (__builtin_fabs(c) >= __builtin_fabs(d)) {
        double r = d / c, den = c + d * r;
        __real__ z = (a + b * r) / den;
        __imag__ z = (b - a * r) / den;
    } else {
        double r = c / d, den = c * r + d;
        __real__ z = (a * r + b) / den;
        __imag__ z = (b * r - a) / den;
    }
    return z;
}

_Complex float __divsc3(float a, float b, float c, float d)
{
    _Complex double z = __divdc3(a, b, c, d);
    return (_Complex float)z;
}
