/* Splitting one line of GNU AT&T assembly into its parts. */
#ifndef VXCC_ASM_LINE_H
#define VXCC_ASM_LINE_H

#define ASM_MAX_OPS 4
#define ASM_TOKEN 256

struct asm_insn {
    char prefix[32];                 /* "rep", "lock", ... (may be empty) */
    char mnemonic[32];
    int nops;
    char ops[ASM_MAX_OPS][ASM_TOKEN];/* operands, source first (AT&T order) */
};

/* A memory operand: [seg:]disp(base,index,scale). Empty strings when absent. */
struct asm_mem {
    char seg[8], disp[ASM_TOKEN], base[16], index[16], scale[4];
    int star;                        /* "*" prefix of indirect branches */
};

/* Removes a trailing comment and surrounding blanks, in place. */
void asm_strip(char *line);
/* If line starts with "label:", copies the label and returns the rest. */
const char *asm_take_label(const char *line, char *label, int size);
/* Parses "prefix mnemonic op, op" ; returns 0 on success. */
int asm_parse_insn(const char *text, struct asm_insn *out);
/* Parses a memory operand; returns 0 if op is one. */
int asm_parse_mem(const char *op, struct asm_mem *out);
/* Formats a memory operand back. */
void asm_format_mem(const struct asm_mem *m, char *out, int size);

#endif
