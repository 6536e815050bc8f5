/* The exported-function table of an image, parsed from its section headers
 * with explicit bounds (spec section 8, "Loading cost"). Standalone (no
 * sandbox) so that the fuzzer can drive it. */
#ifndef VX_SYMTAB_H
#define VX_SYMTAB_H
#include <stddef.h>
#include <stdint.h>

#define VX_SYMBOL_NAME_MAX 255   /* longer names are not exported */

struct vx_symbol {
    uint32_t name;            /* offset into vx_symtab.names */
    uint64_t addr;            /* sandbox offset, a bundle start in the code */
};

struct vx_symtab {
    char *names;              /* one copy of the image's string table */
    struct vx_symbol *sym;
    size_t n;
    size_t host_bytes;        /* what the table costs the host */
};

/* Reads the first SHT_SYMTAB of file (only that one) and keeps the global
 * STT_FUNC symbols at bundle starts of [code_vaddr, code_vaddr+code_size).
 * Malformed tables export nothing. Time linear in the section and symbol
 * counts; host memory at most the string table plus 16 bytes per symbol
 * entry (24 file bytes each): under 1.7 times the file size. Returns -1 only
 * when memory runs out. */
int vx_symtab_parse(const uint8_t *file, size_t size, uint64_t code_vaddr, uint64_t code_size,
                    struct vx_symtab *out);
void vx_symtab_free(struct vx_symtab *t);
/* Sandbox offset of the exported function name, 0 if there is none. */
uint64_t vx_symtab_find(const struct vx_symtab *t, const char *name);

#endif
