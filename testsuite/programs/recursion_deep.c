/* Deep recursion (hundreds of thousands of frames) and mutual recursion. */
#include <stdio.h>
static long depth(long n) { return n == 0 ? 0 : 1 + depth(n - 1); }
static int is_even(unsigned n);
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static long ackermann(long m, long n) { return m == 0 ? n + 1 : n == 0 ? ackermann(m - 1, 1) : ackermann(m - 1, ackermann(m, n - 1)); }
int main(void)
{
    printf("%ld %d %d %ld\n", depth(100000), is_even(10001), is_odd(7777), ackermann(2, 300));
    return 0;
}
