/* gcd/lcm, modular exponentiation, Collatz lengths, Roman numerals. */
#include <stdio.h>
static unsigned long gcd(unsigned long a, unsigned long b) { while (b) { unsigned long t = a % b; a = b; b = t; } return a; }
static unsigned long powmod(unsigned long b, unsigned long e, unsigned long m) { unsigned long r = 1; b %= m; while (e) { if (e & 1) r = r * b % m; b = b * b % m; e >>= 1; } return r; }
static void roman(int n, char *o)
{
    static const int v[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    static const char *s[] = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};
    *o = 0;
    for (int i = 0; i < 13; i++) while (n >= v[i]) { n -= v[i]; for (const char *c = s[i]; *c; c++) *o++ = *c; *o = 0; }
}
int main(void)
{
    unsigned long l = 1;
    for (unsigned long i = 1; i <= 40; i++) l = l / gcd(l, i) * i;
    int best = 0, at = 0;
    for (int i = 1; i < 300000; i++) { long x = i; int steps = 0; while (x != 1) { x = x & 1 ? 3 * x + 1 : x / 2; steps++; } if (steps > best) { best = steps; at = i; } }
    char r[64];
    roman(2026, r);
    printf("lcm(1..40)=%lu 3^1000000 mod 1e9+7=%lu collatz %d@%d %s\n", l, powmod(3, 1000000, 1000000007), best, at, r);
    return 0;
}
