/* printf/scanf of floating point: widths, precisions, exponents, specials, rounding. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
int main(void)
{
    double v[] = {0.0, -0.0, 1.0, 0.1, 2.5, 3.5, 1e-7, 123456789.125, 1e22, 1e-310, 6.02214076e23, -42.4242};
    for (int i = 0; i < 12; i++)
        printf("[%g] [%.3e] [%12.4f] [%-10.2g] [%+.0f] [%#.3g]\n", v[i], v[i], v[i], v[i], v[i], v[i]);
    printf("%f %f %f\n", INFINITY, -INFINITY, NAN);
    float f = 1.0f / 3.0f;
    printf("%.10f %.20g\n", f, (double)f);
    double back;
    char buf[64];
    int ok = 0;
    for (int i = 0; i < 12; i++) { snprintf(buf, sizeof buf, "%.17g", v[i]); back = strtod(buf, NULL); ok += back == v[i]; }
    printf("round trips %d/12, sscanf %d\n", ok, sscanf("3.25 7", "%lf %d", &back, &ok) + (back == 3.25));
    return 0;
}
