/* The memo of encodings Zydis confirmed (see zydis_check.h): a direct-mapped
 * table keyed by the instruction's bytes (displacement and immediate fields
 * zeroed on the fast path), its length, path and field layout. */
#include "zydis_check.h"
#include <stdlib.h>
#include <string.h>

/* Sized to the code: up to 16384 entries (384 KiB). */
enum { MEMO_MIN_BITS = 8, MEMO_MAX_BITS = 14 };

struct zydis_memo {
    unsigned bits;
    struct memo_key key[];
};

static unsigned memo_key(const struct zydis_memo *m, const uint8_t *p, unsigned len, int path,
                         const struct fast_reading *layout, struct memo_key *k)
{
    uint8_t b[24] = {0};
    memcpy(b, p, len);
    b[16] = (uint8_t)len;
    b[17] = (uint8_t)path;
    if (layout) {
        memset(b + layout->disp_off, 0, layout->disp_len);
        memset(b + layout->imm_off, 0, layout->imm_len);
        b[18] = 1;
        b[19] = layout->disp_off;
        b[20] = layout->disp_len;
        b[21] = layout->imm_off;
        b[22] = layout->imm_len;
    }
    memcpy(k->w, b, sizeof b);
    uint64_t h = (k->w[0] * 0x9e3779b97f4a7c15ull) ^ (k->w[1] * 0xc2b2ae3d27d4eb4full) ^
                 (k->w[2] * 0x165667b19e3779f9ull);
    return (unsigned)(h >> (64 - m->bits));
}

struct zydis_memo *zydis_memo_new(size_t code_size)
{
    unsigned bits = MEMO_MIN_BITS;
    while (bits < MEMO_MAX_BITS && (16u << bits) < code_size)
        bits++;
    struct zydis_memo *m = calloc(1, sizeof *m + (sizeof(struct memo_key) << bits));
    if (m)
        m->bits = bits;
    return m;
}

void zydis_memo_free(struct zydis_memo *m) { free(m); }

static int usable(const struct zydis_memo *m, unsigned len, const struct fast_reading *layout)
{
    if (!m || len == 0 || len > 15)
        return 0;
    return !layout || ((unsigned)layout->disp_off + layout->disp_len <= len &&
                       (unsigned)layout->imm_off + layout->imm_len <= len);
}

int zydis_memo_has(const struct zydis_memo *m, const uint8_t *p, unsigned len, int path,
                   const struct fast_reading *layout, struct memo_probe *probe)
{
    probe->usable = usable(m, len, layout);
    if (!probe->usable)
        return 0;
    probe->slot = memo_key(m, p, len, path, layout, &probe->key);
    const struct memo_key *e = &m->key[probe->slot];
    return e->w[0] == probe->key.w[0] && e->w[1] == probe->key.w[1] && e->w[2] == probe->key.w[2];
}

void zydis_memo_add(struct zydis_memo *m, const struct memo_probe *probe)
{
    if (m && probe->usable)
        m->key[probe->slot] = probe->key;
}
