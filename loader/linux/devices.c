/* The built-in /dev every musl guest has without a preopen (spec/sandbox.md,
 * "Built-in devices"). null, zero, random and urandom are emulated
 * descriptors served here: no host device is ever opened for them, so they
 * cost no host descriptor, show no host identity and follow deterministic
 * mode. stdin, stdout, stderr and fd/N name the guest's own descriptors:
 * opening one duplicates that descriptor and never gives more access than
 * it has. No guest path under /dev reaches a host call; the only host calls
 * here act on descriptors the guest already holds. */
#define _GNU_SOURCE
#include "linux.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define DEV_FS_MINOR 5          /* st_dev of every built-in entry: (0, 5) */
#define FD_INO_BASE 100         /* d_ino of /dev/fd/N is FD_INO_BASE + N */
#define MAX_HOPS 40             /* Linux's limit on links followed in one lookup */
#define RW_CAP 0x7ffff000ULL    /* Linux's MAX_RW_COUNT per read or write */
#define LARGEFILE 0100000       /* O_LARGEFILE as Linux reports it in F_GETFL on x86-64 */

/* The names in /dev, in the order its listing gives them. */
static const struct entry {
    const char *name;
    int node;
    int fd;                     /* VX_NODE_FD: the descriptor it names */
} entries[] = {
    {"fd", VX_NODE_FD_DIR, -1},     {"null", VX_NODE_NULL, -1},   {"random", VX_NODE_RANDOM, -1},
    {"stderr", VX_NODE_FD, 2},      {"stdin", VX_NODE_FD, 0},     {"stdout", VX_NODE_FD, 1},
    {"urandom", VX_NODE_URANDOM, -1}, {"zero", VX_NODE_ZERO, -1},
};
#define NENTRIES (sizeof entries / sizeof *entries)

/* Linux's numbers for the character devices: major 1, these minors. */
static const unsigned char char_minor[] = {
    [VX_NODE_NULL] = 3, [VX_NODE_ZERO] = 5, [VX_NODE_RANDOM] = 8, [VX_NODE_URANDOM] = 9,
};

/* Inode numbers: 1 stands for the guest's "/", built-in nodes follow. */
static uint64_t node_ino(int node)
{
    return (uint64_t)node + 1;
}

static int is_dir_node(int node)
{
    return node == VX_NODE_DEV_DIR || node == VX_NODE_FD_DIR;
}

/* The part of a normalised path after "/dev/" ("" for "/dev"), or NULL
 * when the path is not /dev or beneath it. */
static const char *below_dev(const char *norm)
{
    if (strncmp(norm, "/dev", 4) != 0 || (norm[4] && norm[4] != '/'))
        return NULL;
    return norm[4] ? norm + 5 : norm + 4;
}

static const struct entry *find_entry(const char *name, size_t len)
{
    for (size_t i = 0; i < NENTRIES; i++)
        if (strlen(entries[i].name) == len && !memcmp(entries[i].name, name, len))
            return &entries[i];
    return NULL;
}

int vx_dev_reserved(const char *norm)
{
    const char *rest = below_dev(norm);
    return rest && *rest && find_entry(rest, strcspn(rest, "/"));
}

/* A preopen the host mounted at /dev or beneath it that holds norm: it
 * serves every name that is not built in. */
static int preopen_below_dev_holds(const vx_sandbox *sb, const char *norm)
{
    for (unsigned i = 0; i < sb->npreopens; i++) {
        const char *g = sb->preopens[i].guest;
        size_t len = strlen(g);
        if (below_dev(g) && !strncmp(norm, g, len) && (norm[len] == 0 || norm[len] == '/'))
            return 1;
    }
    return 0;
}

/* The descriptor a /dev/fd entry names: decimal without leading zeros, as
 * Linux's /proc/self/fd reads it; -1 for anything else. */
static int fd_number(const char *s, size_t len)
{
    if (len == 0 || (len > 1 && s[0] == '0'))
        return -1;
    int n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        n = n * 10 + (s[i] - '0');
        if (n >= VX_MAX_FDS)
            return -1;
    }
    return n;
}

