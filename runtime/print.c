/* Minimal output helpers for guests that do not link a C library. */
#include <vx/guest.h>

void vx_puts(const char *s)
{
    vx_write(1, s, strlen(s));
}

void vx_put_int(long long v)
{
    char buf[24];
    int i = sizeof buf;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        buf[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf[--i] = '-';
    vx_write(1, buf + i, sizeof buf - (size_t)i);
}

void vx_put_hex(unsigned long long v)
{
    char buf[18];
    int i = sizeof buf;
    do {
        buf[--i] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    buf[--i] = 'x';
    buf[--i] = '0';
    vx_write(1, buf + i, sizeof buf - (size_t)i);
}
