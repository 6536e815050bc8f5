/* newlib's system-call layer (MISSING_SYSCALL_NAMES: plain names) on the
 * vx services. Failures set errno from the service's negative VX_E* value,
 * which equals newlib's numbering (include/vx/layout.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <vx/guest.h>

#undef errno
extern int errno;

static long result(long r)
{
    if (r < 0) {
        errno = (int)-r;
        return -1;
    }
    return r;
}

int read(int fd, void *buf, size_t n) { return (int)result(vx_read(fd, buf, n)); }
int write(int fd, const void *buf, size_t n) { return (int)result(vx_write(fd, buf, n)); }
int open(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    int mode = (flags & O_CREAT) ? va_arg(ap, int) : 0;
    va_end(ap);
    return (int)result(vx_open(path, flags, mode));
}
int close(int fd) { return (int)result(vx_close(fd)); }
off_t lseek(int fd, off_t off, int whence) { return (off_t)result(vx_lseek(fd, off, whence)); }
int unlink(const char *path) { return (int)result(vx_unlink(path, 0)); }
int rmdir(const char *path) { return (int)result(vx_unlink(path, 1)); }
int _rename(const char *from, const char *to) { return (int)result(vx_rename(from, to)); }
int mkdir(const char *path, mode_t mode) { return (int)result(vx_mkdir(path, (int)mode)); }
int isatty(int fd) { return (int)vx_service(fd, 0, 0, 0, 0, VX_SVC_ISATTY); }
int getpid(void) { return 1; }

int fstat(int fd, struct stat *st)
{
    struct vx_stat v;
    long r = vx_fstat(fd, &v);
    if (r < 0)
        return (int)result(r);
    *st = (struct stat){0};
    st->st_mode = (mode_t)v.mode;
    st->st_nlink = (nlink_t)v.nlink;
    st->st_size = (off_t)v.size;
    st->st_blksize = (blksize_t)v.blksize;
    st->st_blocks = (blkcnt_t)v.blocks;
    st->st_atime = (time_t)(v.atime_ns / 1000000000);
    st->st_mtime = (time_t)(v.mtime_ns / 1000000000);
    st->st_ctime = (time_t)(v.ctime_ns / 1000000000);
    return 0;
}

int stat(const char *path, struct stat *st)
{
    int fd = open(path, 0, 0);
    if (fd < 0)
        return -1;
    int r = fstat(fd, st);
    close(fd);
    return r;
}

void *sbrk(ptrdiff_t increment)
{
    void *p = vx_sbrk(increment);
    if (p == (void *)-1)
        errno = ENOMEM;
    return p;
}

int gettimeofday(struct timeval *tv, void *tz)
{
    (void)tz;
    int64_t ns = 0;
    vx_service(0 /* realtime */, (long)&ns, 0, 0, 0, VX_SVC_CLOCK_GETTIME);
    tv->tv_sec = (time_t)(ns / 1000000000);
    tv->tv_usec = (suseconds_t)(ns % 1000000000 / 1000);
    return 0;
}

clock_t times(struct tms *t)
{
    clock_t now = (clock_t)(vx_clock_ns() / 1000);
    *t = (struct tms){.tms_utime = now};
    return now;
}

/* raise/abort end up here: the guest ends with the signal as its status. */
int kill(int pid, int sig)
{
    if (pid != 1) {
        errno = ESRCH;
        return -1;
    }
    vx_exit(128 + sig);
}

_Noreturn void _exit(int status) { vx_exit(status); }

/* Only what newlib's fdopen asks: the access mode is not tracked, so every
 * descriptor says read+write and the host's checks decide at I/O time. */
int fcntl(int fd, int cmd, ...)
{
    struct vx_stat v;
    if (vx_fstat(fd, &v) == -VX_EBADF) {
        errno = EBADF;
        return -1;
    }
    switch (cmd) {
    case F_GETFL: return O_RDWR;
    case F_GETFD: case F_SETFD: case F_SETFL: return 0;
    default: errno = EINVAL; return -1;
    }
}

int link(const char *from, const char *to) { (void)from, (void)to; errno = EMLINK; return -1; }
int fork(void) { errno = ENOSYS; return -1; }
int execve(const char *p, char *const a[], char *const e[]) { (void)p, (void)a, (void)e; errno = ENOSYS; return -1; }
int wait(int *status) { (void)status; errno = ECHILD; return -1; }
