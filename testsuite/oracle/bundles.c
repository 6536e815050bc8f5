/* The bundle runner: each bundle in its own 64-byte slot of a private
 * window (bundle, then planted trap), entered with several register poison
 * patterns, in locked-down children. vxo_fuzz feeds it what the generator
 * makes and libvxverify accepts. */
#include "gen.h"
#include "lockdown.h"
#include "oracle.h"
#include "poison.h"
#include "report.h"
#include "vxverify.h"
#include "window.h"
#include "vx/layout.h"
#include <cpuid.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct runner {
    const struct vxo_config *cfg;
    struct vxo_report *rep;
    struct vxo_window win;
    struct vxo_shared *s;
    struct vxo_poison_env env;
    struct vxo_rng rng;
    unsigned slots;           /* bundles per batch */
};

uint32_t vxo_ymm_offset(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid_count(0xd, 2, &a, &b, &c, &d))
        return 0;
    return b;
}

static int runner_open(struct runner *r, const struct vxo_config *cfg, struct vxo_report *rep)
{
    memset(r, 0, sizeof *r);
    r->cfg = cfg;
    r->rep = rep;
    unsigned patterns = cfg->patterns ? cfg->patterns : 1;
    r->slots = VXO_MAX_RUNS / patterns;
    if (vxo_window_create(&r->win, (size_t)r->slots * VXO_SLOT, cfg->seed) != 0)
        return -1;
    r->s = vxo_shared_new();
    if (!r->s) {
        vxo_window_destroy(&r->win);
        return -1;
    }
    vxo_rng_seed(&r->rng, cfg->seed ^ 0x6f7261636c65ULL);
    vxo_poison_env_init(&r->env, (uint64_t)r->win.base, VX_STACK_TOP - VXO_STACK_SIZE, VX_STACK_TOP);
    return 0;
}

static void runner_close(struct runner *r)
{
    vxo_shared_free(r->s);
    vxo_window_destroy(&r->win);
}

static uint64_t slot_addr(unsigned k) { return VXO_CODE_OFFSET + (uint64_t)k * VXO_SLOT; }

/* Runs bundles[0..n) (n <= slots), the k-th in slot k. */
static int run_slots(struct runner *r, const uint8_t (*bundles)[32], const uint32_t *given, unsigned n)
{
    struct vxo_shared *s = r->s;
    size_t size = (size_t)n * VXO_SLOT;
    uint8_t *code = malloc(size ? size : 1);
    if (!code)
        return -1;
    memset(code, 0xf4, size);
    memset(s->starts, 0, (size + 7) / 8);
    struct vxv_policy policy = {0};
    for (unsigned k = 0; k < n; k++) {
        uint8_t starts[32];
        struct vxv_sink sink = {0};
        memcpy(code + (size_t)k * VXO_SLOT, bundles[k], 32);
        vxv_check_code_starts(bundles[k], 32, slot_addr(k), &policy, &sink, starts);
        for (unsigned i = 0; given && i < 32; i++)
            starts[i] = (given[k] >> i) & 1;
        for (unsigned i = 0; i < 32; i++)
            if (starts[i]) {
                size_t bit = (size_t)k * VXO_SLOT + i;
                s->starts[bit / 8] |= (uint8_t)(1u << (bit % 8));
            }
    }
    int failed = vxo_window_set_code(&r->win, code, size);
    free(code);
    if (failed)
        return -1;
    s->base = (uint64_t)r->win.base;
    s->mode = VXO_MODE_BUNDLES;
    s->max_steps = r->cfg->max_steps;
    s->ymm_offset = vxo_ymm_offset();
    s->code_lo = VXO_CODE_OFFSET;
    s->code_hi = VXO_CODE_OFFSET + size;
    s->nexec = 0;
    s->ncallout = 1;
    s->callout[0] = (uint64_t)vxo_callout_target;
    vxo_poison_vectors(&r->env, &r->rng, s->vec);
    unsigned patterns = r->cfg->patterns ? r->cfg->patterns : 1;
    s->nruns = 0;
    for (unsigned k = 0; k < n; k++)
        for (unsigned p = 0; p < patterns; p++) {
            struct vxo_run_in *in = &s->runs[s->nruns++];
            in->entry = slot_addr(k);
            in->tag = k;
            in->vec = (k + p) % VXO_VEC_PATTERNS;
            vxo_poison_gprs(&r->env, p + k, &r->rng, in->gpr); /* every kind, across bundles */
        }
    struct vxo_lockdown l = {.reserve_lo = (uint64_t)r->win.reserve,
                             .reserve_hi = (uint64_t)r->win.reserve + r->win.reserve_size,
                             .alarm_seconds = 60};
    int children = vxo_batch_run(s, &l);
    if (children < 0)
        return -1;
    r->rep->children += (unsigned)children;
    vxo_resolve_gp(s, r->win.base);
    for (uint32_t i = 0; i < s->nruns; i++)
        vxo_report_add(r->rep, s, i, bundles[s->runs[i].tag], r->cfg);
    return 0;
}

int vxo_run_bundles(const struct vxo_config *c, const uint8_t (*bundles)[32], const uint32_t *starts,
                    size_t n, struct vxo_report *rep)
{
    struct runner r;
    if (runner_open(&r, c, rep) != 0)
        return -1;
    int st = 0;
    for (size_t done = 0; done < n && st == 0;) {
        unsigned k = n - done < r.slots ? (unsigned)(n - done) : r.slots;
        st = run_slots(&r, bundles + done, starts ? starts + done : NULL, k);
        done += k;
    }
    runner_close(&r);
    return st;
}

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int vxo_fuzz(const struct vxo_config *c, uint64_t count, double seconds, struct vxo_report *rep)
{
    struct runner r;
    if (runner_open(&r, c, rep) != 0)
        return -1;
    uint8_t (*batch)[32] = malloc((size_t)r.slots * 32);
    if (!batch) {
        runner_close(&r);
        return -1;
    }
    struct vxo_gen g;
    vxo_gen_init(&g, c->seed);
    struct vxv_policy policy = {.max_errors = 1};
    double end = seconds_now() + seconds;
    unsigned n = 0;
    int st = 0;
    while (st == 0 && (!count || rep->generated < count) && (seconds <= 0 || seconds_now() < end)) {
        vxo_gen_bundle(&g, batch[n]);
        rep->generated++;
        struct vxv_sink sink = {0};
        if (vxv_check_code(batch[n], 32, slot_addr(n), &policy, &sink) != 0)
            continue;
        rep->accepted++;
        if (++n == r.slots) {
            st = run_slots(&r, (const uint8_t (*)[32])batch, NULL, n);
            n = 0;
        }
    }
    if (st == 0 && n)
        st = run_slots(&r, (const uint8_t (*)[32])batch, NULL, n);
    free(batch);
    runner_close(&r);
    return st;
}
