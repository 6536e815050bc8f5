/* Loading: verify first (the only trusted verdict), then map each segment
 * with its exact protections and fill the runtime-call table. */
#include "file_bytes.h"
#include "sandbox_internal.h"
#include "vx/layout.h"
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <sys/mman.h>

#define PAGE 4096ULL

static void first_violation(void *ctx, const struct vxv_violation *v)
{
    vx_sandbox *sb = ctx;
    if (sb->err.message[0])
        return;
    if (v->rule == R_ELF)
        vx_set_error(sb, VX_ERR_VERIFY, "%s: %s", vxv_rule_name(v->rule), v->text);
    else
        vx_set_error(sb, VX_ERR_VERIFY, "0x%llx: %s: %s (%s)", (unsigned long long)v->addr, v->text,
                     vxv_rule_name(v->rule), vxv_rule_text(v->rule));
}

static int prot_of(unsigned flags)
{
    return (flags & 4 ? PROT_READ : 0) | (flags & 2 ? PROT_WRITE : 0) | (flags & 1 ? PROT_EXEC : 0);
}

vx_status vx_load_memory(vx_sandbox *sb, const void *file, size_t size)
{
    if (!sb || !file)
        return VX_ERR_ARG;
    if (sb->loaded) {
        vx_set_error(sb, VX_ERR_STATE, "an image is already loaded");
        return VX_ERR_STATE;
    }
    sb->err.message[0] = 0;
    struct vxv_policy policy = {.deterministic = sb->opt.deterministic, .max_errors = 1};
    struct vxv_sink sink = {.report = first_violation, .ctx = sb};
    struct vxv_image img;
    if (vxv_check_image(file, size, &policy, &sink, &img) != 0)
        return VX_ERR_VERIFY;
    uint64_t heap_start = img.image_end;
    /* Map writable first, copy, then apply the final protection. */
    uint64_t image_bytes = 0;
    for (unsigned i = 0; i < img.nsegments; i++) {
        const struct vxv_segment *s = &img.seg[i];
        uint64_t lo = s->vaddr & ~(PAGE - 1), hi = (s->vaddr + s->memsz + PAGE - 1) & ~(PAGE - 1);
        image_bytes += hi - lo;
        if (vx_map(sb, lo, hi - lo, PROT_READ | PROT_WRITE) != 0)
            return vx_set_error(sb, VX_ERR_NOMEM, "cannot map segment"), VX_ERR_NOMEM;
        memcpy(sb->base + s->vaddr, (const uint8_t *)file + s->offset, s->filesz);
        if (mprotect(sb->base + lo, hi - lo, prot_of(s->flags)) != 0)
            return vx_set_error(sb, VX_ERR_NOMEM, "cannot protect segment"), VX_ERR_NOMEM;
    }
    if (vx_map(sb, VX_TABLE_OFFSET, VX_TABLE_SIZE, PROT_READ | PROT_WRITE) != 0)
        return vx_set_error(sb, VX_ERR_NOMEM, "cannot map the runtime table"), VX_ERR_NOMEM;
    uint64_t *table = (uint64_t *)(sb->base + VX_TABLE_OFFSET);
    table[VX_TABLE_SLOT_SERVICE] = (uint64_t)vx_tramp_service;
    table[VX_TABLE_SLOT_HOSTCALL] = (uint64_t)vx_tramp_hostcall;
    mprotect(table, VX_TABLE_SIZE, PROT_READ);
    sb->image = img;
    sb->brk_start = sb->brk = sb->brk_mapped = heap_start;
    if (image_bytes + sb->opt.stack_size > sb->opt.memory_limit) {
        vx_set_error(sb, VX_MEMORY_LIMIT, "image (%llu bytes) and stack exceed the memory limit",
                     (unsigned long long)image_bytes);
        return VX_MEMORY_LIMIT;
    }
    /* The memory limit counts image pages, heap and stack. */
    uint64_t by_limit = heap_start + (sb->opt.memory_limit - sb->opt.stack_size - image_bytes);
    uint64_t by_layout = sb->stack_lo - VX_GUARD_SIZE;                    /* keep a gap */
    sb->brk_limit = by_limit < by_layout ? by_limit : by_layout;
    sb->ctx.entry = (uint64_t)sb->base + img.entry;
    sb->loaded = 1;
    return VX_OK;
}

vx_status vx_load_file(vx_sandbox *sb, const char *path)
{
    if (!sb || !path)
        return VX_ERR_ARG;
    uint8_t *data;
    size_t size;
    if (read_file_bytes(path, &data, &size) != 0) {
        vx_set_error(sb, VX_ERR_IO, "%s: %s", path, strerror(errno));
        return VX_ERR_IO;
    }
    vx_status st = vx_load_memory(sb, data, size);
    free(data);
    return st;
}
