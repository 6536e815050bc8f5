/* Functions come from STT_FUNC symbols; one without a size (hand-written
 * assembly without .size) runs to the next symbol or the section's end;
 * a code section with no function symbol at all (a stripped image) is one
 * function. Bytes between functions (alignment padding) are not decoded. */
#include "program.h"
#include <elf.h>
#include <stdlib.h>
#include <string.h>

int hz_is_code_section(const struct hz_section *s)
{
    return s->type == SHT_PROGBITS && (s->flags & SHF_EXECINSTR) && (s->flags & SHF_ALLOC) && s->size && s->data;
}

static int by_section_and_start(const void *a, const void *b)
{
    const struct hz_function *x = a, *y = b;
    if (x->section != y->section)
        return x->section < y->section ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    /* aliases: the global, named one first */
    return strcmp(x->name, y->name);
}

static size_t family_length(const char *name)
{
    const char *dot = strchr(name + (name[0] == '.'), '.');
    return dot ? (size_t)(dot - name) : strlen(name);
}

int hz_same_family(const struct hz_function *a, const struct hz_function *b)
{
    return a->family_len == b->family_len && !strncmp(a->name, b->name, a->family_len);
}

static void collect_functions(struct hz_program *p)
{
    const struct hz_object *o = p->obj;
    size_t cap = 16;
    p->functions = malloc(cap * sizeof *p->functions);
    for (size_t i = 0; i < o->nsymbols; i++) {
        const struct hz_symbol *s = &o->symbols[i];
        if (s->type != STT_FUNC || s->shndx == 0 || s->shndx >= o->nsections ||
            !hz_is_code_section(&o->sections[s->shndx]))
            continue;
        if (p->nfunctions == cap)
            p->functions = realloc(p->functions, (cap *= 2) * sizeof *p->functions);
        p->functions[p->nfunctions++] =
            (struct hz_function){s->name, family_length(s->name), s->shndx, s->value, s->value + s->size, 0, 0, 0};
    }
    /* A code section nothing names is one function. */
    for (uint32_t k = 1; k < o->nsections; k++) {
        if (!hz_is_code_section(&o->sections[k]))
            continue;
        int named = 0;
        for (size_t i = 0; i < p->nfunctions && !named; i++)
            named = p->functions[i].section == k;
        if (named)
            continue;
        if (p->nfunctions == cap)
            p->functions = realloc(p->functions, (cap *= 2) * sizeof *p->functions);
        const struct hz_section *s = &o->sections[k];
        p->functions[p->nfunctions++] =
            (struct hz_function){s->name, strlen(s->name), k, s->addr, s->addr + s->size, 0, 0, 0};
    }
    qsort(p->functions, p->nfunctions, sizeof *p->functions, by_section_and_start);
    /* Drop aliases, give sizeless functions their extent, clip overlaps. */
    size_t out = 0;
    for (size_t i = 0; i < p->nfunctions; i++) {
        struct hz_function f = p->functions[i];
        if (out && p->functions[out - 1].section == f.section && p->functions[out - 1].start == f.start)
            continue;
        const struct hz_section *s = &o->sections[f.section];
        uint64_t section_end = s->addr + s->size;
        uint64_t next = section_end;
        for (size_t j = i + 1; j < p->nfunctions; j++)
            if (p->functions[j].section == f.section && p->functions[j].start > f.start) {
                next = p->functions[j].start;
                break;
            }
        if (f.end <= f.start || f.end > next)
            f.end = f.end <= f.start ? next : (f.end > section_end ? section_end : f.end);
        if (f.end > next)
            f.end = next;
        if (f.start < s->addr || f.start >= section_end)
            continue;
        p->functions[out++] = f;
    }
    p->nfunctions = out;
}

int hz_program_build(struct hz_program *p, const struct hz_object *obj, struct hz_decoder *d)
{
    memset(p, 0, sizeof *p);
    p->obj = obj;
    collect_functions(p);
    size_t bytes = 0;
    for (size_t i = 0; i < p->nfunctions; i++)
        bytes += p->functions[i].end - p->functions[i].start;
    size_t cap = bytes + 1; /* at most one instruction per byte */
    p->code = malloc(cap * sizeof *p->code);
    p->section_of = malloc(cap * sizeof *p->section_of);
    p->function_of = malloc(cap * sizeof *p->function_of);
    if (!p->code || !p->section_of || !p->function_of)
        abort();
    for (size_t i = 0; i < p->nfunctions; i++) {
        struct hz_function *f = &p->functions[i];
        const struct hz_section *s = &obj->sections[f->section];
        f->first = p->n;
        for (uint64_t a = f->start; a < f->end;) {
            size_t len = hz_decode(d, s->data + (a - s->addr), f->end - a, a, &p->code[p->n]);
            if (!len) {
                f->undecodable = 1;
                break;
            }
            p->section_of[p->n] = f->section;
            p->function_of[p->n] = (uint32_t)i;
            p->n++;
            a += len;
        }
        f->count = p->n - f->first;
    }
    p->marks = calloc(p->n ? p->n : 1, sizeof *p->marks);
    if (!p->marks)
        abort();
    for (size_t i = 0; i < p->nfunctions; i++) {
        struct hz_function *f = &p->functions[i];
        p->pieces += hz_mark_inserted(p->code + f->first, f->count, p->marks + f->first, &p->unrecognized);
    }
    return 0;
}

void hz_program_free(struct hz_program *p)
{
    free(p->code);
    free(p->marks);
    free(p->section_of);
    free(p->function_of);
    free(p->functions);
    memset(p, 0, sizeof *p);
}

long hz_program_find(const struct hz_program *p, uint32_t section, uint64_t addr)
{
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (p->section_of[mid] < section || (p->section_of[mid] == section && p->code[mid].addr < addr))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->n && p->section_of[lo] == section && p->code[lo].addr == addr ? (long)lo : -1;
}

long hz_program_function_at(const struct hz_program *p, uint32_t section, uint64_t addr)
{
    size_t lo = 0, hi = p->nfunctions; /* the last function starting at or before addr */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const struct hz_function *f = &p->functions[mid];
        if (f->section < section || (f->section == section && f->start <= addr))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (!lo)
        return -1;
    const struct hz_function *f = &p->functions[lo - 1];
    return f->section == section && addr >= f->start && addr < f->end ? (long)(lo - 1) : -1;
}
