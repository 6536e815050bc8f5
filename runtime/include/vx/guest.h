/* The guest side of the vx runtime: services, host calls and the few
 * helpers every guest needs until the C library lands. */
#ifndef VX_GUEST_H
#define VX_GUEST_H
#include <stddef.h>
#include <stdint.h>

long vx_service(long a0, long a1, long a2, long a3, long a4, int number);
long vx_hostcall(long a0, long a1, long a2, long a3, long a4, int index);

_Noreturn void vx_exit(int status);
long vx_write(int fd, const void *buf, size_t len);
long vx_read(int fd, void *buf, size_t len);
void *vx_sbrk(long increment);
int64_t vx_clock_ns(void);

/* Files (only under the host's preopened directories); negative VX_E* on error. */
#include <vx/layout.h>
int vx_open(const char *path, int flags, int mode);
int vx_close(int fd);
long vx_lseek(int fd, long offset, int whence);
int vx_fstat(int fd, struct vx_stat *st);
int vx_unlink(const char *path, int is_dir);
int vx_rename(const char *from, const char *to);
int vx_mkdir(const char *path, int mode);

/* Small output helpers (no stdio yet). */
void vx_puts(const char *s);
void vx_put_int(long long v);
void vx_put_hex(unsigned long long v);

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif
