/* Double and float arithmetic, conversions, Newton iterations (no libm). */
#include "print.h"
static double newton_sqrt(double x) { double g = x / 2; for (int i = 0; i < 30; i++) g = (g + x / g) / 2; return g; }
int main(int argc, char **argv)
{
    (void)argv;
    double s = 0;
    for (int i = 1; i <= 100000; i++) s += 1.0 / ((double)i * i);
    show("basel x1e9", (long long)(s * 1e9));
    show("sqrt2 x1e12", (long long)(newton_sqrt(2.0 + argc - 1) * 1e12));
    float f = 0;
    for (int i = 0; i < 1000; i++) f += 0.1f;
    show("float x1e3", (long long)(f * 1000));
    double pi = 0;
    for (int k = 0; k < 1000000; k++) pi += (k % 2 ? -4.0 : 4.0) / (2 * k + 1);
    show("pi x1e9", (long long)(pi * 1e9));
    show("conv", (long long)(double)(1ULL << 53) - (long long)(float)123456789);
    return 0;
}
