/* Functions the host calls through vx_call (testsuite/e2e/loader_test.c). */
#include <vx/guest.h>

static unsigned char buffer[4096];
static long calls;

long add3(long a, long b, long c) { return a + b + c; }

long sum6(long a, long b, long c, long d, long e, long f)
{
    return a + 10 * b + 100 * c + 1000 * d + 10000 * e + 100000 * f;
}

long counter(void) { return ++calls; }

unsigned char *scratch(void) { return buffer; }

/* FNV-1a over guest memory the host filled with vx_copy_in. */
unsigned long checksum(const unsigned char *p, long n)
{
    unsigned long h = 1469598103934665603ul;
    for (long i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ul;
    return h;
}

/* Reverses the buffer in place, so the host can read the result back. */
void reverse(unsigned char *p, long n)
{
    for (long i = 0, j = n - 1; i < j; i++, j--) {
        unsigned char t = p[i];
        p[i] = p[j];
        p[j] = t;
    }
}

long crash(void) { return *(volatile long *)16; }

long leave(long code) { vx_exit((int)code); }

int main(void) { return 0; }
