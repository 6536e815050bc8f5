/* A worklist fixpoint: live_in = use | (live_out & ~def), live_out = the
 * union of the successors' live_in and what the exits read. */
#include "liveness.h"
#include <stdlib.h>
#include <string.h>

void hz_liveness_compute(struct hz_liveness *l, const struct hz_cfg *g, size_t n)
{
    l->n = n;
    l->in = calloc(n ? n : 1, sizeof *l->in);
    l->out = calloc(n ? n : 1, sizeof *l->out);
    /* predecessors, compressed */
    uint32_t *npred = calloc(n + 1, sizeof *npred), *pred = malloc((g->nsucc ? g->nsucc : 1) * sizeof *pred);
    size_t *work = malloc((n ? n : 1) * sizeof *work);
    uint8_t *queued = calloc(n ? n : 1, 1);
    if (!l->in || !l->out || !npred || !pred || !work || !queued)
        abort();
    for (size_t i = 0; i < n; i++)
        for (uint32_t k = 0; k < g->nodes[i].nsucc; k++)
            npred[g->succ[g->nodes[i].first_succ + k] + 1]++;
    for (size_t i = 0; i < n; i++)
        npred[i + 1] += npred[i];
    uint32_t *fill = calloc(n ? n : 1, sizeof *fill);
    for (size_t i = 0; i < n; i++)
        for (uint32_t k = 0; k < g->nodes[i].nsucc; k++) {
            uint32_t s = g->succ[g->nodes[i].first_succ + k];
            pred[npred[s] + fill[s]++] = (uint32_t)i;
        }
    free(fill);
    size_t top = 0;
    for (size_t i = 0; i < n; i++) { /* the last instruction first: most edges go forward */
        work[top++] = i;
        queued[i] = 1;
    }
    while (top) {
        size_t i = work[--top];
        queued[i] = 0;
        const struct hz_node *nd = &g->nodes[i];
        struct hz_bits out = hz_exit_live(nd->exits);
        for (uint32_t k = 0; k < nd->nsucc; k++)
            out = hz_bits_or(out, l->in[g->succ[nd->first_succ + k]]);
        struct hz_bits in = hz_bits_or(nd->use, hz_bits_minus(out, nd->def));
        l->out[i] = out;
        if (hz_bits_eq(in, l->in[i]))
            continue;
        l->in[i] = in;
        for (uint32_t k = npred[i]; k < npred[i + 1]; k++)
            if (!queued[pred[k]]) {
                queued[pred[k]] = 1;
                work[top++] = pred[k];
            }
    }
    free(npred);
    free(pred);
    free(work);
    free(queued);
}

void hz_liveness_free(struct hz_liveness *l)
{
    free(l->in);
    free(l->out);
    memset(l, 0, sizeof *l);
}

static void note(struct hz_observer *out, size_t max, size_t *count, long insn, uint8_t exit, struct hz_bits bits)
{
    for (size_t k = 0; k < *count && k < max; k++)
        if (out[k].insn == insn && out[k].exit == exit) {
            out[k].bits = hz_bits_or(out[k].bits, bits);
            return;
        }
    if (*count < max)
        out[*count] = (struct hz_observer){insn, exit, bits};
    ++*count;
}

static void exits_read(const struct hz_node *nd, size_t i, struct hz_bits pending, struct hz_observer *out,
                       size_t max, size_t *count)
{
    static const uint8_t kinds[] = {HZ_EXIT_RETURN, HZ_EXIT_TAIL, HZ_EXIT_UNKNOWN};
    for (int k = 0; k < 3; k++)
        if (nd->exits & kinds[k]) {
            struct hz_bits r = hz_bits_and(pending, hz_exit_live(kinds[k]));
            if (hz_bits_any(r))
                note(out, max, count, (long)i, kinds[k], r);
        }
}

struct pending_stack {
    size_t *node;
    struct hz_bits *bits;
    size_t n, cap;
};

static void push(struct pending_stack *s, size_t node, struct hz_bits bits)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 256;
        s->node = realloc(s->node, s->cap * sizeof *s->node);
        s->bits = realloc(s->bits, s->cap * sizeof *s->bits);
        if (!s->node || !s->bits)
            abort();
    }
    s->node[s->n] = node;
    s->bits[s->n++] = bits;
}

/* Run only for hazards (live effects), so a fresh seen array is cheap enough. */
size_t hz_find_observers(const struct hz_cfg *g, size_t n, size_t from, struct hz_bits pending,
                         struct hz_observer *out, size_t max)
{
    struct hz_bits *seen = calloc(n ? n : 1, sizeof *seen);
    if (!seen)
        abort();
    struct pending_stack st = {0};
    size_t count = 0;
    const struct hz_node *start = &g->nodes[from];
    exits_read(start, from, pending, out, max, &count);
    for (uint32_t k = 0; k < start->nsucc; k++)
        push(&st, g->succ[start->first_succ + k], pending);
    while (st.n) {
        st.n--;
        size_t i = st.node[st.n];
        struct hz_bits bits = hz_bits_minus(st.bits[st.n], seen[i]);
        if (!hz_bits_any(bits))
            continue;
        seen[i] = hz_bits_or(seen[i], bits);
        const struct hz_node *nd = &g->nodes[i];
        struct hz_bits read = hz_bits_and(bits, nd->use);
        if (hz_bits_any(read))
            note(out, max, &count, (long)i, 0, read);
        bits = hz_bits_minus(hz_bits_minus(bits, read), nd->def);
        if (!hz_bits_any(bits))
            continue;
        exits_read(nd, i, bits, out, max, &count);
        for (uint32_t k = 0; k < nd->nsucc; k++)
            push(&st, g->succ[nd->first_succ + k], bits);
    }
    free(seen);
    free(st.node);
    free(st.bits);
    return count;
}
