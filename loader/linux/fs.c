/* Descriptors and paths. The guest names only its own descriptors (the
 * per-sandbox table of files.c) and guest paths, which resolve through the
 * preopens: relative to the guest's cwd or a directory descriptor's guest
 * path, normalised lexically, then opened under the preopen's directory
 * with openat2(RESOLVE_BENEATH), so neither ".." nor a symlink (even one
 * swapped during the call) leaves it. Calls that act on an entry itself
 * (unlink, mkdir, rename, readlink) do so in its parent, opened the same
 * way, by a name without slashes. Writing calls under a read-only preopen
 * fail with EROFS before any host call. Paths of the built-in /dev and
 * descriptors holding its devices are served by devices.c. */
#define _GNU_SOURCE
#include "linux.h"
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <unistd.h>

#define IOV_LIMIT 1024
#define CHUNK 65536

struct vx_fd *vx_linux_fd_of(vx_sandbox *sb, uint64_t fd)
{
    return fd < VX_MAX_FDS && vx_fd_in_use(&sb->fds[fd]) ? &sb->fds[fd] : NULL;
}

static int64_t host_result(int64_t r)
{
    return r < 0 ? vx_linux_host_errno() : r;
}

/* Resolves (dirfd, path) as the *at calls do; 0 or -errno. An absolute
 * path ignores dirfd; a relative one is taken from the directory's guest
 * path (or the cwd for AT_FDCWD). A built-in /dev path sets dev->node and
 * leaves r->pre unset; a caller that passes no dev gets EROFS for one (the
 * built-in /dev is read-only to calls that change entries). */
int vx_linux_at_path(vx_sandbox *sb, uint64_t dirfd, uint64_t path, struct vx_resolved *r,
                   struct vx_dev_path *dev)
{
    const char *base = sb->cwd;
    if ((int)dirfd != AT_FDCWD) {
        const char *first = vx_guest_ptr(sb, path, 1, 0);
        if (!first)
            return -EFAULT;
        if (*first != '/') {
            struct vx_fd *d = vx_linux_fd_of(sb, dirfd);
            if (!d)
                return -EBADF;
            if (!d->dir)
                return -ENOTDIR;
            base = d->dir;
        }
    }
    int e = vx_normalise_at(sb, base, path, r);
    if (e)
        return (int)vx_linux_errno(e);
    struct vx_dev_path unused, *d = dev ? dev : &unused;
    e = vx_dev_lookup(sb, r, d);
    if (e)
        return e;
    if (d->node != VX_NODE_NONE)
        return dev ? 0 : -EROFS;
    e = vx_match_preopen(sb, r);
    return e ? (int)vx_linux_errno(e) : 0;
}

/* The entry's parent under its preopen and the entry's name; fd or -errno. */
int vx_linux_parent_of(const struct vx_resolved *r, const char **base, int writes)
{
    if (writes && r->pre->readonly)
        return -EROFS;
    int fd = vx_open_parent(r, base);
    return fd < 0 ? (int)vx_linux_errno(fd) : fd;
}

static void release_fd(struct vx_fd *f)
{
    if (f->owned)
        close(f->host);
    free(f->dir);
    *f = (struct vx_fd){.host = -1};
}

/* The lowest free descriptor, 0-2 included when closed, as Linux picks. */
int64_t vx_linux_place_fd(vx_sandbox *sb, struct vx_fd *proto)
{
    for (int i = 0; i < VX_MAX_FDS; i++)
        if (!vx_fd_in_use(&sb->fds[i])) {
            sb->fds[i] = *proto;
            return i;
        }
    release_fd(proto);
    return -EMFILE;
}

static int64_t place_fd(vx_sandbox *sb, int host, int readonly, const char *dir)
{
    struct vx_fd f = {.host = host, .owned = 1, .readonly = readonly, .dir = dir ? strdup(dir) : NULL};
    return vx_linux_place_fd(sb, &f);
}

int64_t vx_linux_read(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_fd *f = vx_linux_fd_of(sb, a[0]);
    if (!f)
        return -EBADF;
    if (f->device)
        return vx_dev_read(sb, f, a[1], a[2]);
    void *buf = vx_guest_ptr(sb, a[1], a[2], 1);
    if (!buf)
        return -EFAULT;
    return host_result(read(f->host, buf, a[2]));
}

