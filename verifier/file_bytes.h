/* Reads a whole regular file into memory; shared by vxverify and the loader. */
#ifndef VX_FILE_BYTES_H
#define VX_FILE_BYTES_H
#include <stddef.h>
#include <stdint.h>

/* Returns 0 and a malloc'd buffer, or -1 with errno set (EISDIR, EFBIG, ...). */
int read_file_bytes(const char *path, uint8_t **data, size_t *size);

#endif
