/* A guest that misbehaves on request (argv[1]) while staying within the
 * verifier's rules: every misdeed must end in a clean error for the host. */
#include <vx/guest.h>

static volatile long sink;

static long recurse(long n)
{
    volatile char pad[256];
    pad[0] = (char)n;
    return recurse(n + 1) + pad[0];
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    if (streq(what, "wild"))        /* far outside the image: unmapped window memory */
        sink = *(volatile long *)0x7fff0000UL;
    else if (streq(what, "null"))
        sink = *(volatile long *)0;
    else if (streq(what, "high"))   /* top guard of the window */
        *(volatile long *)0xfffffff8UL = 1;
    else if (streq(what, "ud2"))
        __builtin_trap();
    else if (streq(what, "div0")) {
        volatile int zero = 0;
        sink = 10 / zero;
    } else if (streq(what, "loop")) {
        for (;;)
            sink++;
    } else if (streq(what, "heap")) {
        for (;;)
            if (vx_sbrk(1 << 24) == (void *)-1)
                break;
        return 3;
    } else if (streq(what, "stack"))
        sink = recurse(0);
    else if (streq(what, "badptr")) /* call-out with a pointer into code: refused */
        return vx_write(1, (void *)0x1000, 100) == -14 ? 7 : 8;
    else if (streq(what, "exit"))
        return 42;
    vx_puts("no misdeed\n");
    return 0;
}