int vx_dev_lookup(vx_sandbox *sb, struct vx_resolved *r, struct vx_dev_path *out)
{
    for (int hops = 0;; hops++) {
        out->node = VX_NODE_NONE;
        out->fd = -1;
        const char *rest = below_dev(r->norm);
        if (!rest)
            return 0;
        size_t len = strcspn(rest, "/");
        const struct entry *e = find_entry(rest, len);
        if (!e) {
            if (preopen_below_dev_holds(sb, r->norm))
                return 0;
            if (len && rest[len])
                return -ENOENT; /* beneath a name /dev does not have */
            out->node = len ? VX_NODE_MISSING : VX_NODE_DEV_DIR;
            return 0;
        }
        const char *tail = rest[len] ? rest + len + 1 : NULL;
        int fd = e->fd;
        if (e->node == VX_NODE_FD_DIR) {
            if (!tail) {
                out->node = VX_NODE_FD_DIR;
                return 0;
            }
            len = strcspn(tail, "/");
            fd = fd_number(tail, len);
            tail = tail[len] ? tail + len + 1 : NULL;
        } else if (e->node != VX_NODE_FD) {
            if (tail)
                return -ENOTDIR; /* /dev/null/x */
            out->node = e->node;
            return 0;
        }
        if (fd < 0 || !vx_fd_in_use(&sb->fds[fd])) {
            if (tail)
                return -ENOENT;
            out->node = VX_NODE_MISSING; /* a closed descriptor: nothing there */
            return 0;
        }
        if (!tail) {
            out->node = VX_NODE_FD;
            out->fd = fd;
            return 0;
        }
        /* Beneath a descriptor: a directory's entries, found again under its
         * own guest path (so through the preopens, or /dev itself). */
        const char *dir = sb->fds[fd].dir;
        char joined[VX_PATH_MAX];
        if (!dir)
            return -ENOTDIR;
        if (hops == MAX_HOPS)
            return -ELOOP;
        if ((size_t)snprintf(joined, sizeof joined, "%s/%s", strcmp(dir, "/") ? dir : "", tail) >= sizeof joined)
            return -ENAMETOOLONG;
        memcpy(r->norm, joined, strlen(joined) + 1);
    }
}

static void node_stat(int node, struct stat *st)
{
    memset(st, 0, sizeof *st);
    st->st_dev = makedev(0, DEV_FS_MINOR);
    st->st_ino = (ino_t)node_ino(node);
    st->st_blksize = 4096;
    if (is_dir_node(node)) {
        st->st_mode = S_IFDIR | 0755;
        st->st_nlink = node == VX_NODE_DEV_DIR ? 3 : 2;
    } else {
        st->st_mode = S_IFCHR | 0666;
        st->st_nlink = 1;
        st->st_rdev = makedev(1, char_minor[node]);
    }
}

void vx_dev_fstat(const struct vx_fd *f, struct stat *st)
{
    node_stat(f->device, st);
}

int vx_dev_stat(vx_sandbox *sb, const struct vx_dev_path *p, struct stat *st)
{
    if (p->node == VX_NODE_MISSING)
        return -ENOENT;
    if (p->node != VX_NODE_FD) {
        node_stat(p->node, st);
        return 0;
    }
    const struct vx_fd *f = &sb->fds[p->fd];
    if (f->device) {
        node_stat(f->device, st);
        return 0;
    }
    return fstat(f->host, st) ? (int)vx_linux_host_errno() : 0;
}

const char *vx_dev_dir_path(const vx_sandbox *sb, const struct vx_dev_path *p)
{
    int node = p->node == VX_NODE_FD ? sb->fds[p->fd].device : p->node;
    if (node == VX_NODE_DEV_DIR)
        return "/dev";
    if (node == VX_NODE_FD_DIR)
        return "/dev/fd";
    return p->node == VX_NODE_FD ? sb->fds[p->fd].dir : NULL;
}

int64_t vx_dev_access(vx_sandbox *sb, const struct vx_dev_path *p, uint64_t mode)
{
    if (p->node == VX_NODE_MISSING)
        return -ENOENT;
    int node = p->node;
    if (node == VX_NODE_FD) {
        const struct vx_fd *f = &sb->fds[p->fd];
        if (!f->device) /* the object behind a descriptor the guest holds */
            return syscall(SYS_faccessat2, f->host, "", (int)mode, AT_EMPTY_PATH) ? vx_linux_host_errno() : 0;
        node = f->device;
    }
    /* The guest is root: reading and writing are allowed, executing needs an x bit. */
    return (mode & X_OK) && !is_dir_node(node) ? -EACCES : 0;
}

