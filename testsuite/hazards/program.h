/* An object's code as the checker analyses it: its functions (from the
 * symbol table), their instructions decoded in order, and which
 * instructions the rewriter inserted. */
#ifndef HZ_PROGRAM_H
#define HZ_PROGRAM_H

#include "decode.h"
#include "elf_input.h"
#include "sequences.h"

struct hz_function {
    const char *name;
    size_t family_len;           /* "main.cold" and "main" are one C function: the name up to the first '.' */
    uint32_t section;
    uint64_t start, end;         /* addresses: section offsets in an object file, virtual in an image */
    size_t first, count;         /* its instructions in hz_program.code */
    int undecodable;             /* decoding stopped early at bytes Capstone cannot read */
};

struct hz_program {
    const struct hz_object *obj;
    struct hz_insn *code;        /* every function's instructions, by section and address */
    struct hz_mark *marks;
    uint32_t *section_of;        /* per instruction */
    uint32_t *function_of;       /* per instruction: index into functions */
    size_t n;
    struct hz_function *functions;
    size_t nfunctions;
    size_t pieces, unrecognized; /* inserted pieces found, inserted instructions no piece explains */
};

int hz_program_build(struct hz_program *p, const struct hz_object *obj, struct hz_decoder *d);
void hz_program_free(struct hz_program *p);
/* The instruction starting exactly at addr in section, or -1. */
long hz_program_find(const struct hz_program *p, uint32_t section, uint64_t addr);
/* The function containing addr in section, or -1. */
long hz_program_function_at(const struct hz_program *p, uint32_t section, uint64_t addr);
/* Whether two functions are parts of one C function (foo, foo.cold, foo.part.0). */
int hz_same_family(const struct hz_function *a, const struct hz_function *b);
int hz_is_code_section(const struct hz_section *s);

#endif
