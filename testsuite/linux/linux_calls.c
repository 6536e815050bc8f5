/* A musl guest that checks one group of Linux system calls, named by
 * argv[1], as the Linux personality serves them (loader/linux/). It prints
 * each failed expectation and exits 1 on any; the host test
 * (linux_test.c) prepares the directories: / is a writable preopen with a
 * file "data" ("0123456789"), a directory "sub", a symlink "up" -> "..",
 * "abs" -> "/etc/passwd" and "rel_out" -> "../../../../etc"; /ro is a
 * read-only preopen holding "file". The devices groups need no preopen of
 * /dev (the built-in one must win over the "/" preopen); env checks the
 * expectations its arguments give; tmp and tmp_hold need vxrun --tmp. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/sysinfo.h>
#include <sys/uio.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static int failures;

#define EXPECT(cond) \
    do { if (!(cond)) { printf("FAIL line %d: %s (errno %d %s)\n", __LINE__, #cond, errno, strerror(errno)); failures++; } } while (0)
/* A call that must fail with exactly this errno. */
#define FAILS(call, e) \
    do { errno = 0; long r_ = (long)(call); EXPECT(r_ == -1 && errno == (e)); } while (0)

/* Links, modes, times, owners and flock; the host test checks that the
 * canary outside the preopen kept its mode and times (an escape through
 * "esc" -> "../outside" would have changed them). */
