/* Reads a whole regular file into memory; shared by vxverify and the loader. */
#ifndef VX_FILE_BYTES_H
#define VX_FILE_BYTES_H
#include <stddef.h>
#include <stdint.h>

/* Images are at most this large (they map below 2 GiB anyway). */
#define VX_MAX_IMAGE_FILE (1ULL << 31)

/* Returns 0 and a malloc'd buffer, or -1 with errno set and a reason for
 * read_file_error. Only regular files of at most max bytes are read: FIFOs,
 * devices, sockets and directories are refused without blocking. */
int read_file_bytes_max(const char *path, uint64_t max, uint8_t **data, size_t *size);
/* The same for a descriptor open for reading (binfmt_misc's AT_EXECFD);
 * it is closed in every case. */
int read_fd_bytes_max(int fd, uint64_t max, uint8_t **data, size_t *size);
/* The same with max = VX_MAX_IMAGE_FILE. */
int read_file_bytes(const char *path, uint8_t **data, size_t *size);
/* Why this thread's last read_file_bytes* call failed, e.g. "not a regular
 * file (a FIFO)". */
const char *read_file_error(void);

#endif