/* A fresh descriptor on a built-in node, as Linux opens a device. */
static int64_t open_node(vx_sandbox *sb, int node, uint64_t flags)
{
    int dir = is_dir_node(node);
    if (dir && ((flags & O_ACCMODE) != O_RDONLY || (flags & O_CREAT)))
        return -EISDIR;
    if (!dir && (flags & O_DIRECTORY))
        return -ENOTDIR;
    struct vx_fd f = {.host = -1, .device = node,
                      .flags = (int)(flags & (O_ACCMODE | O_APPEND | O_NONBLOCK)) | LARGEFILE};
    if (dir && !(f.dir = strdup(node == VX_NODE_DEV_DIR ? "/dev" : "/dev/fd")))
        return -ENOMEM;
    return vx_linux_place_fd(sb, &f);
}

/* Linux reopens the file behind /proc/self/fd/N; vx duplicates N (the same
 * open file: offset and status flags shared, O_TRUNC and O_APPEND of this
 * open not applied) and refuses an access mode N does not have. A built-in
 * device behind N opens afresh, as on Linux. */
static int64_t reopen_descriptor(vx_sandbox *sb, int fd, uint64_t flags)
{
    const struct vx_fd *f = &sb->fds[fd];
    if (f->device)
        return open_node(sb, f->device, flags);
    int want = (int)(flags & O_ACCMODE);
    if (f->dir && (want != O_RDONLY || (flags & O_CREAT)))
        return -EISDIR;
    if (!f->dir && (flags & O_DIRECTORY))
        return -ENOTDIR;
    int have = fcntl(f->host, F_GETFL);
    if (have < 0)
        return vx_linux_host_errno();
    int can_read = (have & O_ACCMODE) != O_WRONLY, can_write = (have & O_ACCMODE) != O_RDONLY;
    if ((want != O_WRONLY && !can_read) || (want != O_RDONLY && !can_write))
        return -EACCES;
    return vx_linux_dup_fd(sb, f, -1);
}

int64_t vx_dev_open(vx_sandbox *sb, const struct vx_dev_path *p, uint64_t flags)
{
    if (p->node == VX_NODE_MISSING)
        return flags & O_CREAT ? -EROFS : -ENOENT; /* nothing can be created in /dev */
    if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
        return -EEXIST;
    return p->node == VX_NODE_FD ? reopen_descriptor(sb, p->fd, flags) : open_node(sb, p->node, flags);
}

/* What a read of a character device gives, into checked host memory. */
static int64_t fill(vx_sandbox *sb, int node, void *buf, uint64_t len)
{
    switch (node) {
    case VX_NODE_ZERO:
        memset(buf, 0, len);
        return (int64_t)len;
    case VX_NODE_RANDOM:
    case VX_NODE_URANDOM:
        return vx_linux_random(sb, buf, len, 0);
    default:
        return 0; /* null: end of file */
    }
}

int64_t vx_dev_read(vx_sandbox *sb, struct vx_fd *f, uint64_t addr, uint64_t len)
{
    if ((f->flags & O_ACCMODE) == O_WRONLY)
        return -EBADF;
    if (is_dir_node(f->device))
        return -EISDIR;
    if (f->device == VX_NODE_NULL || !len)
        return 0; /* the buffer is never touched, as on Linux */
    if (len > RW_CAP)
        len = RW_CAP;
    void *buf = vx_guest_ptr(sb, addr, len, 1);
    return buf ? fill(sb, f->device, buf, len) : -EFAULT;
}

int64_t vx_dev_write(vx_sandbox *sb, struct vx_fd *f, uint64_t addr, uint64_t len)
{
    if ((f->flags & O_ACCMODE) == O_RDONLY)
        return -EBADF; /* directories are only ever open read-only */
    if (len > RW_CAP)
        len = RW_CAP;
    /* null and zero swallow a write unread, as Linux does; Linux reads what
     * is written to the random devices (into its pool), so a bad buffer is
     * EFAULT there. Nothing written goes anywhere. */
    if ((f->device == VX_NODE_RANDOM || f->device == VX_NODE_URANDOM) && len &&
        !vx_guest_ptr(sb, addr, len, 0))
        return -EFAULT;
    return (int64_t)len;
}

