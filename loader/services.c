/* The numbered services and host functions behind the runtime-call table.
 * Runs on the host stack; every guest pointer is checked before use. */
#define _GNU_SOURCE
#include "sandbox_internal.h"
#include "vx/layout.h"
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096ULL

_Noreturn void vx_abort_run(vx_sandbox *sb, vx_status st)
{
    sb->run_status = st;
    vx_leave(&sb->ctx);
}

void vx_timeout_at_return(struct vx_ctx *ctx)
{
    vx_sandbox *sb = (vx_sandbox *)ctx; /* ctx is the first member */
    uint64_t ret = 0;
    memcpy(&ret, (const void *)ctx->guest_rsp, sizeof ret); /* the guest's return address */
    sb->err.guest_pc = (uint32_t)ret;
    sb->err.guest_addr = 0;
    vx_abort_run(sb, VX_TIMEOUT);
}

static int64_t svc_write(vx_sandbox *sb, const uint64_t *a)
{
    int fd = vx_host_fd(sb, a[0]);
    if (fd < 0)
        return -VX_EBADF;
    const void *buf = vx_guest_ptr(sb, a[1], a[2], 0);
    if (!buf)
        return -VX_EFAULT;
    ssize_t n = write(fd, buf, a[2]);
    return n < 0 ? vx_guest_errno(errno) : n;
}

static int64_t svc_read(vx_sandbox *sb, const uint64_t *a)
{
    int fd = vx_host_fd(sb, a[0]);
    if (fd < 0)
        return -VX_EBADF;
    void *buf = vx_guest_ptr(sb, a[1], a[2], 1);
    if (!buf)
        return -VX_EFAULT;
    ssize_t n = read(fd, buf, a[2]);
    return n < 0 ? vx_guest_errno(errno) : n;
}

/* brk(0) returns the break; brk(x) moves it and returns the new break, or
 * the old one if x is out of range. Exceeding the memory limit ends the run. */
static int64_t svc_brk(vx_sandbox *sb, const uint64_t *a)
{
    uint64_t want = (uint32_t)a[0];
    if (want == 0 || want < sb->brk_start)
        return (int64_t)sb->brk;
    if (want > sb->brk_limit) {
        vx_set_error(sb, VX_MEMORY_LIMIT,
                     "heap growth to %llu bytes exceeds the %llu bytes the memory limit (%llu) leaves for the heap",
                     (unsigned long long)(want - sb->brk_start), (unsigned long long)(sb->brk_limit - sb->brk_start),
                     (unsigned long long)sb->opt.memory_limit);
        vx_abort_run(sb, VX_MEMORY_LIMIT);
    }
    uint64_t need = (want + PAGE - 1) & ~(PAGE - 1);
    if (need > sb->brk_mapped) {
        if (vx_map(sb, sb->brk_mapped, need - sb->brk_mapped, PROT_READ | PROT_WRITE) != 0)
            return (int64_t)sb->brk;
        sb->brk_mapped = need;
    }
    sb->brk = want;
    uint64_t heap = want - sb->brk_start;
    sb->stats.heap_bytes = heap;
    if (heap > sb->stats.peak_heap_bytes)
        sb->stats.peak_heap_bytes = heap;
    return (int64_t)want;
}

static int64_t svc_clock(vx_sandbox *sb, const uint64_t *a)
{
    int64_t *out = vx_guest_ptr(sb, a[1], sizeof *out, 1);
    if (!out)
        return -VX_EFAULT;
    if (sb->opt.deterministic) {
        *out = (int64_t)sb->stats.callouts * 1000; /* virtual time: advances per call-out */
        return 0;
    }
    struct timespec ts;
    clock_gettime(a[0] == 0 ? CLOCK_REALTIME : CLOCK_MONOTONIC, &ts);
    *out = ts.tv_sec * 1000000000LL + ts.tv_nsec;
    return 0;
}

static int64_t service(vx_sandbox *sb, uint64_t number, const uint64_t *a)
{
    switch (number) {
    case VX_SVC_EXIT:
        sb->exit_code = (int)a[0];
        vx_abort_run(sb, VX_EXITED);
    case VX_SVC_WRITE: return svc_write(sb, a);
    case VX_SVC_READ: return svc_read(sb, a);
    case VX_SVC_BRK: return svc_brk(sb, a);
    case VX_SVC_CLOCK_GETTIME: return svc_clock(sb, a);
    case VX_SVC_RETURN:
        sb->call_result = a[0];
        vx_abort_run(sb, VX_OK);
    case VX_SVC_OPEN: return vx_svc_open(sb, a);
    case VX_SVC_CLOSE: return vx_svc_close(sb, a);
    case VX_SVC_LSEEK: return vx_svc_lseek(sb, a);
    case VX_SVC_FSTAT: return vx_svc_fstat(sb, a);
    case VX_SVC_UNLINK: return vx_svc_unlink(sb, a);
    case VX_SVC_RENAME: return vx_svc_rename(sb, a);
    case VX_SVC_MKDIR: return vx_svc_mkdir(sb, a);
    case VX_SVC_GETPID: return 1;
    case VX_SVC_ISATTY: return vx_host_fd(sb, a[0]) >= 0 && isatty(vx_host_fd(sb, a[0]));
    default: return -VX_ENOSYS;
    }
}

uint64_t vx_dispatch(struct vx_ctx *ctx)
{
    vx_sandbox *sb = (vx_sandbox *)ctx; /* ctx is the first member */
    if (__builtin_expect(vx_signals_deferred, 0))
        vx_signals_deliver(); /* host code on the host stack: the host's handlers may run here */
    if (ctx->slot == VX_TABLE_SLOT_HOSTCALL) {
        sb->stats.hostcalls++;
        if (ctx->number >= VX_MAX_HOST_FNS || !sb->host[ctx->number].fn)
            return (uint64_t)-VX_ENOSYS;
        return sb->host[ctx->number].fn(sb, sb->host[ctx->number].user, ctx->arg);
    }
    sb->stats.callouts++;
    if (ctx->slot == VX_TABLE_SLOT_LINUX)
        return (uint64_t)vx_linux_syscall(sb, ctx->number, ctx->arg);
    return (uint64_t)service(sb, ctx->number, ctx->arg);
}