static void links(void)
{
    struct stat a, b;
    EXPECT(symlink("data", "/lnk") == 0);
    char buf[32] = {0};
    EXPECT(readlink("/lnk", buf, sizeof buf) == 4 && !strcmp(buf, "data"));
    EXPECT(stat("/lnk", &a) == 0 && stat("/data", &b) == 0 && a.st_ino == b.st_ino);
    FAILS(symlink("data", "/lnk"), EEXIST);
    FAILS(symlink("x", "/ro/lnk"), EROFS);
    EXPECT(symlinkat("../outside", AT_FDCWD, "/esc") == 0); /* only text: following it fails */
    FAILS(chmod("/esc", 0), EXDEV);
    struct timespec t[2] = {{1000, 0}, {2000, 0}};
    FAILS(utimensat(AT_FDCWD, "/esc", t, 0), EXDEV);
    FAILS(linkat(AT_FDCWD, "/esc", AT_FDCWD, "/hard_out", AT_SYMLINK_FOLLOW), EXDEV);
    EXPECT(linkat(AT_FDCWD, "/esc", AT_FDCWD, "/esc2", 0) == 0); /* a second name for the link itself */
    EXPECT(lstat("/esc2", &a) == 0 && S_ISLNK(a.st_mode));

    EXPECT(link("/data", "/data2") == 0);
    EXPECT(stat("/data2", &a) == 0 && stat("/data", &b) == 0 && a.st_ino == b.st_ino && b.st_nlink == 2);
    FAILS(link("/ro/file", "/ro_copy"), EXDEV);
    FAILS(link("/data", "/ro/data"), EXDEV);
    EXPECT(linkat(AT_FDCWD, "/lnk", AT_FDCWD, "/data3", AT_SYMLINK_FOLLOW) == 0);
    EXPECT(stat("/data3", &a) == 0 && a.st_ino == b.st_ino && !S_ISLNK(a.st_mode));

    EXPECT(chmod("/data", 0600) == 0 && stat("/data", &a) == 0 && (a.st_mode & 07777) == 0600);
    EXPECT(fchmodat(AT_FDCWD, "sub", 0711, 0) == 0 && stat("/sub", &a) == 0 && (a.st_mode & 07777) == 0711);
    FAILS(chmod("/ro/file", 0600), EROFS);
    FAILS(chmod("/dev/null", 0600), EROFS);
    int fd = open("/data", O_RDWR);
    EXPECT(fd >= 0 && fchmod(fd, 0640) == 0 && fstat(fd, &a) == 0 && (a.st_mode & 07777) == 0640);
    int ro = open("/ro/file", O_RDONLY);
    FAILS(fchmod(ro, 0600), EROFS);

    EXPECT(utimensat(AT_FDCWD, "/data", t, 0) == 0 && stat("/data", &a) == 0 && a.st_mtim.tv_sec == 2000 &&
           a.st_atim.tv_sec == 1000);
    EXPECT(utimensat(AT_FDCWD, "/lnk", t, AT_SYMLINK_NOFOLLOW) == 0 && lstat("/lnk", &a) == 0 &&
           a.st_mtim.tv_sec == 2000);
    struct timespec now[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
    EXPECT(futimens(fd, now) == 0 && fstat(fd, &a) == 0 && a.st_mtim.tv_sec > 2000);
    FAILS(utimensat(AT_FDCWD, "/ro/file", t, 0), EROFS);
    FAILS(futimens(ro, t), EROFS);

    EXPECT(chown("/data", (uid_t)-1, (gid_t)-1) == 0 && fchown(fd, 0, 0) == 0 && lchown("/lnk", 0, (gid_t)-1) == 0);
    FAILS(chown("/data", 1000, 1000), EPERM);
    FAILS(chown("/missing", 0, 0), ENOENT);
    FAILS(fchown(ro, 0, 0), EROFS);

    EXPECT(flock(fd, LOCK_EX) == 0 && flock(fd, LOCK_UN) == 0 && flock(fd, LOCK_SH | LOCK_NB) == 0);
    FAILS(flock(99, LOCK_EX), EBADF);
    FAILS(flock(fd, 77), EINVAL);
    close(fd);
    close(ro);
    EXPECT(unlink("/lnk") == 0 && unlink("/esc") == 0 && unlink("/esc2") == 0);
    EXPECT(unlink("/data2") == 0 && unlink("/data3") == 0 && chmod("/data", 0644) == 0 && chmod("/sub", 0755) == 0);
}

/* vxrun started with stdin and stderr closed: the guest's 0 and 2 are
 * /dev/null, never a descriptor libvx opened for itself (the preopen's
 * directory would otherwise take the lowest free number). */
static void closed_stdio(void)
{
    struct stat st;
    char c;
    EXPECT(fstat(0, &st) == 0 && S_ISCHR(st.st_mode));
    EXPECT(read(0, &c, 1) == 0);
    EXPECT(fstat(2, &st) == 0 && S_ISCHR(st.st_mode) && write(2, "x", 1) == 1);
}

static void files(void)
{
    int fd = open("/data", O_RDONLY);
    EXPECT(fd >= 3);
    char buf[16] = {0};
    EXPECT(read(fd, buf, 4) == 4 && !memcmp(buf, "0123", 4));
    EXPECT(lseek(fd, 8, SEEK_SET) == 8);
    EXPECT(read(fd, buf, 16) == 2 && !memcmp(buf, "89", 2));
    EXPECT(pread(fd, buf, 3, 1) == 3 && !memcmp(buf, "123", 3));
    struct stat st;
    EXPECT(fstat(fd, &st) == 0 && st.st_size == 10 && S_ISREG(st.st_mode));
    struct stat st2;
    EXPECT(stat("data", &st2) == 0 && st2.st_ino == st.st_ino && st2.st_dev == st.st_dev);
    EXPECT(close(fd) == 0);
    FAILS(close(fd), EBADF);
    FAILS(read(99, buf, 1), EBADF);
    FAILS(open("/missing", O_RDONLY), ENOENT);
    FAILS(open("/data", O_RDONLY | O_DIRECTORY), ENOTDIR);
    FAILS(open("/data", 0x40000000 /* no such flag */), EINVAL);
    /* create, write, readv/writev, truncate, rename, unlink */
    fd = open("/new.txt", O_CREAT | O_EXCL | O_RDWR, 0644);
    EXPECT(fd >= 0);
    FAILS(open("/new.txt", O_CREAT | O_EXCL | O_RDWR, 0644), EEXIST);
    struct iovec iov[2] = {{"ab", 2}, {"cde", 3}};
    EXPECT(writev(fd, iov, 2) == 5);
    EXPECT(ftruncate(fd, 4) == 0 && fsync(fd) == 0 && fdatasync(fd) == 0);
    EXPECT(fstat(fd, &st) == 0 && st.st_size == 4);
    char a[2], b[2];
    struct iovec in[2] = {{a, 2}, {b, 2}};
    EXPECT(lseek(fd, 0, SEEK_SET) == 0 && readv(fd, in, 2) == 4 && a[0] == 'a' && b[1] == 'd');
    FAILS(writev(fd, (struct iovec *)0x7ffffff0, 1), EFAULT);
    FAILS(write(fd, (void *)0xfffff000, 16), EFAULT);
    EXPECT(close(fd) == 0);
    EXPECT(rename("/new.txt", "/sub/moved.txt") == 0);
    FAILS(stat("/new.txt", &st), ENOENT);
    EXPECT(unlink("/sub/moved.txt") == 0);
    FAILS(unlink("/sub/moved.txt"), ENOENT);
    /* directories, cwd, *at calls */
    EXPECT(mkdir("/d1", 0755) == 0);
    FAILS(mkdir("/d1", 0755), EEXIST);
    EXPECT(chdir("/d1") == 0);
    char cwd[64];
    EXPECT(getcwd(cwd, sizeof cwd) && !strcmp(cwd, "/d1"));
    errno = 0;
    EXPECT(getcwd(cwd, 2) == NULL && errno == ERANGE);
    fd = open("rel.txt", O_CREAT | O_WRONLY, 0600);
    EXPECT(fd >= 0 && write(fd, "x", 1) == 1 && close(fd) == 0);
    EXPECT(access("/d1/rel.txt", R_OK | W_OK) == 0);
    int dfd = open("/d1", O_RDONLY | O_DIRECTORY);
    EXPECT(dfd >= 0);
    EXPECT(fstatat(dfd, "rel.txt", &st, 0) == 0 && st.st_size == 1);
    EXPECT(unlinkat(dfd, "rel.txt", 0) == 0);
    FAILS(fstatat(0, "x", &st, 0), ENOTDIR);
    EXPECT(fchdir(dfd) == 0 && getcwd(cwd, sizeof cwd) && !strcmp(cwd, "/d1"));
    EXPECT(close(dfd) == 0);
    EXPECT(chdir("..") == 0 && rmdir("/d1") == 0);
    FAILS(chdir("/data"), ENOTDIR);
    /* directory listing */
    DIR *d = opendir("/");
    EXPECT(d != NULL);
    int seen_data = 0, seen_sub = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        seen_data |= !strcmp(e->d_name, "data");
        seen_sub |= !strcmp(e->d_name, "sub") && e->d_type == DT_DIR;
    }
    EXPECT(seen_data && seen_sub);
    if (d)
        closedir(d);
    /* descriptors: dup, dup2, fcntl, pipes */
    fd = open("/data", O_RDONLY);
    int fd2 = dup(fd);
    EXPECT(fd2 > fd && read(fd2, buf, 1) == 1 && buf[0] == '0');
    EXPECT(dup2(fd, 20) == 20 && read(20, buf, 1) == 1 && buf[0] == '1'); /* shared offset */
    EXPECT(fcntl(fd, F_DUPFD, 30) == 30 && close(30) == 0);
    EXPECT((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY);
    struct flock lk = {.l_type = F_RDLCK, .l_whence = SEEK_SET};
    EXPECT(fcntl(fd, F_SETLK, &lk) == 0 && fcntl(fd, F_GETLK, &lk) == 0 && lk.l_type == F_UNLCK);
    FAILS(dup2(fd, 5000), EBADF);
    FAILS(dup3(fd, fd, 0), EINVAL);
    close(fd), close(fd2), close(20);
    int p[2];
    EXPECT(pipe2(p, O_CLOEXEC) == 0 && write(p[1], "hi", 2) == 2 && read(p[0], buf, 2) == 2 && buf[1] == 'i');
    close(p[0]), close(p[1]);
    /* readlink, symlink targets */
    char link[64];
    ssize_t n = readlink("/abs", link, sizeof link);
    EXPECT(n == 11 && !memcmp(link, "/etc/passwd", 11));
    FAILS(readlink("/data", link, sizeof link), EINVAL);
    /* terminal queries on a pipe */
    EXPECT(!isatty(3) || 1);
    FAILS(ioctl(1, 0x5413 /* TIOCGWINSZ */, buf), ENOTTY);
    EXPECT(umask(077) == 022 && umask(022) == 077);
}

/* Nothing leaves the preopens: "..", symlinks absolute and relative, a
 * read-only preopen refuses every writing call. */
static void confinement(void)
{
    struct stat st;
    char buf[8];
    EXPECT(stat("/../../..", &st) == 0 && stat("/..", &st) == 0); /* ".." of / is / */
    EXPECT(open("/../../../etc/passwd", O_RDONLY) < 0);
    FAILS(open("/abs", O_RDONLY), EXDEV);          /* absolute symlink: beneath only */
    FAILS(open("/rel_out/passwd", O_RDONLY), EXDEV);
    FAILS(open("/up/data", O_RDONLY), EXDEV);       /* ".." of the preopen via a link */
    FAILS(stat("/rel_out/passwd", &st), EXDEV);
    FAILS(chdir("/rel_out"), EXDEV);
    int fd = open("/sub", O_RDONLY | O_DIRECTORY);
    FAILS(openat(fd, "../../../etc/passwd", O_RDONLY), ENOENT); /* normalised to /etc/passwd: not there */
    close(fd);
    /* the read-only preopen */
    EXPECT((fd = open("/ro/file", O_RDONLY)) >= 0 && read(fd, buf, 2) == 2);
    FAILS(ftruncate(fd, 0), EROFS);
    close(fd);
    FAILS(open("/ro/file", O_WRONLY), EROFS);
    FAILS(open("/ro/file", O_RDONLY | O_TRUNC), EROFS);
    FAILS(open("/ro/new", O_CREAT | O_WRONLY, 0644), EROFS);
    FAILS(unlink("/ro/file"), EROFS);
    FAILS(mkdir("/ro/dir", 0755), EROFS);
    FAILS(rename("/ro/file", "/ro/file2"), EROFS);
    FAILS(rename("/ro/file", "/stolen"), EROFS);
    FAILS(access("/ro/file", W_OK), EROFS);
    EXPECT(access("/ro/file", R_OK) == 0);
}

static void memory(void)
{
    char *m = mmap(0, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    EXPECT(m != MAP_FAILED && m[12345] == 0);
    memset(m, 7, 1 << 20);
    EXPECT(mprotect(m, 4096, PROT_READ) == 0 && m[10] == 7);
    EXPECT(mprotect(m, 4096, PROT_READ | PROT_WRITE) == 0);
    EXPECT(madvise(m, 8192, MADV_DONTNEED) == 0 && m[0] == 0 && m[8192] == 7);
    FAILS(mprotect(m, 4096, PROT_READ | PROT_EXEC), EPERM);
    /* musl reports an anonymous mapping's EPERM as ENOMEM */
    FAILS(mmap(0, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM);
    FAILS(mprotect((char *)0x40000000, 4096, PROT_READ), ENOMEM); /* not the guest's mapping */
    EXPECT(munmap(m, 1 << 20) == 0);
    FAILS(mprotect(m, 4096, PROT_READ), ENOMEM);
    /* a file mapping is a private copy */
    int fd = open("/data", O_RDONLY);
    char *f = mmap(0, 10, PROT_READ, MAP_PRIVATE, fd, 0);
    EXPECT(f != MAP_FAILED && !memcmp(f, "0123456789", 10));
    FAILS(mmap(0, 10, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), ENODEV);
    FAILS(mmap(0, 10, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0), EPERM);
    close(fd);
    /* a read() into a read-only mapping is refused, not a host fault */
    fd = open("/data", O_RDONLY);
    FAILS(read(fd, f, 4), EFAULT);
    close(fd);
    /* the memory limit (64 MiB here): malloc returns NULL, the guest goes on */
    size_t got = 0;
    void *blocks[1024];
    int n = 0;
    while (n < 1024 && (blocks[n] = malloc(1 << 20)))
        got += 1 << 20, n++;
    EXPECT(n > 8 && n < 1024);
    while (n--)
        free(blocks[n]);
    void *again = malloc(1 << 20);
    EXPECT(again != NULL);
    printf("malloc'd %zu MiB before NULL\n", got >> 20);
}

static void process(void)
{
    EXPECT(getpid() == 1 && getppid() == 0 && syscall(SYS_gettid) == 1);
    struct utsname u;
    EXPECT(uname(&u) == 0 && !strcmp(u.sysname, "Linux") && !strcmp(u.machine, "x86_64"));
    unsigned char r1[32] = {0}, r2[32] = {0};
    EXPECT(getrandom(r1, 32, 0) == 32 && getrandom(r2, 32, 0) == 32 && memcmp(r1, r2, 32));
    struct timespec t0, t1;
    EXPECT(clock_gettime(CLOCK_MONOTONIC, &t0) == 0);
    struct timespec nap = {0, 2000000};
    EXPECT(nanosleep(&nap, 0) == 0);
    EXPECT(clock_gettime(CLOCK_MONOTONIC, &t1) == 0);
    long long ns = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
    EXPECT(ns >= 2000000);
    FAILS(clock_gettime(12345, &t0), EINVAL);
    /* clock() counts this thread's CPU time in microseconds: busy until it
     * says 20 ms (at most 5 s), which must take at least 20 ms of wall
     * time. (A wall-time bound alone fails on a loaded machine.) */
    clock_t c0 = clock();
    volatile unsigned long x = 0;
    struct timespec s0, s1;
    long long wall_ns;
    long used_us;
    clock_gettime(CLOCK_MONOTONIC, &s0);
    do {
        for (int i = 0; i < 100000; i++)
            x += i;
        clock_gettime(CLOCK_MONOTONIC, &s1);
        wall_ns = (s1.tv_sec - s0.tv_sec) * 1000000000LL + (s1.tv_nsec - s0.tv_nsec);
        used_us = (long)(clock() - c0) * (1000000 / CLOCKS_PER_SEC);
    } while (used_us < 20000 && wall_ns < 5000000000LL);
    EXPECT(used_us >= 20000 && used_us < 200000 && wall_ns >= used_us * 1000LL);
    struct rlimit rl;
    EXPECT(getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur == 8 << 20);
    EXPECT(getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur == 64 << 20);
    rl.rlim_cur = rl.rlim_max = 1ULL << 40;
    FAILS(setrlimit(RLIMIT_AS, &rl), EPERM);
    struct sysinfo si;
    EXPECT(sysinfo(&si) == 0 && si.totalram * si.mem_unit == 64 << 20 && si.procs == 1);
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    EXPECT(sigprocmask(SIG_BLOCK, &set, &old) == 0 && sigprocmask(SIG_SETMASK, &old, &set) == 0 &&
           sigismember(&set, SIGUSR1));
    EXPECT(signal(SIGUSR2, SIG_IGN) != SIG_ERR && raise(SIGUSR2) == 0); /* ignored */
    FAILS(kill(2, SIGKILL), ESRCH);                                    /* no other process */
    EXPECT(getenv("PATH") == NULL);
}

/* Every number the personality does not serve answers ENOSYS. */
static void unserved(void)
{
    static const long served[] = {
        SYS_read, SYS_write, SYS_pread64, SYS_pwrite64, SYS_readv, SYS_writev, SYS_lseek, SYS_close,
        SYS_open, SYS_openat, SYS_creat, SYS_fstat, SYS_stat, SYS_lstat, SYS_newfstatat, SYS_getdents64,
        SYS_ioctl, SYS_fcntl, SYS_dup, SYS_dup2, SYS_dup3, SYS_pipe, SYS_pipe2, SYS_ftruncate, SYS_fsync,
        SYS_fdatasync, SYS_unlink, SYS_rmdir, SYS_unlinkat, SYS_mkdir, SYS_mkdirat, SYS_rename,
        SYS_renameat, SYS_renameat2, SYS_readlink, SYS_readlinkat, SYS_access, SYS_faccessat,
        SYS_faccessat2, SYS_getcwd, SYS_chdir, SYS_fchdir, SYS_umask, SYS_brk, SYS_mmap, SYS_munmap,
        SYS_mprotect, SYS_mremap, SYS_madvise, SYS_exit, SYS_exit_group, SYS_getpid, SYS_gettid,
        SYS_getppid, SYS_getuid, SYS_geteuid, SYS_getgid, SYS_getegid, SYS_set_tid_address,
        SYS_rt_sigprocmask, SYS_rt_sigaction, SYS_rt_sigreturn, SYS_kill, SYS_tkill, SYS_tgkill, SYS_uname, SYS_getrandom,
        SYS_clock_gettime, SYS_clock_getres, SYS_gettimeofday, SYS_nanosleep, SYS_clock_nanosleep,
        SYS_sched_yield, SYS_getrlimit, SYS_prlimit64, SYS_sysinfo, SYS_times, SYS_futex, SYS_statx,
        SYS_symlink, SYS_symlinkat, SYS_link, SYS_linkat, SYS_chmod, SYS_fchmodat, SYS_fchmod, SYS_utimensat,
        SYS_chown, SYS_lchown, SYS_fchownat, SYS_fchown, SYS_flock};
    int checked = 0;
    for (long nr = 0; nr < 1024; nr++) {
        int is_served = 0;
        for (size_t i = 0; i < sizeof served / sizeof *served; i++)
            is_served |= served[i] == nr;
        if (is_served)
            continue;
        errno = 0;
        long r = syscall(nr, -1L, -1L, -1L, -1L, -1L, -1L);
        if (r != -1 || errno != ENOSYS) {
            printf("FAIL: system call %ld gave %ld errno %d, not ENOSYS\n", nr, r, errno);
            failures++;
        }
        checked++;
    }
    errno = 0;
    EXPECT(syscall(-1L) == -1 && errno == ENOSYS);
    EXPECT(syscall(1L << 40) == -1 && errno == ENOSYS);
    printf("%d unserved numbers answer ENOSYS\n", checked);
}

/* Linux's struct statx (musl 1.2.3 declares none). */
struct statx_buf {
    uint32_t mask, blksize;
    uint64_t attributes;
    uint32_t nlink, uid, gid;
    uint16_t mode, pad;
    uint64_t ino, size, blocks, attributes_mask;
    struct { int64_t sec; uint32_t nsec; int32_t pad; } atime, btime, ctime, mtime;
    uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
    uint64_t spare[14];
};

static long statx_call(int dirfd, const char *path, int flags, struct statx_buf *out)
{
    return syscall(SYS_statx, dirfd, path, flags, 0x7ff /* STATX_BASIC_STATS */, out);
}

static int all_zero(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

/* Whether the listing of dir has each of the names (NULL-terminated), with
 * type want_type for the first; the count of entries goes to *entries. */
static int lists(const char *dir, const char *const *names, unsigned char first_type, int *entries)
{
    DIR *d = opendir(dir);
    int found = 0, n = 0, typed = 0, want = 0;
    while (names[want])
        want++;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        n++;
        for (int i = 0; i < want; i++)
            if (!strcmp(e->d_name, names[i])) {
                found++;
                typed |= i == 0 && e->d_type == first_type;
            }
    }
    if (d)
        closedir(d);
    *entries = n;
    return d && found == want && typed;
}

/* /dev/null, /dev/zero, /dev/random, /dev/urandom and /dev itself. */
static void devices(void)
{
    static const struct { const char *path; unsigned minor; } chr[] = {
        {"/dev/null", 3}, {"/dev/zero", 5}, {"/dev/random", 8}, {"/dev/urandom", 9}};
    struct stat st;
    struct statx_buf sx;
    char buf[64];
    int fd;
    EXPECT(stat("/dev", &st) == 0 && S_ISDIR(st.st_mode));
    EXPECT(stat("/dev/fd", &st) == 0 && S_ISDIR(st.st_mode));
    for (size_t i = 0; i < sizeof chr / sizeof *chr; i++) {
        const char *p = chr[i].path;
        EXPECT(stat(p, &st) == 0 && S_ISCHR(st.st_mode) && (st.st_mode & 0777) == 0666 &&
               major(st.st_rdev) == 1 && minor(st.st_rdev) == chr[i].minor);
        EXPECT(lstat(p, &st) == 0 && S_ISCHR(st.st_mode));
        EXPECT(fstatat(AT_FDCWD, p, &st, 0) == 0 && minor(st.st_rdev) == chr[i].minor);
        EXPECT(statx_call(AT_FDCWD, p, 0, &sx) == 0 && S_ISCHR(sx.mode) && sx.rdev_major == 1 &&
               sx.rdev_minor == chr[i].minor && (sx.mask & 0x7ff) == 0x7ff);
        EXPECT(access(p, R_OK | W_OK) == 0 && faccessat(AT_FDCWD, p, F_OK, 0) == 0);
        FAILS(access(p, X_OK), EACCES);
        EXPECT((fd = open(p, O_RDWR)) >= 3);
        EXPECT(fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && minor(st.st_rdev) == chr[i].minor);
        EXPECT(statx_call(fd, "", AT_EMPTY_PATH, &sx) == 0 && sx.rdev_minor == chr[i].minor);
        EXPECT(write(fd, "swallowed", 9) == 9);
        EXPECT(lseek(fd, 100, SEEK_SET) == 0);
        EXPECT(!isatty(fd) && errno == ENOTTY);
        FAILS(ftruncate(fd, 0), EINVAL);
        close(fd);
    }
    /* null: end of file, writes swallowed unread */
    EXPECT((fd = open("/dev/null", O_RDWR)) >= 0);
    memset(buf, 'x', sizeof buf);
    EXPECT(read(fd, buf, sizeof buf) == 0 && buf[0] == 'x');
    EXPECT(read(fd, (void *)0xfffff000, 16) == 0 && write(fd, (void *)0xfffff000, 16) == 16);
    EXPECT(pread(fd, buf, 8, 100) == 0 && pwrite(fd, "ab", 2, 5) == 2);
    char v1[2] = "a", v2[3] = "bc";
    struct iovec vec[2] = {{v1, 2}, {v2, 3}};
    EXPECT(writev(fd, vec, 2) == 5 && readv(fd, vec, 2) == 0 && v1[0] == 'a');
    EXPECT(fcntl(fd, F_GETFL) == (O_RDWR | O_LARGEFILE));
    EXPECT(fcntl(fd, F_SETFL, O_APPEND) == 0 && (fcntl(fd, F_GETFL) & O_APPEND));
    FAILS(fsync(fd), EINVAL);
    FAILS(mmap(0, 4096, PROT_READ, MAP_PRIVATE, fd, 0), ENODEV);
    FAILS(syscall(SYS_getdents64, fd, buf, sizeof buf), ENOTDIR);
    close(fd);
    EXPECT((fd = open("/dev/null", O_RDONLY)) >= 0);
    FAILS(write(fd, "x", 1), EBADF);
    close(fd);
    EXPECT((fd = open("/dev/null", O_WRONLY)) >= 0);
    FAILS(read(fd, buf, 1), EBADF);
    close(fd);
    /* zero: zeros, also as a mapping */
    EXPECT((fd = open("/dev/zero", O_RDONLY)) >= 0);
    memset(buf, 'x', sizeof buf);
    EXPECT(read(fd, buf, sizeof buf) == (ssize_t)sizeof buf && all_zero(buf, sizeof buf));
    char a[3] = "xx", b[5] = "xxxx";
    struct iovec in[2] = {{a, 3}, {b, 5}};
    EXPECT(readv(fd, in, 2) == 8 && all_zero(a, 3) && all_zero(b, 5));
    FAILS(read(fd, (void *)0xfffff000, 16), EFAULT);
    char *m = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    EXPECT(m != MAP_FAILED && all_zero(m, 8192));
    if (m != MAP_FAILED)
        EXPECT((m[5] = 1) && munmap(m, 8192) == 0);
    m = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    EXPECT(m != MAP_FAILED && m[100] == 0);
    if (m != MAP_FAILED)
        munmap(m, 4096);
    close(fd);
    /* the random devices: bytes, different each time */
    for (int i = 0; i < 2; i++) {
        unsigned char r1[32] = {0}, r2[32] = {0};
        EXPECT((fd = open(i ? "/dev/random" : "/dev/urandom", O_RDONLY)) >= 0);
        EXPECT(read(fd, r1, 32) == 32 && read(fd, r2, 32) == 32 && memcmp(r1, r2, 32));
        FAILS(read(fd, (void *)0xfffff000, 16), EFAULT);
        close(fd);
    }
    /* the open flags a shell and a program use, and what /dev refuses */
    EXPECT((fd = open("/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644)) >= 0 && close(fd) == 0);
    EXPECT((fd = open("/dev/null", O_WRONLY | O_APPEND)) >= 0 && write(fd, "x", 1) == 1 && close(fd) == 0);
    FAILS(open("/dev/null", O_RDONLY | O_DIRECTORY), ENOTDIR);
    FAILS(open("/dev/null", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
    FAILS(open("/dev/nothing", O_RDONLY), ENOENT);
    FAILS(open("/dev/nothing", O_CREAT | O_WRONLY, 0644), EROFS);
    FAILS(open("/dev/null/x", O_RDONLY), ENOTDIR);
    FAILS(open("/dev/nothing/x", O_RDONLY), ENOENT);
    FAILS(open("/dev", O_WRONLY), EISDIR);
    FAILS(stat("/dev/nothing", &st), ENOENT);
    FAILS(access("/dev/nothing", F_OK), ENOENT);
    FAILS(statx_call(AT_FDCWD, "/dev/nothing", 0, &sx), ENOENT);
    FAILS(statx_call(AT_FDCWD, "/dev/null", 0x6000, &sx), EINVAL);
    FAILS(unlink("/dev/null"), EROFS);
    FAILS(rmdir("/dev/fd"), EROFS);
    FAILS(rename("/dev/null", "/stolen"), EROFS);
    FAILS(rename("/data", "/dev/data"), EROFS);
    FAILS(mkdir("/dev/fd", 0755), EEXIST);
    FAILS(mkdir("/dev/newdir", 0755), EROFS);
    FAILS(readlink("/dev/null", buf, sizeof buf), EINVAL);
    /* /dev as a directory: *at calls, cwd, listing */
    int dfd = open("/dev", O_RDONLY | O_DIRECTORY);
    EXPECT(dfd >= 0 && fstat(dfd, &st) == 0 && S_ISDIR(st.st_mode));
    EXPECT((fd = openat(dfd, "zero", O_RDONLY)) >= 0 && read(fd, buf, 4) == 4 && all_zero(buf, 4) && close(fd) == 0);
    EXPECT(fstatat(dfd, "urandom", &st, 0) == 0 && S_ISCHR(st.st_mode));
    EXPECT(fsync(dfd) == 0 && lseek(dfd, 0, SEEK_SET) == 0);
    EXPECT(fchdir(dfd) == 0 && getcwd(buf, sizeof buf) && !strcmp(buf, "/dev"));
    close(dfd);
    EXPECT(chdir("/") == 0 && chdir("/dev") == 0 && (fd = open("null", O_WRONLY)) >= 0 && close(fd) == 0);
    EXPECT(stat("fd", &st) == 0 && S_ISDIR(st.st_mode));
    EXPECT(chdir("/") == 0);
    FAILS(chdir("/dev/null"), ENOTDIR);
    static const char *const dev_names[] = {"null", "zero", "random", "urandom", "stdin", "stdout",
                                            "stderr", "fd", ".", "..", NULL};
    int entries;
    EXPECT(lists("/dev", dev_names, DT_CHR, &entries) && entries == 10);
    /* the built-in /dev is not the "/" preopen's: nothing was made there */
    EXPECT(access("/data", F_OK) == 0);
}

/* /dev/stdin, /dev/stdout, /dev/stderr and /dev/fd/N name the guest's own
 * descriptors; opening one duplicates the descriptor. */
static void dev_fd(void)
{
    struct stat st, st2;
    char path[64], buf[16];
    static const char *const std[] = {"/dev/stdin", "/dev/stdout", "/dev/stderr"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "/dev/fd/%d", i);
        EXPECT(fstat(i, &st) == 0 && stat(std[i], &st2) == 0 && st.st_mode == st2.st_mode &&
               st.st_ino == st2.st_ino && st.st_dev == st2.st_dev);
        EXPECT(stat(path, &st2) == 0 && st.st_ino == st2.st_ino);
    }
    int fd = open("/data", O_RDONLY);
    snprintf(path, sizeof path, "/dev/fd/%d", fd);
    EXPECT(fd >= 3 && stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 10);
    EXPECT(access(path, R_OK) == 0);
    EXPECT(read(fd, buf, 2) == 2);
    int dup_fd = open(path, O_RDONLY);
    EXPECT(dup_fd > fd && read(dup_fd, buf, 2) == 2 && !memcmp(buf, "23", 2)); /* a dup: one offset */
    FAILS(open(path, O_WRONLY), EACCES); /* never more access than the descriptor has */
    FAILS(open(path, O_RDWR), EACCES);
    FAILS(open(path, O_RDONLY | O_DIRECTORY), ENOTDIR);
    FAILS(open(path, O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST);
    snprintf(buf, sizeof buf, "%d/x", fd);
    FAILS(openat(open("/dev/fd", O_RDONLY | O_DIRECTORY), buf, O_RDONLY), ENOTDIR);
    close(dup_fd);
    close(fd);
    FAILS(stat(path, &st), ENOENT); /* closed: nothing there */
    FAILS(open(path, O_RDONLY), ENOENT);
    FAILS(access(path, F_OK), ENOENT);
    FAILS(open("/dev/fd/63", O_RDONLY), ENOENT);
    FAILS(open("/dev/fd/64", O_RDONLY), ENOENT);
    FAILS(open("/dev/fd/01", O_RDONLY), ENOENT);
    FAILS(open("/dev/fd/x", O_RDONLY), ENOENT);
    for (int i = 3; i < 64; i++)
        close(i);
    /* a pipe's end through /dev/fd */
    int p[2];
    EXPECT(pipe(p) == 0);
    snprintf(path, sizeof path, "/dev/fd/%d", p[1]);
    int w = open(path, O_WRONLY);
    EXPECT(w >= 0 && write(w, "hi", 2) == 2 && read(p[0], buf, 2) == 2 && !memcmp(buf, "hi", 2));
    close(w), close(p[0]), close(p[1]);
    /* a built-in device behind a descriptor opens afresh, in the mode asked */
    int n = open("/dev/null", O_RDONLY);
    snprintf(path, sizeof path, "/dev/fd/%d", n);
    EXPECT((w = open(path, O_WRONLY)) >= 0 && write(w, "x", 1) == 1 && close(w) == 0);
    EXPECT(stat(path, &st) == 0 && S_ISCHR(st.st_mode) && minor(st.st_rdev) == 3);
    close(n);
    /* beneath a directory descriptor: its entries */
    int dfd = open("/sub", O_RDONLY | O_DIRECTORY);
    EXPECT((fd = open("/sub/inner", O_CREAT | O_WRONLY | O_TRUNC, 0644)) >= 0 && write(fd, "in", 2) == 2 && close(fd) == 0);
    snprintf(path, sizeof path, "/dev/fd/%d/inner", dfd);
    EXPECT((fd = open(path, O_RDONLY)) >= 0 && read(fd, buf, 2) == 2 && !memcmp(buf, "in", 2) && close(fd) == 0);
    snprintf(path, sizeof path, "/dev/fd/%d", dfd);
    EXPECT(chdir(path) == 0 && getcwd(buf, sizeof buf) && !strcmp(buf, "/sub") && chdir("/") == 0);
    EXPECT(unlink("/sub/inner") == 0);
    /* /dev/fd lists the open descriptors */
    char name[8];
    snprintf(name, sizeof name, "%d", dfd);
    const char *const fd_names[] = {".", "0", "1", "2", name, NULL};
    int entries;
    EXPECT(lists("/dev/fd", fd_names, DT_DIR, &entries) && entries == 7); /* and .. and opendir's own */
    close(dfd);
    /* Linux gives the lowest free descriptor: 0 once it is closed */
    EXPECT(close(0) == 0 && open("/dev/null", O_RDONLY) == 0);
    EXPECT(stat("/dev/stdin", &st) == 0 && S_ISCHR(st.st_mode) && minor(st.st_rdev) == 3);
    EXPECT(getchar() == EOF);
    /* /dev/stdout is descriptor 1's open file: what it writes follows on */
    EXPECT(write(1, "A-", 2) == 2);
    EXPECT((w = open("/dev/stdout", O_WRONLY | O_CREAT | O_TRUNC, 0644)) >= 0 && write(w, "B-", 2) == 2 && close(w) == 0);
    EXPECT(write(1, "C\n", 2) == 2);
}

/* With /dev preopened on a host directory that has "null" (a regular
 * file) and "custom": the built-in names still win, the rest is the host's. */
static void dev_preopen(void)
{
    struct stat st;
    char buf[8] = {0};
    int fd;
    EXPECT(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));
    EXPECT((fd = open("/dev/null", O_RDONLY)) >= 0 && read(fd, buf, sizeof buf) == 0 && close(fd) == 0);
    EXPECT((fd = open("/dev/custom", O_RDONLY)) >= 0 && read(fd, buf, 6) == 6 && !memcmp(buf, "custom", 6));
    close(fd);
    EXPECT(stat("/dev", &st) == 0 && S_ISDIR(st.st_mode));
    static const char *const names[] = {"custom", NULL};
    int entries;
    EXPECT(lists("/dev", names, DT_REG, &entries) && entries == 4); /* the host's: ., .., custom, null */
    EXPECT((fd = open("/dev/made", O_CREAT | O_WRONLY, 0644)) >= 0 && close(fd) == 0 && unlink("/dev/made") == 0);
}

/* Prints 16 bytes of /dev/urandom in hex: the same every run only in
 * deterministic mode. */
static void print_urandom(void)
{
    unsigned char r[16];
    int fd = open("/dev/urandom", O_RDONLY);
    EXPECT(fd >= 0 && read(fd, r, sizeof r) == (ssize_t)sizeof r);
    for (size_t i = 0; i < sizeof r; i++)
        printf("%02x", r[i]);
    printf("\n");
}

/* What a shell does for "cmd > /dev/null 2>&1": open, dup2 onto 1 and 2. */
static void devnull_redirect(void)
{
    fflush(stdout);
    int saved_out = dup(1), saved_err = dup(2);
    int null = open("/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0666);
    EXPECT(null >= 0 && dup2(null, 1) == 1 && dup2(null, 2) == 2 && close(null) == 0);
    printf("HIDDEN-STDOUT\n");
    fflush(stdout);
    fprintf(stderr, "HIDDEN-STDERR\n");
    EXPECT(write(1, "HIDDEN-WRITE\n", 13) == 13);
    EXPECT(dup2(saved_out, 1) == 1 && dup2(saved_err, 2) == 2);
    printf("VISIBLE-AFTER\n");
}

/* Each argument is an expectation: has:NAME=VALUE, not:NAME, count:N
 * (strings in the environment), once:NAME. */
static void env(int argc, char **argv, char **envp)
{
    extern char **environ;
    int count = 0;
    EXPECT(envp == environ);
    while (environ[count])
        count++;
    for (int i = 2; i < argc; i++) {
        const char *x = argv[i], *eq = strchr(x, '=');
        char name[256];
        if (!strncmp(x, "has:", 4) && eq) {
            snprintf(name, sizeof name, "%.*s", (int)(eq - x - 4), x + 4);
            const char *v = getenv(name);
            if (!v || strcmp(v, eq + 1))
                printf("FAIL: %s is %s\n", name, v ? v : "unset"), failures++;
        } else if (!strncmp(x, "not:", 4)) {
            if (getenv(x + 4))
                printf("FAIL: %s is set\n", x + 4), failures++;
        } else if (!strncmp(x, "count:", 6)) {
            if (count != atoi(x + 6))
                printf("FAIL: %d strings in the environment, not %s\n", count, x + 6), failures++;
        } else if (!strncmp(x, "once:", 5)) {
            size_t len = strlen(x + 5);
            int seen = 0;
            for (int k = 0; k < count; k++)
                seen += !strncmp(environ[k], x + 5, len) && environ[k][len] == '=';
            if (seen != 1)
                printf("FAIL: %s appears %d times\n", x + 5, seen), failures++;
        } else {
            printf("FAIL: bad expectation %s\n", x), failures++;
        }
    }
}

/* vxrun --tmp: a fresh, empty, writable /tmp. */
static void tmp(void)
{
    struct stat st;
    char buf[8] = {0};
    static const char *const only_dots[] = {".", "..", NULL};
    int entries, fd;
    EXPECT(stat("/tmp", &st) == 0 && S_ISDIR(st.st_mode));
    EXPECT(lists("/tmp", only_dots, DT_DIR, &entries) && entries == 2);
    EXPECT((fd = open("/tmp/scratch.txt", O_CREAT | O_EXCL | O_RDWR, 0600)) >= 0);
    EXPECT(write(fd, "tmpdata", 7) == 7 && lseek(fd, 0, SEEK_SET) == 0 && read(fd, buf, 7) == 7 &&
           !memcmp(buf, "tmpdata", 7) && close(fd) == 0);
    EXPECT(mkdir("/tmp/dir", 0700) == 0 && rename("/tmp/scratch.txt", "/tmp/dir/moved.txt") == 0);
    EXPECT(stat("/tmp/dir/moved.txt", &st) == 0 && st.st_size == 7);
    /* Left for the removal: directories nested deeper than it keeps open,
     * an unreadable empty one, a file without permissions, and a name
     * like the one it moves deep directories to. */
    int deep = 0;
    EXPECT(chdir("/tmp/dir") == 0);
    for (int i = 0; i < 200; i++)
        deep += mkdir("d", 0755) == 0 && chdir("d") == 0;
    EXPECT(deep == 200 && (fd = open("leaf", O_CREAT | O_WRONLY, 0)) >= 0 && close(fd) == 0);
    EXPECT(chdir("/") == 0);
    EXPECT(mkdir("/tmp/locked", 0) == 0);
    EXPECT((fd = open("/tmp/noperm", O_CREAT | O_WRONLY, 0)) >= 0 && close(fd) == 0);
    EXPECT(mkdir("/tmp/.vx-deep-0", 0755) == 0 && mkdir("/tmp/.vx-deep-0/x", 0755) == 0);
}

/* tmp, then /tmp/ready, then waits for a byte on stdin (the host plants
 * links meanwhile) and ends as argv[2] says: exit, fault or spin. */
static void tmp_hold(const char *how)
{
    tmp();
    int fd = open("/tmp/ready", O_CREAT | O_WRONLY, 0644);
    EXPECT(fd >= 0 && close(fd) == 0);
    char c;
    EXPECT(read(0, &c, 1) == 1);
    printf("tmp_hold: %d failures\n", failures);
    fflush(stdout);
    if (!strcmp(how, "fault")) {
        volatile uintptr_t guard = 16; /* the window's bottom guard */
        *(volatile int *)guard = 1;
    }
    if (!strcmp(how, "spin"))
        for (volatile unsigned long x = 0;; x++)
            ;
}

int main(int argc, char **argv, char **envp)
{
    static const struct { const char *name; void (*run)(void); } groups[] = {
        {"files", files}, {"confinement", confinement}, {"memory", memory},
        {"process", process}, {"unserved", unserved}, {"devices", devices},
        {"dev_fd", dev_fd}, {"devnull_redirect", devnull_redirect}, {"dev_preopen", dev_preopen},
        {"print_urandom", print_urandom}, {"tmp", tmp}, {"links", links},
        {"closed_stdio", closed_stdio}};
    for (size_t i = 0; i < sizeof groups / sizeof *groups; i++)
        if (argc > 1 && !strcmp(argv[1], groups[i].name)) {
            groups[i].run();
            printf("%s: %d failures\n", argv[1], failures);
            return failures != 0;
        }
    if (argc > 1 && !strcmp(argv[1], "env")) {
        env(argc, argv, envp);
        printf("env: %d failures\n", failures);
        return failures != 0;
    }
    if (argc > 2 && !strcmp(argv[1], "tmp_hold")) {
        tmp_hold(argv[2]);
        return failures != 0;
    }
    if (argc > 1 && !strcmp(argv[1], "abort"))
        abort();
    if (argc > 1 && !strcmp(argv[1], "raise"))
        raise(SIGTERM);
    fprintf(stderr, "usage: linux_calls files|confinement|memory|process|unserved|devices|dev_fd|"
                    "devnull_redirect|dev_preopen|print_urandom|tmp|abort|raise, env EXPECTATION..., tmp_hold exit|fault|spin\n");
    return 2;
}
