/* Tiny helpers shared by the test programs. */
#include <vx/guest.h>
static inline void show(const char *label, long long v)
{
    vx_puts(label);
    vx_puts("=");
    vx_put_int(v);
    vx_puts("\n");
}
static inline unsigned long long rng(unsigned long long *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}
