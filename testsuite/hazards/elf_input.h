/* Reading the checker's inputs: an ELF file (relocatable object or linked
 * image) or an ar archive of objects, as sections, symbols and
 * relocations. Anything else, and anything cut short, is bad input with
 * a message that names the cause. */
#ifndef HZ_ELF_INPUT_H
#define HZ_ELF_INPUT_H

#include <stddef.h>
#include <stdint.h>

struct hz_section {
    const char *name;
    uint32_t type;        /* SHT_* */
    uint64_t flags;       /* SHF_* */
    uint64_t addr, size;
    const uint8_t *data;  /* NULL for SHT_NOBITS */
};

struct hz_symbol {
    const char *name;
    uint64_t value, size;
    uint32_t shndx;       /* section index, SHN_UNDEF (0) if undefined */
    uint8_t type, bind;   /* STT_*, STB_* */
};

struct hz_reloc {
    uint32_t section;     /* the section it patches */
    uint32_t type;        /* R_X86_64_* */
    uint64_t offset;      /* within that section */
    uint32_t sym;         /* index into symbols */
    int64_t addend;
};

struct hz_object {
    char name[600];       /* "libc.a(memset.o)" for a member */
    int relocatable;      /* ET_REL: addresses are section offsets */
    struct hz_section *sections;
    size_t nsections;
    struct hz_symbol *symbols;
    size_t nsymbols;
    struct hz_reloc *relocs;
    size_t nrelocs;
};

/* Calls fn for each object in the file at path (one, or each member of an
 * archive); fn returning non-zero stops the walk with that value. Returns
 * 0, fn's value, or -1 with a message in err for bad input. */
typedef int (*hz_object_fn)(const struct hz_object *obj, void *ctx);
int hz_read_file(const char *path, hz_object_fn fn, void *ctx, char *err, size_t errsize);

#endif
