/* Guest signal handlers (spec "The Linux personality", R-SIG-GUEST): a
 * signal the guest raises itself, with a handler installed, runs that
 * handler inside the guest when the raising call-out returns, as Linux
 * would at that instruction. The guest stack gets, below its red zone, a
 * siginfo_t, a ucontext_t whose uc_sigmask is the mask before delivery,
 * and two return slots: the handler (the trampoline masks it as it masks
 * every return address) and the action's sa_restorer (musl's
 * __restore_rt, which calls rt_sigreturn). %rdi, %rsi, %rdx carry the
 * signal and the two pointers (struct vx_ctx.deliver). What the handler's
 * return must restore (where the interrupted call returns, its result) is
 * kept here, in host memory; only uc_sigmask is read back from the guest,
 * as Linux reads it. Everything written or read is guest memory checked by
 * vx_guest_ptr, and every %rsp handed back is B plus a 32-bit offset. */
#define _GNU_SOURCE
#include "linux.h"
#include <errno.h>
#include <signal.h>
#include <string.h>

#define RED_ZONE 128
#define SIGINFO_SIZE 128
#define UCONTEXT_SIZE 1024        /* musl's ucontext_t is 936 bytes */
#define UC_SIGMASK 296            /* offsetof(ucontext_t, uc_sigmask) on x86-64 */
#define KSA_RESTORER 0x04000000   /* SA_RESTORER */
#define UNBLOCKABLE ((1ULL << (SIGKILL - 1)) | (1ULL << (SIGSTOP - 1)))

struct k_sigaction {
    uint64_t handler, flags, restorer, mask;
};

/* Ends the run as Linux ends a process whose signal frame cannot be
 * written or read back: with SIGSEGV. */
static _Noreturn void bad_frame(vx_sandbox *sb)
{
    sb->end_signal = SIGSEGV;
    sb->exit_code = 128 + SIGSEGV;
    vx_abort_run(sb, VX_EXITED);
}

/* Frames of handlers the guest left without rt_sigreturn (siglongjmp out
 * of a handler): a handler runs below the %rsp it interrupted, so once the
 * guest's %rsp is back at or above it, that frame is gone. */
static void drop_abandoned(vx_sandbox *sb)
{
    uint64_t base = (uint64_t)(uintptr_t)sb->base;
    uint32_t now = (uint32_t)(sb->ctx.guest_rsp - base);
    while (sb->nsigframes && now >= (uint32_t)(sb->sigframes[sb->nsigframes - 1].return_rsp - base))
        sb->nsigframes--;
}

int64_t vx_linux_run_handler(vx_sandbox *sb, int sig, int code, int64_t result)
{
    drop_abandoned(sb);
    struct k_sigaction ka;
    memcpy(&ka, sb->sigaction[sig - 1], sizeof ka);
    if (!(ka.flags & KSA_RESTORER) || !ka.restorer || sb->nsigframes == VX_MAX_SIGFRAMES)
        bad_frame(sb); /* no way back from the handler, or nested too deep */
    uint64_t base = (uint64_t)(uintptr_t)sb->base;
    uint64_t rsp = (uint32_t)(sb->ctx.guest_rsp - base);
    if (rsp < RED_ZONE + UCONTEXT_SIZE + SIGINFO_SIZE + 64)
        bad_frame(sb);
    uint64_t uc = (rsp - RED_ZONE - UCONTEXT_SIZE) & ~63ULL;
    uint64_t info = uc - SIGINFO_SIZE;
    uint64_t slots = (info - 16) & ~15ULL; /* the handler starts with %rsp = slots + 8, as after a call */
    uint8_t *frame = vx_guest_ptr(sb, slots, rsp - slots, 1);
    if (!frame)
        bad_frame(sb); /* the guest's stack is full: Linux sends SIGSEGV */
    memset(frame, 0, rsp - slots);
    uint8_t *si = frame + (info - slots), *u = frame + (uc - slots);
    int32_t fields[5] = {sig, 0, code, 1 /* si_pid: the guest */, 0 /* si_uid */};
    memcpy(si, fields, 12);
    memcpy(si + 16, fields + 3, 8);
    memcpy(u + UC_SIGMASK, &sb->sigmask, 8);
    memcpy(frame, &ka.handler, 8);
    memcpy(frame + 8, &ka.restorer, 8);

    sb->sigframes[sb->nsigframes++] = (struct vx_sigframe){sb->ctx.guest_rsp, result, uc};
    sb->sigmask |= ka.mask | (ka.flags & SA_NODEFER ? 0 : 1ULL << (sig - 1));
    sb->sigmask &= ~UNBLOCKABLE;
    if (ka.flags & SA_RESETHAND) {
        memset(sb->sigaction[sig - 1], 0, 8);      /* SIG_DFL */
        ka.flags &= ~(uint64_t)SA_SIGINFO;
        memcpy(sb->sigaction[sig - 1] + 8, &ka.flags, 8);
    }
    sb->ctx.guest_rsp = base + slots;
    sb->ctx.arg[0] = (uint64_t)sig;
    sb->ctx.arg[1] = info;
    sb->ctx.arg[2] = uc;
    sb->ctx.deliver = 1;
    return result;
}

/* rt_sigreturn: back to the interrupted call-out with its result and the
 * mask the handler's ucontext holds; then the next pending signal, if any. */
int64_t vx_linux_rt_sigreturn(vx_sandbox *sb, const uint64_t *a)
{
    (void)a;
    drop_abandoned(sb);
    if (!sb->nsigframes)
        bad_frame(sb);
    struct vx_sigframe f = sb->sigframes[--sb->nsigframes];
    const uint64_t *mask = vx_guest_ptr(sb, f.ucontext + UC_SIGMASK, 8, 0);
    if (!mask)
        bad_frame(sb);
    sb->sigmask = *mask & ~UNBLOCKABLE;
    sb->ctx.guest_rsp = f.return_rsp;
    return vx_linux_pending(sb, f.result);
}
