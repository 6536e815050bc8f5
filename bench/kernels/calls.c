/* Benchmark kernel: call-heavy code, where the sandbox's call and return
 * sequences weigh most: naive recursive Fibonacci plus an Ackermann-style
 * recursion through a function pointer (an indirect call per step). */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static long fib(long n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

typedef long (*step_fn)(long, long);
static step_fn step;
__attribute__((noinline)) static long ack(long m, long n)
{
    if (m == 0)
        return n + 1;
    return step(m - 1, n == 0 ? 1 : ack(m, n - 1));
}

int main(int argc, char **argv)
{
    step = argc > 5 ? NULL : ack; /* not a constant the compiler can fold */
    long f = fib(argc > 1 ? atol(argv[1]) : 38);
    long a = 0;
    for (int i = 0; i < 10; i++)
        a += ack(2, 2000 + i);
    printf("%ld %ld\n", f, a);
    return 0;
}
