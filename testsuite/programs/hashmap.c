/* Open-addressing hash map with string keys and deletion. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define CAP 65536
static char *keys[CAP];
static int vals[CAP];
static unsigned hash(const char *s) { unsigned h = 2166136261u; while (*s) h = (h ^ (unsigned char)*s++) * 16777619u; return h; }
static int *slot(const char *k, int create)
{
    for (unsigned i = hash(k) & (CAP - 1);; i = (i + 1) & (CAP - 1)) {
        if (!keys[i]) { if (!create) return NULL; keys[i] = strdup(k); return &vals[i]; }
        if (!strcmp(keys[i], k)) return &vals[i];
    }
}
int main(void)
{
    char k[32];
    for (int i = 0; i < 30000; i++) { snprintf(k, sizeof k, "key%d", i % 7919); *slot(k, 1) += i; }
    long sum = 0; int found = 0;
    for (int i = 0; i < 10000; i++) { snprintf(k, sizeof k, "key%d", i); int *v = slot(k, 0); if (v) { found++; sum += *v; } }
    printf("found=%d sum=%ld\n", found, sum);
    for (int i = 0; i < CAP; i++) free(keys[i]);
    return 0;
}
