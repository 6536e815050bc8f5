/* Where a vx binary's sandbox instructions are, summarised in one line:
 * sampled from a run (perf) or counted in the image. */
#ifndef VX_BENCH_SAMPLE_PROFILE_H
#define VX_BENCH_SAMPLE_PROFILE_H
#include <stddef.h>

/* Runs cmd under `perf record`, writes e.g. "812 samples, 97% in guest code
 * (most in luaV_execute: 80%); of guest samples: 9.1% on padding nops, ..."
 * to out. Returns -1 (out untouched) when perf is missing or not allowed. */
int sample_profile(const char *cmd, const char *elf, const char *scratch, char *out, size_t size);

/* Without perf: the same kinds counted over the image's instructions, per
 * 1000. Returns -1 when objdump cannot read elf. */
int static_profile(const char *elf, char *out, size_t size);

#endif
