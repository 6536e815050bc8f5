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

int vx_open(const char *path, int flags, int mode)
{
    return (int)vx_service((long)path, flags, mode, 0, 0, VX_SVC_OPEN);
}

int vx_close(int fd)
{
    return (int)vx_service(fd, 0, 0, 0, 0, VX_SVC_CLOSE);
}

long vx_lseek(int fd, long offset, int whence)
{
    return vx_service(fd, offset, whence, 0, 0, VX_SVC_LSEEK);
}

int vx_fstat(int fd, struct vx_stat *st)
{
    return (int)vx_service(fd, (long)st, 0, 0, 0, VX_SVC_FSTAT);
}

int vx_unlink(const char *path, int is_dir)
{
    return (int)vx_service((long)path, is_dir, 0, 0, 0, VX_SVC_UNLINK);
}

int vx_rename(const char *from, const char *to)
{
    return (int)vx_service((long)from, (long)to, 0, 0, 0, VX_SVC_RENAME);
}

int vx_mkdir(const char *path, int mode)
{
    return (int)vx_service((long)path, mode, 0, 0, 0, VX_SVC_MKDIR);
}
