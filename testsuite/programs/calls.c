/* Function pointers, callbacks, tail calls, indirect calls in loops. */
#include "print.h"
typedef long (*op_fn)(long, long);
static long add(long a, long b) { return a + b; }
static long sub(long a, long b) { return a - b; }
static long mul(long a, long b) { return a * b; }
static long xor_(long a, long b) { return a ^ b; }
static long apply_all(op_fn *ops, int n, long seed)
{
    for (int i = 0; i < 1000; i++)
        seed = ops[i % n](seed, i) & 0xffffff;
    return seed;
}
static long count_down(long n, long acc) { return n == 0 ? acc : count_down(n - 1, acc + n); }
struct vtable { long (*area)(long); const char *name; };
static long sq(long x) { return x * x; }
static long tri(long x) { return x * (x + 1) / 2; }
int main(int argc, char **argv)
{
    (void)argv;
    op_fn ops[] = {add, sub, mul, xor_};
    show("apply", apply_all(ops, 4, argc));
    show("tail", count_down(100000, 0));
    struct vtable v[] = {{sq, "square"}, {tri, "triangle"}};
    for (int i = 0; i < 2; i++) {
        vx_puts(v[i].name);
        show("", v[i].area(12 + argc));
    }
    op_fn volatile pick = argc > 2 ? mul : add;
    show("picked", pick(6, 7));
    return (int)(apply_all(ops, 3, 1) & 63);
}