int64_t vx_dev_readv(vx_sandbox *sb, struct vx_fd *f, const struct iovec *iov, int n)
{
    if ((f->flags & O_ACCMODE) == O_WRONLY)
        return -EBADF;
    if (is_dir_node(f->device))
        return -EISDIR;
    int64_t total = 0;
    for (int i = 0; i < n; i++) {
        if (!iov[i].iov_len)
            continue;
        int64_t got = fill(sb, f->device, iov[i].iov_base, iov[i].iov_len);
        if (got < 0)
            return total ? total : got;
        total += got;
        if ((uint64_t)got < iov[i].iov_len)
            break;
    }
    return total;
}

int64_t vx_dev_writev(struct vx_fd *f, const struct iovec *iov, int n)
{
    if ((f->flags & O_ACCMODE) == O_RDONLY)
        return -EBADF;
    int64_t total = 0;
    for (int i = 0; i < n; i++)
        total += (int64_t)iov[i].iov_len;
    return total;
}

int64_t vx_dev_lseek(struct vx_fd *f, int64_t off, uint64_t whence)
{
    if (!is_dir_node(f->device))
        return 0; /* Linux's character devices keep position 0 */
    int64_t to = whence == SEEK_SET ? off : (int64_t)f->pos + off;
    if (whence > SEEK_CUR || to < 0)
        return -EINVAL;
    f->pos = (uint64_t)to;
    return to;
}

/* Entry *pos of a built-in directory, or the first one after it that
 * exists (closed descriptors are skipped); 0 past the end. */
static int dir_entry(const vx_sandbox *sb, int node, uint64_t *pos, char name[16], unsigned char *type,
                     uint64_t *ino)
{
    if (*pos < 2) {
        strcpy(name, *pos ? ".." : ".");
        *type = DT_DIR;
        *ino = !*pos ? node_ino(node) : node == VX_NODE_DEV_DIR ? 1 : node_ino(VX_NODE_DEV_DIR);
        return 1;
    }
    uint64_t i = *pos - 2;
    if (node == VX_NODE_DEV_DIR) {
        if (i >= NENTRIES)
            return 0;
        const struct entry *e = &entries[i];
        snprintf(name, 16, "%s", e->name);
        *type = e->node == VX_NODE_FD ? DT_UNKNOWN : is_dir_node(e->node) ? DT_DIR : DT_CHR;
        *ino = e->node == VX_NODE_FD ? FD_INO_BASE + (uint64_t)e->fd : node_ino(e->node);
        return 1;
    }
    for (; i < VX_MAX_FDS; i++)
        if (vx_fd_in_use(&sb->fds[i])) {
            snprintf(name, 16, "%u", (unsigned)i);
            *type = DT_UNKNOWN; /* the descriptor's own type: stat it */
            *ino = FD_INO_BASE + i;
            *pos = i + 2;
            return 1;
        }
    return 0;
}

int64_t vx_dev_getdents(vx_sandbox *sb, struct vx_fd *f, uint64_t addr, uint64_t len)
{
    if (!is_dir_node(f->device))
        return -ENOTDIR;
    if (len > 65536)
        len = 65536;
    unsigned char *out = vx_guest_ptr(sb, addr, len, 1);
    if (!out)
        return -EFAULT;
    uint64_t used = 0;
    for (;;) {
        char name[16];
        unsigned char type;
        uint64_t ino, pos = f->pos;
        if (!dir_entry(sb, f->device, &pos, name, &type, &ino))
            break;
        size_t namelen = strlen(name), reclen = (19 + namelen + 1 + 7) & ~(size_t)7;
        if (used + reclen > len) {
            if (!used)
                return -EINVAL; /* Linux: the buffer cannot hold one entry */
            break;
        }
        /* struct linux_dirent64: d_ino, d_off, d_reclen, d_type, d_name */
        unsigned char rec[48] = {0};
        int64_t next = (int64_t)pos + 1;
        uint16_t reclen16 = (uint16_t)reclen;
        memcpy(rec, &ino, 8);
        memcpy(rec + 8, &next, 8);
        memcpy(rec + 16, &reclen16, 2);
        rec[18] = type;
        memcpy(rec + 19, name, namelen + 1);
        memcpy(out + used, rec, reclen);
        used += reclen;
        f->pos = pos + 1;
    }
    return (int64_t)used;
}

int64_t vx_dev_mmap(const struct vx_fd *f)
{
    if (f->device != VX_NODE_ZERO)
        return -ENODEV; /* Linux maps no other of these */
    return (f->flags & O_ACCMODE) == O_WRONLY ? -EACCES : 1;
}
