/* The long double functions of C11 <math.h> (musl's in the guest), and
 * nanl, over ordinary and special arguments; then the complex long double
 * functions, which call them (runtime/musl/src/complex replaces musl's
 * double-precision ones). (sqrtl and hypotl are left out: newlib's, the
 * guest libc until 2026-12, were wrong in the last bit.) Results print as
 * their x87 bits (sign and exponent, then significand; not %La, which
 * glibc and the guest libc spell differently): exactly for functions with one right
 * answer, rounded off in the low significand bits for the others, where
 * musl and glibc may differ by an ulp or two. Every NaN prints as "nan": C
 * fixes neither its sign nor its payload. Functions and arguments are read
 * through volatile objects, so gcc folds and inlines nothing: each call
 * reaches the library. */
#include <complex.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define EXACT 0
#define NEAR 8   /* significand bits rounded off: musl's approximations */
#define CNEAR 12 /* the guest libc's complex functions (not glibc's algorithms) */

static void put(long double x, int drop)
{
    unsigned long long m;
    unsigned short se;
    memcpy(&m, &x, 8);
    memcpy(&se, (char *)&x + 8, 2);
    if (isnan(x)) {
        printf(" nan");
        return;
    }
    if (drop && m) {
        unsigned long long r = m + (1ULL << (drop - 1));
        if (r < m) /* carried out: the next binade */
            r = 1ULL << 63, se++;
        m = r & ~((1ULL << drop) - 1);
    }
    printf(" %04x.%016llx", se, m);
}

#define PI_L 3.14159265358979323846264338327950288L
#define SUB_MIN 0x1p-16445L

/* Arguments of the one-argument functions. */
static volatile long double args[] = {
    0.0L, -0.0L, INFINITY, -INFINITY, NAN, SUB_MIN, -0x1.234p-16400L, LDBL_MIN,
    LDBL_MAX, -LDBL_MAX, 0.5L, -0.75L, 1.0L, -1.0L, 2.5L, 10.0L, -30.25L, 0.1L,
    1e-10L, 1e10L, 0x1p63L, 1e300L, 1e4000L, -1e4000L, 0.99999999999999999995L,
    /* near multiples of pi (each the long double nearest to k*pi) */
    PI_L, -PI_L / 2, 2 * PI_L, 314.159265358979323846264338327950288L,
    3141592.65358979323846264338327950288L, 1e22L, 0x1p16000L};

static const struct unary {
    const char *name;
    long double (*f)(long double);
    int drop;
    int on_halves; /* a rounding function: halfway cases */
} unary[] = {
    {"acosl", acosl, NEAR}, {"asinl", asinl, NEAR}, {"atanl", atanl, NEAR},
    {"cosl", cosl, NEAR}, {"sinl", sinl, NEAR}, {"tanl", tanl, NEAR},
    {"acoshl", acoshl, NEAR}, {"asinhl", asinhl, NEAR}, {"atanhl", atanhl, NEAR},
    {"coshl", coshl, NEAR}, {"sinhl", sinhl, NEAR}, {"tanhl", tanhl, NEAR},
    {"expl", expl, NEAR}, {"exp2l", exp2l, NEAR}, {"expm1l", expm1l, NEAR},
    {"logl", logl, NEAR}, {"log10l", log10l, NEAR}, {"log1pl", log1pl, NEAR},
    {"log2l", log2l, NEAR}, {"logbl", logbl, EXACT}, {"cbrtl", cbrtl, NEAR},
    {"fabsl", fabsl, EXACT}, {"erfl", erfl, NEAR},
    {"erfcl", erfcl, NEAR}, {"lgammal", lgammal, NEAR}, {"tgammal", tgammal, NEAR},
    {"ceill", ceill, EXACT, 1}, {"floorl", floorl, EXACT, 1}, {"nearbyintl", nearbyintl, EXACT, 1},
    {"rintl", rintl, EXACT, 1}, {"roundl", roundl, EXACT, 1}, {"truncl", truncl, EXACT, 1},
};

