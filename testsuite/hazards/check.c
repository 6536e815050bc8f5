/* Glue: object -> program -> CFG -> liveness; then, run by run, effects
 * and their readers. A run is a stretch of inserted, anchor and replaced
 * instructions (padding nops inside it included) that no branch enters in
 * the middle; it ends at a jump or return it contains. */
#include "check.h"
#include "cfg.h"
#include "liveness.h"
#include "program.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int hz_checker_init(struct hz_checker *c)
{
    memset(c, 0, sizeof *c);
    c->decoder = hz_decoder_new();
    return c->decoder ? 0 : -1;
}

void hz_checker_free(struct hz_checker *c) { hz_decoder_free(c->decoder); }

struct object_check {
    struct hz_checker *c;
    const struct hz_program *p;
    const struct hz_cfg *g;
    const struct hz_liveness *l;
};

static void emit(struct object_check *oc, const struct hz_effect *eff, long observer, uint8_t exit,
                 struct hz_bits observed)
{
    const struct hz_program *p = oc->p;
    const struct hz_function *f = &p->functions[p->function_of[eff->writer]];
    int piece = p->marks[eff->writer].piece;
    struct hz_hazard h = {
        .object = p->obj->name,
        .relocatable = p->obj->relocatable,
        .function = f->name,
        .section = p->obj->sections[f->section].name,
        .function_addr = f->start,
        .effect_addr = p->code[eff->writer].addr,
        .effect_insn = p->code[eff->writer].text,
        .piece = piece >= 0 ? hz_pieces[piece].name : "unrecognized",
        .kind = eff->kind,
        .what = eff->what,
        .has_observer = observer >= 0,
        .observer_addr = observer >= 0 ? p->code[observer].addr : 0,
        .observer_insn = observer >= 0 ? p->code[observer].text : NULL,
        .observer_exit = exit,
        .observed = observed,
    };
    oc->c->totals.hazards++;
    if (oc->c->on_hazard)
        oc->c->on_hazard(&h, oc->c->ctx);
}

#define MAX_OBSERVERS 64

static void judge(struct object_check *oc, const struct hz_effect *eff, size_t last)
{
    if (eff->kind == HZ_EFFECT_STACK) {
        if (eff->stack_hidden)
            oc->c->totals.hidden_stack_writes++;
        else
            emit(oc, eff, -1, 0, (struct hz_bits){0, 0});
        return;
    }
    if (eff->seen_in_run) {
        emit(oc, eff, (long)eff->seen_by, 0, eff->bits);
        return;
    }
    struct hz_bits live = hz_bits_and(eff->bits, oc->l->out[last]);
    if (!hz_bits_any(live))
        return;
    struct hz_observer obs[MAX_OBSERVERS];
    size_t n = hz_find_observers(oc->g, oc->p->n, last, live, obs, MAX_OBSERVERS);
    if (n == 0) /* cannot happen if liveness and the search agree; say so rather than hide it */
        emit(oc, eff, -1, HZ_EXIT_UNKNOWN, live);
    for (size_t k = 0; k < n && k < MAX_OBSERVERS; k++)
        emit(oc, eff, obs[k].insn, obs[k].exit, obs[k].bits);
}

static int is_run_member(const struct hz_mark *m) { return m->role != HZ_ROLE_ORIGINAL && m->role != HZ_ROLE_PADDING; }

static void check_function(struct object_check *oc, const struct hz_function *f)
{
    const struct hz_program *p = oc->p;
    size_t end = f->first + f->count;
    for (size_t i = f->first; i < end;) {
        if (!is_run_member(&p->marks[i])) {
            i++;
            continue;
        }
        size_t last = i;
        for (size_t k = i + 1; k < end; k++) {
            const struct hz_insn *prev = &p->code[last];
            if (oc->g->nodes[k].jump_target || prev->kind == HZ_K_JMP || prev->kind == HZ_K_RET)
                break;
            if (is_run_member(&p->marks[k]))
                last = k;
            else if (p->code[k].kind != HZ_K_NOP)
                break;
        }
        struct hz_run_effects effects;
        hz_run_effects(p->code, p->marks, i, last, &effects);
        oc->c->totals.runs++;
        for (size_t k = 0; k < effects.n; k++)
            judge(oc, &effects.e[k], last);
        i = last + 1;
    }
}

static void note_unrecognized(struct hz_checker *c, const struct hz_program *p)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->marks[i].role == HZ_ROLE_INSERTED && p->marks[i].piece < 0 && c->on_note) {
            char msg[256];
            const struct hz_function *f = &p->functions[p->function_of[i]];
            snprintf(msg, sizeof msg, "%s+%#llx: `%s` names %%r11/%%r14 but belongs to no known piece", f->name,
                     (unsigned long long)(p->code[i].addr - f->start), p->code[i].text);
            c->on_note(p->obj->name, msg, c->ctx);
        }
}

static int check_object(const struct hz_object *obj, void *ctx)
{
    struct hz_checker *c = ctx;
    struct hz_program p;
    hz_program_build(&p, obj, c->decoder);
    struct hz_cfg g;
    hz_cfg_build(&g, &p);
    struct hz_liveness l;
    hz_liveness_compute(&l, &g, p.n);
    struct object_check oc = {c, &p, &g, &l};
    for (size_t f = 0; f < p.nfunctions; f++) {
        check_function(&oc, &p.functions[f]);
        c->totals.undecodable += (size_t)p.functions[f].undecodable;
    }
    c->totals.objects++;
    c->totals.functions += p.nfunctions;
    c->totals.instructions += p.n;
    c->totals.pieces += p.pieces;
    c->totals.unrecognized += p.unrecognized;
    c->totals.indirect_targets += g.indirect_targets;
    for (size_t i = 0; i < p.n; i++)
        if (p.marks[i].piece_start && p.marks[i].piece >= 0 && (size_t)p.marks[i].piece < 32)
            c->totals.per_piece[p.marks[i].piece]++;
    note_unrecognized(c, &p);
    hz_liveness_free(&l);
    hz_cfg_free(&g);
    hz_program_free(&p);
    return 0;
}

int hz_check_file(struct hz_checker *c, const char *path, char *err, size_t errsize)
{
    int rc = hz_read_file(path, check_object, c, err, errsize);
    if (rc == 0)
        c->totals.files++;
    return rc < 0 ? -1 : 0;
}
