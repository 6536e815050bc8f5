/* The bundle runner's own sandbox window, laid out as spec section 1 says:
 * guards unmapped, the runtime-call table, code r-x, a data region and a
 * stack rw, all inside a reservation with a guard window on each side. */
#ifndef VXO_WINDOW_H
#define VXO_WINDOW_H
#include <stddef.h>
#include <stdint.h>

#define VXO_CODE_OFFSET 0x200000ULL
#define VXO_DATA_OFFSET 0x10000000ULL
#define VXO_DATA_SIZE   (1ULL << 20)
#define VXO_STACK_SIZE  (1ULL << 20)
#define VXO_SLOT        64    /* a bundle, then 32 bytes of planted trap */

struct vxo_window {
    uint8_t *reserve;
    size_t reserve_size;
    uint8_t *base;            /* B */
    size_t code_size;         /* bytes at VXO_CODE_OFFSET */
};

int vxo_window_create(struct vxo_window *w, size_t code_size, uint64_t seed);
/* Writes the code area (bundles at slot starts, traps between) and makes it r-x. */
int vxo_window_set_code(struct vxo_window *w, const uint8_t *code, size_t size);
void vxo_window_destroy(struct vxo_window *w);

#endif
