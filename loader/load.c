/* Loading: verify first (the only trusted verdict), then map each segment
 * with its exact protections and fill the runtime-call table. */
#include "file_bytes.h"
#include "prefault.h"
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

static uint64_t page_lo(const struct vxv_segment *s) { return s->vaddr & ~(PAGE - 1); }
static uint64_t page_hi(const struct vxv_segment *s) { return (s->vaddr + s->memsz + PAGE - 1) & ~(PAGE - 1); }

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
    if (vx_signals_refresh() != VX_OK) {
        vx_set_error(sb, VX_ERR_STATE, "cannot take over the host's signal handlers");
        return VX_ERR_STATE;
    }
    struct vxv_policy policy = {.deterministic = sb->opt.deterministic, .max_errors = 1};
    struct vxv_sink sink = {.report = first_violation, .ctx = sb};
    struct vxv_image img;
    uint64_t hash = 0;
    if (!vx_cache_find(file, size, policy.deterministic, &img, &hash)) {
        if (vxv_check_image(file, size, &policy, &sink, &img) != 0)
            return VX_ERR_VERIFY;
        vx_cache_add(file, size, hash, policy.deterministic, &img);
    }
    uint64_t image_bytes = 0;
    for (unsigned i = 0; i < img.nsegments; i++)
        image_bytes += page_hi(&img.seg[i]) - page_lo(&img.seg[i]);
    if (image_bytes + sb->opt.stack_size > sb->opt.memory_limit) {
        vx_set_error(sb, VX_MEMORY_LIMIT, "image (%llu bytes) and stack exceed the memory limit",
                     (unsigned long long)image_bytes);
        return VX_MEMORY_LIMIT;
    }
    /* One writable mapping from the table to the image end, filled, then
     * protected piece by piece: pieces with equal protections share a
     * kernel memory area again (each sandbox must cost few of them). */
    if (vx_map(sb, VX_TABLE_OFFSET, img.image_end - VX_TABLE_OFFSET, PROT_READ | PROT_WRITE) != 0)
        return vx_set_error(sb, VX_ERR_NOMEM, "cannot map the image"), VX_ERR_NOMEM;
    prefault(sb->base + VX_TABLE_OFFSET, img.image_end - VX_TABLE_OFFSET);
    uint64_t *table = (uint64_t *)(sb->base + VX_TABLE_OFFSET);
    table[VX_TABLE_SLOT_SERVICE] = (uint64_t)vx_tramp_service;
    table[VX_TABLE_SLOT_HOSTCALL] = (uint64_t)vx_tramp_hostcall;
    for (unsigned i = 0; i < img.nsegments; i++)
        memcpy(sb->base + img.seg[i].vaddr, (const uint8_t *)file + img.seg[i].offset, img.seg[i].filesz);
    /* Everything between the table and the image end that no segment covers
     * becomes inaccessible; segments may come in any order. */
    int failed = mprotect(sb->base + VX_TABLE_OFFSET, img.image_end - VX_TABLE_OFFSET, PROT_NONE) != 0;
    failed |= mprotect(table, VX_TABLE_SIZE, PROT_READ) != 0;
    for (unsigned i = 0; i < img.nsegments; i++) {
        const struct vxv_segment *s = &img.seg[i];
        failed |= mprotect(sb->base + page_lo(s), page_hi(s) - page_lo(s), prot_of(s->flags)) != 0;
    }
    if (failed)
        return vx_set_error(sb, VX_ERR_NOMEM, "cannot protect the image"), VX_ERR_NOMEM;
    sb->image = img;
    sb->brk_start = sb->brk = sb->brk_mapped = img.image_end;
    /* The memory limit counts image pages, heap and stack. */
    uint64_t by_limit = img.image_end + (sb->opt.memory_limit - sb->opt.stack_size - image_bytes);
    uint64_t by_layout = sb->stack_lo - VX_GUARD_SIZE; /* keep a gap below the stack */
    sb->brk_limit = by_limit < by_layout ? by_limit : by_layout;
    sb->ctx.entry = (uint64_t)sb->base + img.entry;
    vx_symbols_load(sb, file, size);
    sb->return_stub = vx_symbol_addr(sb, "__vx_return");
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
