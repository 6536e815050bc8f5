/* Starting an oracle child: lockdown.c (before lockdown) and batch.c. */
#ifndef VXO_LOCKDOWN_H
#define VXO_LOCKDOWN_H
#include "child.h"

struct vxo_lockdown {
    uint64_t reserve_lo, reserve_hi; /* the window and its guard reservation: left alone */
    unsigned alarm_seconds;          /* per child */
};

/* In the forked child: sets everything up, locks the host away and runs
 * s->runs[s->current..nruns). Never returns. */
__attribute__((noreturn)) void vxo_child_start(struct vxo_shared *s, const struct vxo_lockdown *l);

/* In the parent: runs every run of s in as many children as it takes (a
 * run that kills its child is recorded as VXO_CHILD_DIED and skipped).
 * Returns the number of children, or -1 if none could be started. */
int vxo_batch_run(struct vxo_shared *s, const struct vxo_lockdown *l);

/* A fresh shared block (MAP_SHARED), or NULL. */
struct vxo_shared *vxo_shared_new(void);
void vxo_shared_free(struct vxo_shared *s);

#endif
