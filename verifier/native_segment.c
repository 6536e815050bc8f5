/* R-ELF-NATIVE (spec section 8). Only one exact shape is left unmapped:
 * PF_R | PF_X | VX_PF_NATIVE, file-backed, at most a page, inside the image
 * area, sharing no page with a segment the loader maps. Anything else
 * carrying the bit is refused, so the bit can never hide a segment the
 * loader would otherwise map, and what a native run maps beside the
 * sandbox's segments can never share a page with them. */
#include "native_segment.h"
#include "vx/image_mark.h"
#include "vx/layout.h"
#include <stdarg.h>
#include <stdio.h>

#define PAGE 4096ULL
#define NATIVE_FLAGS (PF_R | PF_X | VX_PF_NATIVE)

static unsigned native_error(struct vxv_sink *sink, const char *fmt, ...)
{
    struct vxv_violation v = {.rule = R_ELF_NATIVE};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v.text, sizeof v.text, fmt, ap);
    va_end(ap);
    sink->count++;
    if (sink->report)
        sink->report(sink->ctx, &v);
    return 1;
}

int vxv_is_native(const Elf64_Phdr *ph)
{
    return (ph->p_flags & VX_PF_NATIVE) != 0;
}

unsigned vxv_native_add(struct vxv_native *n, const Elf64_Phdr *ph, size_t file_size, struct vxv_sink *sink)
{
    unsigned long long va = ph->p_vaddr;
    if (n->present)
        return native_error(sink, "more than one native-only segment");
    if (ph->p_flags != NATIVE_FLAGS)
        return native_error(sink, "native-only segment at 0x%llx: p_flags 0x%x, not exactly PF_R|PF_X|0x%x",
                            va, ph->p_flags, VX_PF_NATIVE);
    if (ph->p_filesz != ph->p_memsz || ph->p_memsz > VX_NATIVE_MAX_SIZE)
        return native_error(sink, "native-only segment at 0x%llx: not file-backed (p_filesz == p_memsz) "
                            "within %u bytes", va, VX_NATIVE_MAX_SIZE);
    if (ph->p_offset > file_size || ph->p_filesz > file_size - ph->p_offset)
        return native_error(sink, "native-only segment at 0x%llx: file range outside the file", va);
    if ((ph->p_vaddr - ph->p_offset) % PAGE)
        return native_error(sink, "native-only segment at 0x%llx: p_vaddr and p_offset differ modulo the page size",
                            va);
    if (ph->p_vaddr < VX_IMAGE_MIN || ph->p_vaddr > VX_IMAGE_MAX - ph->p_memsz)
        return native_error(sink, "native-only segment at 0x%llx outside the image area [0x%llx, 0x%llx)", va,
                            (unsigned long long)VX_IMAGE_MIN, (unsigned long long)VX_IMAGE_MAX);
    *n = (struct vxv_native){.present = 1, .ph = *ph};
    return 0;
}

unsigned vxv_native_disjoint(const struct vxv_native *n, const struct vxv_image *img, struct vxv_sink *sink)
{
    if (!n->present)
        return 0;
    uint64_t native_lo = n->ph.p_vaddr & ~(PAGE - 1);
    uint64_t native_hi = (n->ph.p_vaddr + n->ph.p_memsz + PAGE - 1) & ~(PAGE - 1);
    for (unsigned i = 0; i < img->nsegments; i++) {
        const struct vxv_segment *s = &img->seg[i];
        uint64_t lo = s->vaddr & ~(PAGE - 1), hi = (s->vaddr + s->memsz + PAGE - 1) & ~(PAGE - 1);
        if (native_lo < hi && lo < native_hi)
            return native_error(sink, "native-only segment at 0x%llx shares a page with the segment at 0x%llx",
                                (unsigned long long)n->ph.p_vaddr, (unsigned long long)s->vaddr);
    }
    return 0;
}
