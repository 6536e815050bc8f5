/* memcpy/memmove/memset at every small size and alignment, overlapping both
 * ways, and a few large sizes, against byte-at-a-time references. */
#include <stdio.h>
#include <string.h>

static unsigned char buf[20000], ref[20000], tmp[20000];

static void fill(void)
{
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = ref[i] = (unsigned char)(i * 7 + 3);
}

static void ref_move(unsigned char *d, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) tmp[i] = s[i];
    for (size_t i = 0; i < n; i++) d[i] = tmp[i];
}

static int check(const char *what, size_t n, size_t a, size_t b)
{
    if (memcmp(buf, ref, sizeof buf) == 0)
        return 0;
    printf("%s mismatch: n=%zu a=%zu b=%zu\n", what, n, a, b);
    return 1;
}

int main(void)
{
    static const size_t big[] = {65, 100, 127, 128, 129, 255, 1000, 2047, 2048, 2049, 4095, 4096, 8000};
    size_t sizes[300 + sizeof big / sizeof big[0]], ns = 0;
    for (size_t n = 0; n < 300; n++) sizes[ns++] = n;
    for (size_t k = 0; k < sizeof big / sizeof big[0]; k++) sizes[ns++] = big[k];
    int bad = 0;
    unsigned long ops = 0;
    for (size_t k = 0; k < ns && !bad; k++) {
        size_t n = sizes[k];
        for (size_t a = 0; a < 9 && !bad; a++)
            for (size_t b = 0; b < 9 && !bad; b++) {
                size_t far = 600 + n; /* no overlap */
                fill();
                memcpy(buf + a, buf + far + b, n);
                ref_move(ref + a, ref + far + b, n);
                bad |= check("memcpy", n, a, b);
                fill(); /* overlap, destination above */
                memmove(buf + a + b, buf + a, n);
                ref_move(ref + a + b, ref + a, n);
                bad |= check("memmove up", n, a, b);
                fill(); /* overlap, destination below */
                memmove(buf + a, buf + a + b, n);
                ref_move(ref + a, ref + a + b, n);
                bad |= check("memmove down", n, a, b);
                fill();
                memset(buf + a, (int)(0x100 + n + b), n);
                for (size_t i = 0; i < n; i++) ref[a + i] = (unsigned char)(n + b);
                bad |= check("memset", n, a, b);
                ops += 4;
            }
    }
    printf("%s after %lu operations\n", bad ? "FAILED" : "all equal", ops);
    return bad;
}
