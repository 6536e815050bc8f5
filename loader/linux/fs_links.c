/* Links, modes, times and owners of entries under the preopens: symlinkat,
 * linkat, fchmodat, utimensat, fchownat (and their older forms), flock.
 * Confinement as in fs.c: every path is resolved by vx_linux_at_path and
 * then reached only through a descriptor opened beneath its preopen:
 * - calls that act on an entry's name (symlink, link, a no-follow utimens)
 *   act in the parent opened beneath, by a slash-free name, and never
 *   follow that name;
 * - calls that follow the final symlink (chmod, utimens) open the entry
 *   O_PATH beneath (the kernel refuses a symlink that leaves, even one
 *   swapped during the call), then act on that inode through
 *   /proc/self/fd/N, which names the inode the descriptor holds and
 *   resolves nothing else;
 * - every one of them writes, so a read-only preopen is EROFS before any
 *   host call, and a hard link never joins two preopens (EXDEV): a second
 *   name in a writable preopen for a file of a read-only one would make it
 *   writable. */
#define _GNU_SOURCE
#include "linux.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define AT_FDCWD_ARG ((uint64_t)(int64_t)AT_FDCWD)

static int64_t done(int rc)
{
    return rc ? vx_linux_host_errno() : 0;
}

/* The entry at (dirfd, path), opened O_PATH beneath its preopen, following
 * a final symlink (inside the preopen) unless nofollow; fd or -errno. */
static int open_entry(vx_sandbox *sb, uint64_t dirfd, uint64_t path, int nofollow)
{
    struct vx_resolved r;
    int e = vx_linux_at_path(sb, dirfd, path, &r, NULL);
    if (e)
        return e;
    if (r.pre->readonly)
        return -EROFS;
    int fd = vx_open_beneath(r.pre->dirfd, r.rel, (uint64_t)(O_PATH | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0)), 0);
    return fd < 0 ? (int)vx_linux_host_errno() : fd;
}

static void proc_path(int fd, char out[32])
{
    snprintf(out, 32, "/proc/self/fd/%d", fd);
}

static int64_t symlink_at(vx_sandbox *sb, uint64_t target_addr, uint64_t dirfd, uint64_t path)
{
    char target[VX_PATH_MAX];
    int e = vx_guest_string(sb, target_addr, target, sizeof target);
    if (e)
        return vx_linux_errno(e);
    struct vx_resolved r;
    const char *base;
    if ((e = vx_linux_at_path(sb, dirfd, path, &r, NULL)))
        return e;
    int dir = vx_linux_parent_of(&r, &base, 1);
    if (dir < 0)
        return dir == -EBUSY ? -EEXIST : dir;
    int64_t rc = done(symlinkat(target, dir, base)); /* the target is only text kept in the link */
    close(dir);
    return rc;
}

int64_t vx_linux_symlink(vx_sandbox *sb, const uint64_t *a) { return symlink_at(sb, a[0], AT_FDCWD_ARG, a[1]); }
int64_t vx_linux_symlinkat(vx_sandbox *sb, const uint64_t *a) { return symlink_at(sb, a[0], a[1], a[2]); }

