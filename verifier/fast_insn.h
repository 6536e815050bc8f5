/* The fast path of the instruction checker (see fast_insn.c). */
#ifndef VXV_FAST_INSN_H
#define VXV_FAST_INSN_H
#include "insn_check.h"
#include <stddef.h>
#include <stdint.h>

/* Returns the instruction's length when the fast path proves it allowed,
 * with *f filled exactly as check_insn would; 0 means "ask Capstone". */
unsigned fast_check(const uint8_t *p, size_t left, uint64_t addr, struct insn_facts *f);

/* For tests: 1 if the fast path accepts the instruction at p while the full
 * Capstone rules reject it, decode another length, or derive other facts;
 * why then says how. 0 when they agree or the fast path declines. */
int fast_disagrees(const uint8_t *p, size_t left, uint64_t addr, char *why, size_t why_size);

#endif
