/* The demo guest: exercises what a plug-in does (function pointers, a
 * switch jump table, recursion, heap growth, block copies) and prints. */
#include <vx/guest.h>

struct shape { int kind; long a, b; char name[40]; };

static long area(const struct shape *s)
{
    switch (s->kind) {          /* dense cases: a jump table */
    case 0: return s->a * s->a;
    case 1: return s->a * s->b;
    case 2: return s->a * s->b / 2;
    case 3: return 3 * s->a * s->a;
    case 4: return 0;
    case 5: return s->a + s->b;
    default: return -1;
    }
}

static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static long twice(long x) { return 2 * x; }
static long square(long x) { return x * x; }

int main(int argc, char **argv)
{
    long (*volatile ops[2])(long) = {twice, square};
    struct shape shapes[6], copy[6];
    for (int i = 0; i < 6; i++) {
        shapes[i] = (struct shape){.kind = i, .a = i + 2, .b = i + 3};
        memcpy(shapes[i].name, "shape", 6);
    }
    memcpy(copy, shapes, sizeof shapes); /* struct copy: string ops */
    long total = 0;
    for (int i = 0; i < 6; i++)
        total += area(&copy[i]);
    char *heap = vx_sbrk(1 << 20);
    memset(heap, 7, 1 << 20);
    vx_puts("hello from the sandbox: argc=");
    vx_put_int(argc);
    vx_puts(" argv[0]=");
    vx_puts(argv[0]);
    vx_puts("\nareas=");
    vx_put_int(total);
    vx_puts(" fib(25)=");
    vx_put_int(fib(25));
    vx_puts(" ops=");
    vx_put_int(ops[0](21) + ops[1](5));
    vx_puts(" heap=");
    vx_put_int(heap[12345] + heap[(1 << 20) - 1]);
    vx_puts("\n");
    return 0;
}
