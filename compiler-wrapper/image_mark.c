/* The vx mark, written after the link: gcc and ld know nothing of it, and
 * the bytes it takes (EI_PAD) are ones every ELF writer leaves zero. */
#include "image_mark.h"
#include "vx/image_mark.h"
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int refuse(const char *path, const char *why)
{
    fprintf(stderr, "vxcc: %s: cannot mark the image: %s\n", path, why);
    return -1;
}

static int is_executable(int fd)
{
    struct stat st;
    Elf64_Ehdr eh;
    return fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && pread(fd, &eh, sizeof eh, 0) == (ssize_t)sizeof eh &&
           !memcmp(eh.e_ident, ELFMAG, SELFMAG) && eh.e_ident[EI_CLASS] == ELFCLASS64 &&
           eh.e_machine == EM_X86_64 && eh.e_type == ET_EXEC;
}

int vx_mark_image(const char *path)
{
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return refuse(path, strerror(errno));
    static const unsigned char mark[] = {VX_MARK_BYTE0, VX_MARK_BYTE1, VX_MARK_VERSION};
    int rc = 0;
    if (is_executable(fd) && pwrite(fd, mark, sizeof mark, VX_MARK_OFFSET) != (ssize_t)sizeof mark)
        rc = refuse(path, strerror(errno));
    if (close(fd) != 0 && rc == 0)
        rc = refuse(path, strerror(errno));
    return rc;
}
