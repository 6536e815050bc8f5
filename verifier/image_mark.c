/* Reads the vx mark (include/vx/image_mark.h). It routes an image to
 * vxrun; it proves nothing, so no verdict depends on it. */
#include "vxverify.h"
#include "vx/image_mark.h"
#include <elf.h>
#include <string.h>

int vxv_image_mark(const uint8_t *file, size_t size)
{
    if (size < EI_NIDENT || memcmp(file, ELFMAG, SELFMAG) != 0)
        return 0;
    const uint8_t *m = file + VX_MARK_OFFSET;
    if (m[0] != VX_MARK_BYTE0 || m[1] != VX_MARK_BYTE1 || m[2] == 0)
        return 0;
    return m[2];
}
