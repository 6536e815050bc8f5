/* Rewrites gcc's AT&T assembly so that it obeys spec/sandbox.md. */
#ifndef VXCC_ASM_REWRITE_H
#define VXCC_ASM_REWRITE_H
#include <stdio.h>

struct rewrite_error {
    int line;            /* 1-based line of the input that could not be made safe */
    char msg[256];
    int flags_live;      /* gcc keeps EFLAGS live across a jump-table dispatch, whose
                            mask would clobber them: compiling without jump tables avoids it */
};

/* Returns 0 on success; otherwise fills err and returns -1. */
int vx_rewrite(FILE *in, FILE *out, struct rewrite_error *err);

#endif
