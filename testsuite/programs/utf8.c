/* UTF-8 decoding and encoding by hand; code point statistics. */
#include <stdio.h>
#include <string.h>
static int decode(const unsigned char **p)
{
    const unsigned char *s = *p;
    int c, n;
    if (s[0] < 0x80) { c = s[0]; n = 1; } else if ((s[0] & 0xe0) == 0xc0) { c = s[0] & 0x1f; n = 2; }
    else if ((s[0] & 0xf0) == 0xe0) { c = s[0] & 0x0f; n = 3; } else { c = s[0] & 0x07; n = 4; }
    for (int i = 1; i < n; i++) c = c << 6 | (s[i] & 0x3f);
    *p += n;
    return c;
}
static int encode(int c, char *o)
{
    if (c < 0x80) { o[0] = (char)c; return 1; }
    if (c < 0x800) { o[0] = (char)(0xc0 | c >> 6); o[1] = (char)(0x80 | (c & 63)); return 2; }
    if (c < 0x10000) { o[0] = (char)(0xe0 | c >> 12); o[1] = (char)(0x80 | (c >> 6 & 63)); o[2] = (char)(0x80 | (c & 63)); return 3; }
    o[0] = (char)(0xf0 | c >> 18); o[1] = (char)(0x80 | (c >> 12 & 63)); o[2] = (char)(0x80 | (c >> 6 & 63)); o[3] = (char)(0x80 | (c & 63)); return 4;
}
int main(void)
{
    const char *text = "Grüße, 世界! Ünïcödé ✓ 🚀 ok";
    const unsigned char *p = (const unsigned char *)text;
    char out[128];
    int n = 0, cps = 0, maxcp = 0;
    while (*p) { int c = decode(&p); cps++; if (c > maxcp) maxcp = c; n += encode(c, out + n); }
    out[n] = 0;
    printf("%d bytes, %d code points, max U+%X, same=%d\n", (int)strlen(text), cps, maxcp, strcmp(out, text) == 0);
    return 0;
}
