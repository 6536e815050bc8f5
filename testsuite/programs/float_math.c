/* libm at printing precision that does not depend on the last ulp. */
#include <math.h>
#include <stdio.h>
int main(void)
{
    for (double x = -3.0; x <= 3.0; x += 0.75)
        printf("%6.2f %.9f %.9f %.9f %.9f %.9f\n", x, sin(x), cos(x), atan(x), exp(x / 2), cbrt(x));
    printf("%.9f %.9f %.9f %.9f\n", log(10.0), log10(12345.0), pow(2.0, 0.5), hypot(3.0, 4.0));
    printf("%.1f %.1f %.1f %.1f %d\n", floor(-2.5), ceil(-2.5), round(2.5), trunc(-2.7), isnan(sqrt(-1.0)) != 0);
    printf("%g %g %g\n", fmod(10.5, 3.0), copysign(2.0, -0.0), fabs(-1e-300));
    return 0;
}
