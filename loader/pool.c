/* Address-space pools: each pool reserves (SLOTS + 3) * 4 GiB of PROT_NONE
 * space and hands out 4 GiB-aligned windows from its middle, so that at
 * least one unmapped window's worth of space lies before the first and after
 * the last slot (spec R-LAYOUT-GUARD). Windows are adjacent: their own
 * guard pages separate them. */
#include "sandbox_internal.h"
#include "vx/layout.h"
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>

#define POOL_SLOTS 256
#define MAX_POOLS 128

struct pool {
    uint8_t *first;                /* slot 0 */
    unsigned char used[POOL_SLOTS];
    unsigned nused;
};

static struct pool pools[MAX_POOLS];
static unsigned npools;
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

uint8_t *vx_pool_acquire(int *slot)
{
    pthread_mutex_lock(&lock);
    uint8_t *base = NULL;
    for (unsigned p = 0; p <= npools && !base; p++) {
        if (p == npools && new_pool() < 0)
            break;
        if (pools[p].nused == POOL_SLOTS)
            continue;
        for (unsigned s = 0; s < POOL_SLOTS; s++)
            if (!pools[p].used[s]) {
                pools[p].used[s] = 1;
                pools[p].nused++;
                *slot = (int)(p * POOL_SLOTS + s);
                base = pools[p].first + (size_t)s * VX_SANDBOX_SIZE;
                break;
            }
    }
    pthread_mutex_unlock(&lock);
    return base;
}

void vx_pool_release(uint8_t *base, int slot)
{
    /* Drop every page and make the whole window inaccessible again. */
    mmap(base, VX_SANDBOX_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
    pthread_mutex_lock(&lock);
    struct pool *p = &pools[slot / POOL_SLOTS];
    p->used[slot % POOL_SLOTS] = 0;
    p->nused--;
    pthread_mutex_unlock(&lock);
}
