/* The Linux personality's handlers (spec/sandbox.md, "The Linux
 * personality"): each takes the guest's six argument registers and returns
 * a result or -errno, Linux's own convention and numbering. Every guest
 * pointer goes through vx_guest_ptr; every path through the preopens. */
#ifndef VX_LINUX_H
#define VX_LINUX_H
#include "sandbox_internal.h"
#include <sys/stat.h>
#include <sys/uio.h>

typedef int64_t (*vx_linux_fn)(vx_sandbox *sb, const uint64_t *a);

/* fs.c: descriptors and paths. The helpers the other path families share:
 * a guest descriptor or NULL; (dirfd, path) resolved as the *at calls do
 * (0 or -errno; dev NULL refuses a built-in /dev path with EROFS); the
 * entry's parent opened beneath its preopen and its name (fd or -errno). */
struct vx_dev_path;
struct vx_fd *vx_linux_fd_of(vx_sandbox *sb, uint64_t fd);
int vx_linux_at_path(vx_sandbox *sb, uint64_t dirfd, uint64_t path, struct vx_resolved *r, struct vx_dev_path *dev);
int vx_linux_parent_of(const struct vx_resolved *r, const char **base, int writes);
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
int64_t vx_linux_statx(vx_sandbox *, const uint64_t *);
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

/* fs_links.c: links, modes, times, owners, flock */
int64_t vx_linux_symlink(vx_sandbox *, const uint64_t *);
int64_t vx_linux_symlinkat(vx_sandbox *, const uint64_t *);
int64_t vx_linux_link(vx_sandbox *, const uint64_t *);
int64_t vx_linux_linkat(vx_sandbox *, const uint64_t *);
int64_t vx_linux_chmod(vx_sandbox *, const uint64_t *);
int64_t vx_linux_fchmodat(vx_sandbox *, const uint64_t *);
int64_t vx_linux_fchmod(vx_sandbox *, const uint64_t *);
int64_t vx_linux_utimensat(vx_sandbox *, const uint64_t *);
int64_t vx_linux_chown(vx_sandbox *, const uint64_t *);
int64_t vx_linux_lchown(vx_sandbox *, const uint64_t *);
int64_t vx_linux_fchownat(vx_sandbox *, const uint64_t *);
int64_t vx_linux_fchown(vx_sandbox *, const uint64_t *);
int64_t vx_linux_flock(vx_sandbox *, const uint64_t *);

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
/* fs.c: *proto into the lowest free slot (it then owns proto's host fd and
 * dir), or -EMFILE after releasing them; a copy of *from (a host dup) in
 * slot want, or the lowest free one when want < 0. */
int64_t vx_linux_place_fd(vx_sandbox *sb, struct vx_fd *proto);
int64_t vx_linux_dup_fd(vx_sandbox *sb, const struct vx_fd *from, int64_t want);
/* process.c: n bytes (capped as getrandom caps them) into host memory:
 * the host's randomness, or the virtual stream in deterministic mode. */
int64_t vx_linux_random(vx_sandbox *sb, void *buf, uint64_t n, unsigned flags);

/* devices.c: the built-in /dev. Nodes a descriptor can hold (vx_fd.device)
 * come first; VX_NODE_FD (/dev/std*, /dev/fd/N) and VX_NODE_MISSING only
 * name paths. */
enum vx_dev_node {
    VX_NODE_NONE, VX_NODE_DEV_DIR, VX_NODE_FD_DIR, VX_NODE_NULL, VX_NODE_ZERO,
    VX_NODE_RANDOM, VX_NODE_URANDOM, VX_NODE_FD, VX_NODE_MISSING,
};
struct vx_dev_path {
    int node;   /* VX_NODE_NONE: the path belongs to the preopens */
    int fd;     /* VX_NODE_FD: the guest descriptor it names */
};
/* Classifies r->norm; a path beneath a directory descriptor's /dev/fd/N is
 * rewritten in r->norm to that directory's guest path. 0 or -errno. */
int vx_dev_lookup(vx_sandbox *sb, struct vx_resolved *r, struct vx_dev_path *out);
int64_t vx_dev_open(vx_sandbox *sb, const struct vx_dev_path *p, uint64_t flags);
int vx_dev_stat(vx_sandbox *sb, const struct vx_dev_path *p, struct stat *st);
int64_t vx_dev_access(vx_sandbox *sb, const struct vx_dev_path *p, uint64_t mode);
/* The guest path of the directory p names (for chdir), NULL if it is none. */
const char *vx_dev_dir_path(const vx_sandbox *sb, const struct vx_dev_path *p);
/* On a descriptor holding a built-in device (f->device != 0): */
void vx_dev_fstat(const struct vx_fd *f, struct stat *st);
int64_t vx_dev_read(vx_sandbox *sb, struct vx_fd *f, uint64_t addr, uint64_t len);
int64_t vx_dev_write(vx_sandbox *sb, struct vx_fd *f, uint64_t addr, uint64_t len);
int64_t vx_dev_readv(vx_sandbox *sb, struct vx_fd *f, const struct iovec *iov, int n);
int64_t vx_dev_writev(struct vx_fd *f, const struct iovec *iov, int n);
int64_t vx_dev_lseek(struct vx_fd *f, int64_t off, uint64_t whence);
int64_t vx_dev_getdents(vx_sandbox *sb, struct vx_fd *f, uint64_t addr, uint64_t len);
/* mmap of a device descriptor: 1 for /dev/zero (an anonymous mapping), else -ENODEV. */
int64_t vx_dev_mmap(const struct vx_fd *f);
#endif
