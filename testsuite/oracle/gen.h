/* The sequence generator: random bytes, structured instructions over every
 * opcode map and prefix, and the spec's locked sequences with random
 * registers and operands. Deterministic given the seed. */
#ifndef VXO_GEN_H
#define VXO_GEN_H
#include "rng.h"
#include <stdint.h>

struct vxo_gen {
    struct vxo_rng r;
};

void vxo_gen_init(struct vxo_gen *g, uint64_t seed);
/* One 32-byte bundle (nop-padded). */
void vxo_gen_bundle(struct vxo_gen *g, uint8_t out[32]);

#endif
