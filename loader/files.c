/* File services, confined WASI-style to the directories the host preopened
 * (spec section 8, "Files"). A guest path is first normalised lexically
 * inside the guest's own namespace ("/data/../x" is "/x"), then matched
 * against the preopens; the rest is opened under the preopen's directory fd
 * with openat2(RESOLVE_BENEATH), so neither ".." nor a symlink can leave it.
 * Host paths never reach the guest, and the guest never names a host path. */
#define _GNU_SOURCE
#include "sandbox_internal.h"
#include "vx/layout.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Linux errno <-> guest ABI errno (layout.h). */
static const struct { int host, guest; } errno_map[] = {
        {EPERM, VX_EPERM}, {ENOENT, VX_ENOENT}, {EIO, VX_EIO}, {EBADF, VX_EBADF},
        {EAGAIN, VX_EAGAIN}, {ENOMEM, VX_ENOMEM}, {EACCES, VX_EACCES}, {EFAULT, VX_EFAULT},
        {EBUSY, VX_EBUSY}, {EEXIST, VX_EEXIST}, {EXDEV, VX_EXDEV}, {ENOTDIR, VX_ENOTDIR},
        {EISDIR, VX_EISDIR}, {EINVAL, VX_EINVAL}, {EMFILE, VX_EMFILE}, {EFBIG, VX_EFBIG},
        {ENOSPC, VX_ENOSPC}, {ESPIPE, VX_ESPIPE}, {EROFS, VX_EROFS}, {EPIPE, VX_EPIPE},
        {ERANGE, VX_ERANGE}, {ENOSYS, VX_ENOSYS}, {ENOTEMPTY, VX_ENOTEMPTY},
        {ENAMETOOLONG, VX_ENAMETOOLONG}, {ELOOP, VX_ELOOP},
};

/* Anything unlisted is VX_EIO. */
int64_t vx_guest_errno(int e)
{
    for (size_t i = 0; i < sizeof errno_map / sizeof *errno_map; i++)
        if (errno_map[i].host == e)
            return -errno_map[i].guest;
    return -VX_EIO;
}

/* -VX_E* back to -errno, for the Linux personality. */
int64_t vx_linux_errno(int64_t neg_vx)
{
    for (size_t i = 0; i < sizeof errno_map / sizeof *errno_map; i++)
        if (-errno_map[i].guest == neg_vx)
            return -errno_map[i].host;
    return -EIO;
}

void vx_files_init(vx_sandbox *sb)
{
    for (int i = 0; i < VX_MAX_FDS; i++)
        sb->fds[i] = (struct vx_fd){.host = -1};
    sb->fds[0].host = sb->opt.stdin_fd;
    sb->fds[1].host = sb->opt.stdout_fd;
    sb->fds[2].host = sb->opt.stderr_fd;
}

void vx_files_close_all(vx_sandbox *sb)
{
    for (int i = 0; i < VX_MAX_FDS; i++)
    {
        if (sb->fds[i].owned && sb->fds[i].host >= 0)
            close(sb->fds[i].host);
        free(sb->fds[i].dir);
        sb->fds[i] = (struct vx_fd){.host = -1};
    }
    for (unsigned i = 0; i < sb->npreopens; i++)
        close(sb->preopens[i].dirfd);
    sb->npreopens = 0;
}

int vx_host_fd(const vx_sandbox *sb, uint64_t guest_fd)
{
    return guest_fd < VX_MAX_FDS ? sb->fds[guest_fd].host : -1;
}

/* Lexical normalisation into "/a/b" form: "." and empty components drop,
 * ".." removes the previous component and stops at "/". */
static int normalise(const char *in, char *out, size_t size)
{
    size_t n = 0;
    out[0] = 0;
    while (*in) {
        while (*in == '/')
            in++;
        const char *c = in;
        while (*in && *in != '/')
            in++;
        size_t len = (size_t)(in - c);
        if (len == 0 || (len == 1 && c[0] == '.'))
            continue;
        if (len == 2 && c[0] == '.' && c[1] == '.') {
            while (n > 0 && out[n - 1] != '/')
                n--;
            if (n > 0)
                n--; /* the slash */
            out[n] = 0;
            continue;
        }
        if (n + 1 + len + 1 > size)
            return -VX_ENAMETOOLONG;
        out[n++] = '/';
        memcpy(out + n, c, len);
        n += len;
        out[n] = 0;
    }
    if (n == 0) {
        out[0] = '/';
        out[1] = 0;
    }
    return 0;
}

