/* The memo of encodings Zydis confirmed (see zydis_check.h): a direct-mapped
 * table keyed by the exact instruction bytes, length and path. */
#include "zydis_check.h"
#include <stdlib.h>
#include <string.h>

/* Sized to the code: up to 16384 entries (256 KiB), which hold the distinct
 * encodings of a large program (90% hits on one copy of the bench guests). */
enum { MEMO_MIN_BITS = 8, MEMO_MAX_BITS = 14 };

struct zydis_memo {
    unsigned bits;
    uint8_t key[][16]; /* bytes[0..len), zero padding, len | path << 4 in byte 15 */
};

static unsigned memo_key(const struct zydis_memo *m, const uint8_t *p, unsigned len, int path,
                         uint8_t key[16])
{
    memset(key, 0, 16);
    memcpy(key, p, len);
    key[15] = (uint8_t)(len | (unsigned)path << 4);
    uint32_t h = 2166136261u; /* FNV-1a */
    for (unsigned i = 0; i < 16; i++)
        h = (h ^ key[i]) * 16777619u;
    return h >> (32 - m->bits);
}

struct zydis_memo *zydis_memo_new(size_t code_size)
{
    unsigned bits = MEMO_MIN_BITS;
    while (bits < MEMO_MAX_BITS && (16u << bits) < code_size)
        bits++;
    struct zydis_memo *m = calloc(1, sizeof *m + ((size_t)16 << bits));
    if (m)
        m->bits = bits;
    return m;
}

void zydis_memo_free(struct zydis_memo *m) { free(m); }

int zydis_memo_has(const struct zydis_memo *m, const uint8_t *p, unsigned len, int path)
{
    uint8_t key[16];
    if (!m || len == 0 || len > 15)
        return 0;
    unsigned h = memo_key(m, p, len, path, key);
    return memcmp(m->key[h], key, 16) == 0;
}

void zydis_memo_add(struct zydis_memo *m, const uint8_t *p, unsigned len, int path)
{
    uint8_t key[16];
    if (!m || len == 0 || len > 15)
        return;
    unsigned h = memo_key(m, p, len, path, key);
    memcpy(m->key[h], key, 16);
}
