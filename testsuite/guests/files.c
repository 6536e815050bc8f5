/* File services under preopens: run with
 *   vxrun --dir /data=D --dir /ro=R:ro files.elf
 * where D holds symlinks "up" -> ../outside/secret and "abs" -> /etc/passwd
 * and R holds "hello.txt". Prints one line per check; exit status = failures. */
#include <vx/guest.h>

static int failures;

static void check(const char *what, long got, long want)
{
    vx_puts(got == want ? "ok   " : "FAIL ");
    vx_puts(what);
    if (got != want) {
        vx_puts(": got ");
        vx_put_int(got);
        vx_puts(", want ");
        vx_put_int(want);
        failures++;
    }
    vx_puts("\n");
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

int main(void)
{
    char buf[64];
    struct vx_stat st;

    /* Round trip in the writable preopen. */
    int fd = vx_open("/data/new.txt", VX_O_WRONLY | VX_O_CREAT | VX_O_TRUNC, 0644);
    check("create /data/new.txt", fd >= 3, 1);
    check("write", vx_write(fd, "sandboxed bytes", 15), 15);
    check("close", vx_close(fd), 0);
    fd = vx_open("/data/./sub/../new.txt", VX_O_RDONLY, 0);
    check("reopen through . and ..", fd >= 3, 1);
    check("fstat size", (vx_fstat(fd, &st), st.size), 15);
    check("fstat says regular file", (st.mode & 0170000) == 0100000, 1);
    /* The host's identity stays on the host: the test runs as a host user
     * whose files have real inode, device and owner numbers. */
    check("fstat hides the host inode", st.ino, 0);
    check("fstat hides the host device", st.dev, 1);
    check("fstat hides the host owner", st.uid, 0);
    check("fstat hides the host group", st.gid, 0);
    check("lseek to 10", vx_lseek(fd, 10, 0), 10);
    long n = vx_read(fd, buf, sizeof buf);
    buf[n > 0 ? n : 0] = 0;
    check("read the tail", n, 5);
    check("tail is 'bytes'", streq(buf, "bytes"), 1);
    check("lseek end", vx_lseek(fd, 0, 2), 15);
    check("bad whence", vx_lseek(fd, 0, 7), -VX_EINVAL);
    check("close", vx_close(fd), 0);
    check("close twice", vx_close(fd), -VX_EBADF);
    check("mkdir", vx_mkdir("/data/dir", 0755), 0);
    check("mkdir again", vx_mkdir("/data/dir", 0755), -VX_EEXIST);
    check("rename into dir", vx_rename("/data/new.txt", "/data/dir/moved.txt"), 0);
    check("old name gone", vx_open("/data/new.txt", VX_O_RDONLY, 0), -VX_ENOENT);
    check("unlink moved", vx_unlink("/data/dir/moved.txt", 0), 0);
    check("rmdir", vx_unlink("/data/dir", 1), 0);

    /* Escapes. */
    check("host absolute path", vx_open("/etc/passwd", VX_O_RDONLY, 0), -VX_ENOENT);
    check("dot-dot above root", vx_open("/data/../../../etc/passwd", VX_O_RDONLY, 0), -VX_ENOENT);
    check("relative escape", vx_open("../outside/secret", VX_O_RDONLY, 0), -VX_ENOENT);
    check("symlink up and out", vx_open("/data/up", VX_O_RDONLY, 0) < 0, 1);
    check("absolute symlink", vx_open("/data/abs", VX_O_RDONLY, 0) < 0, 1);
    check("rename out through symlink dir", vx_rename("/data/up", "/etc/x") < 0, 1);
    check("unlink the preopen", vx_unlink("/data", 1) < 0, 1);
    check("path pointer outside sandbox memory", vx_open((const char *)0x1000, VX_O_RDONLY, 0), -VX_EFAULT);
    check("bad flags", vx_open("/data/x", 0x40000, 0), -VX_EINVAL);

    /* Read-only preopen. */
    fd = vx_open("/ro/hello.txt", VX_O_RDONLY, 0);
    check("read-only open for reading", fd >= 3, 1);
    check("read-only read", vx_read(fd, buf, 5), 5);
    vx_close(fd);
    check("read-only refuses writing", vx_open("/ro/hello.txt", VX_O_WRONLY, 0), -VX_EROFS);
    check("read-only refuses create", vx_open("/ro/new", VX_O_WRONLY | VX_O_CREAT, 0644), -VX_EROFS);
    check("read-only refuses unlink", vx_unlink("/ro/hello.txt", 0), -VX_EROFS);
    check("read-only refuses rename out", vx_rename("/ro/hello.txt", "/data/stolen"), -VX_EROFS);
    fd = vx_open("/data/planted", VX_O_WRONLY | VX_O_CREAT | VX_O_TRUNC, 0644);
    check("create a file to move", fd >= 3, 1);
    vx_close(fd);
    check("read-only refuses rename into", vx_rename("/data/planted", "/ro/planted"), -VX_EROFS);
    check("read-only refuses replacing by rename", vx_rename("/data/planted", "/ro/hello.txt"), -VX_EROFS);
    check("read-only refuses mkdir", vx_mkdir("/ro/newdir", 0755), -VX_EROFS);
    check("the file stayed where it was", vx_unlink("/data/planted", 0), 0);

    /* Descriptor limit, then all released. */
    int opened = 0, last = 0;
    for (int i = 0; i < VX_MAX_FDS + 4; i++) {
        last = vx_open("/ro/hello.txt", VX_O_RDONLY, 0);
        if (last < 0)
            break;
        opened++;
    }
    check("descriptor table fills", opened, VX_MAX_FDS - 3);
    check("then EMFILE", last, -VX_EMFILE);
    check("write to a read-only descriptor", vx_write(40, "x", 1), -VX_EBADF);
    check("unknown descriptor", vx_write(99, "x", 1), -VX_EBADF);
    check("huge descriptor", vx_read(-1, buf, 1), -VX_EBADF);
    return failures;
}
