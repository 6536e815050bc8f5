/* R-ELF-NATIVE: the one PT_LOAD that only a native run maps (the stub
 * crt0 jumps to when the kernel, not vxrun, started the image). The
 * verifier keeps it out of struct vxv_image, so the loader never maps it
 * and it counts for nothing: not code, not a segment, not memory. */
#ifndef VXV_NATIVE_SEGMENT_H
#define VXV_NATIVE_SEGMENT_H
#include "vxverify.h"
#include <elf.h>

struct vxv_native {
    int present;
    Elf64_Phdr ph;
};

/* Does this program header claim to be the native-only segment? */
int vxv_is_native(const Elf64_Phdr *ph);
/* Checks its shape and records it in *n; 0, or 1 after reporting why. */
unsigned vxv_native_add(struct vxv_native *n, const Elf64_Phdr *ph, size_t file_size, struct vxv_sink *sink);
/* Once every segment is known: it shares no page with any of them. */
unsigned vxv_native_disjoint(const struct vxv_native *n, const struct vxv_image *img, struct vxv_sink *sink);

#endif
