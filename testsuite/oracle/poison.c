/* Poison: every value a hostile guest might hold, chosen so that any use
 * of it as an address outside the sandboxing sequences lands outside the
 * window: in the honeypot, on (locked-down) host pages, in unmapped or
 * non-canonical space, or just past the window. */
#include "poison.h"
#include "vx/layout.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HONEYPOT_SIZE (1ULL << 20)

void vxo_poison_env_init(struct vxo_poison_env *e, uint64_t base, uint64_t stack_lo, uint64_t stack_hi)
{
    static void *honeypot;
    static void *heap_word;
    if (!honeypot) {
        honeypot = mmap(NULL, HONEYPOT_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        heap_word = malloc(64);
    }
    int local = 0;
    memset(e, 0, sizeof *e);
    e->base = base;
    e->honeypot = honeypot == MAP_FAILED ? 0x100000000000ULL : (uint64_t)honeypot;
    e->honeypot_size = HONEYPOT_SIZE;
    e->stack_lo = stack_lo;
    e->stack_hi = stack_hi;
    e->host[0] = (uint64_t)&printf;
    e->host[1] = (uint64_t)&local;
    e->host[2] = (uint64_t)heap_word;
    e->host[3] = (uint64_t)&vxo_poison_value;
}

uint64_t vxo_poison_value(const struct vxo_poison_env *e, struct vxo_rng *r)
{
    uint64_t x = vxo_rng_next(r);
    switch (vxo_rng_below(r, 8)) {
    case 0: return e->honeypot + (x % e->honeypot_size);
    case 1: return x & 0x00007ffffffffff8ULL;                  /* canonical user space */
    case 2: return x;                                          /* mostly non-canonical */
    case 3: return (x & 0x00007fff00000000ULL) | (x >> 40);   /* upper half set, small offset */
    case 4: return e->host[x % 4] + ((x >> 8) % 4096);
    case 5: return e->base + VX_SANDBOX_SIZE + (x % (1ULL << 30)); /* past the window */
    case 6: return e->base - VX_GUARD_SIZE - 8 - (x % (1ULL << 30)); /* before it */
    default: return x & 0x0000000fffffffffULL;                /* up to 64 GiB: bit offsets */
    }
}

void vxo_poison_gprs(const struct vxo_poison_env *e, unsigned p, struct vxo_rng *r, uint64_t gpr[16])
{
    for (int i = 0; i < 16; i++) {
        uint64_t x = vxo_rng_next(r);
        switch (p % 4) {
        case 0: gpr[i] = e->honeypot + (x % e->honeypot_size); break;
        case 1: gpr[i] = x & 0x00007ffffffffff8ULL; break;
        case 2: gpr[i] = (x & 0x00007fff00000000ULL) | (uint32_t)(VX_IMAGE_MIN + (x % 4096)); break;
        default: gpr[i] = vxo_poison_value(e, r); break;
        }
    }
    /* %rsp: somewhere in the stack, sometimes at its very ends. */
    uint64_t x = vxo_rng_next(r), rsp;
    switch (x % 4) {
    case 0: rsp = e->stack_hi - 8; break;
    case 1: rsp = e->stack_lo + 8 * ((x >> 8) % 16); break;
    default: rsp = e->stack_hi - 4096 - 8 * ((x >> 8) % 8192); break;
    }
    gpr[15 /* REG_RSP */] = e->base + rsp;
}

void vxo_poison_vectors(const struct vxo_poison_env *e, struct vxo_rng *r, uint8_t vec[VXO_VEC_PATTERNS][16][32])
{
    for (int p = 0; p < VXO_VEC_PATTERNS; p++)
        for (int reg = 0; reg < 16; reg++)
            for (int lane = 0; lane < 4; lane++) {
                uint64_t v = p == 0 ? e->honeypot + 8 * lane : p == 1 ? ~0ULL : vxo_poison_value(e, r);
                memcpy(&vec[p][reg][8 * lane], &v, 8);
            }
}

void vxo_poison_memory(const struct vxo_poison_env *e, struct vxo_rng *r, uint64_t *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        words[i] = vxo_poison_value(e, r);
}
