/* setjmp/longjmp: nested buffers, unwinding through recursion, values. */
#include <setjmp.h>
#include <stdio.h>
static jmp_buf outer, inner;
static int depth_reached;
static void dive(int n, jmp_buf *target, int code)
{
    depth_reached = n;
    if (n == 0)
        longjmp(*target, code);
    dive(n - 1, target, code);
}
int main(void)
{
    volatile int rounds = 0;
    int r = setjmp(outer);
    printf("outer returned %d after %d rounds\n", r, rounds);
    if (rounds < 3) {
        rounds++;
        int q = setjmp(inner);
        if (q == 0)
            dive(50 * rounds, &inner, 100 + rounds);
        printf("inner returned %d, depth %d\n", q, depth_reached);
        dive(10, &outer, rounds);
    }
    jmp_buf zero;
    if (setjmp(zero) == 0)
        longjmp(zero, 0);
    else
        printf("longjmp(0) gives 1\n");
    return 0;
}
