/* A verifier sink that keeps the first violation it is told about. */
#ifndef VX_FIRST_VIOLATION_H
#define VX_FIRST_VIOLATION_H
#include "vxverify.h"
#include <stdio.h>

struct first {
    unsigned n;            /* violations reported */
    enum vxv_rule rule;    /* the first one's */
    uint64_t addr;
    char text[256];
};

static inline void keep_first(void *ctx, const struct vxv_violation *v)
{
    struct first *f = ctx;
    if (f->n++ == 0) {
        f->rule = v->rule;
        f->addr = v->addr;
        snprintf(f->text, sizeof f->text, "%s", v->text);
    }
}

#endif
