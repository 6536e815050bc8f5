/* Benchmark kernel: dense double matrix multiply, 320 x 320, three times. */
#include <stdio.h>
#define N 320
static double A[N][N], B[N][N], C[N][N];
int main(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) { A[i][j] = (i * j % 7) - 3; B[i][j] = (i + 2 * j) % 5 * 0.5; }
    for (int r = 0; r < 3; r++)
        for (int i = 0; i < N; i++)
            for (int k = 0; k < N; k++) {
                double a = A[i][k];
                for (int j = 0; j < N; j++) C[i][j] += a * B[k][j];
            }
    double tr = 0;
    for (int i = 0; i < N; i++) tr += C[i][i];
    printf("%.3f\n", tr);
    return 0;
}
