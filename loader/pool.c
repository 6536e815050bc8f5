/* Address-space pools: each pool reserves (SLOTS + 3) * 4 GiB of PROT_NONE
 * space and hands out 4 GiB-aligned windows from its middle, so that at
 * least one unmapped window's worth of space lies before the first and after
 * the last slot (spec R-LAYOUT-GUARD). Windows are adjacent: their own
 * guard pages separate them.
 *
 * Deterministic sandboxes come from one more pool at a fixed address
 * (VX_DET_POOL_BASE, reserved with MAP_FIXED_NOREPLACE on first use): a
 * guest sees its base through %rsp and every code or data address, so the
 * base must not depend on ASLR (spec section 9, promise 5). They take the
 * lowest free slot. */
#define _GNU_SOURCE
#include "sandbox_internal.h"
#include "vx/layout.h"
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define POOL_SLOTS 256
#define MAX_POOLS 128

struct pool {
    uint8_t *first;                /* slot 0 */
    unsigned char used[POOL_SLOTS];
    unsigned nused;
};

static struct pool pools[MAX_POOLS];
static unsigned npools;
static struct pool det_pool;       /* first == NULL until reserved */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int new_pool(void)
{
    if (npools == MAX_POOLS)
        return -1;
    size_t size = (size_t)(POOL_SLOTS + 3) * VX_SANDBOX_SIZE;
    void *raw = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (raw == MAP_FAILED)
        return -1;
    uintptr_t aligned = ((uintptr_t)raw + VX_SANDBOX_SIZE - 1) & ~(uintptr_t)(VX_SANDBOX_SIZE - 1);
    pools[npools].first = (uint8_t *)(aligned + VX_SANDBOX_SIZE);
    return (int)npools++;
}

/* One guard window on each side of the deterministic slots. */
static int reserve_det_pool(void)
{
    uint8_t *want = (uint8_t *)VX_DET_POOL_BASE - VX_SANDBOX_SIZE;
    size_t size = (size_t)(VX_DET_POOL_SLOTS + 2) * VX_SANDBOX_SIZE;
    void *got = mmap(want, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
    if (got == MAP_FAILED)
        return -1;
    if (got != want) { /* a kernel without MAP_FIXED_NOREPLACE took it as a hint */
        munmap(got, size);
        return -1;
    }
    det_pool.first = (uint8_t *)VX_DET_POOL_BASE;
    return 0;
}

static uint8_t *take_slot(struct pool *p, unsigned nslots, int *slot)
{
    if (p->nused == nslots)
        return NULL;
    for (unsigned s = 0; s < nslots; s++)
        if (!p->used[s]) {
            p->used[s] = 1;
            p->nused++;
            *slot = (int)s;
            return p->first + (size_t)s * VX_SANDBOX_SIZE;
        }
    return NULL;
}

uint8_t *vx_pool_acquire(int deterministic, int *slot)
{
    pthread_mutex_lock(&lock);
    uint8_t *base = NULL;
    if (deterministic) {
        if (det_pool.first || reserve_det_pool() == 0)
            base = take_slot(&det_pool, VX_DET_POOL_SLOTS, slot);
        if (base)
            *slot = -1 - *slot; /* negative: the deterministic pool */
    }
    for (unsigned p = 0; !deterministic && p <= npools && !base; p++) {
        if (p == npools && new_pool() < 0)
            break;
        if ((base = take_slot(&pools[p], POOL_SLOTS, slot)))
            *slot += (int)(p * POOL_SLOTS);
    }
    pthread_mutex_unlock(&lock);
    return base;
}

void vx_pool_release(uint8_t *base, int slot)
{
    /* Drop every page and make the whole window inaccessible again. */
    mmap(base, VX_SANDBOX_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
    pthread_mutex_lock(&lock);
    struct pool *p = slot < 0 ? &det_pool : &pools[slot / POOL_SLOTS];
    unsigned s = slot < 0 ? (unsigned)(-1 - slot) : (unsigned)slot % POOL_SLOTS;
    p->used[s] = 0;
    p->nused--;
    pthread_mutex_unlock(&lock);
}
