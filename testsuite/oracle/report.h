/* Folding run outcomes into a vxo_report. */
#ifndef VXO_REPORT_H
#define VXO_REPORT_H
#include "child.h"
#include "oracle.h"

/* Adds run i of s (its GP already classified); bundle = the 32 bytes at the entry. */
void vxo_report_add(struct vxo_report *r, const struct vxo_shared *s, uint32_t i, const uint8_t *bundle,
                    const struct vxo_config *c);
/* Classifies every VXO_GP_PENDING outcome of s; code(off) gives readable bytes. */
void vxo_resolve_gp(struct vxo_shared *s, const uint8_t *window_base);

#endif
