/* C99 complex arithmetic (multiply and divide call libgcc helpers at -O0). */
#include <complex.h>
#include <stdio.h>
int main(void)
{
    double complex z = 0.5 + 0.25 * I, acc = 1;
    for (int i = 1; i <= 20; i++) {
        acc = acc * z + (double complex)(1.0 / i);
        acc = acc / (1.0 + 0.1 * I * i);
    }
    float complex w = 2.0f - 1.0f * I;
    w = w * w / (1.0f + 1.0f * I);
    printf("%.9f %.9f | %.5f %.5f | %.6f\n", creal(acc), cimag(acc), crealf(w), cimagf(w), cabs(z * z));
    return 0;
}
