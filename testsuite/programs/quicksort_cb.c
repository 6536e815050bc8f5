/* Hand-written generic quicksort with comparator callbacks over several element types. */
#include <stdio.h>
#include <string.h>
typedef int (*cmp_fn)(const void *, const void *);
static void swap(char *a, char *b, size_t n) { while (n--) { char t = *a; *a++ = *b; *b++ = t; } }
static void qs(char *base, long lo, long hi, size_t size, cmp_fn cmp)
{
    if (lo >= hi) return;
    char *pivot = base + (size_t)hi * size;
    long i = lo;
    for (long j = lo; j < hi; j++) if (cmp(base + (size_t)j * size, pivot) < 0) swap(base + (size_t)i++ * size, base + (size_t)j * size, size);
    swap(base + (size_t)i * size, pivot, size);
    qs(base, lo, i - 1, size, cmp);
    qs(base, i + 1, hi, size, cmp);
}
static int cmp_double(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }
struct kv { int k; char name[12]; };
static int cmp_kv(const void *a, const void *b) { const struct kv *x = a, *y = b; return x->k != y->k ? x->k - y->k : strcmp(x->name, y->name); }
int main(void)
{
    double d[5000];
    unsigned s = 3;
    for (int i = 0; i < 5000; i++) { s = s * 22695477 + 1; d[i] = (double)(s % 100000) / 7.0; }
    qs((char *)d, 0, 4999, sizeof d[0], cmp_double);
    struct kv items[200];
    for (int i = 0; i < 200; i++) { items[i].k = (i * 37) % 23; snprintf(items[i].name, sizeof items[i].name, "n%03d", 199 - i); }
    qs((char *)items, 0, 199, sizeof items[0], cmp_kv);
    printf("%.3f %.3f %.3f | %d %s %d %s\n", d[0], d[2500], d[4999], items[0].k, items[0].name, items[199].k, items[199].name);
    return 0;
}