/* Copies the guest's NUL-terminated string at addr, checking every byte. */
int vx_guest_string(vx_sandbox *sb, uint64_t addr, char *out, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        const char *c = vx_guest_ptr(sb, addr + i, 1, 0);
        if (!c)
            return -VX_EFAULT;
        out[i] = *c;
        if (!*c)
            return 0;
    }
    return -VX_ENAMETOOLONG;
}

/* A guest path relative to cwd (a normalised guest path) is cwd/path. */
int vx_normalise_at(vx_sandbox *sb, const char *cwd, uint64_t path_addr, struct vx_resolved *r)
{
    char raw[VX_PATH_MAX], joined[2 * VX_PATH_MAX + 2];
    int e = vx_guest_string(sb, path_addr, raw, sizeof raw);
    if (e)
        return e;
    if (!raw[0])
        return -VX_ENOENT;
    if (raw[0] == '/')
        return normalise(raw, r->norm, sizeof r->norm);
    snprintf(joined, sizeof joined, "%s/%s", cwd, raw);
    return normalise(joined, r->norm, sizeof r->norm);
}

/* The longest preopen that is r->norm or a directory above it. */
int vx_match_preopen(const vx_sandbox *sb, struct vx_resolved *r)
{
    size_t best = 0;
    r->pre = NULL;
    for (unsigned i = 0; i < sb->npreopens; i++) {
        const struct vx_preopen *p = &sb->preopens[i];
        size_t len = strlen(p->guest);
        int root = len == 1; /* "/" */
        if (root || (!strncmp(r->norm, p->guest, len) && (r->norm[len] == 0 || r->norm[len] == '/'))) {
            if (!r->pre || len > best) {
                r->pre = p;
                best = len;
            }
        }
    }
    if (!r->pre)
        return -VX_ENOENT; /* outside every preopen: nothing is there */
    const char *rest = r->norm + (best == 1 ? 0 : best);
    while (*rest == '/')
        rest++;
    r->rel = *rest ? rest : ".";
    return 0;
}

int vx_resolve_at(vx_sandbox *sb, const char *cwd, uint64_t path_addr, struct vx_resolved *r)
{
    int e = vx_normalise_at(sb, cwd, path_addr, r);
    return e ? e : vx_match_preopen(sb, r);
}

static int resolve(vx_sandbox *sb, uint64_t path_addr, struct vx_resolved *r)
{
    return vx_resolve_at(sb, sb->cwd, path_addr, r);
}

int vx_open_beneath(int dirfd, const char *rel, uint64_t flags, uint64_t mode)
{
    struct open_how how = {.flags = flags, .mode = mode,
                           .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS};
    return (int)syscall(SYS_openat2, dirfd, rel, &how, sizeof how);
}

/* Splits r->rel into its parent (opened O_PATH under the preopen) and the
 * last component, for unlink/rename/mkdir, which act on the entry itself. */
