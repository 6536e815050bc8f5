#ifndef VX_FUZZ_ONE_H
#define VX_FUZZ_ONE_H
#include <stddef.h>
#include <stdint.h>
/* Runs one input through the verifier; aborts on any disagreement. */
int vx_fuzz_one(const uint8_t *data, size_t size);
#endif
