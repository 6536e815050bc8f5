/* Base64 encode/decode round trip and run-length encoding. */
#include <stdio.h>
#include <string.h>
static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static size_t enc(const unsigned char *in, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = in[i] << 16 | (i + 1 < n ? in[i + 1] << 8 : 0) | (i + 2 < n ? in[i + 2] : 0);
        out[o++] = al[v >> 18]; out[o++] = al[v >> 12 & 63];
        out[o++] = i + 1 < n ? al[v >> 6 & 63] : '='; out[o++] = i + 2 < n ? al[v & 63] : '=';
    }
    out[o] = 0;
    return o;
}
static size_t dec(const char *in, unsigned char *out)
{
    size_t o = 0; unsigned v = 0; int bits = 0;
    for (; *in && *in != '='; in++) { v = v << 6 | (unsigned)(strchr(al, *in) - al); bits += 6; if (bits >= 8) { bits -= 8; out[o++] = (unsigned char)(v >> bits); } }
    return o;
}
int main(void)
{
    unsigned char data[3000], back[3000];
    static char text[5000];
    for (int i = 0; i < 3000; i++) data[i] = (unsigned char)((i / 7) * 13);
    size_t n = enc(data, 2999, text);
    printf("%zu %.40s...%s\n", n, text, text + n - 8);
    printf("decoded %zu equal=%d\n", dec(text, back), memcmp(data, back, 2999) == 0);
    int runs = 0;
    for (int i = 1; i < 3000; i++) runs += data[i] != data[i - 1];
    printf("runs=%d\n", runs);
    return 0;
}
