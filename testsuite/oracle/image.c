/* The whole-image variant: the image goes through libvx itself
 * (vx_create, vx_load_memory), then every bundle start of every page that
 * /proc/self/maps shows executable in the window is entered with poisoned
 * registers, so bytes the loader made executable without the verifier
 * having read them are run too. */
#include "lockdown.h"
#include "oracle.h"
#include "poison.h"
#include "report.h"
#include "vx.h"
#include "vx/layout.h"
#include "vxverify.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint32_t vxo_ymm_offset(void);

/* Executable ranges of [base, base+4G), as sandbox offsets. */
static unsigned exec_ranges(uint64_t base, uint64_t *lo, uint64_t *hi, unsigned max)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    unsigned n = 0;
    while (f && fgets(line, sizeof line, f)) {
        unsigned long a, b;
        char perms[8];
        if (sscanf(line, "%lx-%lx %7s", &a, &b, perms) != 3 || perms[2] != 'x')
            continue;
        if (a >= base && b <= base + VX_SANDBOX_SIZE && n < max) {
            lo[n] = a - base;
            hi[n++] = b - base;
        }
    }
    if (f)
        fclose(f);
    return n;
}

static int set_starts(struct vxo_shared *s, const uint8_t *base, const struct vxv_image *img)
{
    if (img->code_size > VXO_MAX_CODE)
        return -1;
    uint8_t *starts = malloc(img->code_size ? img->code_size : 1);
    if (!starts)
        return -1;
    struct vxv_policy policy = {0};
    struct vxv_sink sink = {0};
    vxv_check_code_starts(base + img->code_vaddr, img->code_size, img->code_vaddr, &policy, &sink, starts);
    memset(s->starts, 0, (img->code_size + 7) / 8);
    for (uint64_t i = 0; i < img->code_size; i++)
        if (starts[i])
            s->starts[i / 8] |= (uint8_t)(1u << (i % 8));
    free(starts);
    s->code_lo = img->code_vaddr;
    s->code_hi = img->code_vaddr + img->code_size;
    return 0;
}

static int run_all(const struct vxo_config *c, struct vxo_shared *s, uint8_t *base, struct vxo_report *rep)
{
    struct vxo_poison_env env;
    struct vxo_rng rng;
    vxo_rng_seed(&rng, c->seed);
    vxo_poison_env_init(&env, (uint64_t)base, VX_STACK_TOP - (8ULL << 20), VX_STACK_TOP);
    struct vxo_lockdown l = {.reserve_lo = (uint64_t)base, .reserve_hi = (uint64_t)base + VX_SANDBOX_SIZE,
                             .alarm_seconds = 60};
    unsigned patterns = c->patterns ? c->patterns : 1;
    uint64_t total = 0, done = 0;
    for (uint32_t k = 0; k < s->nexec; k++)
        total += (s->exec_hi[k] - s->exec_lo[k]) / VX_BUNDLE_SIZE * patterns;
    uint32_t range = 0;
    uint64_t off = s->nexec ? s->exec_lo[0] : 0;
    unsigned p = 0;
    while (done < total) {
        s->nruns = 0;
        while (s->nruns < VXO_MAX_RUNS && done < total) {
            struct vxo_run_in *in = &s->runs[s->nruns++];
            in->entry = off;
            in->tag = 0;
            in->vec = (uint32_t)(off / VX_BUNDLE_SIZE + p) % VXO_VEC_PATTERNS;
            vxo_poison_gprs(&env, p + (unsigned)(off / VX_BUNDLE_SIZE), &rng, in->gpr);
            done++;
            if (++p == patterns) {
                p = 0;
                off += VX_BUNDLE_SIZE;
                if (off >= s->exec_hi[range] && ++range < s->nexec)
                    off = s->exec_lo[range];
            }
        }
        vxo_poison_vectors(&env, &rng, s->vec);
        int children = vxo_batch_run(s, &l);
        if (children < 0)
            return -1;
        rep->children += (unsigned)children;
        vxo_resolve_gp(s, base);
        for (uint32_t i = 0; i < s->nruns; i++)
            vxo_report_add(rep, s, i, base + s->runs[i].entry, c);
    }
    return 0;
}

int vxo_run_image(const struct vxo_config *c, const void *elf, size_t size, struct vxo_report *rep)
{
    struct vxv_policy policy = {.max_errors = 1};
    struct vxv_sink sink = {0};
    struct vxv_image img;
    if (vxv_check_image(elf, size, &policy, &sink, &img) != 0)
        return -2; /* rejected: nothing to run */
    vx_sandbox *sb;
    if (vx_create(NULL, &sb) != VX_OK)
        return -1;
    struct vxo_shared *s = NULL;
    int st = -1;
    if (vx_load_memory(sb, elf, size) != VX_OK)
        goto out;
    uint8_t *top = vx_guest_ptr(sb, VX_STACK_TOP - 8, 8, 1);
    s = vxo_shared_new();
    if (!top || !s)
        goto out;
    uint8_t *base = top - (VX_STACK_TOP - 8);
    s->base = (uint64_t)base;
    s->mode = VXO_MODE_IMAGE;
    s->max_steps = c->max_steps;
    s->ymm_offset = vxo_ymm_offset();
    s->nexec = exec_ranges((uint64_t)base, s->exec_lo, s->exec_hi, VXO_MAX_EXEC);
    const uint64_t *table = (const uint64_t *)(base + VX_TABLE_OFFSET);
    s->ncallout = VX_TABLE_SLOTS;
    for (unsigned i = 0; i < VX_TABLE_SLOTS; i++)
        s->callout[i] = table[i];
    if (set_starts(s, base, &img) != 0)
        goto out;
    rep->accepted++;
    st = run_all(c, s, base, rep);
out:
    vxo_shared_free(s);
    vx_destroy(sb);
    return st;
}

int vxo_run_image_file(const struct vxo_config *c, const char *path, struct vxo_report *rep)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *data = n > 0 ? malloc((size_t)n) : NULL;
    int st = -1;
    if (data && fread(data, 1, (size_t)n, f) == (size_t)n)
        st = vxo_run_image(c, data, (size_t)n, rep);
    free(data);
    fclose(f);
    return st;
}
