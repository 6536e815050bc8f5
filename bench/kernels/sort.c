/* Benchmark kernel: our own quicksort and heapsort on 3 million integers
 * (not libc's qsort, whose algorithm differs between newlib and glibc). */
#include <stdio.h>
#include <stdlib.h>
static void quick(int *a, long lo, long hi)
{
    while (lo < hi) {
        int p = a[(lo + hi) / 2];
        long i = lo, j = hi;
        while (i <= j) { while (a[i] < p) i++; while (a[j] > p) j--; if (i <= j) { int t = a[i]; a[i++] = a[j]; a[j--] = t; } }
        if (j - lo < hi - i) { quick(a, lo, j); lo = i; } else { quick(a, i, hi); hi = j; }
    }
}
static void sift(int *a, long n, long i)
{
    for (;;) { long m = i, l = 2 * i + 1, r = l + 1; if (l < n && a[l] > a[m]) m = l; if (r < n && a[r] > a[m]) m = r; if (m == i) return; int t = a[i]; a[i] = a[m]; a[m] = t; i = m; }
}
int main(void)
{
    enum { N = 3000000 };
    int *a = malloc(N * sizeof *a), *b = malloc(N * sizeof *b);
    unsigned s = 12345;
    for (long i = 0; i < N; i++) { s = s * 1103515245u + 12345u; a[i] = b[i] = (int)(s >> 1); }
    quick(a, 0, N - 1);
    for (long i = N / 2 - 1; i >= 0; i--) sift(b, N, i);
    for (long n = N - 1; n > 0; n--) { int t = b[0]; b[0] = b[n]; b[n] = t; sift(b, n, 0); }
    long bad = 0;
    for (long i = 1; i < N; i++) bad += a[i - 1] > a[i] || a[i] != b[i];
    printf("%d %d %d %ld\n", a[0], a[N / 2], a[N - 1], bad);
    return 0;
}