int64_t vx_linux_write(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_fd *f = vx_linux_fd_of(sb, a[0]);
    if (!f)
        return -EBADF;
    if (f->device)
        return vx_dev_write(sb, f, a[1], a[2]);
    const void *buf = vx_guest_ptr(sb, a[1], a[2], 0);
    if (!buf)
        return -EFAULT;
    return host_result(write(f->host, buf, a[2]));
}

int64_t vx_linux_pread(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_fd *f = vx_linux_fd_of(sb, a[0]);
    if (!f)
        return -EBADF;
    if (f->device)
        return vx_dev_read(sb, f, a[1], a[2]); /* devices have no position */
    void *buf = vx_guest_ptr(sb, a[1], a[2], 1);
    if (!buf)
        return -EFAULT;
    return host_result(pread(f->host, buf, a[2], (off_t)a[3]));
}

int64_t vx_linux_pwrite(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_fd *f = vx_linux_fd_of(sb, a[0]);
    if (!f)
        return -EBADF;
    if (f->device)
        return vx_dev_write(sb, f, a[1], a[2]);
    const void *buf = vx_guest_ptr(sb, a[1], a[2], 0);
    if (!buf)
        return -EFAULT;
    return host_result(pwrite(f->host, buf, a[2], (off_t)a[3]));
}

/* The guest's iovec array, each buffer checked; count or -errno. */
static int host_iov(vx_sandbox *sb, uint64_t addr, uint64_t n, int writes, struct iovec *out)
{
    if (n > IOV_LIMIT)
        return -EINVAL;
    const uint64_t *g = vx_guest_ptr(sb, addr, n * 16, 0);
    if (!g && n)
        return -EFAULT;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t base = g[2 * i], len = g[2 * i + 1];
        out[i].iov_len = len;
        out[i].iov_base = len ? vx_guest_ptr(sb, base, len, writes) : NULL;
        if (len && !out[i].iov_base)
            return -EFAULT;
    }
    return (int)n;
}

int64_t vx_linux_readv(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_fd *f = vx_linux_fd_of(sb, a[0]);
    struct iovec iov[IOV_LIMIT];
    if (!f)
        return -EBADF;
    int n = host_iov(sb, a[1], a[2], 1, iov);
    if (n < 0)
        return n;
    return f->device ? vx_dev_readv(sb, f, iov, n) : host_result(readv(f->host, iov, n));
}

int64_t vx_linux_writev(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_fd *f = vx_linux_fd_of(sb, a[0]);
    struct iovec iov[IOV_LIMIT];
    if (!f)
        return -EBADF;
    int n = host_iov(sb, a[1], a[2], 0, iov);
    if (n < 0)
        return n;
    return f->device ? vx_dev_writev(f, iov, n) : host_result(writev(f->host, iov, n));
}

int64_t vx_linux_lseek(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_fd *f = vx_linux_fd_of(sb, a[0]);
    if (!f)
        return -EBADF;
    if (a[2] > SEEK_HOLE)
        return -EINVAL;
    if (f->device)
        return vx_dev_lseek(f, (int64_t)a[1], a[2]);
    return host_result(lseek(f->host, (off_t)a[1], (int)a[2]));
}

int64_t vx_linux_close(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_fd *f = vx_linux_fd_of(sb, a[0]);
    if (!f)
        return -EBADF;
    release_fd(f);
    return 0;
}

#define OPEN_FLAGS (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | \
                    O_DSYNC | O_SYNC | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | 0100000 /* O_LARGEFILE */)

static int64_t open_at(vx_sandbox *sb, uint64_t dirfd, uint64_t path, uint64_t flags, uint64_t mode)
{
    if (flags & ~(uint64_t)OPEN_FLAGS || (flags & O_ACCMODE) == O_ACCMODE)
        return -EINVAL;
    struct vx_resolved r;
    struct vx_dev_path dev;
    int e = vx_linux_at_path(sb, dirfd, path, &r, &dev);
    if (e)
        return e;
    if (dev.node)
        return vx_dev_open(sb, &dev, flags);
    int writes = (flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC | O_APPEND));
    if (writes && r.pre->readonly)
        return -EROFS;
    /* O_NONBLOCK for the open itself: a FIFO must not hang the host. */
    int host_flags = (int)(flags & ~(uint64_t)0100000) | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
    int fd = vx_open_beneath(r.pre->dirfd, r.rel, (uint64_t)host_flags,
                             flags & O_CREAT ? mode & 07777 & ~(uint64_t)sb->umask_bits : 0);
    if (fd < 0)
        return vx_linux_host_errno();
    if (!(flags & O_NONBLOCK))
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    struct stat st;
    int is_dir = fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
    return place_fd(sb, fd, r.pre->readonly, is_dir ? r.norm : NULL);
}

