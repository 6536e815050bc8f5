/* Sandbox lifetime and guest-memory access. */
#define _GNU_SOURCE
#include "sandbox_internal.h"
#include "vx/layout.h"
#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define PAGE 4096ULL

void vx_options_init(struct vx_options *o)
{
    memset(o, 0, sizeof *o);
    o->memory_limit = 1ULL << 30;
    o->stack_size = 8ULL << 20;
    o->stdin_fd = 0;
    o->stdout_fd = 1;
    o->stderr_fd = 2;
}

void vx_set_error(vx_sandbox *sb, vx_status st, const char *fmt, ...)
{
    va_list ap;
    sb->err.status = st;
    va_start(ap, fmt);
    vsnprintf(sb->err.message, sizeof sb->err.message, fmt, ap);
    va_end(ap);
}

/* Maps fresh zeroed pages at [off, off+len) of the window with prot. */
int vx_map(vx_sandbox *sb, uint64_t off, uint64_t len, int prot)
{
    if (!len)
        return 0;
    void *p = mmap(sb->base + off, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    return p == MAP_FAILED ? -1 : 0;
}

vx_status vx_create(const struct vx_options *o, vx_sandbox **out)
{
    if (!out)
        return VX_ERR_ARG;
    *out = NULL;
    struct vx_options def;
    if (!o) {
        vx_options_init(&def);
        o = &def;
    }
    uint64_t max_stack = VX_STACK_TOP - VX_IMAGE_MAX - VX_GUARD_SIZE;
    if (o->stack_size < 64 * 1024 || o->stack_size > max_stack || o->stack_size % PAGE ||
        o->memory_limit < o->stack_size || o->cpu_seconds < 0)
        return VX_ERR_ARG;
    if (vx_signals_refresh() != VX_OK)
        return VX_ERR_STATE; /* a host handler could not be wrapped (spec section 10) */
    vx_sandbox *sb = calloc(1, sizeof *sb);
    if (!sb)
        return VX_ERR_NOMEM;
    sb->opt = *o;
    sb->base = vx_pool_acquire(o->deterministic, &sb->slot);
    if (!sb->base) {
        free(sb);
        return VX_ERR_NOMEM;
    }
    sb->ctx.base = (uint64_t)sb->base;
    vx_files_init(sb);
    sb->stack_lo = VX_STACK_TOP - o->stack_size;
    vx_linux_init(sb);
    if (vx_map(sb, sb->stack_lo, o->stack_size, PROT_READ | PROT_WRITE) != 0) {
        vx_destroy(sb);
        return VX_ERR_NOMEM;
    }
    sb->opt.env = NULL; /* the copy is what counts: the caller's array may go */
    vx_status st = vx_env_copy(sb, o->env);
    if (st == VX_OK && o->private_tmp)
        st = vx_private_tmp_create(sb);
    if (st != VX_OK) {
        vx_destroy(sb);
        return st;
    }
    *out = sb;
    return VX_OK;
}

void vx_destroy(vx_sandbox *sb)
{
    if (!sb)
        return;
    vx_files_close_all(sb);
    vx_private_tmp_remove(sb); /* after the guest's descriptors are closed */
    vx_env_free(sb);
    vx_linux_free(sb);
    vx_symbols_free(sb);
    if (sb->base)
        vx_pool_release(sb->base, sb->slot);
    free(sb);
}

const struct vx_error *vx_error(const vx_sandbox *sb)
{
    return &sb->err;
}

vx_status vx_register(vx_sandbox *sb, unsigned index, vx_host_fn fn, void *user)
{
    if (!sb || index >= VX_MAX_HOST_FNS)
        return VX_ERR_ARG;
    sb->host[index].fn = fn;
    sb->host[index].user = user;
    return VX_OK;
}

static int inside(uint64_t off, uint64_t len, uint64_t lo, uint64_t hi)
{
    return off >= lo && off <= hi && len <= hi - off;
}

void *vx_guest_ptr(vx_sandbox *sb, uint64_t addr, uint64_t len, int want_write)
{
    /* Guest pointers may carry the base in their upper half: the low 32 bits are the offset. */
    uint64_t off = (uint32_t)addr;
    if (len > VX_SANDBOX_SIZE)
        return NULL;
    if (inside(off, len, sb->stack_lo, VX_STACK_TOP) || inside(off, len, sb->brk_start, sb->brk) ||
        (sb->nmaps && vx_linux_mapped(sb, off, len, want_write)))
        return sb->base + off;
    for (unsigned i = 0; i < sb->image.nsegments; i++) {
        const struct vxv_segment *s = &sb->image.seg[i];
        /* R-ELF makes every segment PF_R; the test stays so that this
         * accessor never claims more than the pages' real protections. */
        if (inside(off, len, s->vaddr, s->vaddr + s->memsz) && (s->flags & PF_R) &&
            (!want_write || (s->flags & PF_W)))
            return sb->base + off;
    }
    return NULL;
}

void vx_get_stats(const vx_sandbox *sb, struct vx_stats *out)
{
    *out = sb->stats;
}

const char *vx_status_name(vx_status st)
{
    static const char *const names[] = {
        [VX_OK] = "ok", [VX_EXITED] = "exited", [VX_ERR_ARG] = "bad argument",
        [VX_ERR_NOMEM] = "out of memory or address space", [VX_ERR_IO] = "I/O error",
        [VX_ERR_VERIFY] = "verification failed", [VX_ERR_STATE] = "wrong state",
        [VX_ERR_GSBASE] = "cannot set the %gs base", [VX_FAULT_SEGV] = "memory fault",
        [VX_FAULT_BUS] = "bus error", [VX_FAULT_ILL] = "illegal instruction",
        [VX_FAULT_FPE] = "arithmetic fault", [VX_FAULT_TRAP] = "trap",
        [VX_TIMEOUT] = "CPU time limit exceeded", [VX_MEMORY_LIMIT] = "memory limit exceeded",
    };
    return (unsigned)st < sizeof names / sizeof *names && names[st] ? names[st] : "unknown";
}

vx_status vx_copy_in(vx_sandbox *sb, uint64_t guest_addr, const void *src, size_t len)
{
    void *dst = sb && (src || !len) ? vx_guest_ptr(sb, guest_addr, len, 1) : NULL;
    if (!dst)
        return VX_ERR_ARG;
    memcpy(dst, src, len);
    return VX_OK;
}

vx_status vx_copy_out(vx_sandbox *sb, void *dst, uint64_t guest_addr, size_t len)
{
    const void *src = sb && (dst || !len) ? vx_guest_ptr(sb, guest_addr, len, 0) : NULL;
    if (!src)
        return VX_ERR_ARG;
    memcpy(dst, src, len);
    return VX_OK;
}
