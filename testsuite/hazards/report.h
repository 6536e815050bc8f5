/* How hazards, notes and totals are printed. */
#ifndef HZ_REPORT_H
#define HZ_REPORT_H

#include "check.h"
#include <stdio.h>

/* One line per hazard: where, the inserted instruction, the effect, its reader. */
void hz_print_hazard(FILE *f, const struct hz_hazard *h);
/* objects, functions, instructions, inserted sequences by piece, hazards. */
void hz_print_summary(FILE *f, const struct hz_totals *t);
/* The sequence table (what the checker knows the rewriter emits). */
void hz_print_pieces(FILE *f);

#endif
