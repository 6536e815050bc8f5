/* ELF rules (spec section 8, R-ELF): structure, segment layout and
 * protections; then the code segment goes to vxv_check_code. The headers are
 * read straight from the caller's bytes with explicit bounds (no library
 * state, no allocation): the cost is a constant per program header. */
#include "vxverify.h"
#include "native_segment.h"
#include "../include/vx/layout.h"
#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

_Static_assert(sizeof(((struct vxv_image *)0)->tls) == sizeof(Elf64_Phdr), "vxv_image.tls is an Elf64_Phdr");

static unsigned elf_error(struct vxv_sink *sink, const char *fmt, ...)
{
    struct vxv_violation v = {.rule = R_ELF};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v.text, sizeof v.text, fmt, ap);
    va_end(ap);
    sink->count++;
    if (sink->report)
        sink->report(sink->ctx, &v);
    return 1;
}

#define PAGE 4096ULL
#define MAX_PHDRS 64

static uint64_t page_down(uint64_t x) { return x & ~(PAGE - 1); }
static uint64_t page_up(uint64_t x) { return (x + PAGE - 1) & ~(PAGE - 1); }

/* Validates one PT_LOAD and appends it to image. Returns 0 when fine. */
static unsigned check_load(const Elf64_Phdr *ph, size_t file_size, struct vxv_image *img,
                           struct vxv_sink *sink)
{
    unsigned long long va = ph->p_vaddr;
    if (img->nsegments == VXV_MAX_SEGMENTS)
        return elf_error(sink, "more than %d PT_LOAD segments", VXV_MAX_SEGMENTS);
    if (ph->p_filesz > ph->p_memsz)
        return elf_error(sink, "segment at 0x%llx: p_filesz > p_memsz", va);
    if (ph->p_offset > file_size || ph->p_filesz > file_size - ph->p_offset)
        return elf_error(sink, "segment at 0x%llx: file range outside the file", va);
    if ((ph->p_vaddr - ph->p_offset) % PAGE)
        return elf_error(sink, "segment at 0x%llx: p_vaddr and p_offset differ modulo the page size", va);
    if (ph->p_vaddr < VX_IMAGE_MIN || ph->p_memsz > VX_IMAGE_MAX ||
        ph->p_vaddr > VX_IMAGE_MAX - ph->p_memsz)
        return elf_error(sink, "segment [0x%llx, +0x%llx) outside the image area [0x%llx, 0x%llx)",
                         va, (unsigned long long)ph->p_memsz,
                         (unsigned long long)VX_IMAGE_MIN, (unsigned long long)VX_IMAGE_MAX);
    if (!(ph->p_flags & PF_R))
        return elf_error(sink, "segment at 0x%llx lacks PF_R (every loaded segment must be readable)", va);
    if ((ph->p_flags & PF_W) && (ph->p_flags & PF_X))
        return elf_error(sink, "segment at 0x%llx is writable and executable", va);
    uint64_t lo = page_down(ph->p_vaddr), hi = page_up(ph->p_vaddr + ph->p_memsz);
    for (unsigned i = 0; i < img->nsegments; i++) {
        const struct vxv_segment *s = &img->seg[i];
        if (lo < page_up(s->vaddr + s->memsz) && page_down(s->vaddr) < hi)
            return elf_error(sink, "segments at 0x%llx and 0x%llx share a page",
                             (unsigned long long)s->vaddr, va);
    }
    if (ph->p_flags & PF_X) {
        if (img->code_size)
            return elf_error(sink, "more than one executable segment");
        if (ph->p_vaddr % VX_BUNDLE_SIZE || ph->p_memsz % VX_BUNDLE_SIZE ||
            ph->p_filesz != ph->p_memsz || ph->p_memsz == 0)
            return elf_error(sink, "code segment at 0x%llx: not bundle aligned, bundle padded and fully in the file", va);
        img->code_vaddr = ph->p_vaddr;
        img->code_size = ph->p_memsz;
        img->code_offset = ph->p_offset;
    }
    img->seg[img->nsegments++] = (struct vxv_segment){
        .vaddr = ph->p_vaddr, .memsz = ph->p_memsz, .offset = ph->p_offset,
        .filesz = ph->p_filesz, .flags = ph->p_flags};
    img->mapped_bytes += hi - lo;
    if (hi > img->image_end)
        img->image_end = hi;
    return 0;
}

