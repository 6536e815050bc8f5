/* Loading (spec section 8, "Loading"): take one private copy of the image,
 * check the ELF rules and the memory limit from the program headers, verify
 * the code of that copy (the only trusted verdict), then map each segment's
 * pages with its exact protections and fill the runtime-call table. Every
 * byte copied into the window comes from the verified copy, and every byte
 * of an executable page outside the verified code is int3. */
#include "file_bytes.h"
#include "prefault.h"
#include "sandbox_internal.h"
#include "vx/layout.h"
#include <elf.h>
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <sys/mman.h>

#define PAGE 4096ULL
/* int3: a one-byte trap, so a jump to any offset of the fill traps at once
 * (SIGTRAP, contained as VX_FAULT_TRAP). */
#define CODE_FILL 0xcc

static void first_violation(void *ctx, const struct vxv_violation *v)
{
    vx_sandbox *sb = ctx;
    if (sb->err.message[0])
        return;
    if (vxv_rule_is_elf(v->rule))
        vx_set_error(sb, VX_ERR_VERIFY, "%s: %s", vxv_rule_name(v->rule), v->text);
    else
        vx_set_error(sb, VX_ERR_VERIFY, "0x%llx: %s: %s (%s)", (unsigned long long)v->addr, v->text,
                     vxv_rule_name(v->rule), vxv_rule_text(v->rule));
}

static uint64_t page_lo(const struct vxv_segment *s) { return s->vaddr & ~(PAGE - 1); }
static uint64_t page_hi(const struct vxv_segment *s) { return (s->vaddr + s->memsz + PAGE - 1) & ~(PAGE - 1); }

static int prot_of(unsigned flags)
{
    return (flags & PF_R ? PROT_READ : 0) | (flags & PF_W ? PROT_WRITE : 0) | (flags & PF_X ? PROT_EXEC : 0);
}

/* What the memory limit leaves for the image once the stack is counted. */
static uint64_t image_budget(const vx_sandbox *sb)
{
    return sb->opt.memory_limit - sb->opt.stack_size;
}

static vx_status refuse(vx_sandbox *sb, vx_status st, const char *what, unsigned long long n)
{
    vx_set_error(sb, st, "%s (%llu bytes) and stack exceed the memory limit", what, n);
    return st;
}

struct piece { uint64_t lo, hi; };

/* Maps [lo, hi) of every piece read-write, one mmap per run of adjacent
 * pieces (the usual image is one run: table, rodata, code, data), so that
 * holes stay unmapped without costing a system call per segment. */
static int map_runs(vx_sandbox *sb, struct piece *p, unsigned n)
{
    for (unsigned i = 1; i < n; i++) /* insertion sort: at most 9 pieces */
        for (unsigned j = i; j > 0 && p[j].lo < p[j - 1].lo; j--) {
            struct piece t = p[j];
            p[j] = p[j - 1];
            p[j - 1] = t;
        }
    for (unsigned i = 0; i < n;) {
        unsigned j = i;
        while (j + 1 < n && p[j + 1].lo == p[j].hi)
            j++;
        if (vx_map(sb, p[i].lo, p[j].hi - p[i].lo, PROT_READ | PROT_WRITE) != 0)
            return -1;
        i = j + 1;
    }
    return 0;
}

/* Maps the table and only the segments' own pages (holes stay unmapped),
 * writable while they are filled, then with their final protections. */
static int map_image(vx_sandbox *sb, const uint8_t *file, const struct vxv_image *img)
{
    struct piece pieces[VXV_MAX_SEGMENTS + 1] = {{VX_TABLE_OFFSET, VX_TABLE_OFFSET + VX_TABLE_SIZE}};
    for (unsigned i = 0; i < img->nsegments; i++)
        pieces[i + 1] = (struct piece){page_lo(&img->seg[i]), page_hi(&img->seg[i])};
    if (map_runs(sb, pieces, img->nsegments + 1) != 0)
        return -1;
    uint64_t *table = (uint64_t *)(sb->base + VX_TABLE_OFFSET);
    table[VX_TABLE_SLOT_SERVICE] = (uint64_t)vx_tramp_service;
    table[VX_TABLE_SLOT_HOSTCALL] = (uint64_t)vx_tramp_hostcall;
    table[VX_TABLE_SLOT_LINUX] = (uint64_t)vx_tramp_linux;
    if (mprotect(table, VX_TABLE_SIZE, PROT_READ) != 0)
        return -1;
    for (unsigned i = 0; i < img->nsegments; i++) {
        const struct vxv_segment *s = &img->seg[i];
        uint8_t *lo = sb->base + page_lo(s);
        uint64_t span = page_hi(s) - page_lo(s);
        if (s->flags & PF_X) {
            prefault(lo, span);
            memset(lo, CODE_FILL, span);
        } else {
            prefault(lo, s->vaddr + s->filesz - page_lo(s)); /* the pages we write now */
        }
        memcpy(sb->base + s->vaddr, file + s->offset, s->filesz);
        if (mprotect(lo, span, prot_of(s->flags)) != 0)
            return -1;
    }
    return 0;
}

