/* Guest side of bench/loader_bench.c. */
#include <vx/guest.h>

long nothing(long a) { return a; }

long hostcalls(long n)
{
    long s = 0;
    for (long i = 0; i < n; i++)
        s += vx_hostcall(i, 0, 0, 0, 0, 0);
    return s;
}

long services(long n)
{
    long s = 0;
    for (long i = 0; i < n; i++)
        s += vx_service(0, 0, 0, 0, 0, VX_SVC_GETPID);
    return s;
}

int main(void) { return 0; }
