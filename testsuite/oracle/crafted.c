/* Crafted images (see crafted.h). */
#include "crafted.h"
#include "mini_elf.h"
#include <string.h>

size_t vxo_craft_image(uint8_t *out, size_t cap, uint64_t code_vaddr, const uint8_t *code, size_t code_size)
{
    /* File offset congruent to the address mod 4096, after the headers. */
    uint64_t offset = 4096 + (code_vaddr & 4095);
    size_t size = offset + code_size;
    if (size > cap)
        return 0;
    memset(out, 0, size);
    Elf64_Ehdr *eh = (Elf64_Ehdr *)out;
    mini_elf_header(eh, 1);
    eh->e_entry = code_vaddr;
    Elf64_Phdr *ph = (Elf64_Phdr *)(out + sizeof *eh);
    ph->p_type = PT_LOAD;
    ph->p_flags = PF_R | PF_X;
    ph->p_offset = offset;
    ph->p_vaddr = ph->p_paddr = code_vaddr;
    ph->p_filesz = ph->p_memsz = code_size;
    ph->p_align = 4096;
    memcpy(out + offset, code, code_size);
    return size;
}

size_t vxo_crafted_code(uint8_t *out, size_t bundles)
{
    static const uint8_t masked_ret[] = {0x41, 0xbb, 0xe0, 0xff, 0xff, 0xff, 0x4c, 0x21, 0x1c, 0x24,
                                         0x4c, 0x09, 0x34, 0x24, 0xc3};
    memset(out, 0x90, bundles * 32);
    for (size_t b = 0; b < bundles; b++)
        memcpy(out + b * 32 + 32 - sizeof masked_ret, masked_ret, sizeof masked_ret);
    return bundles * 32;
}
