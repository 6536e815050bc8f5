/* The bundle runner's window (see window.h). */
#include "window.h"
#include "child.h"
#include "poison.h"
#include "vx/layout.h"
#include <string.h>
#include <sys/mman.h>

static int map_at(uint8_t *p, size_t len, int prot)
{
    return mmap(p, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED ? -1 : 0;
}

int vxo_window_create(struct vxo_window *w, size_t code_size, uint64_t seed)
{
    memset(w, 0, sizeof *w);
    w->reserve_size = 3 * VX_SANDBOX_SIZE;
    void *r = mmap(NULL, w->reserve_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (r == MAP_FAILED)
        return -1;
    w->reserve = r;
    /* B: 4 GiB aligned with a whole window of reservation after it and at least one guard before. */
    w->base = (uint8_t *)(((uintptr_t)r + VX_GUARD_SIZE + VX_SANDBOX_SIZE - 1) & ~(uintptr_t)(VX_SANDBOX_SIZE - 1));
    w->code_size = (code_size + 4095) & ~(size_t)4095;
    uint64_t stack_lo = VX_STACK_TOP - VXO_STACK_SIZE;
    if (map_at(w->base + VX_TABLE_OFFSET, VX_TABLE_SIZE, PROT_READ | PROT_WRITE) ||
        map_at(w->base + VXO_CODE_OFFSET, w->code_size, PROT_READ | PROT_EXEC) ||
        map_at(w->base + VXO_DATA_OFFSET, VXO_DATA_SIZE, PROT_READ | PROT_WRITE) ||
        map_at(w->base + stack_lo, VXO_STACK_SIZE, PROT_READ | PROT_WRITE)) {
        vxo_window_destroy(w);
        return -1;
    }
    uint64_t *table = (uint64_t *)(w->base + VX_TABLE_OFFSET);
    for (unsigned i = 0; i < VX_TABLE_SLOTS; i++)
        table[i] = (uint64_t)vxo_callout_target;
    struct vxo_poison_env e;
    struct vxo_rng rng;
    vxo_rng_seed(&rng, seed);
    vxo_poison_env_init(&e, (uint64_t)w->base, stack_lo, VX_STACK_TOP);
    vxo_poison_memory(&e, &rng, (uint64_t *)(w->base + VXO_DATA_OFFSET), VXO_DATA_SIZE / 8);
    vxo_poison_memory(&e, &rng, (uint64_t *)(w->base + stack_lo), VXO_STACK_SIZE / 8);
    mprotect(table, VX_TABLE_SIZE, PROT_READ);
    return 0;
}

int vxo_window_set_code(struct vxo_window *w, const uint8_t *code, size_t size)
{
    uint8_t *c = w->base + VXO_CODE_OFFSET;
    if (size > w->code_size || mprotect(c, w->code_size, PROT_READ | PROT_WRITE) != 0)
        return -1;
    memset(c, 0xf4, w->code_size); /* hlt: the planted trap (#GP if ever run) */
    memcpy(c, code, size);
    return mprotect(c, w->code_size, PROT_READ | PROT_EXEC);
}

void vxo_window_destroy(struct vxo_window *w)
{
    if (w->reserve)
        munmap(w->reserve, w->reserve_size);
    memset(w, 0, sizeof *w);
}
