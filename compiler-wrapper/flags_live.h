/* Where gcc's assembly keeps EFLAGS live: the rewriter may only insert a
 * flag-writing instruction (the masks of an indirect jump) where nothing
 * reads the flags before they are written again. */
#ifndef VXCC_FLAGS_LIVE_H
#define VXCC_FLAGS_LIVE_H
#include <stddef.h>

/* gcc's assembly as statements (one per instruction, label or directive),
 * in the order the rewriter meets them. */
struct asm_text {
    char **stmt;
    size_t n, cap;
};

void asm_text_add(struct asm_text *t, const char *stmt);
void asm_text_free(struct asm_text *t);

/* Can the flags as they are right before statement i be read, on some path,
 * before that flag is written (each flag on its own)? Paths follow fall-through, direct jumps and
 * jump tables; calls, returns and other indirect jumps end them (the ABI
 * leaves no flag live across a call or into a function). Unknown
 * instructions neither read nor write: the answer errs towards "live". */
int flags_live_from(const struct asm_text *t, size_t i);

/* Index of the statement that defines label, or -1. */
long asm_text_find_label(const struct asm_text *t, const char *label);

/* The first jump-table target (from the .quad/.long list at label table)
 * into which flags are live; NULL if none is. */
const char *jump_table_live_target(const struct asm_text *t, const char *table, char *buf, size_t size);

#endif
