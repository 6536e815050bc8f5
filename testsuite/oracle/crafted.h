/* Hand-made images for the whole-image oracle: code segments that do not
 * fill their pages (the loader maps whole pages executable). */
#ifndef VXO_CRAFTED_H
#define VXO_CRAFTED_H
#include <stddef.h>
#include <stdint.h>

/* An image with one r-x segment of code_size bytes at code_vaddr (a
 * multiple of 32 in [VX_IMAGE_MIN, ...)) holding code, entry at its start.
 * Returns the image size written to out, 0 if cap is too small. */
size_t vxo_craft_image(uint8_t *out, size_t cap, uint64_t code_vaddr, const uint8_t *code, size_t code_size);

/* The code used by the crafted images: nop-padded bundles that end with the
 * masked return sequence (valid, verifier-accepted code). */
size_t vxo_crafted_code(uint8_t *out, size_t bundles);

#endif
