/* ar archives are walked here (the format is three lines of C); each
 * member and each plain file is read with libelf from memory. Every
 * offset the headers give is checked against the bytes there are. */
#include "elf_input.h"
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int bad(char *err, size_t size, const char *fmt, const char *a, const char *b)
{
    snprintf(err, size, fmt, a, b);
    return -1;
}

static int read_all(const char *path, uint8_t **buf, size_t *len, char *err, size_t errsize)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return bad(err, errsize, "%s: %s", path, errno == ENOENT ? "missing file (no such file)" : strerror(errno));
    if (S_ISDIR(st.st_mode))
        return bad(err, errsize, "%s: %s", path, "unreadable: is a directory");
    FILE *f = fopen(path, "rb");
    if (!f)
        return bad(err, errsize, "%s: unreadable: %s", path, strerror(errno));
    *len = (size_t)st.st_size;
    *buf = malloc(*len ? *len : 1);
    size_t got = *buf ? fread(*buf, 1, *len, f) : 0;
    int failed = ferror(f) || got != *len;
    fclose(f);
    if (!*buf || failed) {
        free(*buf);
        return bad(err, errsize, "%s: %s", path, "unreadable: read failed");
    }
    return 0;
}

static void free_object(struct hz_object *o)
{
    free(o->sections);
    free(o->symbols);
    free(o->relocs);
}

static int truncated(char *err, size_t size, const char *name, const char *what)
{
    return bad(err, size, "%s: truncated ELF file (%s lies beyond the end of the file)", name, what);
}

