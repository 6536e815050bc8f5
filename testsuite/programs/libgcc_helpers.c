/* gcc's libgcc helpers, called the way gcc calls them: 128-bit integer <->
 * float conversions and division, __powi*, __float128 and _Float16 soft-fp,
 * complex division across magnitudes, the -ftrapv helpers, CPU features. */
#include <complex.h>
#include <stdio.h>
#include <string.h>

typedef __int128 s128;
typedef unsigned __int128 u128;

/* What -ftrapv makes gcc call; declared so the test needs no flag. */
long __addvdi3(long, long);
long __mulvdi3(long, long);
int __subvsi3(int, int);

static volatile double vd[] = {0.0, -0.0, 1.0, -1.5, 3e18, 1.8446744073709552e19, 1e30, -1.7e38, 5e-324};
static volatile long double vl[] = {0.0L, 1.0L, -2.75L, 1e25L, -3.4e38L, 1.1e-4950L};
static volatile s128 vi[] = {0, 1, -1, (s128)1 << 100, -((s128)1 << 120) + 12345, ((s128)0x7fffffffffffffffLL << 64) | 0xfedcba9876543210ULL};

static void print_u128(const char *what, u128 v)
{
    printf("%s %016llx%016llx\n", what, (unsigned long long)(v >> 64), (unsigned long long)v);
}

/* Bytes, not %La: glibc and newlib spell the same long double differently. */
static const char *xf(long double x)
{
    static char buf[4][24];
    static int k;
    unsigned char b[10];
    memcpy(b, &x, 10);
    char *p = buf[k++ & 3];
    for (int i = 9; i >= 0; i--)
        sprintf(p + 2 * (9 - i), "%02x", b[i]);
    return p;
}

static void print_q(const char *what, __float128 q)
{
    unsigned char b[16];
    memcpy(b, &q, 16);
    printf("%s ", what);
    for (int i = 15; i >= 0; i--)
        printf("%02x", b[i]);
    printf(" (%.17g)\n", (double)q);
}

int main(void)
{
    for (unsigned i = 0; i < sizeof vi / sizeof *vi; i++) {
        s128 v = vi[i];
        printf("ti->sf %a ti->df %a ti->xf %s\n", (double)(float)v, (double)v, xf((long double)v));
        print_u128("ti->tf->ti", (u128)(s128)(__float128)v);
        if (v)
            print_u128("div/mod", (u128)(vi[5] / v) ^ (u128)(vi[5] % v));
    }
    for (unsigned i = 0; i < sizeof vd / sizeof *vd; i++) {
        double d = vd[i];
        print_u128("df->ti", (u128)(s128)(d > 1.7e38 || d < -1.7e38 ? 0 : d));
        print_u128("df->uti", (u128)(d < 0 || d > 3.4e38 ? 0 : d));
        printf("powi %a %a %s\n", __builtin_powi(d, 7), __builtin_powi(d, -3), xf(__builtin_powil((long double)d, 5)));
        __float128 q = d;
        print_q("tf", q * q / 3 + (__float128)1 / 7 - q);
        printf("tf cmp %d %d %d\n", q < (__float128)1, q == (__float128)d, q >= (__float128)-1);
        _Float16 h = (_Float16)d;
        printf("hf %a %a\n", (double)h, (double)(_Float16)(h * (_Float16)1.5f));
    }
    for (unsigned i = 0; i < sizeof vl / sizeof *vl; i++)
        print_q("xf->tf", (__float128)vl[i]);
    /* Operands of very different magnitudes: the naive formula over- or
     * underflows, gcc's __divdc3 scales. */
    double complex num[] = {1e300 + 1e-300 * I, 1 + 1 * I, 1e-310 + 3e-310 * I};
    double complex den[] = {1e-300 + 1e300 * I, 1e307 + 1e-307 * I, 4e-310 - 2e-310 * I};
    for (int i = 0; i < 3; i++) {
        double complex q = num[i] / den[i];
        float complex qf = (float complex)num[i] / (float complex)den[i];
        long double complex ql = (long double complex)num[i] / (long double complex)den[i];
        printf("cdiv %a %a | %a %a | %s %s\n", creal(q), cimag(q), (double)crealf(qf), (double)cimagf(qf), xf(creall(ql)), xf(cimagl(ql)));
    }
    printf("trapv %ld %ld %d\n", __addvdi3(40, 2), __mulvdi3(-7, 6), __subvsi3(5, 9));
    __builtin_cpu_init();
    printf("cpu sse2 %d avx %d\n", __builtin_cpu_supports("sse2") != 0, __builtin_cpu_supports("avx") != 0);
    printf("bits %d %d %d %d\n", __builtin_popcountll(0xf0f0f0f0f0ULL), __builtin_parityll(7), __builtin_clrsbll(-3), __builtin_ffsll(1LL << 40));
    return 0;
}
