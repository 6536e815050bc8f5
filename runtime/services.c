/* C wrappers over the numbered services of include/vx/layout.h. */
#include <vx/guest.h>
#include <vx/layout.h>

_Noreturn void vx_exit(int status)
{
    vx_service(status, 0, 0, 0, 0, VX_SVC_EXIT);
    __builtin_unreachable();
}

long vx_write(int fd, const void *buf, size_t len)
{
    return vx_service(fd, (long)buf, (long)len, 0, 0, VX_SVC_WRITE);
}

long vx_read(int fd, void *buf, size_t len)
{
    return vx_service(fd, (long)buf, (long)len, 0, 0, VX_SVC_READ);
}

/* The break is kept by the host; it returns the new break or -1. */
void *vx_sbrk(long increment)
{
    static long current;
    if (!current)
        current = vx_service(0, 0, 0, 0, 0, VX_SVC_BRK);
    long old = current;
    long got = vx_service(old + increment, 0, 0, 0, 0, VX_SVC_BRK);
    if (got != old + increment)
        return (void *)-1;
    current = got;
    return (void *)old;
}

int64_t vx_clock_ns(void)
{
    int64_t ns = 0;
    vx_service(1 /* CLOCK_MONOTONIC */, (long)&ns, 0, 0, 0, VX_SVC_CLOCK_GETTIME);
    return ns;
}
