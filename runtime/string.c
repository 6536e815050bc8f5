/* memcpy, memmove and memset for guests. newlib's portable versions copy
 * small blocks a byte at a time and its x86_64 ones start `rep movs` even
 * for a few bytes; compiled code calls these with small sizes all the time
 * (sha256's 28-byte memmove, Lua's strings). Small sizes use overlapping
 * unaligned 8- and 16-byte moves, all loads before any store, so the same
 * code is a correct memmove; large copies use `rep movsb`/`rep stosb`
 * (vxcc sandboxes their pointers). Linked from libvxrt ahead of libc. */
#include <stddef.h>
#include <stdint.h>

typedef uint64_t u64 __attribute__((aligned(1), may_alias));
typedef uint32_t u32 __attribute__((aligned(1), may_alias));
typedef long long v16 __attribute__((vector_size(16), aligned(1), may_alias));

enum { REP_THRESHOLD = 2048 }; /* below this a 32-byte loop beats rep's start-up */

/* 0..64 bytes; correct for overlapping buffers. */
static inline void move_small(unsigned char *d, const unsigned char *s, size_t n)
{
    if (n >= 32) {
        v16 a = *(const v16 *)s, b = *(const v16 *)(s + 16);
        v16 y = *(const v16 *)(s + n - 32), z = *(const v16 *)(s + n - 16);
        *(v16 *)d = a;
        *(v16 *)(d + 16) = b;
        *(v16 *)(d + n - 32) = y;
        *(v16 *)(d + n - 16) = z;
    } else if (n >= 16) {
        v16 a = *(const v16 *)s, z = *(const v16 *)(s + n - 16);
        *(v16 *)d = a;
        *(v16 *)(d + n - 16) = z;
    } else if (n >= 8) {
        uint64_t a = *(const u64 *)s, z = *(const u64 *)(s + n - 8);
        *(u64 *)d = a;
        *(u64 *)(d + n - 8) = z;
    } else if (n >= 4) {
        uint32_t a = *(const u32 *)s, z = *(const u32 *)(s + n - 4);
        *(u32 *)d = a;
        *(u32 *)(d + n - 4) = z;
    } else if (n) {
        unsigned char a = s[0], m = s[n / 2], z = s[n - 1];
        d[0] = a;
        d[n / 2] = m;
        d[n - 1] = z;
    }
}

/* n > 64, copying upwards: safe unless d lies inside (s, s + n). */
static void move_up(unsigned char *d, const unsigned char *s, size_t n)
{
    v16 t0 = *(const v16 *)(s + n - 32), t1 = *(const v16 *)(s + n - 16);
    for (size_t i = 0; i + 32 < n; i += 32) {
        v16 a = *(const v16 *)(s + i), b = *(const v16 *)(s + i + 16);
        *(v16 *)(d + i) = a;
        *(v16 *)(d + i + 16) = b;
    }
    *(v16 *)(d + n - 32) = t0;
    *(v16 *)(d + n - 16) = t1;
}

/* n > 64, copying downwards: for d inside (s, s + n). */
static void move_down(unsigned char *d, const unsigned char *s, size_t n)
{
    v16 h0 = *(const v16 *)s, h1 = *(const v16 *)(s + 16);
    for (size_t i = n; i > 32; i -= 32) {
        v16 a = *(const v16 *)(s + i - 32), b = *(const v16 *)(s + i - 16);
        *(v16 *)(d + i - 32) = a;
        *(v16 *)(d + i - 16) = b;
    }
    *(v16 *)d = h0;
    *(v16 *)(d + 16) = h1;
}

static void rep_movsb(unsigned char *d, const unsigned char *s, size_t n)
{
    __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (n <= 64)
        move_small(d, s, n);
    else if (n < REP_THRESHOLD)
        move_up(d, s, n);
    else
        rep_movsb(d, s, n);
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (n <= 64)
        move_small(d, s, n);
    else if ((uintptr_t)d - (uintptr_t)s >= n) /* d before s, or past its end */
        move_up(d, s, n);
    else
        move_down(d, s, n);
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    uint64_t x = (unsigned char)c * 0x0101010101010101ull;
    v16 v = {(long long)x, (long long)x};
    if (n >= REP_THRESHOLD) {
        size_t k = n;
        __asm__ volatile("rep stosb" : "+D"(d), "+c"(k) : "a"(c) : "memory");
    } else if (n > 32) {
        for (size_t i = 0; i + 32 < n; i += 32) {
            *(v16 *)(d + i) = v;
            *(v16 *)(d + i + 16) = v;
        }
        *(v16 *)(d + n - 32) = v;
        *(v16 *)(d + n - 16) = v;
    } else if (n >= 16) {
        *(v16 *)d = v;
        *(v16 *)(d + n - 16) = v;
    } else if (n >= 8) {
        *(u64 *)d = x;
        *(u64 *)(d + n - 8) = x;
    } else if (n >= 4) {
        *(u32 *)d = (uint32_t)x;
        *(u32 *)(d + n - 4) = (uint32_t)x;
    } else if (n) {
        d[0] = d[n / 2] = d[n - 1] = (unsigned char)c;
    }
    return dst;
}
