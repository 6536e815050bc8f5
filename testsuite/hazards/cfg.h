/* The control-flow graph of an object's code, instruction by instruction,
 * and what each instruction reads and writes in the un-rewritten program
 * (the rewriter's own instructions read and write nothing there). */
#ifndef HZ_CFG_H
#define HZ_CFG_H

#include "program.h"

enum { HZ_EXIT_RETURN = 1, HZ_EXIT_TAIL = 2, HZ_EXIT_UNKNOWN = 4 };

struct hz_node {
    struct hz_bits use, def;     /* the original program's reads and sure writes here */
    uint32_t first_succ, nsucc;  /* into hz_cfg.succ */
    uint8_t exits;               /* HZ_EXIT_*: leaves the code the checker sees */
    uint8_t jump_target;         /* reached other than by falling through */
};

struct hz_cfg {
    struct hz_node *nodes;       /* one per instruction of the program */
    uint32_t *succ;
    size_t nsucc, cap;
    size_t indirect_targets;     /* code addresses that data or code refer to (jump-table entries ...) */
};

void hz_cfg_build(struct hz_cfg *g, const struct hz_program *p);
void hz_cfg_free(struct hz_cfg *g);
/* The state an exit reads. */
struct hz_bits hz_exit_live(uint8_t exits);

#endif
