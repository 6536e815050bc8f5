/* malloc/realloc/free churn: a growing heap through the brk service. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void)
{
    enum { SLOTS = 2000 };
    static char *slot[SLOTS];
    static size_t len[SLOTS];
    unsigned s = 7;
    unsigned long check = 0;
    for (int round = 0; round < 60000; round++) {
        s = s * 1103515245u + 12345u;
        int i = (int)((s >> 10) % SLOTS);
        size_t n = (s >> 3) % 3000 + 1;
        if (slot[i] && (s & 1)) { free(slot[i]); slot[i] = NULL; continue; }
        char *p = realloc(slot[i], n);
        if (!p) { puts("out of memory"); return 1; }
        if (n > len[i] || !slot[i]) memset(p, (int)(n & 0xff), n);
        slot[i] = p;
        len[i] = n;
        check += (unsigned char)p[n - 1];
    }
    for (int i = 0; i < SLOTS; i++) free(slot[i]);
    printf("check=%lu\n", check);
    return 0;
}
