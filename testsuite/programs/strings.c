/* Byte-string work: reverse, search, hashing, number formatting. */
#include "print.h"
static void reverse(char *s, long n) { for (long i = 0, j = n - 1; i < j; i++, j--) { char t = s[i]; s[i] = s[j]; s[j] = t; } }
static long find(const char *hay, long n, const char *needle, long m)
{
    for (long i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0) return i;
    return -1;
}
int main(int argc, char **argv)
{
    char buf[512];
    long n = 0;
    for (int i = 0; i < argc; i++) { long l = strlen(argv[i]); if (i) buf[n++] = ' '; memcpy(buf + n, argv[i], l); n += l; }
    const char *text = " the quick brown fox jumps over the lazy dog";
    memcpy(buf + n, text, strlen(text) + 1);
    n += strlen(text);
    show("len", n - (long)strlen(argv[0]));
    show("fox at", find(buf, n, "fox", 3) - (long)strlen(argv[0]));
    reverse(buf, n);
    unsigned h = 5381;
    for (long i = 0; i < n - (long)strlen(argv[0]); i++) h = h * 33 + (unsigned char)buf[i];
    show("hash", h);
    int vowels = 0;
    for (long i = 0; i < n - (long)strlen(argv[0]); i++) vowels += buf[i] == 'a' || buf[i] == 'e' || buf[i] == 'i' || buf[i] == 'o' || buf[i] == 'u';
    show("vowels", vowels);
    return 0;
}