int64_t vx_linux_open(vx_sandbox *sb, const uint64_t *a)
{
    return open_at(sb, (uint64_t)(int64_t)AT_FDCWD, a[0], a[1], a[2]);
}

int64_t vx_linux_openat(vx_sandbox *sb, const uint64_t *a)
{
    return open_at(sb, a[0], a[1], a[2], a[3]);
}

int64_t vx_linux_creat(vx_sandbox *sb, const uint64_t *a)
{
    return open_at(sb, (uint64_t)(int64_t)AT_FDCWD, a[0], O_CREAT | O_WRONLY | O_TRUNC, a[1]);
}

static int64_t stat_out(vx_sandbox *sb, const struct stat *st, uint64_t out)
{
    struct stat *g = vx_guest_ptr(sb, out, sizeof *st, 1);
    if (!g)
        return -EFAULT;
    memcpy(g, st, sizeof *st); /* musl's x86-64 struct stat is the kernel's */
    if (sb->opt.deterministic) {
        g->st_atim = g->st_mtim = g->st_ctim = (struct timespec){0};
    }
    return 0;
}

/* fstat of a descriptor, built-in device or host file; 0 or -errno. */
static int fd_stat(const struct vx_fd *f, struct stat *st)
{
    if (f->device) {
        vx_dev_fstat(f, st);
        return 0;
    }
    return fstat(f->host, st) ? (int)vx_linux_host_errno() : 0;
}

