/* float vs double vs compensated summation; float-to-int conversions. */
#include <stdio.h>
int main(void)
{
    float fs = 0, c = 0, ks = 0;
    double ds = 0;
    for (int i = 1; i <= 1000000; i++) {
        float x = 1.0f / (float)i;
        fs += x; ds += x;
        float y = x - c, t = ks + y; c = (t - ks) - y; ks = t;
    }
    printf("%.6f %.6f %.6f\n", fs, ks, ds);
    double vals[] = {2.5, -2.5, 1e10, -0.9, 3.99999};
    for (int i = 0; i < 5; i++) printf("%d %ld %u ", (int)vals[i], (long)vals[i], (unsigned)(vals[i] > 0 ? vals[i] : 0));
    printf("\n");
    return 0;
}
