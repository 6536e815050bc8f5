/* Deep and mutual recursion, Ackermann, a recursive-descent evaluator. */
#include "print.h"
static long ack(long m, long n) { return m == 0 ? n + 1 : n == 0 ? ack(m - 1, 1) : ack(m - 1, ack(m, n - 1)); }
static int is_odd(unsigned n);
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }
static long depth(long n) { volatile long pad[4] = {n}; return n ? depth(n - 1) + pad[0] % 3 : 0; }
static const char *p;
static long expr(void);
static long atom(void)
{
    if (*p == '(') { p++; long v = expr(); p++; return v; }
    long v = 0;
    while (*p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
    return v;
}
static long term(void) { long v = atom(); while (*p == '*') { p++; v *= atom(); } return v; }
static long expr(void) { long v = term(); while (*p == '+' || *p == '-') { char o = *p++; long t = term(); v = o == '+' ? v + t : v - t; } return v; }
int main(void)
{
    show("ack", ack(2, 300));
    show("even", is_even(10001));
    show("depth", depth(20000));
    p = "2*(3+4)*5-(6-2)*7+100";
    show("expr", expr());
    return 0;
}