/* What fstatat(dirfd, path, flags) sees, into host memory; 0 or -errno. */
static int stat_lookup(vx_sandbox *sb, uint64_t dirfd, uint64_t path, uint64_t flags, struct stat *st)
{
    if (flags & ~(uint64_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
        return -EINVAL;
    if (flags & AT_EMPTY_PATH) {
        const char *p = vx_guest_ptr(sb, path, 1, 0);
        if (p && !*p) {
            struct vx_fd *f = (int)dirfd == AT_FDCWD ? NULL : vx_linux_fd_of(sb, dirfd);
            return f ? fd_stat(f, st) : -EBADF;
        }
    }
    struct vx_resolved r;
    struct vx_dev_path dev;
    int e = vx_linux_at_path(sb, dirfd, path, &r, &dev);
    if (e)
        return e;
    if (dev.node) /* /dev/std* and /dev/fd/N are not links here: lstat sees what stat sees */
        return vx_dev_stat(sb, &dev, st);
    int nofollow = flags & AT_SYMLINK_NOFOLLOW ? O_NOFOLLOW : 0;
    int fd = vx_open_beneath(r.pre->dirfd, r.rel, (uint64_t)(O_PATH | O_CLOEXEC | nofollow), 0);
    if (fd < 0)
        return (int)vx_linux_host_errno();
    int rc = fstat(fd, st);
    int err = (int)vx_linux_host_errno();
    close(fd);
    return rc ? err : 0;
}

static int64_t stat_at(vx_sandbox *sb, uint64_t dirfd, uint64_t path, uint64_t out, uint64_t flags)
{
    struct stat st;
    int e = stat_lookup(sb, dirfd, path, flags, &st);
    return e ? e : stat_out(sb, &st, out);
}

int64_t vx_linux_fstat(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_fd *f = vx_linux_fd_of(sb, a[0]);
    struct stat st;
    if (!f)
        return -EBADF;
    int e = fd_stat(f, &st);
    return e ? e : stat_out(sb, &st, a[1]);
}

int64_t vx_linux_stat(vx_sandbox *sb, const uint64_t *a)
{
    return stat_at(sb, (uint64_t)(int64_t)AT_FDCWD, a[0], a[1], 0);
}

int64_t vx_linux_lstat(vx_sandbox *sb, const uint64_t *a)
{
    return stat_at(sb, (uint64_t)(int64_t)AT_FDCWD, a[0], a[1], AT_SYMLINK_NOFOLLOW);
}

int64_t vx_linux_newfstatat(vx_sandbox *sb, const uint64_t *a)
{
    return stat_at(sb, a[0], a[1], a[2], a[3]);
}

static struct statx_timestamp statx_time(struct timespec t, int deterministic)
{
    return deterministic ? (struct statx_timestamp){0}
                         : (struct statx_timestamp){.tv_sec = t.tv_sec, .tv_nsec = (uint32_t)t.tv_nsec};
}

/* statx(dirfd, path, flags, mask, buf): fstatat's answer in statx's form
 * (the basic fields, whatever the mask asks). */
int64_t vx_linux_statx(vx_sandbox *sb, const uint64_t *a)
{
    uint64_t flags = a[2], sync = flags & AT_STATX_SYNC_TYPE;
    if (sync == AT_STATX_SYNC_TYPE || (a[3] & STATX__RESERVED))
        return -EINVAL;
    struct stat st;
    int e = stat_lookup(sb, a[0], a[1], flags & ~(uint64_t)AT_STATX_SYNC_TYPE, &st);
    if (e)
        return e;
    struct statx *out = vx_guest_ptr(sb, a[4], sizeof *out, 1);
    if (!out)
        return -EFAULT;
    int det = sb->opt.deterministic;
    *out = (struct statx){
        .stx_mask = STATX_BASIC_STATS, .stx_blksize = (uint32_t)st.st_blksize,
        .stx_nlink = (uint32_t)st.st_nlink, .stx_uid = st.st_uid, .stx_gid = st.st_gid,
        .stx_mode = (uint16_t)st.st_mode, .stx_ino = st.st_ino, .stx_size = (uint64_t)st.st_size,
        .stx_blocks = (uint64_t)st.st_blocks, .stx_atime = statx_time(st.st_atim, det),
        .stx_ctime = statx_time(st.st_ctim, det), .stx_mtime = statx_time(st.st_mtim, det),
        .stx_rdev_major = major(st.st_rdev), .stx_rdev_minor = minor(st.st_rdev),
        .stx_dev_major = major(st.st_dev), .stx_dev_minor = minor(st.st_dev)};
    return 0;
}

int64_t vx_linux_getdents64(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_fd *f = vx_linux_fd_of(sb, a[0]);
    char tmp[CHUNK];
    if (!f)
        return -EBADF;
    uint64_t n = a[2] < sizeof tmp ? a[2] : sizeof tmp;
    void *out = vx_guest_ptr(sb, a[1], n, 1);
    if (!out)
        return -EFAULT;
    if (f->device)
        return vx_dev_getdents(sb, f, a[1], a[2]);
    long got = syscall(SYS_getdents64, f->host, tmp, n);
    if (got < 0)
        return vx_linux_host_errno();
    memcpy(out, tmp, (size_t)got);
    return got;
}

/* Terminal queries reach the host only for a descriptor the host gave as
 * a terminal; everything else is "not a terminal". */
int64_t vx_linux_ioctl(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_fd *f = vx_linux_fd_of(sb, a[0]);
    unsigned char buf[64];
    if (!f)
        return -EBADF;
    size_t size = a[1] == 0x5401 /* TCGETS */ ? 36 : a[1] == 0x5413 /* TIOCGWINSZ */ ? 8 : 0;
    if (!size || f->device || !isatty(f->host))
        return -ENOTTY;
    void *out = vx_guest_ptr(sb, a[2], size, 1);
    if (!out)
        return -EFAULT;
    if (syscall(SYS_ioctl, f->host, a[1], buf) != 0)
        return vx_linux_host_errno();
    memcpy(out, buf, size);
    return 0;
}

int64_t vx_linux_dup_fd(vx_sandbox *sb, const struct vx_fd *from, int64_t want)
{
    struct vx_fd copy = *from;
    copy.dir = from->dir ? strdup(from->dir) : NULL;
    if (from->host >= 0) {
        copy.host = fcntl(from->host, F_DUPFD_CLOEXEC, 3);
        if (copy.host < 0) {
            int64_t e = vx_linux_host_errno();
            free(copy.dir);
            return e;
        }
        copy.owned = 1;
    }
    if (want < 0)
        return vx_linux_place_fd(sb, &copy);
    struct vx_fd *to = &sb->fds[want];
    if (vx_fd_in_use(to))
        release_fd(to);
    *to = copy;
    return want;
}

int64_t vx_linux_fcntl(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_fd *f = vx_linux_fd_of(sb, a[0]);
    if (!f)
        return -EBADF;
    switch (a[1]) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
        for (uint64_t i = a[2]; i < VX_MAX_FDS; i++)
            if (!vx_fd_in_use(&sb->fds[i]))
                return vx_linux_dup_fd(sb, f, (int64_t)i);
        return a[2] >= VX_MAX_FDS ? -EINVAL : -EMFILE;
    case F_GETFD:
    case F_SETFD:
        return 0; /* nothing is ever executed: close-on-exec has no effect */
    case F_GETFL:
        return f->device ? f->flags : host_result(fcntl(f->host, F_GETFL));
    case F_SETFL:
        if (f->device) {
            f->flags = (f->flags & ~(O_APPEND | O_NONBLOCK)) | (int)(a[2] & (O_APPEND | O_NONBLOCK));
            return 0;
        }
        return host_result(fcntl(f->host, F_SETFL, (int)(a[2] & (O_APPEND | O_NONBLOCK))));
    case F_GETLK: {
        /* One process per sandbox: its own locks never conflict. */
        short *type = vx_guest_ptr(sb, a[2], 32, 1);
        if (!type)
            return -EFAULT;
        *type = F_UNLCK;
        return 0;
    }
    case F_SETLK:
    case F_SETLKW:
        return vx_guest_ptr(sb, a[2], 32, 0) ? 0 : -EFAULT;
    default:
        return -EINVAL;
    }
}

int64_t vx_linux_dup(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_fd *f = vx_linux_fd_of(sb, a[0]);
    if (!f)
        return -EBADF;
    for (int i = 0; i < VX_MAX_FDS; i++)
        if (!vx_fd_in_use(&sb->fds[i]))
            return vx_linux_dup_fd(sb, f, i);
    return -EMFILE;
}

int64_t vx_linux_dup3(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_fd *f = vx_linux_fd_of(sb, a[0]);
    if (!f || a[1] >= VX_MAX_FDS)
        return -EBADF;
    if (a[2] & ~(uint64_t)O_CLOEXEC || a[0] == a[1])
        return -EINVAL;
    return vx_linux_dup_fd(sb, f, (int64_t)a[1]);
}

int64_t vx_linux_dup2(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_fd *f = vx_linux_fd_of(sb, a[0]);
    if (!f || a[1] >= VX_MAX_FDS)
        return -EBADF;
    return a[0] == a[1] ? (int64_t)a[1] : vx_linux_dup_fd(sb, f, (int64_t)a[1]);
}

int64_t vx_linux_pipe2(vx_sandbox *sb, const uint64_t *a)
{
    if (a[1] & ~(uint64_t)(O_CLOEXEC | O_NONBLOCK))
        return -EINVAL;
    int *out = vx_guest_ptr(sb, a[0], 2 * sizeof(int), 1), p[2];
    if (!out)
        return -EFAULT;
    if (pipe2(p, (int)a[1] | O_CLOEXEC) != 0)
        return vx_linux_host_errno();
    int64_t r = place_fd(sb, p[0], 0, NULL);
    if (r < 0) {
        close(p[1]);
        return r;
    }
    int64_t w = place_fd(sb, p[1], 0, NULL);
    if (w < 0) {
        release_fd(&sb->fds[r]);
        return w;
    }
    out[0] = (int)r;
    out[1] = (int)w;
    return 0;
}

int64_t vx_linux_pipe(vx_sandbox *sb, const uint64_t *a)
{
    const uint64_t b[6] = {a[0], 0};
    return vx_linux_pipe2(sb, b);
}

int64_t vx_linux_ftruncate(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_fd *f = vx_linux_fd_of(sb, a[0]);
    if (!f)
        return -EBADF;
    if (f->device)
        return -EINVAL; /* Linux truncates only regular files */
    if (f->readonly)
        return -EROFS;
    return host_result(ftruncate(f->host, (off_t)a[1]));
}

int64_t vx_linux_fsync(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_fd *f = vx_linux_fd_of(sb, a[0]);
    if (!f)
        return -EBADF;
    if (f->device) /* built-in directories sync trivially, character devices have no fsync */
        return f->dir ? 0 : -EINVAL;
    return host_result(fsync(f->host));
}

static int64_t unlink_at(vx_sandbox *sb, uint64_t dirfd, uint64_t path, uint64_t flags)
{
    if (flags & ~(uint64_t)AT_REMOVEDIR)
        return -EINVAL;
    struct vx_resolved r;
    const char *base;
    int e = vx_linux_at_path(sb, dirfd, path, &r, NULL);
    if (e)
        return e;
    int dir = vx_linux_parent_of(&r, &base, 1);
    if (dir < 0)
        return dir;
    int rc = unlinkat(dir, base, (int)flags);
    int64_t err = vx_linux_host_errno();
    close(dir);
    return rc ? err : 0;
}

int64_t vx_linux_unlink(vx_sandbox *sb, const uint64_t *a)
{
    return unlink_at(sb, (uint64_t)(int64_t)AT_FDCWD, a[0], 0);
}

int64_t vx_linux_rmdir(vx_sandbox *sb, const uint64_t *a)
{
    return unlink_at(sb, (uint64_t)(int64_t)AT_FDCWD, a[0], AT_REMOVEDIR);
}

int64_t vx_linux_unlinkat(vx_sandbox *sb, const uint64_t *a)
{
    return unlink_at(sb, a[0], a[1], a[2]);
}

static int64_t mkdir_at(vx_sandbox *sb, uint64_t dirfd, uint64_t path, uint64_t mode)
{
    struct vx_resolved r;
    struct vx_dev_path dev;
    const char *base;
    int e = vx_linux_at_path(sb, dirfd, path, &r, &dev);
    if (e)
        return e;
    if (dev.node) /* nothing can be created in the built-in /dev */
        return dev.node == VX_NODE_MISSING ? -EROFS : -EEXIST;
    int dir = vx_linux_parent_of(&r, &base, 1);
    if (dir < 0)
        return dir == -EBUSY ? -EEXIST : dir;
    int rc = mkdirat(dir, base, (mode_t)(mode & 07777 & ~(uint64_t)sb->umask_bits));
    int64_t err = vx_linux_host_errno();
    close(dir);
    return rc ? err : 0;
}

int64_t vx_linux_mkdir(vx_sandbox *sb, const uint64_t *a)
{
    return mkdir_at(sb, (uint64_t)(int64_t)AT_FDCWD, a[0], a[1]);
}

int64_t vx_linux_mkdirat(vx_sandbox *sb, const uint64_t *a)
{
    return mkdir_at(sb, a[0], a[1], a[2]);
}

static int64_t rename_at(vx_sandbox *sb, uint64_t ofd, uint64_t opath, uint64_t nfd, uint64_t npath,
                         uint64_t flags)
{
    if (flags & ~(uint64_t)(RENAME_NOREPLACE | RENAME_EXCHANGE))
        return -EINVAL;
    struct vx_resolved from, to;
    const char *from_base, *to_base;
    int e = vx_linux_at_path(sb, ofd, opath, &from, NULL);
    if (!e)
        e = vx_linux_at_path(sb, nfd, npath, &to, NULL);
    if (e)
        return e;
    int from_dir = vx_linux_parent_of(&from, &from_base, 1);
    if (from_dir < 0)
        return from_dir;
    int to_dir = vx_linux_parent_of(&to, &to_base, 1);
    if (to_dir < 0) {
        close(from_dir);
        return to_dir;
    }
    int rc = renameat2(from_dir, from_base, to_dir, to_base, (unsigned)flags);
    int64_t err = vx_linux_host_errno();
    close(from_dir);
    close(to_dir);
    return rc ? err : 0;
}

int64_t vx_linux_rename(vx_sandbox *sb, const uint64_t *a)
{
    return rename_at(sb, (uint64_t)(int64_t)AT_FDCWD, a[0], (uint64_t)(int64_t)AT_FDCWD, a[1], 0);
}

int64_t vx_linux_renameat(vx_sandbox *sb, const uint64_t *a)
{
    return rename_at(sb, a[0], a[1], a[2], a[3], 0);
}

int64_t vx_linux_renameat2(vx_sandbox *sb, const uint64_t *a)
{
    return rename_at(sb, a[0], a[1], a[2], a[3], a[4]);
}

static int64_t readlink_at(vx_sandbox *sb, uint64_t dirfd, uint64_t path, uint64_t buf, uint64_t size)
{
    char tmp[VX_PATH_MAX];
    struct vx_resolved r;
    const char *base;
    struct vx_dev_path dev;
    if ((int64_t)size <= 0)
        return -EINVAL;
    int e = vx_linux_at_path(sb, dirfd, path, &r, &dev);
    if (e)
        return e;
    if (dev.node) /* no built-in entry is a link */
        return dev.node == VX_NODE_MISSING ? -ENOENT : -EINVAL;
    int dir = vx_linux_parent_of(&r, &base, 0);
    if (dir < 0)
        return dir == -EBUSY ? -EINVAL : dir;
    ssize_t n = readlinkat(dir, base, tmp, sizeof tmp);
    int64_t err = vx_linux_host_errno();
    close(dir);
    if (n < 0)
        return err;
    if ((uint64_t)n > size)
        n = (ssize_t)size;
    void *out = vx_guest_ptr(sb, buf, (uint64_t)n, 1);
    if (!out)
        return -EFAULT;
    memcpy(out, tmp, (size_t)n);
    return n;
}

int64_t vx_linux_readlink(vx_sandbox *sb, const uint64_t *a)
{
    return readlink_at(sb, (uint64_t)(int64_t)AT_FDCWD, a[0], a[1], a[2]);
}

int64_t vx_linux_readlinkat(vx_sandbox *sb, const uint64_t *a)
{
    return readlink_at(sb, a[0], a[1], a[2], a[3]);
}

static int64_t access_at(vx_sandbox *sb, uint64_t dirfd, uint64_t path, uint64_t mode, uint64_t flags)
{
    if (mode & ~(uint64_t)(R_OK | W_OK | X_OK) || flags & ~(uint64_t)(AT_EACCESS | AT_SYMLINK_NOFOLLOW))
        return -EINVAL;
    struct vx_resolved r;
    struct vx_dev_path dev;
    int e = vx_linux_at_path(sb, dirfd, path, &r, &dev);
    if (e)
        return e;
    if (dev.node)
        return vx_dev_access(sb, &dev, mode);
    int nofollow = flags & AT_SYMLINK_NOFOLLOW ? O_NOFOLLOW : 0;
    int fd = vx_open_beneath(r.pre->dirfd, r.rel, (uint64_t)(O_PATH | O_CLOEXEC | nofollow), 0);
    if (fd < 0)
        return vx_linux_host_errno();
    long rc = syscall(SYS_faccessat2, fd, "", (int)mode, AT_EMPTY_PATH | (int)(flags & AT_EACCESS));
    int64_t err = vx_linux_host_errno();
    close(fd);
    if (rc)
        return err;
    return (mode & W_OK) && r.pre->readonly ? -EROFS : 0;
}

int64_t vx_linux_access(vx_sandbox *sb, const uint64_t *a)
{
    return access_at(sb, (uint64_t)(int64_t)AT_FDCWD, a[0], a[1], 0);
}

int64_t vx_linux_faccessat(vx_sandbox *sb, const uint64_t *a)
{
    return access_at(sb, a[0], a[1], a[2], a[3]);
}

int64_t vx_linux_getcwd(vx_sandbox *sb, const uint64_t *a)
{
    size_t n = strlen(sb->cwd) + 1;
    if (a[1] < n)
        return -ERANGE;
    char *out = vx_guest_ptr(sb, a[0], n, 1);
    if (!out)
        return -EFAULT;
    memcpy(out, sb->cwd, n);
    return (int64_t)n;
}

int64_t vx_linux_chdir(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_resolved r;
    struct vx_dev_path dev;
    int e = vx_linux_at_path(sb, (uint64_t)(int64_t)AT_FDCWD, a[0], &r, &dev);
    if (e)
        return e;
    if (dev.node) {
        const char *dir = dev.node == VX_NODE_MISSING ? NULL : vx_dev_dir_path(sb, &dev);
        if (!dir)
            return dev.node == VX_NODE_MISSING ? -ENOENT : -ENOTDIR;
        snprintf(sb->cwd, sizeof sb->cwd, "%s", dir);
        return 0;
    }
    int fd = vx_open_beneath(r.pre->dirfd, r.rel, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
    if (fd < 0)
        return vx_linux_host_errno();
    close(fd);
    snprintf(sb->cwd, sizeof sb->cwd, "%s", r.norm);
    return 0;
}

int64_t vx_linux_fchdir(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_fd *f = vx_linux_fd_of(sb, a[0]);
    if (!f)
        return -EBADF;
    if (!f->dir)
        return -ENOTDIR;
    snprintf(sb->cwd, sizeof sb->cwd, "%s", f->dir);
    return 0;
}

int64_t vx_linux_umask(vx_sandbox *sb, const uint64_t *a)
{
    int64_t old = sb->umask_bits;
    sb->umask_bits = (unsigned)(a[0] & 0777);
    return old;
}