/* Halfway cases and neighbours for the rounding functions. */
static volatile long double halves[] = {
    0.5L, -0.5L, 1.5L, 2.5L, -2.5L, 3.5L, -0.49999999999999999997L, 0.50000000000000000005L,
    4611686018427387904.5L /* 2^62 + 1/2 */, -4611686018427387903.5L, 1e-4000L, -7.75L,
    0x1p63L, 0x1.8p64L, -0.0L, INFINITY, NAN};

static void one_argument(void)
{
    for (size_t i = 0; i < sizeof unary / sizeof *unary; i++) {
        long double (*volatile f)(long double) = unary[i].f;
        volatile long double *a = unary[i].on_halves ? halves : args;
        size_t n = unary[i].on_halves ? sizeof halves / sizeof *halves : sizeof args / sizeof *args;
        printf("%s", unary[i].name);
        for (size_t k = 0; k < n; k++)
            put(f(a[k]), unary[i].drop);
        printf("\n");
    }
}

/* The functions whose result is an integer: finite arguments in range. */
static void to_integer(void)
{
    long (*volatile lr)(long double) = lrintl, (*volatile lo)(long double) = lroundl;
    long long (*volatile llr)(long double) = llrintl, (*volatile llo)(long double) = llroundl;
    int (*volatile ilogb_)(long double) = ilogbl;
    printf("lrintl lroundl llrintl llroundl");
    for (size_t k = 0; k < 12; k++) /* up to 0x1p63, out of range */
        printf(" %ld %ld %lld %lld", lr(halves[k]), lo(halves[k]), llr(halves[k]), llo(halves[k]));
    printf("\nilogbl");
    for (size_t k = 0; k < sizeof args / sizeof *args; k++)
        printf(" %d", ilogb_(args[k]));
    printf("\n");
}

/* Functions of a value and something else it is split into or scaled by. */
static void split_and_scale(void)
{
    long double (*volatile frexp_)(long double, int *) = frexpl, (*volatile modf_)(long double, long double *) = modfl;
    long double (*volatile ldexp_)(long double, int) = ldexpl, (*volatile scalbn_)(long double, int) = scalbnl;
    long double (*volatile scalbln_)(long double, long) = scalblnl;
    printf("frexpl modfl");
    for (size_t k = 0; k < sizeof args / sizeof *args; k++) {
        int e = 0;
        long double ip = 0;
        put(frexp_(args[k], &e), EXACT);
        printf(" %d", e);
        put(modf_(args[k], &ip), EXACT);
        put(ip, EXACT);
    }
    static volatile int n[] = {0, 1, -1, 100, -16445, 16383, -16383, -70, 32767, -40000, 1 << 30};
    static volatile long double x[] = {1.0L, -0x1.8p-16380L, 0x1.fffffffffffffffep0L, SUB_MIN, -0.0L, INFINITY, NAN};
    printf("\nldexpl scalbnl scalblnl");
    for (size_t i = 0; i < sizeof x / sizeof *x; i++)
        for (size_t k = 0; k < sizeof n / sizeof *n; k++) {
            put(ldexp_(x[i], n[k]), EXACT);
            put(scalbn_(x[i], n[k]), EXACT);
            put(scalbln_(x[i], n[k] * 3L), EXACT);
        }
    printf("\n");
}

