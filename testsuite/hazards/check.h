/* The checker: for every function of every object of a file, the
 * rewriter's inserted runs, their effects (effects.h), and the readers of
 * those effects in the un-rewritten program (liveness.h). */
#ifndef HZ_CHECK_H
#define HZ_CHECK_H

#include "effects.h"
#include "sequences.h"
#include <stddef.h>
#include <stdint.h>

struct hz_hazard {
    const char *object;          /* "build/guest/libc.a(memset.o)" */
    int relocatable;             /* an object file: addresses are offsets in section */
    const char *function;
    const char *section;
    uint64_t function_addr;
    uint64_t effect_addr;        /* the inserted instruction that made the state differ */
    const char *effect_insn;
    const char *piece;           /* its row in the sequence table, or "unrecognized" */
    uint8_t kind;                /* enum hz_effect_kind */
    const char *what;            /* the effect, in words */
    int has_observer;
    uint64_t observer_addr;      /* the instruction that reads it (or whose exit does) */
    const char *observer_insn;
    uint8_t observer_exit;       /* HZ_EXIT_* if the reader is beyond the function */
    struct hz_bits observed;     /* what it reads */
};

struct hz_totals {
    size_t files, objects, functions, instructions;
    size_t pieces, runs, unrecognized, hazards;
    size_t hidden_stack_writes;  /* inserted stores below the red zone (unobservable) */
    size_t indirect_targets;     /* code addresses referred to from data or code */
    size_t undecodable;          /* functions whose decoding stopped early */
    size_t per_piece[32];
};

struct hz_checker {
    struct hz_decoder *decoder;
    void (*on_hazard)(const struct hz_hazard *h, void *ctx);
    void (*on_note)(const char *object, const char *message, void *ctx); /* unrecognized inserted code */
    void *ctx;
    struct hz_totals totals;
};

int hz_checker_init(struct hz_checker *c);
void hz_checker_free(struct hz_checker *c);
/* 0 when read (hazards go to on_hazard), -1 for bad input (err says why). */
int hz_check_file(struct hz_checker *c, const char *path, char *err, size_t errsize);

#endif
