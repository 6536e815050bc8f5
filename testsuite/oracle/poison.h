/* Register and memory poison: values that point outside the window. */
#ifndef VXO_POISON_H
#define VXO_POISON_H
#include "child.h"
#include "rng.h"

struct vxo_poison_env {
    uint64_t base;                 /* B */
    uint64_t honeypot, honeypot_size; /* PROT_NONE mapping outside every window */
    uint64_t stack_lo, stack_hi;   /* guest stack, sandbox offsets */
    uint64_t host[4];              /* host addresses (libc, host stack, heap) */
};

/* The honeypot: reserved once per process. */
void vxo_poison_env_init(struct vxo_poison_env *e, uint64_t base, uint64_t stack_lo, uint64_t stack_hi);
/* gpr[] for pattern p (REG_* order; %rsp inside the guest stack). p % 4
 * picks the kind: all honeypot, all canonical, upper half set over an
 * in-window low half, or each register a different kind of value. */
void vxo_poison_gprs(const struct vxo_poison_env *e, unsigned p, struct vxo_rng *r, uint64_t gpr[16]);
/* One poison value (for memory words and vector lanes). */
uint64_t vxo_poison_value(const struct vxo_poison_env *e, struct vxo_rng *r);
void vxo_poison_vectors(const struct vxo_poison_env *e, struct vxo_rng *r, uint8_t vec[VXO_VEC_PATTERNS][16][32]);
void vxo_poison_memory(const struct vxo_poison_env *e, struct vxo_rng *r, uint64_t *words, size_t n);

#endif