static unsigned check_headers(const uint8_t *file, size_t size, struct vxv_image *img,
                              struct vxv_sink *sink)
{
    Elf64_Ehdr eh;
    memcpy(&eh, file, sizeof eh);
    if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0)
        return elf_error(sink, "not an ELF file");
    if (eh.e_ident[EI_CLASS] != ELFCLASS64)
        return elf_error(sink, "not a 64-bit ELF file");
    if (eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_machine != EM_X86_64)
        return elf_error(sink, "not a little-endian x86-64 ELF file");
    if (eh.e_type != ET_EXEC)
        return elf_error(sink, "not a static executable (e_type %u)", eh.e_type);
    if (eh.e_phnum == 0 || eh.e_phnum > MAX_PHDRS || eh.e_phentsize != sizeof(Elf64_Phdr))
        return elf_error(sink, "missing or implausible program header table");
    if (eh.e_phoff > size || (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr) > size - eh.e_phoff)
        return elf_error(sink, "program headers outside the file");
    unsigned tls_headers = 0;
    struct vxv_native native = {0};
    for (size_t i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        memcpy(&ph, file + eh.e_phoff + i * sizeof ph, sizeof ph);
        switch (ph.p_type) {
        case PT_LOAD:
            if (ph.p_memsz == 0 && ph.p_filesz == 0)
                break; /* maps nothing: ld emits these for empty output sections */
            if (vxv_is_native(&ph)) { /* kept out of img: never mapped (R-ELF-NATIVE) */
                if (vxv_native_add(&native, &ph, size, sink))
                    return 1;
                break;
            }
            if (check_load(&ph, size, img, sink))
                return 1;
            break;
        case PT_INTERP: case PT_DYNAMIC:
            return elf_error(sink, "PT_INTERP or PT_DYNAMIC present: images must be static");
        case PT_TLS:
            /* Only the guest's libc reads it (through AT_PHDR): a description
             * of bytes inside its own segments, never mapped by itself. */
            if (++tls_headers > 1 || ph.p_filesz > ph.p_memsz)
                return elf_error(sink, "more than one PT_TLS, or one with p_filesz > p_memsz");
            memcpy(&img->tls, &ph, sizeof img->tls);
            break;
        default:
            break; /* notes, GNU_STACK, ...: ignored, never mapped */
        }
    }
    if (vxv_native_disjoint(&native, img, sink))
        return 1;
    if (!img->code_size)
        return elf_error(sink, "no executable segment");
    if (eh.e_entry < img->code_vaddr || eh.e_entry - img->code_vaddr >= img->code_size ||
        eh.e_entry % VX_BUNDLE_SIZE)
        return elf_error(sink, "entry point 0x%llx is not a bundle start in the code segment",
                         (unsigned long long)eh.e_entry);
    img->entry = eh.e_entry;
    return 0;
}

unsigned vxv_check_elf(const uint8_t *file, size_t size, struct vxv_sink *sink,
                       struct vxv_image *image)
{
    struct vxv_image img;
    memset(&img, 0, sizeof img);
    if (size < sizeof(Elf64_Ehdr))
        return elf_error(sink, "file too short for an ELF header (%zu bytes)", size);
    unsigned bad = check_headers(file, size, &img, sink);
    if (!bad)
        *image = img;
    return bad;
}

unsigned vxv_check_image(const uint8_t *file, size_t size, const struct vxv_policy *policy,
                         struct vxv_sink *sink, struct vxv_image *image)
{
    struct vxv_image img;
    unsigned bad = vxv_check_elf(file, size, sink, &img);
    if (!bad)
        bad = vxv_check_code(file + img.code_offset, img.code_size, img.code_vaddr, policy, sink);
    if (!bad && image)
        *image = img;
    return bad;
}
