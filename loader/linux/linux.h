/* The Linux personality's handlers (spec/sandbox.md, "The Linux
 * personality"): each takes the guest's six argument registers and returns
 * a result or -errno, Linux's own convention and numbering. Every guest
 * pointer goes through vx_guest_ptr; every path through the preopens. */
#ifndef VX_LINUX_H
#define VX_LINUX_H
#include "sandbox_internal.h"

typedef int64_t (*vx_linux_fn)(vx_sandbox *sb, const uint64_t *a);

/* fs.c: descriptors and paths */
int64_t vx_linux_read(vx_sandbox *, const uint64_t *);
int64_t vx_linux_write(vx_sandbox *, const uint64_t *);
int64_t vx_linux_pread(vx_sandbox *, const uint64_t *);
int64_t vx_linux_pwrite(vx_sandbox *, const uint64_t *);
int64_t vx_linux_readv(vx_sandbox *, const uint64_t *);
int64_t vx_linux_writev(vx_sandbox *, const uint64_t *);
int64_t vx_linux_lseek(vx_sandbox *, const uint64_t *);
int64_t vx_linux_close(vx_sandbox *, const uint64_t *);
int64_t vx_linux_open(vx_sandbox *, const uint64_t *);
int64_t vx_linux_openat(vx_sandbox *, const uint64_t *);
int64_t vx_linux_creat(vx_sandbox *, const uint64_t *);
int64_t vx_linux_fstat(vx_sandbox *, const uint64_t *);
int64_t vx_linux_stat(vx_sandbox *, const uint64_t *);
int64_t vx_linux_lstat(vx_sandbox *, const uint64_t *);
int64_t vx_linux_newfstatat(vx_sandbox *, const uint64_t *);
int64_t vx_linux_getdents64(vx_sandbox *, const uint64_t *);
int64_t vx_linux_ioctl(vx_sandbox *, const uint64_t *);
int64_t vx_linux_fcntl(vx_sandbox *, const uint64_t *);
int64_t vx_linux_dup(vx_sandbox *, const uint64_t *);
int64_t vx_linux_dup2(vx_sandbox *, const uint64_t *);
int64_t vx_linux_dup3(vx_sandbox *, const uint64_t *);
int64_t vx_linux_pipe2(vx_sandbox *, const uint64_t *);
int64_t vx_linux_pipe(vx_sandbox *, const uint64_t *);
int64_t vx_linux_ftruncate(vx_sandbox *, const uint64_t *);
int64_t vx_linux_fsync(vx_sandbox *, const uint64_t *);
int64_t vx_linux_unlink(vx_sandbox *, const uint64_t *);
int64_t vx_linux_rmdir(vx_sandbox *, const uint64_t *);
int64_t vx_linux_unlinkat(vx_sandbox *, const uint64_t *);
int64_t vx_linux_mkdir(vx_sandbox *, const uint64_t *);
int64_t vx_linux_mkdirat(vx_sandbox *, const uint64_t *);
int64_t vx_linux_rename(vx_sandbox *, const uint64_t *);
int64_t vx_linux_renameat(vx_sandbox *, const uint64_t *);
int64_t vx_linux_renameat2(vx_sandbox *, const uint64_t *);
int64_t vx_linux_readlink(vx_sandbox *, const uint64_t *);
int64_t vx_linux_readlinkat(vx_sandbox *, const uint64_t *);
int64_t vx_linux_access(vx_sandbox *, const uint64_t *);
int64_t vx_linux_faccessat(vx_sandbox *, const uint64_t *);
int64_t vx_linux_getcwd(vx_sandbox *, const uint64_t *);
int64_t vx_linux_chdir(vx_sandbox *, const uint64_t *);
int64_t vx_linux_fchdir(vx_sandbox *, const uint64_t *);
int64_t vx_linux_umask(vx_sandbox *, const uint64_t *);

/* signal_frame.c: guest handlers for the signals it raises itself */
int64_t vx_linux_run_handler(vx_sandbox *sb, int sig, int code, int64_t result);
int64_t vx_linux_rt_sigreturn(vx_sandbox *, const uint64_t *);
/* process.c: the lowest deliverable pending signal acts as the call-out returns */
int64_t vx_linux_pending(vx_sandbox *sb, int64_t result);

/* memory.c: the break and anonymous mappings inside the window */
int64_t vx_linux_brk(vx_sandbox *, const uint64_t *);
int64_t vx_linux_mmap(vx_sandbox *, const uint64_t *);
int64_t vx_linux_munmap(vx_sandbox *, const uint64_t *);
int64_t vx_linux_mprotect(vx_sandbox *, const uint64_t *);
int64_t vx_linux_mremap(vx_sandbox *, const uint64_t *);
int64_t vx_linux_madvise(vx_sandbox *, const uint64_t *);

/* process.c: exit, identity, signals on itself, time, randomness, limits */
int64_t vx_linux_exit(vx_sandbox *, const uint64_t *);
int64_t vx_linux_getpid(vx_sandbox *, const uint64_t *);
int64_t vx_linux_getppid(vx_sandbox *, const uint64_t *);
int64_t vx_linux_getuid(vx_sandbox *, const uint64_t *);
int64_t vx_linux_rt_sigprocmask(vx_sandbox *, const uint64_t *);
int64_t vx_linux_rt_sigaction(vx_sandbox *, const uint64_t *);
int64_t vx_linux_kill(vx_sandbox *, const uint64_t *);
int64_t vx_linux_tkill(vx_sandbox *, const uint64_t *);
int64_t vx_linux_tgkill(vx_sandbox *, const uint64_t *);
int64_t vx_linux_uname(vx_sandbox *, const uint64_t *);
int64_t vx_linux_getrandom(vx_sandbox *, const uint64_t *);
int64_t vx_linux_clock_gettime(vx_sandbox *, const uint64_t *);
int64_t vx_linux_clock_getres(vx_sandbox *, const uint64_t *);
int64_t vx_linux_gettimeofday(vx_sandbox *, const uint64_t *);
int64_t vx_linux_nanosleep(vx_sandbox *, const uint64_t *);
int64_t vx_linux_clock_nanosleep(vx_sandbox *, const uint64_t *);
int64_t vx_linux_sched_yield(vx_sandbox *, const uint64_t *);
int64_t vx_linux_getrlimit(vx_sandbox *, const uint64_t *);
int64_t vx_linux_prlimit64(vx_sandbox *, const uint64_t *);
int64_t vx_linux_sysinfo(vx_sandbox *, const uint64_t *);
int64_t vx_linux_times(vx_sandbox *, const uint64_t *);
int64_t vx_linux_set_tid_address(vx_sandbox *, const uint64_t *);
int64_t vx_linux_futex(vx_sandbox *, const uint64_t *);

/* Helpers shared by the handlers. */
int64_t vx_linux_host_errno(void);  /* -errno of the last failed host call */
#endif