/* file is private to this call: nobody else can change it. */
static vx_status load_private(vx_sandbox *sb, const uint8_t *file, size_t size)
{
    struct vxv_policy policy = {.deterministic = sb->opt.deterministic, .max_errors = 1};
    struct vxv_sink sink = {.report = first_violation, .ctx = sb};
    struct vxv_image img;
    uint64_t hash = 0;
    int cached = vx_cache_find(file, size, policy.deterministic, &img, &hash);
    if (!cached && vxv_check_elf(file, size, &sink, &img) != 0)
        return VX_ERR_VERIFY;
    /* Before any per-byte work: the pages the image needs must fit. */
    uint64_t budget = image_budget(sb);
    if (img.mapped_bytes > budget)
        return refuse(sb, VX_MEMORY_LIMIT, "image", img.mapped_bytes);
    if (!cached) {
        if (vxv_check_code(file + img.code_offset, img.code_size, img.code_vaddr, &policy, &sink) != 0)
            return VX_ERR_VERIFY;
        vx_cache_add(file, size, hash, policy.deterministic, &img);
    }
    if (vx_symbols_load(sb, file, size, &img) != 0)
        return vx_set_error(sb, VX_ERR_NOMEM, "no host memory for the symbol table"), VX_ERR_NOMEM;
    /* The symbol table lives as long as the sandbox: it is charged too. */
    uint64_t charged = img.mapped_bytes + ((sb->symtab.host_bytes + PAGE - 1) & ~(PAGE - 1));
    if (charged > budget) {
        vx_symbols_free(sb);
        return refuse(sb, VX_MEMORY_LIMIT, "image and symbol table", charged);
    }
    if (map_image(sb, file, &img) != 0) {
        vx_symbols_free(sb);
        return vx_set_error(sb, VX_ERR_NOMEM, "cannot map the image"), VX_ERR_NOMEM;
    }
    /* Only now do the accessors (vx_guest_ptr) know the segments. */
    sb->image = img;
    sb->brk_start = sb->brk = sb->brk_mapped = img.image_end;
    /* The memory limit counts image pages, symbol table, heap and stack. */
    uint64_t by_limit = img.image_end + (budget - charged);
    uint64_t by_layout = sb->stack_lo - VX_GUARD_SIZE; /* keep a gap below the stack */
    sb->brk_limit = by_limit < by_layout ? by_limit : by_layout;
    sb->ctx.entry = (uint64_t)sb->base + img.entry;
    sb->return_stub = vx_symbol_addr(sb, "__vx_return");
    sb->loaded = 1;
    return VX_OK;
}

static vx_status can_load(vx_sandbox *sb)
{
    if (sb->loaded) {
        vx_set_error(sb, VX_ERR_STATE, "an image is already loaded");
        return VX_ERR_STATE;
    }
    sb->err.message[0] = 0;
    /* Handlers the host installed since the last load or create (spec section 10). */
    return vx_signals_take(sb);
}

/* The file size is charged against the memory limit first: every cost of
 * loading is a small constant times it (spec "Loading cost"). */
static vx_status size_ok(vx_sandbox *sb, size_t size)
{
    if (size > image_budget(sb) || size > VX_MAX_IMAGE_FILE)
        return refuse(sb, VX_MEMORY_LIMIT, "image file", size);
    return VX_OK;
}

vx_status vx_load_memory(vx_sandbox *sb, const void *file, size_t size)
{
    if (!sb || !file)
        return VX_ERR_ARG;
    vx_status st = can_load(sb);
    if (st == VX_OK)
        st = size_ok(sb, size);
    if (st != VX_OK)
        return st;
    /* The caller's buffer may change under us (a shared mapping, another
     * thread): read it exactly once, into memory only this call sees. */
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return vx_set_error(sb, VX_ERR_NOMEM, "no host memory to copy the image"), VX_ERR_NOMEM;
    prefault(copy, size);
    memcpy(copy, file, size);
    st = load_private(sb, copy, size);
    free(copy);
    return st;
}

vx_status vx_load_file(vx_sandbox *sb, const char *path)
{
    if (!sb || !path)
        return VX_ERR_ARG;
    vx_status st = can_load(sb);
    if (st != VX_OK)
        return st;
    uint8_t *data;
    size_t size;
    uint64_t budget = image_budget(sb);
    if (read_file_bytes_max(path, budget < VX_MAX_IMAGE_FILE ? budget : VX_MAX_IMAGE_FILE, &data, &size) != 0) {
        st = errno == EFBIG ? VX_MEMORY_LIMIT : VX_ERR_IO;
        vx_set_error(sb, st, "%s: %s", path, read_file_error());
        return st;
    }
    st = load_private(sb, data, size); /* our own buffer: no second copy */
    free(data);
    return st;
}
