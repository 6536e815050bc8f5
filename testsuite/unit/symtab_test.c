/* The symbol-table reader (loader/symtab.c) on malformed tables: every
 * offset, count and name is checked against the file, only the first
 * SHT_SYMTAB is read, and a bad shape exports nothing rather than reading
 * outside the file. */
#include "symtab.h"
#include "vx/layout.h"
#include <criterion/criterion.h>
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#define CODE VX_IMAGE_MIN
#define CODE_SIZE 0x1000

/* A file: ELF header, strtab at 0x100, symtab at 0x400, section headers at
 * 0x800 ([0] null, [1] strtab, [2] symtab, [3] a second symtab). */
struct file {
    uint8_t b[0x800 + 4 * sizeof(Elf64_Shdr)];
    Elf64_Ehdr *eh;
    Elf64_Shdr *sh;
    Elf64_Sym *sym;
    char *str;
};

static void make(struct file *f, const char *name, uint64_t addr)
{
    memset(f->b, 0, sizeof f->b);
    f->eh = (Elf64_Ehdr *)f->b;
    f->eh->e_shoff = 0x800;
    f->eh->e_shnum = 4;
    f->eh->e_shentsize = sizeof(Elf64_Shdr);
    f->str = (char *)f->b + 0x100;
    strcpy(f->str + 1, name);
    f->sym = (Elf64_Sym *)(f->b + 0x400);
    f->sym[1] = (Elf64_Sym){.st_name = 1, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC), .st_value = addr};
    f->sh = (Elf64_Shdr *)(f->b + 0x800);
    f->sh[1] = (Elf64_Shdr){.sh_type = SHT_STRTAB, .sh_offset = 0x100, .sh_size = 0x300};
    f->sh[2] = (Elf64_Shdr){.sh_type = SHT_SYMTAB, .sh_offset = 0x400, .sh_size = 2 * sizeof(Elf64_Sym),
                            .sh_link = 1, .sh_entsize = sizeof(Elf64_Sym)};
}

static uint64_t lookup(struct file *f, size_t size, const char *name)
{
    struct vx_symtab t;
    cr_assert_eq(vx_symtab_parse(f->b, size, CODE, CODE_SIZE, &t), 0);
    uint64_t a = vx_symtab_find(&t, name);
    cr_expect_leq(t.host_bytes, size * 17 / 10);
    vx_symtab_free(&t);
    return a;
}

Test(symtab, a_good_table_exports_its_function)
{
    struct file f;
    make(&f, "entry", CODE + 64);
    cr_expect_eq(lookup(&f, sizeof f.b, "entry"), CODE + 64);
    cr_expect_eq(lookup(&f, sizeof f.b, "entr"), 0);
}

Test(symtab, symbols_that_are_not_callable_functions_are_dropped)
{
    static const struct { unsigned char info; uint64_t addr; const char *why; } bad[] = {
        {ELF64_ST_INFO(STB_LOCAL, STT_FUNC), CODE, "local"},
        {ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT), CODE, "not a function"},
        {ELF64_ST_INFO(STB_GLOBAL, STT_FUNC), CODE + 8, "not a bundle start"},
        {ELF64_ST_INFO(STB_GLOBAL, STT_FUNC), CODE + CODE_SIZE, "past the code"},
        {ELF64_ST_INFO(STB_GLOBAL, STT_FUNC), CODE - 32, "before the code"},
    };
    for (unsigned i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct file f;
        make(&f, "f", bad[i].addr);
        f.sym[1].st_info = bad[i].info;
        cr_expect_eq(lookup(&f, sizeof f.b, "f"), 0, "%s", bad[i].why);
    }
}

Test(symtab, names_must_be_short_and_terminated_inside_the_table)
{
    struct file f;
    char name[300];
    memset(name, 'n', sizeof name - 1);
    name[VX_SYMBOL_NAME_MAX] = 0;
    make(&f, name, CODE);
    cr_expect_eq(lookup(&f, sizeof f.b, name), CODE, "255 bytes is allowed");
    name[VX_SYMBOL_NAME_MAX] = 'n';
    name[VX_SYMBOL_NAME_MAX + 1] = 0;
    make(&f, name, CODE);
    cr_expect_eq(lookup(&f, sizeof f.b, name), 0, "256 bytes is not");
    make(&f, "abc", CODE);
    f.sh[1].sh_size = 3; /* "\0ab": the name runs off the table's end */
    cr_expect_eq(lookup(&f, sizeof f.b, "abc"), 0);
    make(&f, "abc", CODE);
    f.sym[1].st_name = 0x300; /* past the table */
    cr_expect_eq(lookup(&f, sizeof f.b, "abc"), 0);
}

Test(symtab, tables_outside_the_file_or_of_the_wrong_shape_export_nothing)
{
    struct file f;
    make(&f, "g", CODE);
    f.sh[2].sh_size = 0x10000;
    cr_expect_eq(lookup(&f, sizeof f.b, "g"), 0, "symbol table past the end");
    make(&f, "g", CODE);
    f.sh[1].sh_offset = sizeof f.b;
    cr_expect_eq(lookup(&f, sizeof f.b, "g"), 0, "string table past the end");
    make(&f, "g", CODE);
    f.sh[2].sh_link = 4;
    cr_expect_eq(lookup(&f, sizeof f.b, "g"), 0, "link past the section count");
    make(&f, "g", CODE);
    f.sh[1].sh_type = SHT_PROGBITS;
    cr_expect_eq(lookup(&f, sizeof f.b, "g"), 0, "link to a non-string table");
    make(&f, "g", CODE);
    f.sh[2].sh_entsize = 16;
    cr_expect_eq(lookup(&f, sizeof f.b, "g"), 0, "odd entry size");
    make(&f, "g", CODE);
    f.eh->e_shentsize = 40;
    cr_expect_eq(lookup(&f, sizeof f.b, "g"), 0, "odd section header size");
    make(&f, "g", CODE);
    f.eh->e_shnum = 5;
    cr_expect_eq(lookup(&f, sizeof f.b, "g"), 0, "section headers past the end");
    make(&f, "g", CODE);
    f.eh->e_shnum = 0; /* extended numbering, or none */
    cr_expect_eq(lookup(&f, sizeof f.b, "g"), 0);
    make(&f, "g", CODE);
    cr_expect_eq(lookup(&f, 0x10, "g"), 0, "a file shorter than its ELF header");
}

Test(symtab, only_the_first_symbol_table_is_read)
{
    struct file f;
    make(&f, "first", CODE);
    strcpy(f.str + 0x20, "second");
    Elf64_Sym *other = (Elf64_Sym *)(f.b + 0x600);
    other[0] = (Elf64_Sym){.st_name = 0x20, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC), .st_value = CODE};
    f.sh[3] = (Elf64_Shdr){.sh_type = SHT_SYMTAB, .sh_offset = 0x600, .sh_size = sizeof(Elf64_Sym),
                           .sh_link = 1, .sh_entsize = sizeof(Elf64_Sym)};
    cr_expect_eq(lookup(&f, sizeof f.b, "first"), CODE);
    cr_expect_eq(lookup(&f, sizeof f.b, "second"), 0);
}