/* Fills o from the ELF bytes [buf, buf+len); o->name is set. */
static int load_elf(uint8_t *buf, size_t len, struct hz_object *o, char *err, size_t errsize)
{
    if (len < 4 || memcmp(buf, ELFMAG, SELFMAG) != 0)
        return bad(err, errsize, "%s: %s", o->name, "not an ELF file or ar archive");
    if (len < sizeof(Elf64_Ehdr))
        return truncated(err, errsize, o->name, "the ELF header");
    if (buf[EI_CLASS] != ELFCLASS64)
        return bad(err, errsize, "%s: %s", o->name, "not a 64-bit ELF file");
    Elf *e = elf_memory((char *)buf, len);
    GElf_Ehdr eh;
    if (!e || !gelf_getehdr(e, &eh)) {
        if (e)
            elf_end(e);
        return bad(err, errsize, "%s: unreadable ELF header: %s", o->name, elf_errmsg(-1));
    }
    int rc = 0;
    size_t shnum = 0, shstrndx = 0;
    if (eh.e_machine != EM_X86_64) {
        rc = bad(err, errsize, "%s: %s", o->name, "not an x86-64 ELF file");
        goto out;
    }
    if (eh.e_type != ET_REL && eh.e_type != ET_EXEC && eh.e_type != ET_DYN) {
        rc = bad(err, errsize, "%s: %s", o->name, "neither an object file nor a linked image");
        goto out;
    }
    if (eh.e_shoff > len || (uint64_t)eh.e_shnum * eh.e_shentsize > len - eh.e_shoff) {
        rc = truncated(err, errsize, o->name, "the section header table");
        goto out;
    }
    if (elf_getshdrnum(e, &shnum) != 0 || elf_getshdrstrndx(e, &shstrndx) != 0) {
        rc = bad(err, errsize, "%s: unreadable section headers: %s", o->name, elf_errmsg(-1));
        goto out;
    }
    o->relocatable = eh.e_type == ET_REL;
    o->nsections = shnum;
    o->sections = calloc(shnum ? shnum : 1, sizeof *o->sections);
    if (!o->sections)
        abort();
    /* Pass 1: sections; count symbols and relocations. */
    size_t nsyms = 0, nrel = 0;
    for (size_t i = 1; i < shnum; i++) {
        Elf_Scn *scn = elf_getscn(e, i);
        GElf_Shdr sh;
        if (!scn || !gelf_getshdr(scn, &sh)) {
            rc = bad(err, errsize, "%s: unreadable section header: %s", o->name, elf_errmsg(-1));
            goto out;
        }
        if (sh.sh_type != SHT_NOBITS && (sh.sh_offset > len || sh.sh_size > len - sh.sh_offset)) {
            char what[64];
            snprintf(what, sizeof what, "section %zu's contents", i);
            rc = truncated(err, errsize, o->name, what);
            goto out;
        }
        const char *name = elf_strptr(e, shstrndx, sh.sh_name);
        o->sections[i] = (struct hz_section){name ? name : "?", sh.sh_type, sh.sh_flags, sh.sh_addr, sh.sh_size,
                                             sh.sh_type == SHT_NOBITS ? NULL : buf + sh.sh_offset};
        if (sh.sh_type == SHT_SYMTAB && sh.sh_entsize)
            nsyms += sh.sh_size / sh.sh_entsize;
        if (sh.sh_type == SHT_RELA && sh.sh_entsize)
            nrel += sh.sh_size / sh.sh_entsize;
    }
    o->symbols = calloc(nsyms ? nsyms : 1, sizeof *o->symbols);
    o->relocs = calloc(nrel ? nrel : 1, sizeof *o->relocs);
    if (!o->symbols || !o->relocs)
        abort();
    /* Pass 2: the symbol table (there is at most one), then relocations. */
    for (size_t i = 1; i < shnum; i++) {
        Elf_Scn *scn = elf_getscn(e, i);
        GElf_Shdr sh;
        gelf_getshdr(scn, &sh);
        if (sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
            continue;
        Elf_Data *d = elf_getdata(scn, NULL);
        for (size_t k = 0; d && k < sh.sh_size / sh.sh_entsize && o->nsymbols < nsyms; k++) {
            GElf_Sym s;
            if (!gelf_getsym(d, (int)k, &s))
                break;
            const char *name = elf_strptr(e, sh.sh_link, s.st_name);
            o->symbols[o->nsymbols++] = (struct hz_symbol){name ? name : "", s.st_value, s.st_size, s.st_shndx,
                                                           GELF_ST_TYPE(s.st_info), GELF_ST_BIND(s.st_info)};
        }
    }
    for (size_t i = 1; i < shnum; i++) {
        Elf_Scn *scn = elf_getscn(e, i);
        GElf_Shdr sh;
        gelf_getshdr(scn, &sh);
        if (sh.sh_type != SHT_RELA || !sh.sh_entsize)
            continue;
        Elf_Data *d = elf_getdata(scn, NULL);
        for (size_t k = 0; d && k < sh.sh_size / sh.sh_entsize && o->nrelocs < nrel; k++) {
            GElf_Rela r;
            if (!gelf_getrela(d, (int)k, &r))
                break;
            o->relocs[o->nrelocs++] = (struct hz_reloc){(uint32_t)sh.sh_info, (uint32_t)GELF_R_TYPE(r.r_info),
                                                        r.r_offset, (uint32_t)GELF_R_SYM(r.r_info), r.r_addend};
        }
    }
    if (!rc)
        rc = 1; /* loaded */
out:
    elf_end(e);
    return rc;
}

static int one_elf(uint8_t *buf, size_t len, const char *name, hz_object_fn fn, void *ctx, char *err,
                   size_t errsize)
{
    struct hz_object o;
    memset(&o, 0, sizeof o);
    snprintf(o.name, sizeof o.name, "%s", name);
    int rc = load_elf(buf, len, &o, err, errsize);
    if (rc == 1)
        rc = fn(&o, ctx);
    free_object(&o);
    return rc;
}

/* System V / GNU ar: "!<arch>\n", then 60-byte headers, each member
 * padded to an even size; "/" and "/SYM64/" are symbol tables, "//" the
 * long-name table that "/123" names index. */
static int walk_archive(uint8_t *buf, size_t len, const char *path, hz_object_fn fn, void *ctx, char *err,
                        size_t errsize)
{
    size_t at = 8;
    const char *longnames = NULL;
    size_t longnames_len = 0;
    int members = 0;
    while (at < len) {
        if (len - at < 60)
            return bad(err, errsize, "%s: %s", path, "truncated archive (a member header is cut short)");
        const char *h = (const char *)buf + at;
        if (h[58] != '`' || h[59] != '\n')
            return bad(err, errsize, "%s: %s", path, "corrupt archive (a member header lacks its end marker)");
        char sizebuf[11];
        memcpy(sizebuf, h + 48, 10);
        sizebuf[10] = 0;
        char *end;
        unsigned long long size = strtoull(sizebuf, &end, 10);
        if (end == sizebuf)
            return bad(err, errsize, "%s: %s", path, "corrupt archive (a member size is not a number)");
        size_t data = at + 60;
        if (size > len - data)
            return bad(err, errsize, "%s: %s", path, "truncated archive (a member lies beyond the end of the file)");
        char name[256];
        if (!memcmp(h, "// ", 3) || !memcmp(h, "//  ", 4)) {
            longnames = (const char *)buf + data;
            longnames_len = size;
        } else if (h[0] == '/' && (h[1] == ' ' || !memcmp(h, "/SYM64/", 7))) {
            /* symbol table */
        } else {
            if (h[0] == '/' && longnames) {
                size_t off = strtoul(h + 1, NULL, 10);
                size_t n = 0;
                while (off + n < longnames_len && longnames[off + n] != '/' && longnames[off + n] != '\n')
                    n++;
                snprintf(name, sizeof name, "%.*s", (int)n, off < longnames_len ? longnames + off : "?");
            } else {
                size_t n = 0;
                while (n < 16 && h[n] != '/' && h[n] != ' ')
                    n++;
                snprintf(name, sizeof name, "%.*s", (int)n, h);
            }
            char full[600];
            snprintf(full, sizeof full, "%s(%s)", path, name);
            int rc = one_elf(buf + data, size, full, fn, ctx, err, errsize);
            if (rc)
                return rc;
            members++;
        }
        at = data + size + (size & 1);
    }
    (void)members;
    return 0;
}

int hz_read_file(const char *path, hz_object_fn fn, void *ctx, char *err, size_t errsize)
{
    static int elf_ready;
    if (!elf_ready) {
        if (elf_version(EV_CURRENT) == EV_NONE)
            return bad(err, errsize, "%s: %s", path, "libelf is unusable");
        elf_ready = 1;
    }
    uint8_t *buf;
    size_t len;
    if (read_all(path, &buf, &len, err, errsize))
        return -1;
    int rc;
    if (len >= 8 && !memcmp(buf, "!<arch>\n", 8))
        rc = walk_archive(buf, len, path, fn, ctx, err, errsize);
    else if (len >= 8 && !memcmp(buf, "!<thin>\n", 8))
        rc = bad(err, errsize, "%s: %s", path, "a thin archive (its members live in other files): pass those");
    else if (len == 0)
        rc = bad(err, errsize, "%s: %s", path, "empty file, not an ELF file or archive");
    else if (len < 4 || memcmp(buf, ELFMAG, SELFMAG) != 0)
        rc = bad(err, errsize, "%s: %s", path, "not an ELF file or ar archive");
    else
        rc = one_elf(buf, len, path, fn, ctx, err, errsize);
    free(buf);
    return rc;
}
