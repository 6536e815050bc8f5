/* Parent-side classification of a #GP/#SS (the kernel reports no address):
 * decode the instruction and recompute its accesses from the saved registers. */
#ifndef VXO_CLASSIFY_H
#define VXO_CLASSIFY_H
#include "oracle.h"
#include <stdint.h>

enum vxo_class vxo_classify_gp(const uint8_t *insn, size_t avail, const uint64_t *gregs,
                               uint64_t base, uint64_t fs_base);

#endif
