/* Integer matrices: transpose, rotate, determinant by fraction-free elimination. */
#include <stdio.h>
#define N 8
int main(void)
{
    long m[N][N], t[N][N];
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) m[i][j] = (i * 3 + j * 5 + i * j) % 11 - 5;
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) t[j][N - 1 - i] = m[i][j];
    long trace = 0;
    for (int i = 0; i < N; i++) trace += t[i][i];
    long a[N][N], prev = 1, sign = 1;
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) a[i][j] = m[i][j];
    for (int k = 0; k < N - 1; k++) {
        if (a[k][k] == 0) { int r = k + 1; while (r < N && a[r][k] == 0) r++; if (r == N) { prev = 0; break; } for (int j = 0; j < N; j++) { long x = a[k][j]; a[k][j] = a[r][j]; a[r][j] = x; } sign = -sign; }
        for (int i = k + 1; i < N; i++) for (int j = k + 1; j < N; j++) a[i][j] = (a[i][j] * a[k][k] - a[i][k] * a[k][j]) / prev;
        prev = a[k][k];
    }
    printf("trace(rot)=%ld det=%ld\n", trace, prev ? sign * a[N - 1][N - 1] : 0);
    return 0;
}
