/* Spectral norm (benchmarks game kernel). */
#include <math.h>
#include <stdio.h>
#define N 200
static double A(int i, int j) { return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1); }
static void mul_av(const double *v, double *av) { for (int i = 0; i < N; i++) { av[i] = 0; for (int j = 0; j < N; j++) av[i] += A(i, j) * v[j]; } }
static void mul_atv(const double *v, double *atv) { for (int i = 0; i < N; i++) { atv[i] = 0; for (int j = 0; j < N; j++) atv[i] += A(j, i) * v[j]; } }
int main(void)
{
    static double u[N], v[N], t[N];
    for (int i = 0; i < N; i++) u[i] = 1;
    for (int k = 0; k < 10; k++) { mul_av(u, t); mul_atv(t, v); mul_av(v, t); mul_atv(t, u); }
    double vbv = 0, vv = 0;
    for (int i = 0; i < N; i++) { vbv += u[i] * v[i]; vv += v[i] * v[i]; }
    printf("%.9f\n", sqrt(vbv / vv));
    return 0;
}
