/* The ELF header of a minimal vx image (entry at the image start), for
 * tests and benchmarks that build images by hand. */
#ifndef VX_MINI_ELF_H
#define VX_MINI_ELF_H
#include "vx/layout.h"
#include <elf.h>
#include <string.h>

static inline void mini_elf_header(Elf64_Ehdr *eh, unsigned phnum)
{
    memset(eh, 0, sizeof *eh);
    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = ET_EXEC;
    eh->e_machine = EM_X86_64;
    eh->e_version = EV_CURRENT;
    eh->e_entry = VX_IMAGE_MIN;
    eh->e_phoff = sizeof *eh;
    eh->e_ehsize = sizeof *eh;
    eh->e_phentsize = sizeof(Elf64_Phdr);
    eh->e_phnum = (Elf64_Half)phnum;
}

#endif
