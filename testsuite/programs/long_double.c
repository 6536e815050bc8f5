/* x87 long double arithmetic and formatting. */
#include <stdio.h>
int main(void)
{
    long double x = 1.0L, e = 1.0L, term = 1.0L;
    for (int i = 1; i < 25; i++) { term /= i; e += term; }
    for (int i = 0; i < 64; i++) x = x * 1.5L - 0.25L;
    printf("%.15Lf %.6Le %d\n", e, x, (int)sizeof(long double));
    return 0;
}
