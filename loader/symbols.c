/* A sandbox's exported functions (the table itself: symtab.c). */
#include "sandbox_internal.h"
#include <string.h>

int vx_symbols_load(vx_sandbox *sb, const uint8_t *file, size_t size, const struct vxv_image *img)
{
    return vx_symtab_parse(file, size, img->code_vaddr, img->code_size, &sb->symtab);
}

void vx_symbols_free(vx_sandbox *sb)
{
    vx_symtab_free(&sb->symtab);
}

uint64_t vx_symbol_addr(const vx_sandbox *sb, const char *name)
{
    return vx_symtab_find(&sb->symtab, name);
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