int vx_open_parent(const struct vx_resolved *r, const char **base)
{
    static const char dot[] = ".";
    const char *slash = strrchr(r->rel, '/');
    if (!strcmp(r->rel, "."))
        return -VX_EBUSY; /* the preopen itself */
    char dir[VX_PATH_MAX];
    if (slash) {
        memcpy(dir, r->rel, (size_t)(slash - r->rel));
        dir[slash - r->rel] = 0;
        *base = slash + 1;
    } else {
        strcpy(dir, dot);
        *base = r->rel;
    }
    int fd = vx_open_beneath(r->pre->dirfd, dir, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
    return fd < 0 ? (int)vx_guest_errno(errno) : fd;
}

int64_t vx_new_fd(vx_sandbox *sb, int host)
{
    for (int i = 3; i < VX_MAX_FDS; i++)
        if (!vx_fd_in_use(&sb->fds[i])) {
            sb->fds[i] = (struct vx_fd){.host = host, .owned = 1};
            return i;
        }
    close(host);
    return -VX_EMFILE;
}

int64_t vx_svc_open(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_resolved r;
    int e = resolve(sb, a[0], &r);
    if (e)
        return e;
    uint64_t gf = a[1];
    if (gf & ~(uint64_t)(VX_O_ACCMODE | VX_O_APPEND | VX_O_CREAT | VX_O_TRUNC | VX_O_EXCL) ||
        (gf & VX_O_ACCMODE) == VX_O_ACCMODE)
        return -VX_EINVAL;
    int writes = (gf & VX_O_ACCMODE) != VX_O_RDONLY || (gf & (VX_O_CREAT | VX_O_TRUNC | VX_O_APPEND));
    if (writes && r.pre->readonly)
        return -VX_EROFS;
    static const int access[] = {O_RDONLY, O_WRONLY, O_RDWR};
    int flags = access[gf & VX_O_ACCMODE] | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
    flags |= (gf & VX_O_APPEND ? O_APPEND : 0) | (gf & VX_O_CREAT ? O_CREAT : 0) |
             (gf & VX_O_TRUNC ? O_TRUNC : 0) | (gf & VX_O_EXCL ? O_EXCL : 0);
    /* O_NONBLOCK only for the open itself: a FIFO must not hang the host. */
    int fd = vx_open_beneath(r.pre->dirfd, r.rel, (uint64_t)flags, gf & VX_O_CREAT ? a[2] & 0777 : 0);
    if (fd < 0)
        return vx_guest_errno(errno);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return vx_new_fd(sb, fd);
}

int64_t vx_svc_close(vx_sandbox *sb, const uint64_t *a)
{
    if (a[0] >= VX_MAX_FDS || !vx_fd_in_use(&sb->fds[a[0]]))
        return -VX_EBADF;
    struct vx_fd *f = &sb->fds[a[0]];
    int rc = f->owned ? close(f->host) : 0;
    free(f->dir);
    *f = (struct vx_fd){.host = -1};
    return rc < 0 ? vx_guest_errno(errno) : 0;
}

int64_t vx_svc_lseek(vx_sandbox *sb, const uint64_t *a)
{
    int fd = vx_host_fd(sb, a[0]);
    if (fd < 0)
        return -VX_EBADF;
    if (a[2] > 2)
        return -VX_EINVAL;
    off_t off = lseek(fd, (off_t)a[1], (int)a[2]);
    return off < 0 ? vx_guest_errno(errno) : off;
}

int64_t vx_svc_fstat(vx_sandbox *sb, const uint64_t *a)
{
    int fd = vx_host_fd(sb, a[0]);
    if (fd < 0)
        return -VX_EBADF;
    struct vx_stat *out = vx_guest_ptr(sb, a[1], sizeof *out, 1);
    if (!out)
        return -VX_EFAULT;
    struct stat st;
    if (fstat(fd, &st) != 0)
        return vx_guest_errno(errno);
    /* Host identity (device, inode, owner) stays on the host. */
    *out = (struct vx_stat){
        .dev = 1, .ino = 0, .mode = st.st_mode, .nlink = st.st_nlink, .uid = 0, .gid = 0,
        .size = st.st_size, .blksize = st.st_blksize, .blocks = st.st_blocks,
        .atime_ns = st.st_atim.tv_sec * 1000000000LL + st.st_atim.tv_nsec,
        .mtime_ns = st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec,
        .ctime_ns = st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec};
    if (sb->opt.deterministic)
        out->atime_ns = out->mtime_ns = out->ctime_ns = 0;
    return 0;
}

/* The parent directory fd of a path the guest wants to change, or a
 * negative VX_E*; the entry's own name goes to *base. */
static int writable_parent(vx_sandbox *sb, uint64_t path, struct vx_resolved *r, const char **base)
{
    int e = resolve(sb, path, r);
    if (e)
        return e;
    if (r->pre->readonly)
        return -VX_EROFS;
    return vx_open_parent(r, base);
}

/* unlink(path, is_dir): is_dir != 0 removes an empty directory. */
int64_t vx_svc_unlink(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_resolved r;
    const char *base;
    int dir = writable_parent(sb, a[0], &r, &base);
    if (dir < 0)
        return dir;
    int rc = unlinkat(dir, base, a[1] ? AT_REMOVEDIR : 0);
    int err = errno;
    close(dir);
    return rc ? vx_guest_errno(err) : 0;
}

int64_t vx_svc_mkdir(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_resolved r;
    const char *base;
    int dir = writable_parent(sb, a[0], &r, &base);
    if (dir < 0)
        return dir == -VX_EBUSY ? -VX_EEXIST : dir;
    int rc = mkdirat(dir, base, (mode_t)(a[1] & 0777));
    int err = errno;
    close(dir);
    return rc ? vx_guest_errno(err) : 0;
}

int64_t vx_svc_rename(vx_sandbox *sb, const uint64_t *a)
{
    struct vx_resolved from, to;
    const char *from_base, *to_base;
    int e = resolve(sb, a[0], &from);
    if (!e)
        e = resolve(sb, a[1], &to);
    if (e)
        return e;
    if (from.pre->readonly || to.pre->readonly)
        return -VX_EROFS;
    int from_dir = vx_open_parent(&from, &from_base);
    if (from_dir < 0)
        return from_dir;
    int to_dir = vx_open_parent(&to, &to_base);
    if (to_dir < 0) {
        close(from_dir);
        return to_dir;
    }
    int rc = renameat(from_dir, from_base, to_dir, to_base);
    int err = errno;
    close(from_dir);
    close(to_dir);
    return rc ? vx_guest_errno(err) : 0;
}

vx_status vx_preopen(vx_sandbox *sb, const char *guest_path, const char *host_dir, int flags)
{
    if (!sb || !guest_path || !host_dir)
        return VX_ERR_ARG;
    if (guest_path[0] != '/' || (flags & ~VX_PREOPEN_READONLY)) {
        vx_set_error(sb, VX_ERR_ARG, "preopen %s: the guest path must be absolute, flags 0 or VX_PREOPEN_READONLY",
                     guest_path);
        return VX_ERR_ARG;
    }
    if (sb->npreopens == VX_MAX_PREOPENS) {
        vx_set_error(sb, VX_ERR_ARG, "more than %d preopened directories", VX_MAX_PREOPENS);
        return VX_ERR_ARG;
    }
    struct vx_preopen *p = &sb->preopens[sb->npreopens];
    if (normalise(guest_path, p->guest, sizeof p->guest) != 0) {
        vx_set_error(sb, VX_ERR_ARG, "preopen: guest path longer than %zu bytes", sizeof p->guest - 1);
        return VX_ERR_ARG;
    }
    /* A second preopen at the same path would be silently shadowed, and the
     * built-in devices always win over a preopen: both are the host's mistake. */
    for (unsigned i = 0; i < sb->npreopens; i++)
        if (!strcmp(sb->preopens[i].guest, p->guest)) {
            vx_set_error(sb, VX_ERR_ARG, "preopen %s: that guest path is already preopened", p->guest);
            return VX_ERR_ARG;
        }
    if (vx_dev_reserved(p->guest)) {
        vx_set_error(sb, VX_ERR_ARG, "preopen %s: that guest path is a built-in device of libvx", p->guest);
        return VX_ERR_ARG;
    }
    p->dirfd = open(host_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (p->dirfd < 0) {
        vx_set_error(sb, VX_ERR_IO, "cannot open directory %s: %s", host_dir, strerror(errno));
        return VX_ERR_IO;
    }
    p->readonly = flags & VX_PREOPEN_READONLY;
    sb->npreopens++;
    return VX_OK;
}

vx_status vx_chdir(vx_sandbox *sb, const char *guest_path)
{
    if (!sb || !guest_path)
        return VX_ERR_ARG;
    char norm[sizeof sb->cwd];
    if (guest_path[0] != '/' || normalise(guest_path, norm, sizeof norm) != 0) {
        vx_set_error(sb, VX_ERR_ARG, "working directory %.200s: not an absolute guest path of at most %zu bytes",
                     guest_path, sizeof norm - 1);
        return VX_ERR_ARG;
    }
    memcpy(sb->cwd, norm, sizeof norm);
    return VX_OK;
}
