/* Exported guest functions: the image's global function symbols, kept only
 * where calling them is safe by construction (a bundle start inside the
 * verified code segment: every such address is an instruction start outside
 * any locked sequence). A stripped image simply exports nothing. */
#include "sandbox_internal.h"
#include "vx/layout.h"
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>

static int callable(const vx_sandbox *sb, uint64_t addr)
{
    return addr % VX_BUNDLE_SIZE == 0 && addr >= sb->image.code_vaddr &&
           addr - sb->image.code_vaddr < sb->image.code_size;
}

static int add_symbol(vx_sandbox *sb, const char *name, uint64_t addr)
{
    if (sb->nsymbols % 64 == 0) {
        struct vx_symbol *n = realloc(sb->symbols, (sb->nsymbols + 64) * sizeof *n);
        if (!n)
            return -1;
        sb->symbols = n;
    }
    char *copy = strdup(name);
    if (!copy)
        return -1;
    sb->symbols[sb->nsymbols++] = (struct vx_symbol){copy, addr};
    return 0;
}

void vx_symbols_load(vx_sandbox *sb, const void *file, size_t size)
{
    if (elf_version(EV_CURRENT) == EV_NONE)
        return;
    Elf *elf = elf_memory((char *)file, size);
    if (!elf)
        return;
    Elf_Scn *scn = NULL;
    while ((scn = elf_nextscn(elf, scn))) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
            continue;
        Elf_Data *data = elf_getdata(scn, NULL);
        if (!data)
            continue;
        size_t n = data->d_size / sh.sh_entsize;
        for (size_t i = 0; i < n; i++) {
            GElf_Sym sym;
            if (!gelf_getsym(data, (int)i, &sym) || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
                GELF_ST_BIND(sym.st_info) == STB_LOCAL || !callable(sb, sym.st_value))
                continue;
            const char *name = elf_strptr(elf, sh.sh_link, sym.st_name);
            if (name && *name && strlen(name) < 256 && add_symbol(sb, name, sym.st_value) != 0)
                break;
        }
    }
    elf_end(elf);
}

void vx_symbols_free(vx_sandbox *sb)
{
    for (size_t i = 0; i < sb->nsymbols; i++)
        free(sb->symbols[i].name);
    free(sb->symbols);
    sb->symbols = NULL;
    sb->nsymbols = 0;
}

uint64_t vx_symbol_addr(const vx_sandbox *sb, const char *name)
{
    for (size_t i = 0; i < sb->nsymbols; i++)
        if (!strcmp(sb->symbols[i].name, name))
            return sb->symbols[i].addr;
    return 0;
}

vx_status vx_lookup(vx_sandbox *sb, const char *name, uint64_t *addr)
{
    if (!sb || !name || !addr)
        return VX_ERR_ARG;
    if ((*addr = vx_symbol_addr(sb, name)))
        return VX_OK;
    vx_set_error(sb, VX_ERR_ARG, "the image exports no function named %s", name);
    return VX_ERR_ARG;
}
