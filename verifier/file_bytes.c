/* Opening never blocks (O_NONBLOCK: a FIFO without a writer would hang an
 * ordinary open), and only regular files are read, so a path naming a FIFO,
 * a device such as /dev/zero, a socket or a directory fails at once with a
 * reason instead of hanging or reading forever. */
#include "file_bytes.h"
#include "prefault.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static __thread char why[160];

const char *read_file_error(void)
{
    return why;
}

static const char *kind(mode_t m)
{
    return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO" : S_ISCHR(m) ? "a character device"
         : S_ISBLK(m) ? "a block device" : S_ISSOCK(m) ? "a socket" : "not a file";
}

static int fail(int fd, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(int fd, int err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    if (fd >= 0)
        close(fd);
    errno = err;
    return -1;
}

int read_file_bytes_max(const char *path, uint64_t max, uint8_t **data, size_t *size)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return fail(-1, errno, "%s", strerror(errno));
    return read_fd_bytes_max(fd, max, data, size);
}

int read_fd_bytes_max(int fd, uint64_t max, uint8_t **data, size_t *size)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return fail(fd, errno, "%s", strerror(errno));
    if (!S_ISREG(st.st_mode))
        return fail(fd, S_ISDIR(st.st_mode) ? EISDIR : EINVAL, "not a regular file (%s)", kind(st.st_mode));
    if ((uint64_t)st.st_size > max)
        return fail(fd, EFBIG, "file of %llu bytes is larger than the maximum of %llu bytes",
                    (unsigned long long)st.st_size, (unsigned long long)max);
    size_t n = (size_t)st.st_size, got = 0;
    uint8_t *buf = malloc(n ? n : 1);
    if (!buf)
        return fail(fd, ENOMEM, "%s", strerror(ENOMEM));
    prefault(buf, n);
    while (got < n) {
        ssize_t r = pread(fd, buf + got, n - got, (off_t)got); /* whatever the descriptor's offset */
        if (r < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (r <= 0) {
            int e = r < 0 ? errno : EIO;
            free(buf);
            return fail(fd, e, "%s", r < 0 ? strerror(e) : "the file shrank while it was read");
        }
        got += (size_t)r;
    }
    close(fd);
    *data = buf;
    *size = n;
    return 0;
}

int read_file_bytes(const char *path, uint8_t **data, size_t *size)
{
    return read_file_bytes_max(path, VX_MAX_IMAGE_FILE, data, size);
}
