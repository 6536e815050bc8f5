/* Outcomes into reports (see report.h), and the report's printout. */
#define _GNU_SOURCE
#include "report.h"
#include "classify.h"
#include "vx/layout.h"
#include <stdio.h>
#include <string.h>
#include <sys/ucontext.h>

/* Readable code bytes at sandbox offset off (up to 16), 0 if none. */
static size_t code_avail(const struct vxo_shared *s, uint64_t off)
{
    uint64_t hi = 0;
    if (off >= s->code_lo && off < s->code_hi)
        hi = s->code_hi;
    for (uint32_t k = 0; k < s->nexec; k++)
        if (off >= s->exec_lo[k] && off < s->exec_hi[k] && s->exec_hi[k] > hi)
            hi = s->exec_hi[k];
    return hi - off > 16 ? 16 : hi ? hi - off : 0;
}

void vxo_resolve_gp(struct vxo_shared *s, const uint8_t *window)
{
    for (uint32_t i = 0; i < s->nruns; i++) {
        struct vxo_outcome *o = &s->out[i];
        if (o->cls != VXO_GP_PENDING)
            continue;
        uint64_t off = o->rip - s->base;
        size_t avail = off < VX_SANDBOX_SIZE ? code_avail(s, off) : 0;
        o->cls = avail ? vxo_classify_gp(window + off, avail, o->gregs, s->base, s->fs_base) : VXO_ESCAPE_GP;
    }
}

static void add_example(struct vxo_report *r, enum vxo_class c, const struct vxo_shared *s, uint32_t i,
                        const uint8_t *bundle, const struct vxo_config *cfg)
{
    const struct vxo_outcome *o = &s->out[i];
    struct vxo_example e = {.entry = s->runs[i].entry, .rip = o->rip - s->base, .addr = o->addr};
    memcpy(e.bytes, bundle, 32);
    int n = snprintf(e.text, sizeof e.text, "%s: entry 0x%llx, rip B+0x%llx, addr 0x%llx, signal %d, %u steps, bytes",
                     vxo_class_name(c), (unsigned long long)e.entry, (unsigned long long)e.rip,
                     (unsigned long long)e.addr, o->signo, o->steps);
    for (int k = 0; k < 32 && n > 0 && (size_t)n + 4 < sizeof e.text; k++)
        n += snprintf(e.text + n, sizeof e.text - n, " %02x", bundle[k]);
    if (cfg->verbose)
        fprintf(stderr, "oracle: %s\n", e.text);
    if (r->nexample[c] < VXO_EXAMPLES)
        r->example[c][r->nexample[c]++] = e;
}

void vxo_report_add(struct vxo_report *r, const struct vxo_shared *s, uint32_t i, const uint8_t *bundle,
                    const struct vxo_config *c)
{
    const struct vxo_outcome *o = &s->out[i];
    enum vxo_class end = o->cls < VXO_NCLASSES ? (enum vxo_class)o->cls : VXO_OTHER_SIGNAL;
    r->runs++;
    r->steps += o->steps;
    r->ended[end]++;
    uint32_t all = o->seen | 1u << end;
    int finding = 0;
    for (unsigned k = 1; k < VXO_NCLASSES; k++) {
        if (!(all & 1u << k))
            continue;
        r->seen[k]++;
        if (vxo_class_is_finding((enum vxo_class)k, c->strict_rsp)) {
            finding = 1;
            add_example(r, (enum vxo_class)k, s, i, bundle, c);
        }
    }
    r->findings += finding;
}

void vxo_report_print(const struct vxo_report *r, const char *title, int strict_rsp)
{
    printf("oracle %s: %llu generated, %llu accepted, %llu runs, %llu steps, %llu children, %llu runs with findings\n",
           title, (unsigned long long)r->generated, (unsigned long long)r->accepted, (unsigned long long)r->runs,
           (unsigned long long)r->steps, (unsigned long long)r->children, (unsigned long long)r->findings);
    for (unsigned k = 1; k < VXO_NCLASSES; k++) {
        if (!r->seen[k])
            continue;
        printf("  %-22s ended %8llu  seen %8llu%s\n", vxo_class_name((enum vxo_class)k),
               (unsigned long long)r->ended[k], (unsigned long long)r->seen[k],
               vxo_class_is_finding((enum vxo_class)k, strict_rsp) ? "  FINDING" : "");
        for (unsigned e = 0; e < r->nexample[k] && e < 2; e++)
            printf("      %s\n", r->example[k][e].text);
    }
    fflush(stdout);
}
