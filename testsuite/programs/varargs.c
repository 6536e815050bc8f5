/* Variadic functions: va_list passing, mixed integer and double arguments. */
#include <stdarg.h>
#include <stdio.h>
static double mixed_sum(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    double s = 0;
    for (int i = 0; i < n; i++)
        s += (i & 1) ? va_arg(ap, double) : (double)va_arg(ap, long);
    va_end(ap);
    return s;
}
static int vformat(char *buf, size_t n, const char *fmt, va_list ap) { return vsnprintf(buf, n, fmt, ap); }
static int format(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vformat(buf, n, fmt, ap);
    va_end(ap);
    return r;
}
int main(void)
{
    printf("%.3f\n", mixed_sum(8, 1L, 2.5, 3L, 4.25, 5L, 6.125, 7L, 8.0625));
    char buf[128];
    for (int i = 0; i < 5; i++) {
        int n = format(buf, sizeof buf, "[%d|%5s|%-4c|%08.3f|%lld]", i, "ab", 'x' + i, i * 1.5, (long long)i << 40);
        printf("%d %s\n", n, buf);
    }
    return 0;
}
