#include "label_set.h"
#include <stdlib.h>
#include <string.h>

static unsigned hash(const char *s, int len)
{
    unsigned h = 2166136261u;
    for (int i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int find(const struct label_set *s, const char *name, int len, unsigned *slot)
{
    unsigned i = hash(name, len) & (s->cap - 1);
    while (s->slots[i]) {
        if ((int)strlen(s->slots[i]) == len && !memcmp(s->slots[i], name, (size_t)len)) {
            *slot = i;
            return 1;
        }
        i = (i + 1) & (s->cap - 1);
    }
    *slot = i;
    return 0;
}

static void grow(struct label_set *s)
{
    struct label_set n = {calloc(s->cap ? s->cap * 2 : 256, sizeof(char *)), s->cap ? s->cap * 2 : 256, 0};
    if (!n.slots)
        abort();
    for (unsigned i = 0; i < s->cap; i++)
        if (s->slots[i]) {
            unsigned slot;
            find(&n, s->slots[i], (int)strlen(s->slots[i]), &slot);
            n.slots[slot] = s->slots[i];
            n.count++;
        }
    free(s->slots);
    *s = n;
}

void label_set_add(struct label_set *s, const char *name, int len)
{
    if (2 * (s->count + 1) > s->cap)
        grow(s);
    unsigned slot;
    if (find(s, name, len, &slot))
        return;
    s->slots[slot] = strndup(name, (size_t)len);
    s->count++;
}

int label_set_has(const struct label_set *s, const char *name)
{
    unsigned slot;
    return s->cap && find(s, name, (int)strlen(name), &slot);
}

void label_set_free(struct label_set *s)
{
    for (unsigned i = 0; i < s->cap; i++)
        free(s->slots[i]);
    free(s->slots);
    s->slots = NULL;
    s->cap = s->count = 0;
}
