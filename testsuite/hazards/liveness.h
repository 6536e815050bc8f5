/* Backward liveness over the CFG, flags bit by bit and registers part by
 * part, and the forward search that names who reads a live value. */
#ifndef HZ_LIVENESS_H
#define HZ_LIVENESS_H

#include "cfg.h"

struct hz_liveness {
    struct hz_bits *in, *out;    /* per instruction */
    size_t n;
};

void hz_liveness_compute(struct hz_liveness *l, const struct hz_cfg *g, size_t n);
void hz_liveness_free(struct hz_liveness *l);

struct hz_observer {
    long insn;                   /* the reading instruction, or the one whose exit reads */
    uint8_t exit;                /* HZ_EXIT_* when the reader is beyond the function */
    struct hz_bits bits;         /* what it reads of the pending state */
};

/* Every first reader of some of pending on a path leaving instruction
 * from (pending is compared with what the successors read before they
 * write it). Returns the number found (at most max are stored). */
size_t hz_find_observers(const struct hz_cfg *g, size_t n, size_t from, struct hz_bits pending,
                         struct hz_observer *out, size_t max);

#endif
