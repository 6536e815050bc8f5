/* Crafted vx images for loader tests: a list of PT_LOAD segments (bytes,
 * memory size, flags) laid out in a file, each at a file offset congruent to
 * its address modulo the page size. Optional extra bytes at the end (for
 * section and symbol tables a test builds itself). */
#ifndef VX_IMAGE_BUILDER_H
#define VX_IMAGE_BUILDER_H
#include "mini_elf.h"
#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define IB_MAX_SEGS 8

struct ib_segment {
    uint64_t vaddr, memsz;
    unsigned flags;          /* PF_R | PF_W | PF_X */
    const void *bytes;
    size_t filesz;
};

struct ib_image {
    struct ib_segment seg[IB_MAX_SEGS];
    unsigned nseg;
    uint64_t entry;          /* 0: VX_IMAGE_MIN */
};

static inline void ib_add(struct ib_image *im, uint64_t vaddr, unsigned flags, const void *bytes,
                          size_t filesz, uint64_t memsz)
{
    im->seg[im->nseg++] = (struct ib_segment){vaddr, memsz, flags, bytes, filesz};
}

/* File offset where the bytes after the last segment start. */
static inline size_t ib_segments_end(const struct ib_image *im)
{
    size_t off = 0x1000;
    for (unsigned i = 0; i < im->nseg; i++)
        off = ((off + 0xfff) & ~(size_t)0xfff) + (im->seg[i].vaddr & 0xfff) + im->seg[i].filesz;
    return off;
}

/* A malloc'd image file; tail (tail_len bytes) is appended after the segments. */
static inline uint8_t *ib_build(const struct ib_image *im, const void *tail, size_t tail_len,
                                size_t *size)
{
    size_t body = ib_segments_end(im);
    uint8_t *f = calloc(1, body + tail_len);
    if (!f)
        abort();
    Elf64_Ehdr *eh = (Elf64_Ehdr *)f;
    mini_elf_header(eh, im->nseg);
    if (im->entry)
        eh->e_entry = im->entry;
    Elf64_Phdr *ph = (Elf64_Phdr *)(f + sizeof *eh);
    size_t off = 0x1000;
    for (unsigned i = 0; i < im->nseg; i++) {
        const struct ib_segment *s = &im->seg[i];
        off = ((off + 0xfff) & ~(size_t)0xfff) + (s->vaddr & 0xfff);
        ph[i] = (Elf64_Phdr){.p_type = PT_LOAD, .p_flags = s->flags, .p_offset = off,
                             .p_vaddr = s->vaddr, .p_paddr = s->vaddr, .p_filesz = s->filesz,
                             .p_memsz = s->memsz, .p_align = 0x1000};
        if (s->filesz)
            memcpy(f + off, s->bytes, s->filesz);
        off += s->filesz;
    }
    if (tail_len)
        memcpy(f + body, tail, tail_len);
    *size = body + tail_len;
    return f;
}

/* Guest code snippets (bytes that the verifier accepts). */
#define IB_NOP32 \
    0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, \
    0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90

#endif
