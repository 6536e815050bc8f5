/* Where a vx run spends its time, by sampling: perf's cpu-clock samples of
 * the run, each guest sample (an address in the sandbox) matched with an
 * instruction objdump shows, counted by what the sandbox added: bundle
 * padding, masking sequences, %rsp rebases, %gs operands.
 * A timer sample lands on the instruction after the one that held it up
 * (in Lua, a quarter of all samples fell on the nops after slow loads), so
 * each sample is charged to the instruction just before its address. */
#include "sample_profile.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { K_OTHER, K_NOP, K_MASK, K_RSP, K_GS, KINDS };
static const char *const kind_name[KINDS] = {"other", "padding nops", "masking sequences",
                                             "%rsp rebases", "%gs memory operands"};

struct insn {
    unsigned addr;
    unsigned char kind;
    int func;
};

struct disasm {
    struct insn *v;
    size_t n, cap;
    char (*func)[64];
    int nfunc, capfunc;
};

static enum kind classify(const char *t)
{
    static const char *const nops[] = {"nop", "xchg   %ax,%ax", "cs nop", "data16", NULL};
    static const char *const masks[] = {"and    $0xffffffe0,%r11d", "add    %r14,%r11",
                                        "mov    $0xffffffe0,%r11d", "and    %r11,(%rsp)",
                                        "or     %r14,(%rsp)", NULL};
    for (int i = 0; nops[i]; i++)
        if (!strncmp(t, nops[i], strlen(nops[i])))
            return K_NOP;
    for (int i = 0; masks[i]; i++)
        if (!strncmp(t, masks[i], strlen(masks[i])))
            return K_MASK;
    if (!strncmp(t, "lea    (%r14,%r11,1),%rsp", 25))
        return K_RSP; /* R-RSP-WRITE's second half */
    if (!strncmp(t, "lea    (%r14,", 13))
        return K_MASK; /* a flag-free rebase */
    return strstr(t, "%gs:") ? K_GS : K_OTHER;
}

/* objdump -d: "0000000000201000 <name>:" starts a function, "  201000:\tinsn" an instruction. */
static int load_disasm(const char *elf, struct disasm *d)
{
    char cmd[1024], line[512];
    snprintf(cmd, sizeof cmd, "objdump -d --no-show-raw-insn %s 2>/dev/null", elf);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    while (fgets(line, sizeof line, p)) {
        unsigned long a;
        char name[64];
        if (sscanf(line, "%lx <%63[^>]>:", &a, name) == 2 && line[0] != ' ') {
            if (d->nfunc == d->capfunc) {
                d->capfunc = d->capfunc ? 2 * d->capfunc : 256;
                d->func = realloc(d->func, (size_t)d->capfunc * sizeof *d->func);
                if (!d->func)
                    break;
            }
            snprintf(d->func[d->nfunc++], sizeof *d->func, "%s", name);
            continue;
        }
        char *tab = strchr(line, '\t');
        if (line[0] != ' ' || !tab || sscanf(line, " %lx:", &a) != 1 || !d->nfunc)
            continue;
        if (d->n == d->cap) {
            d->cap = d->cap ? 2 * d->cap : 4096;
            d->v = realloc(d->v, d->cap * sizeof *d->v);
            if (!d->v)
                break;
        }
        d->v[d->n++] = (struct insn){(unsigned)a, (unsigned char)classify(tab + 1), d->nfunc - 1};
    }
    pclose(p);
    return d->v && d->func ? 0 : -1;
}

/* The instruction before the one at (or containing) addr. */
static const struct insn *charged(const struct disasm *d, unsigned addr)
{
    size_t lo = 0, hi = d->n;
    while (lo < hi) { /* first instruction starting after addr */
        size_t mid = (lo + hi) / 2;
        if (d->v[mid].addr <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo >= 2 ? &d->v[lo - 2] : NULL;
}

static void print_kinds(char *out, size_t size, int n, const unsigned long *by_kind, unsigned long total,
                        double scale)
{
    for (int k = K_NOP; k < KINDS && n >= 0 && (size_t)n < size; k++)
        n += snprintf(out + n, size - (size_t)n, "%s %.1f%s on %s", k == K_NOP ? ":" : ",",
                      scale * by_kind[k] / total, scale == 100 ? "%" : "", kind_name[k]);
}

int static_profile(const char *elf, char *out, size_t size)
{
    struct disasm d = {0};
    int ok = -1;
    if (load_disasm(elf, &d) == 0 && d.n) {
        unsigned long by_kind[KINDS] = {0};
        for (size_t i = 0; i < d.n; i++)
            by_kind[d.v[i].kind]++;
        print_kinds(out, size, snprintf(out, size, "per 1000 instructions"), by_kind, d.n, 1000);
        ok = 0;
    }
    free(d.v);
    free(d.func);
    return ok;
}

int sample_profile(const char *cmd, const char *elf, const char *scratch, char *out, size_t size)
{
    struct disasm d = {0};
    char run[2048], line[512];
    int ok = -1;
    snprintf(run, sizeof run,
             "perf record -q -e cpu-clock -F 2000 -o %s/perf.data -- sh -c '%s > /dev/null' >/dev/null 2>&1 && "
             "perf script -i %s/perf.data -F ip,dso 2>/dev/null", scratch, cmd, scratch);
    if (load_disasm(elf, &d) != 0)
        goto done;
    FILE *p = popen(run, "r");
    if (!p)
        goto done;
    unsigned long total = 0, guest = 0, by_kind[KINDS] = {0};
    unsigned long *by_func = calloc((size_t)d.nfunc, sizeof *by_func);
    while (by_func && fgets(line, sizeof line, p)) {
        unsigned long ip;
        if (sscanf(line, " %lx", &ip) != 1)
            continue;
        total++;
        if (!strstr(line, "perf-") && !strstr(line, "[unknown]"))
            continue; /* host: loader, verifier, kernel */
        const struct insn *i = charged(&d, (unsigned)(ip & 0xffffffffu));
        if (!i)
            continue;
        guest++;
        by_kind[i->kind]++;
        by_func[i->func]++;
    }
    pclose(p);
    if (total >= 50 && guest) {
        int top = 0;
        for (int f = 1; f < d.nfunc; f++)
            if (by_func[f] > by_func[top])
                top = f;
        int n = snprintf(out, size, "%lu samples, %.0f%% in guest code (most in %s: %.0f%%); of guest samples",
                         total, 100.0 * guest / total, d.func[top], 100.0 * by_func[top] / guest);
        print_kinds(out, size, n, by_kind, guest, 100);
        ok = 0;
    }
    free(by_func);
done:
    free(d.v);
    free(d.func);
    return ok;
}
