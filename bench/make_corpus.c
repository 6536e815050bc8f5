/* The zlib benchmark's input: a fixed 24 MiB, the same on every machine.
 * Mixed like real data: numbered text lines, words from a small vocabulary
 * and runs of pseudo-random bytes (incompressible), from a fixed LCG. */
#include <stdio.h>

int main(void)
{
    static const char *const words[] = {"sandbox", "bundle", "verifier", "loader", "guest", "host",
                                        "mask", "segment", "trampoline", "zlib", "lua", "kernel"};
    unsigned long long x = 42, written = 0;
    const unsigned long long size = 24ull << 20;
    while (written < size) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        unsigned r = (unsigned)(x >> 33);
        if (r % 16 == 0) { /* a short binary run */
            for (int i = 0; i < 48 && written < size; i++, written++) {
                x = x * 6364136223846793005ull + 1442695040888963407ull;
                putchar((int)(x >> 56));
            }
        } else {
            int n = printf("%llu %s %s %u\n", written, words[r % 12], words[(r >> 4) % 12], r % 1000);
            written += (unsigned long long)n;
        }
    }
    return 0;
}
