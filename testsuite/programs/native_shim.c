/* vx/guest.h on plain Linux, so a test program also builds natively and
 * its output can be compared with the sandboxed build. */
#define _GNU_SOURCE
#include <vx/guest.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

_Noreturn void vx_exit(int status) { _exit(status); }
long vx_write(int fd, const void *buf, size_t len) { return write(fd, buf, len); }
long vx_read(int fd, void *buf, size_t len) { return read(fd, buf, len); }
void *vx_sbrk(long increment) { return sbrk(increment); }
long vx_hostcall(long a0, long a1, long a2, long a3, long a4, int index)
{
    (void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)index;
    return -38;
}
int64_t vx_clock_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}
/* vx_puts, vx_put_int and vx_put_hex: runtime/print.c itself, built natively too. */
