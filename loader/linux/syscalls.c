/* The Linux personality's one table: every system call a guest may make,
 * by x86-64 number, with its handler. A number without an entry returns
 * -ENOSYS: no host system call is ever made with guest-chosen arguments
 * except through a handler here (spec/sandbox.md, "The Linux personality",
 * lists each entry's confinement argument). */
#define _GNU_SOURCE
#include "linux.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

static const vx_linux_fn table[] = {
    /* descriptors and paths (fs.c) */
    [SYS_read] = vx_linux_read,           [SYS_write] = vx_linux_write,
    [SYS_pread64] = vx_linux_pread,       [SYS_pwrite64] = vx_linux_pwrite,
    [SYS_readv] = vx_linux_readv,         [SYS_writev] = vx_linux_writev,
    [SYS_lseek] = vx_linux_lseek,         [SYS_close] = vx_linux_close,
    [SYS_open] = vx_linux_open,           [SYS_openat] = vx_linux_openat,
    [SYS_creat] = vx_linux_creat,
    [SYS_fstat] = vx_linux_fstat,         [SYS_stat] = vx_linux_stat,
    [SYS_lstat] = vx_linux_lstat,         [SYS_newfstatat] = vx_linux_newfstatat,
    [SYS_statx] = vx_linux_statx,
    [SYS_getdents64] = vx_linux_getdents64,
    [SYS_ioctl] = vx_linux_ioctl,         [SYS_fcntl] = vx_linux_fcntl,
    [SYS_dup] = vx_linux_dup,             [SYS_dup2] = vx_linux_dup2,
    [SYS_dup3] = vx_linux_dup3,
    [SYS_pipe] = vx_linux_pipe,           [SYS_pipe2] = vx_linux_pipe2,
    [SYS_ftruncate] = vx_linux_ftruncate,
    [SYS_fsync] = vx_linux_fsync,         [SYS_fdatasync] = vx_linux_fsync,
    [SYS_unlink] = vx_linux_unlink,       [SYS_rmdir] = vx_linux_rmdir,
    [SYS_unlinkat] = vx_linux_unlinkat,
    [SYS_mkdir] = vx_linux_mkdir,         [SYS_mkdirat] = vx_linux_mkdirat,
    [SYS_rename] = vx_linux_rename,       [SYS_renameat] = vx_linux_renameat,
    [SYS_renameat2] = vx_linux_renameat2,
    [SYS_readlink] = vx_linux_readlink,   [SYS_readlinkat] = vx_linux_readlinkat,
    [SYS_access] = vx_linux_access,       [SYS_faccessat] = vx_linux_faccessat,
    [SYS_faccessat2] = vx_linux_faccessat,
    [SYS_getcwd] = vx_linux_getcwd,       [SYS_chdir] = vx_linux_chdir,
    [SYS_fchdir] = vx_linux_fchdir,       [SYS_umask] = vx_linux_umask,
    /* links, modes, times, owners (fs_links.c) */
    [SYS_symlink] = vx_linux_symlink,     [SYS_symlinkat] = vx_linux_symlinkat,
    [SYS_link] = vx_linux_link,           [SYS_linkat] = vx_linux_linkat,
    [SYS_chmod] = vx_linux_chmod,         [SYS_fchmodat] = vx_linux_fchmodat,
    [SYS_fchmod] = vx_linux_fchmod,       [SYS_utimensat] = vx_linux_utimensat,
    [SYS_chown] = vx_linux_chown,         [SYS_lchown] = vx_linux_lchown,
    [SYS_fchownat] = vx_linux_fchownat,   [SYS_fchown] = vx_linux_fchown,
    [SYS_flock] = vx_linux_flock,
    /* memory (memory.c) */
    [SYS_brk] = vx_linux_brk,             [SYS_mmap] = vx_linux_mmap,
    [SYS_munmap] = vx_linux_munmap,       [SYS_mprotect] = vx_linux_mprotect,
    [SYS_mremap] = vx_linux_mremap,       [SYS_madvise] = vx_linux_madvise,
    /* the process itself (process.c) */
    [SYS_exit] = vx_linux_exit,           [SYS_exit_group] = vx_linux_exit,
    [SYS_getpid] = vx_linux_getpid,       [SYS_gettid] = vx_linux_getpid,
    [SYS_getppid] = vx_linux_getppid,
    [SYS_getuid] = vx_linux_getuid,       [SYS_geteuid] = vx_linux_getuid,
    [SYS_getgid] = vx_linux_getuid,       [SYS_getegid] = vx_linux_getuid,
    [SYS_set_tid_address] = vx_linux_set_tid_address,
    [SYS_rt_sigprocmask] = vx_linux_rt_sigprocmask,
    [SYS_rt_sigaction] = vx_linux_rt_sigaction,
    [SYS_rt_sigreturn] = vx_linux_rt_sigreturn,
    [SYS_kill] = vx_linux_kill,           [SYS_tkill] = vx_linux_tkill,
    [SYS_tgkill] = vx_linux_tgkill,
    [SYS_uname] = vx_linux_uname,         [SYS_getrandom] = vx_linux_getrandom,
    [SYS_clock_gettime] = vx_linux_clock_gettime,
    [SYS_clock_getres] = vx_linux_clock_getres,
    [SYS_gettimeofday] = vx_linux_gettimeofday,
    [SYS_nanosleep] = vx_linux_nanosleep,
    [SYS_clock_nanosleep] = vx_linux_clock_nanosleep,
    [SYS_sched_yield] = vx_linux_sched_yield,
    [SYS_getrlimit] = vx_linux_getrlimit, [SYS_prlimit64] = vx_linux_prlimit64,
    [SYS_sysinfo] = vx_linux_sysinfo,     [SYS_times] = vx_linux_times,
    [SYS_futex] = vx_linux_futex,
};

int64_t vx_linux_syscall(vx_sandbox *sb, uint64_t nr, const uint64_t *a)
{
    if (nr >= sizeof table / sizeof *table || !table[nr])
        return -ENOSYS;
    return table[nr](sb, a);
}

int64_t vx_linux_host_errno(void)
{
    return -(int64_t)errno;
}

void vx_linux_init(vx_sandbox *sb)
{
    strcpy(sb->cwd, "/");
    sb->maps = NULL;
    sb->nmaps = 0;
    sb->mapped_bytes = 0;
    sb->mmap_top = sb->stack_lo - VX_GUARD_SIZE;
    sb->sigmask = sb->sigpending = 0;
    sb->nsigframes = 0;
    sb->ctx.deliver = 0;
    sb->umask_bits = 022;
}

void vx_linux_free(vx_sandbox *sb)
{
    free(sb->maps);
    sb->maps = NULL;
    sb->nmaps = 0;
}