/* Pairs for the two-argument functions. */
static volatile long double pairs[][2] = {
    {5.5L, 2}, {-5.5L, 2}, {10, 3}, {7, -2}, {5, 2}, {1e4000L, 3}, {1, SUB_MIN},
    {LDBL_MAX, SUB_MIN}, {-0.0L, 1}, {0.0L, -0.0L}, {-0.0L, -0.0L}, {3, 0}, {INFINITY, 2},
    {3, INFINITY}, {-INFINITY, -INFINITY}, {NAN, 1}, {1, NAN}, {1, 2}, {1, 0}, {0, -1},
    {LDBL_MAX, INFINITY}, {LDBL_MIN, 0}, {-1, -1}, {3, 4}, {1e-4000L, 1e4000L}, {0.1L, 0.3L},
    {-2, 3}, {-2, 0.5L}, {2, 0.5L}, {10, 4930}, {2, -16445}, {1.0000001L, 1e10L}, {-8, -1},
    {-INFINITY, 3}, {-INFINITY, -3}, {0.5L, INFINITY}, {-1, INFINITY}, {0, -1}, {-0.0L, -3},
    {-0.0L, -2}, {NAN, 0}, {1.5L, -1e-10L}, {0.9L, -2e6L}};
#define NPAIRS (sizeof pairs / sizeof *pairs)

/* powl's: Annex F's special cases, and results musl's powl gets within an
 * ulp or two (it is some 600 ulp off glibc's at 1.0000001^1e10, and gives
 * inf for LDBL_MAX^0x1p-16445 and LDBL_MAX^0.5). */
static volatile long double pow_pairs[][2] = {
    {-2, 3}, {-2, 0.5L}, {2, 0.5L}, {10, 4930}, {2, -16445}, {-8, -1}, {1.0000001L, 1e5L},
    {-INFINITY, 3}, {-INFINITY, -3}, {0.5L, INFINITY}, {-1, INFINITY}, {0, -1}, {-0.0L, -3},
    {-0.0L, -2}, {NAN, 0}, {1, NAN}, {1.5L, -1e-10L}, {0.9L, -2e6L}, {3, 4}, {0.1L, 0.3L},
    {INFINITY, -2}, {0x1p16000L, 0.5L}, {SUB_MIN, 0.5L}, {-0.5L, -INFINITY}, {1e-4000L, 0.25L}};

static const struct binary {
    const char *name;
    long double (*f)(long double, long double);
    int drop;
    int zero_sign_open; /* C leaves fmaxl(+0, -0)'s sign open: musl +0, glibc -0 */
} binary[] = {
    {"atan2l", atan2l, NEAR}, {"fmodl", fmodl, EXACT}, {"remainderl", remainderl, EXACT},
    {"copysignl", copysignl, EXACT}, {"nextafterl", nextafterl, EXACT},
    {"nexttowardl", nexttowardl, EXACT}, {"fdiml", fdiml, EXACT}, {"fmaxl", fmaxl, EXACT, 1},
    {"fminl", fminl, EXACT, 1},
};

static void two_arguments(void)
{
    for (size_t i = 0; i < sizeof binary / sizeof *binary; i++) {
        long double (*volatile f)(long double, long double) = binary[i].f;
        printf("%s", binary[i].name);
        for (size_t k = 0; k < NPAIRS; k++) {
            long double r = f(pairs[k][0], pairs[k][1]);
            put(binary[i].zero_sign_open && r == 0 ? 0 : r, binary[i].drop);
        }
        printf("\n");
    }
    long double (*volatile pow_)(long double, long double) = powl;
    printf("powl");
    for (size_t k = 0; k < sizeof pow_pairs / sizeof *pow_pairs; k++)
        put(pow_(pow_pairs[k][0], pow_pairs[k][1]), NEAR);
    printf("\n");
    long double (*volatile remquo_)(long double, long double, int *) = remquol;
    double (*volatile toward)(double, long double) = nexttoward;
    float (*volatile towardf)(float, long double) = nexttowardf;
    printf("remquol nexttoward nexttowardf");
    for (size_t k = 0; k < NPAIRS; k++) {
        int q = 0;
        long double r = remquo_(pairs[k][0], pairs[k][1], &q);
        put(r, EXACT);
        /* C promises the sign and three low bits of the quotient */
        printf(" %d", isnan(r) ? 0 : q < 0 ? -(-q & 7) : q & 7);
        put(toward((double)pairs[k][0], pairs[k][1]), EXACT);
        put(towardf((float)pairs[k][0], pairs[k][1]), EXACT);
    }
    static volatile long double step[] = {1.0L + 0x1p-60L, 1.0L - 0x1p-70L, -1e-4000L, 1e4000L};
    for (size_t k = 0; k < sizeof step / sizeof *step; k++) {
        put(toward(1.0, step[k]), EXACT);
        put(toward(0.0, step[k]), EXACT);
        put(towardf(1.0f, step[k]), EXACT);
        put(towardf(0.0f, step[k]), EXACT);
    }
    printf("\n");
}

