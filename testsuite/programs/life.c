/* Conway's game of life on a torus; population per generation. */
#include <stdio.h>
#include <string.h>
#define W 64
#define H 48
static unsigned char g[H][W], n[H][W];
int main(void)
{
    unsigned s = 42;
    for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) { s = s * 1103515245 + 12345; g[y][x] = (s >> 16) % 3 == 0; }
    for (int gen = 0; gen < 200; gen++) {
        int pop = 0;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                int c = 0;
                for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++)
                    if (dx || dy) c += g[(y + dy + H) % H][(x + dx + W) % W];
                n[y][x] = c == 3 || (c == 2 && g[y][x]);
                pop += n[y][x];
            }
        memcpy(g, n, sizeof g);
        if (gen % 20 == 0) printf("gen %d pop %d\n", gen, pop);
    }
    return 0;
}
