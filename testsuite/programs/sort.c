/* Quicksort with a comparator callback and a merge sort on the heap. */
#include "print.h"
typedef int (*cmp_fn)(const void *, const void *);
static int cmp_long(const void *a, const void *b) { long x = *(const long *)a, y = *(const long *)b; return (x > y) - (x < y); }
static void swap(long *a, long *b) { long t = *a; *a = *b; *b = t; }
static void qsort_l(long *v, long n, cmp_fn cmp)
{
    while (n > 1) {
        long p = v[n / 2], i = 0, j = n - 1;
        while (i <= j) { while (cmp(&v[i], &p) < 0) i++; while (cmp(&v[j], &p) > 0) j--; if (i <= j) swap(&v[i++], &v[j--]); }
        if (j + 1 < n - i) { qsort_l(v, j + 1, cmp); v += i; n -= i; } else { qsort_l(v + i, n - i, cmp); n = j + 1; }
    }
}
static void msort(long *v, long *tmp, long n)
{
    if (n < 2) return;
    long h = n / 2;
    msort(v, tmp, h);
    msort(v + h, tmp, n - h);
    long i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = v[i] <= v[j] ? v[i++] : v[j++];
    while (i < h) tmp[k++] = v[i++];
    while (j < n) tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}
int main(void)
{
    enum { N = 200000 };
    long *a = vx_sbrk(N * sizeof(long)), *b = vx_sbrk(N * sizeof(long)), *t = vx_sbrk(N * sizeof(long));
    unsigned long long s = 42;
    for (long i = 0; i < N; i++) a[i] = b[i] = (long)(rng(&s) % 1000000);
    qsort_l(a, N, cmp_long);
    msort(b, t, N);
    long ok = 1, sum = 0;
    for (long i = 0; i < N; i++) { ok &= a[i] == b[i] && (i == 0 || a[i - 1] <= a[i]); sum += a[i] * (i % 7); }
    show("sorted", ok);
    show("weighted", sum);
    show("median", a[N / 2]);
    return 0;
}