static int64_t link_at(vx_sandbox *sb, uint64_t ofd, uint64_t opath, uint64_t nfd, uint64_t npath, uint64_t flags)
{
    if (flags & ~(uint64_t)(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    if (flags & AT_EMPTY_PATH)
        return -ENOENT; /* as Linux answers a caller without CAP_DAC_READ_SEARCH */
    struct vx_resolved from, to;
    const char *from_base, *to_base;
    int e = vx_linux_at_path(sb, ofd, opath, &from, NULL);
    if (!e)
        e = vx_linux_at_path(sb, nfd, npath, &to, NULL);
    if (e)
        return e;
    if (from.pre != to.pre)
        return -EXDEV;
    int to_dir = vx_linux_parent_of(&to, &to_base, 1);
    if (to_dir < 0)
        return to_dir == -EBUSY ? -EEXIST : to_dir;
    int64_t rc;
    if (flags & AT_SYMLINK_FOLLOW) {
        int fd = open_entry(sb, ofd, opath, 0);
        char p[32];
        proc_path(fd, p);
        rc = fd < 0 ? fd : done(linkat(AT_FDCWD, p, to_dir, to_base, AT_SYMLINK_FOLLOW));
        if (fd >= 0)
            close(fd);
    } else {
        int from_dir = vx_linux_parent_of(&from, &from_base, 0);
        rc = from_dir < 0 ? (from_dir == -EBUSY ? -EPERM : from_dir)
                          : done(linkat(from_dir, from_base, to_dir, to_base, 0));
        if (from_dir >= 0)
            close(from_dir);
    }
    close(to_dir);
    return rc;
}

int64_t vx_linux_link(vx_sandbox *sb, const uint64_t *a) { return link_at(sb, AT_FDCWD_ARG, a[0], AT_FDCWD_ARG, a[1], 0); }
int64_t vx_linux_linkat(vx_sandbox *sb, const uint64_t *a) { return link_at(sb, a[0], a[1], a[2], a[3], a[4]); }

static int64_t chmod_at(vx_sandbox *sb, uint64_t dirfd, uint64_t path, uint64_t mode)
{
    int fd = open_entry(sb, dirfd, path, 0);
    if (fd < 0)
        return fd;
    char p[32];
    proc_path(fd, p);
    int64_t rc = done(chmod(p, (mode_t)(mode & 07777)));
    close(fd);
    return rc;
}

int64_t vx_linux_chmod(vx_sandbox *sb, const uint64_t *a) { return chmod_at(sb, AT_FDCWD_ARG, a[0], a[1]); }
int64_t vx_linux_fchmodat(vx_sandbox *sb, const uint64_t *a) { return chmod_at(sb, a[0], a[1], a[2]); }

/* A descriptor the guest may change the metadata of; 0 or -errno. */
static int writable_fd(vx_sandbox *sb, uint64_t fd, struct vx_fd **out)
{
    struct vx_fd *f = vx_linux_fd_of(sb, fd);
    if (!f)
        return -EBADF;
    if (f->device)
        return -EPERM; /* the built-in devices are the sandbox's, not the guest's */
    if (f->readonly)
        return -EROFS;
    *out = f;
    return 0;
}

int64_t vx_linux_fchmod(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_fd *f;
    int e = writable_fd(sb, a[0], &f);
    return e ? e : done(fchmod(f->host, (mode_t)(a[1] & 07777)));
}

int64_t vx_linux_utimensat(vx_sandbox *sb, const uint64_t *a)
{
    uint64_t dirfd = a[0], path = a[1], flags = a[3];
    const struct timespec *times = NULL;
    if (flags & ~(uint64_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    if (a[2] && !(times = vx_guest_ptr(sb, a[2], 2 * sizeof *times, 0)))
        return -EFAULT;
    const char *first = path ? vx_guest_ptr(sb, path, 1, 0) : NULL;
    if (path && !first)
        return -EFAULT;
    if (!path || (!*first && (flags & AT_EMPTY_PATH))) { /* futimens on dirfd */
        struct vx_fd *f;
        int e = writable_fd(sb, dirfd, &f);
        return e ? e : done(futimens(f->host, times));
    }
    if (flags & AT_SYMLINK_NOFOLLOW) {
        struct vx_resolved r;
        const char *base;
        int e = vx_linux_at_path(sb, dirfd, path, &r, NULL);
        if (e)
            return e;
        int dir = vx_linux_parent_of(&r, &base, 1);
        if (dir >= 0) {
            int64_t rc = done(utimensat(dir, base, times, AT_SYMLINK_NOFOLLOW));
            close(dir);
            return rc;
        }
        if (dir != -EBUSY)
            return dir; /* EBUSY: the preopen itself, which is no symlink: follow below */
    }
    int fd = open_entry(sb, dirfd, path, 0);
    if (fd < 0)
        return fd;
    char p[32];
    proc_path(fd, p);
    int64_t rc = done(utimensat(AT_FDCWD, p, times, 0));
    close(fd);
    return rc;
}

/* Owners: the guest is uid 0 and gid 0 in its own view, but no host file
 * ever changes owner. Asking for no change (-1, or the ids the guest
 * sees) on an entry that exists succeeds; anything else is EPERM. */
static int64_t own_ids(uint64_t uid, uint64_t gid)
{
    return ((uint32_t)uid == (uint32_t)-1 || (uint32_t)uid == 0) && ((uint32_t)gid == (uint32_t)-1 || (uint32_t)gid == 0)
               ? 0 : -EPERM;
}

static int64_t chown_at(vx_sandbox *sb, uint64_t dirfd, uint64_t path, uint64_t uid, uint64_t gid, uint64_t flags)
{
    if (flags & ~(uint64_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    int fd = open_entry(sb, dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) != 0);
    if (fd < 0)
        return fd;
    close(fd);
    return own_ids(uid, gid);
}

int64_t vx_linux_chown(vx_sandbox *sb, const uint64_t *a) { return chown_at(sb, AT_FDCWD_ARG, a[0], a[1], a[2], 0); }
int64_t vx_linux_lchown(vx_sandbox *sb, const uint64_t *a)
{
    return chown_at(sb, AT_FDCWD_ARG, a[0], a[1], a[2], AT_SYMLINK_NOFOLLOW);
}
int64_t vx_linux_fchownat(vx_sandbox *sb, const uint64_t *a) { return chown_at(sb, a[0], a[1], a[2], a[3], a[4]); }

int64_t vx_linux_fchown(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_fd *f;
    int e = writable_fd(sb, a[0], &f);
    return e ? e : own_ids(a[1], a[2]);
}

/* flock: one process per sandbox, so, as with fcntl's locks, its own locks
 * never wait and no host lock is taken (a guest cannot block other host
 * processes through the files it was given). */
int64_t vx_linux_flock(vx_sandbox *sb, const uint64_t *a)
{
    if (!vx_linux_fd_of(sb, a[0]))
        return -EBADF;
    uint64_t op = a[1] & ~(uint64_t)LOCK_NB;
    return op == LOCK_SH || op == LOCK_EX || op == LOCK_UN ? 0 : -EINVAL;
}
