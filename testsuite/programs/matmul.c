/* Dense matrix multiply (auto-vectorised at -O3). */
#include <stdio.h>
#ifndef N
#define N 96 /* make bench uses more */
#endif
static double A[N][N], B[N][N], C[N][N];
int main(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) { A[i][j] = (i * j % 7) - 3; B[i][j] = (i + 2 * j) % 5 * 0.5; }
    for (int r = 0; r < 3; r++)
        for (int i = 0; i < N; i++)
            for (int k = 0; k < N; k++)
                for (int j = 0; j < N; j++)
                    C[i][j] += A[i][k] * B[k][j];
    double tr = 0;
    for (int i = 0; i < N; i++) tr += C[i][i] + C[i][N - 1 - i];
    printf("%.3f %.3f\n", tr, C[17][42]);
    return 0;
}
