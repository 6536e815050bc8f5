/* libFuzzer target for the loader's parsing (make fuzz): the ELF rules
 * (vxv_check_elf, vxv_check_image) and the symbol-table reader, on any
 * bytes. Besides crashes (ASan, UBSan) it checks the symbol reader's own
 * promises: kept names are short and terminated, kept addresses are
 * callable, and its memory stays under 1.7 times the input. */
#include "symtab.h"
#include "vxverify.h"
#include "vx/layout.h"
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vxv_sink sink = {0};
    struct vxv_image img;
    uint64_t code = VX_IMAGE_MIN, code_size = 1 << 20; /* when the headers are bad */
    if (vxv_check_elf(data, size, &sink, &img) == 0) {
        code = img.code_vaddr;
        code_size = img.code_size;
        struct vxv_policy policy = {.max_errors = 1};
        struct vxv_sink all = {0};
        if (code_size <= 4096)
            vxv_check_image(data, size, &policy, &all, NULL);
    }
    struct vx_symtab t;
    if (vx_symtab_parse(data, size, code, code_size, &t) != 0)
        return 0;
    if (t.n && t.host_bytes > size * 17 / 10)
        abort();
    for (size_t i = 0; i < t.n; i++) {
        size_t len = strlen(t.names + t.sym[i].name);
        if (len == 0 || len > VX_SYMBOL_NAME_MAX || t.sym[i].addr % VX_BUNDLE_SIZE ||
            t.sym[i].addr < code || t.sym[i].addr - code >= code_size)
            abort();
        if (vx_symtab_find(&t, t.names + t.sym[i].name) == 0)
            abort();
    }
    vx_symtab_free(&t);
    return 0;
}
