/* Exported guest functions: the image's global function symbols, kept only
 * where calling them is safe by construction (a bundle start inside the
 * verified code segment: every such address is an instruction start outside
 * any locked sequence). A stripped image simply exports nothing. The image
 * is hostile: every offset and count is checked against the file before it
 * is used, and only one symbol table is ever read. */
#include "symtab.h"
#include "vx/layout.h"
#include <elf.h>
#include <stdlib.h>
#include <string.h>

static int range_ok(uint64_t off, uint64_t len, size_t size)
{
    return off <= size && len <= size - off;
}

static int shdr_at(const uint8_t *file, size_t size, const Elf64_Ehdr *eh, size_t i, Elf64_Shdr *sh)
{
    if (i >= eh->e_shnum)
        return -1;
    memcpy(sh, file + eh->e_shoff + i * sizeof *sh, sizeof *sh);
    return range_ok(sh->sh_offset, sh->sh_size, size) ? 0 : -1;
}

/* The symbol's name offset if it is an exported, callable function. */
static int exported(const Elf64_Sym *s, const char *strtab, uint64_t strsize, uint64_t code_vaddr,
                    uint64_t code_size)
{
    if (ELF64_ST_TYPE(s->st_info) != STT_FUNC || ELF64_ST_BIND(s->st_info) == STB_LOCAL)
        return 0;
    if (s->st_value % VX_BUNDLE_SIZE || s->st_value < code_vaddr || s->st_value - code_vaddr >= code_size)
        return 0;
    if (s->st_name == 0 || s->st_name >= strsize)
        return 0;
    uint64_t room = strsize - s->st_name;
    size_t len = strnlen(strtab + s->st_name, room < VX_SYMBOL_NAME_MAX + 1 ? room : VX_SYMBOL_NAME_MAX + 1);
    return len > 0 && len <= VX_SYMBOL_NAME_MAX && len < room; /* terminated inside the table */
}

int vx_symtab_parse(const uint8_t *file, size_t size, uint64_t code_vaddr, uint64_t code_size,
                    struct vx_symtab *out)
{
    memset(out, 0, sizeof *out);
    Elf64_Ehdr eh;
    if (size < sizeof eh)
        return 0;
    memcpy(&eh, file, sizeof eh);
    /* e_shnum == 0 also covers extended numbering: such images export nothing. */
    if (eh.e_shnum == 0 || eh.e_shentsize != sizeof(Elf64_Shdr) ||
        !range_ok(eh.e_shoff, (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr), size))
        return 0;
    Elf64_Shdr sym, str;
    size_t i = 0;
    for (; i < eh.e_shnum; i++) {
        memcpy(&sym, file + eh.e_shoff + i * sizeof sym, sizeof sym);
        if (sym.sh_type == SHT_SYMTAB)
            break;
    }
    if (i == eh.e_shnum || sym.sh_entsize != sizeof(Elf64_Sym) ||
        !range_ok(sym.sh_offset, sym.sh_size, size) || shdr_at(file, size, &eh, sym.sh_link, &str) != 0 ||
        str.sh_type != SHT_STRTAB || str.sh_size == 0)
        return 0;
    const char *strtab = (const char *)file + str.sh_offset;
    size_t nsyms = sym.sh_size / sizeof(Elf64_Sym), keep = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < nsyms; k++) {
            Elf64_Sym s;
            memcpy(&s, file + sym.sh_offset + k * sizeof s, sizeof s);
            if (!exported(&s, strtab, str.sh_size, code_vaddr, code_size))
                continue;
            if (pass == 1)
                out->sym[out->n++] = (struct vx_symbol){s.st_name, s.st_value};
            else
                keep++;
        }
        if (pass == 0) {
            if (!keep)
                return 0;
            out->sym = malloc(keep * sizeof *out->sym);
            out->names = malloc(str.sh_size);
            if (!out->sym || !out->names) {
                vx_symtab_free(out);
                return -1;
            }
            memcpy(out->names, strtab, str.sh_size);
            out->host_bytes = keep * sizeof *out->sym + str.sh_size;
        }
    }
    return 0;
}

void vx_symtab_free(struct vx_symtab *t)
{
    free(t->sym);
    free(t->names);
    memset(t, 0, sizeof *t);
}

uint64_t vx_symtab_find(const struct vx_symtab *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->names + t->sym[i].name, name))
            return t->sym[i].addr;
    return 0;
}