static void fused(void)
{
    static volatile long double t[][3] = {
        {1, 1, 1}, {1.0L + 0x1p-63L, 1.0L + 0x1p-63L, -1}, {INFINITY, 0, 1}, {LDBL_MAX, 2, -LDBL_MAX},
        {SUB_MIN, 0.5L, 0}, {SUB_MIN, 1.5L, 0}, {1, 1, -1}, {-1, 1, 1}, {1e4000L, 1e-4000L, -1},
        {0.1L, 10, -1}, {3, 1.0L / 3, -1}, {LDBL_MAX, LDBL_MAX, -INFINITY}, {NAN, 1, 1}, {-0.0L, 1, -0.0L},
        {0x1p-8000L, 0x1p-8000L, 0x1p-16300L}, {1.0L + 0x1p-63L, 1.0L - 0x1p-64L, 0x1p-130L}};
    long double (*volatile fma_)(long double, long double, long double) = fmal;
    long double (*volatile nan_)(const char *) = nanl;
    printf("fmal");
    for (size_t k = 0; k < sizeof t / sizeof *t; k++)
        put(fma_(t[k][0], t[k][1], t[k][2]), EXACT);
    put(nan_(""), EXACT);
    printf("\n");
}

/* The guest libc's complex long double functions, built on the functions above. */
static volatile long double complex z[] = {0.75L + 0.25L * I, -1.5L + 2.0L * I, 3.0L - 0.75L * I, -0.25L - 4.0L * I};

static const struct cunary {
    const char *name;
    long double complex (*f)(long double complex);
} cunary[] = {
    {"cacosl", cacosl}, {"casinl", casinl}, {"catanl", catanl}, {"ccosl", ccosl}, {"csinl", csinl},
    {"ctanl", ctanl}, {"cacoshl", cacoshl}, {"casinhl", casinhl}, {"catanhl", catanhl},
    {"ccoshl", ccoshl}, {"csinhl", csinhl}, {"ctanhl", ctanhl}, {"cexpl", cexpl}, {"clogl", clogl},
    {"csqrtl", csqrtl}, {"conjl", conjl}, {"cprojl", cprojl},
};

static void complex_functions(void)
{
    for (size_t i = 0; i < sizeof cunary / sizeof *cunary; i++) {
        long double complex (*volatile f)(long double complex) = cunary[i].f;
        printf("%s", cunary[i].name);
        for (size_t k = 0; k < sizeof z / sizeof *z; k++) {
            long double complex w = f(z[k]);
            put(creall(w), CNEAR);
            put(cimagl(w), CNEAR);
        }
        printf("\n");
    }
    long double (*volatile abs_)(long double complex) = cabsl, (*volatile arg_)(long double complex) = cargl;
    long double complex (*volatile pow_)(long double complex, long double complex) = cpowl;
    printf("cabsl cargl cpowl");
    for (size_t k = 0; k < sizeof z / sizeof *z; k++) {
        put(abs_(z[k]), CNEAR);
        put(arg_(z[k]), CNEAR);
        long double complex w = pow_(z[k], z[(k + 1) % 4]);
        put(creall(w), CNEAR);
        put(cimagl(w), CNEAR);
    }
    printf("\n");
}

int main(void)
{
    one_argument();
    to_integer();
    split_and_scale();
    two_arguments();
    fused();
    complex_functions();
    return 0;
}
