/* xorshift64*: the oracle is deterministic given a seed. */
#ifndef VXO_RNG_H
#define VXO_RNG_H
#include <stddef.h>
#include <stdint.h>

struct vxo_rng {
    uint64_t s;
};

static inline void vxo_rng_seed(struct vxo_rng *r, uint64_t seed)
{
    r->s = seed * 0x9e3779b97f4a7c15ULL + 0x2545f4914f6cdd1dULL;
    if (!r->s)
        r->s = 1;
}

static inline uint64_t vxo_rng_next(struct vxo_rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545f4914f6cdd1dULL;
}

static inline unsigned vxo_rng_below(struct vxo_rng *r, unsigned n)
{
    return n ? (unsigned)((vxo_rng_next(r) >> 32) % n) : 0;
}

#endif
