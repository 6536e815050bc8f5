/* One fuzz input through every verifier entry point: as an ELF image (both
 * decoders, every policy), as raw code, and through the fast-path
 * differential check. Shared by the libFuzzer target and the regression
 * test that replays testsuite/fuzz/regressions. */
#include "fuzz_one.h"
#include "fast_insn.h"
#include "vxverify.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Touches every field of a report, so a bad text or length shows up under ASan. */
static void consume(void *ctx, const struct vxv_violation *v)
{
    size_t *sum = ctx;
    *sum += strlen(v->text) + v->len + v->rule;
    if (v->len > sizeof v->bytes)
        abort();
}

int vx_fuzz_one(const uint8_t *data, size_t size)
{
    size_t sum = 0;
    for (int mode = 0; mode < 3; mode++) {
        struct vxv_policy policy = {.deterministic = mode == 1, .full_decode = mode == 2,
                                    .max_errors = mode == 1 ? 3 : 0};
        struct vxv_sink a = {.report = consume, .ctx = &sum}, b = {.report = consume, .ctx = &sum};
        struct vxv_image img;
        vxv_check_image(data, size, &policy, &a, &img);
        unsigned fast = vxv_check_code(data, size, 0x200000, &policy, &b);
        if (mode == 0) {
            struct vxv_policy full = {.full_decode = 1};
            struct vxv_sink c = {0};
            if (vxv_check_code(data, size, 0x200000, &full, &c) != fast) {
                fprintf(stderr, "fuzz: fast path and Capstone give different violation counts\n");
                abort();
            }
        }
    }
    char why[512];
    for (size_t off = 0; off < size && off < 512; off++)
        if (fast_disagrees(data + off, size - off, 0x200000 + off, why, sizeof why)) {
            fprintf(stderr, "fuzz: fast path disagrees at offset %zu: %s\n", off, why);
            abort();
        }
    (void)sum;
    return 0;
}
