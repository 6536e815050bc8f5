/* Loops the compiler vectorises at -O3 -march=native: saxpy, dot, min/max, integer scans. */
#include <stdio.h>
#define N 4096
static float x[N], y[N];
static int a[N], b[N];
int main(void)
{
    for (int i = 0; i < N; i++) { x[i] = (float)(i % 17) * 0.5f; y[i] = (float)(i % 5); a[i] = (i * 37) % 1001 - 500; b[i] = i & 63; }
    float dot = 0;
    for (int r = 0; r < 50; r++) {
        for (int i = 0; i < N; i++) y[i] = 0.5f * x[i] + y[i] * 0.25f;
        for (int i = 0; i < N; i++) dot += x[i] * y[i];
    }
    int mn = a[0], mx = a[0]; long s = 0;
    for (int i = 0; i < N; i++) { mn = a[i] < mn ? a[i] : mn; mx = a[i] > mx ? a[i] : mx; s += (long)a[i] * b[i]; a[i] += b[i] >> 1; }
    printf("%.2f %d %d %ld %d\n", dot, mn, mx, s, a[N - 1]);
    return 0;
}
