/* The oracle child after lockdown: every host page but these functions,
 * their data, their stacks and the shared block is PROT_NONE, so this file
 * calls no libc, uses no .rodata (no jump tables, no vector constants) and
 * lives in its own section (vxo_text). The signal handler drives everything:
 * it starts each run by rewriting the interrupted context, checks the
 * invariants at every single-step trap and records how the run ended. */
#define _GNU_SOURCE
#include "child.h"
#include "oracle.h"
#include "vx/layout.h"
#include <signal.h>
#include <sys/syscall.h>
#include <ucontext.h>

#define TEXT __attribute__((section("vxo_text")))
#define TF 0x100ULL
#define GUARD VX_GUARD_SIZE
#define FP_MAGIC1 0x46505853u

static struct {
    struct vxo_shared *s;
} state __attribute__((section("vxo_data"), aligned(4096)));

__asm__(".pushsection vxo_text,\"ax\",@progbits\n"
        ".globl vxo_restorer\n"
        "vxo_restorer:\n\tmov $15, %eax\n\tsyscall\n\thlt\n"
        ".globl vxo_callout_target\n"
        "vxo_callout_target:\n\thlt\n"
        ".popsection\n");

TEXT static long raw_syscall3(long n, long a, long b, long c)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
}

TEXT __attribute__((noreturn)) static void raw_exit(int code)
{
    for (;;)
        raw_syscall3(SYS_exit_group, code, 0, 0);
}

TEXT static uint64_t read_gsbase(const struct vxo_shared *s)
{
    uint64_t v = 0;
    if (s->fsgsbase)
        __asm__ volatile("rdgsbase %0" : "=r"(v));
    else
        raw_syscall3(SYS_arch_prctl, 0x1004 /* ARCH_GET_GS */, (long)&v, 0);
    return v;
}

TEXT static uint64_t read_fsbase(const struct vxo_shared *s)
{
    uint64_t v = 0;
    if (s->fsgsbase)
        __asm__ volatile("rdfsbase %0" : "=r"(v));
    else
        raw_syscall3(SYS_arch_prctl, 0x1003 /* ARCH_GET_FS */, (long)&v, 0);
    return v;
}

TEXT static int is_start(const struct vxo_shared *s, uint64_t off)
{
    uint64_t i = off - s->code_lo;
    return (s->starts[i >> 3] >> (i & 7)) & 1;
}

TEXT static int in_code(const struct vxo_shared *s, uint64_t off)
{
    return off >= s->code_lo && off < s->code_hi;
}

TEXT static int in_exec(const struct vxo_shared *s, uint64_t off)
{
    for (uint32_t i = 0; i < s->nexec; i++)
        if (off >= s->exec_lo[i] && off < s->exec_hi[i])
            return 1;
    return 0;
}

/* `add %r14,%rsp` in either encoding: 4c 01 f4 or 49 03 e6. */
TEXT static int adds_base_to_rsp(const uint8_t *p)
{
    return (p[0] == 0x4c && p[1] == 0x01 && p[2] == 0xf4) || (p[0] == 0x49 && p[1] == 0x03 && p[2] == 0xe6);
}

/* Checks the state before the next instruction; returns the class that
 * ends the run, or 0 to keep stepping. */
TEXT static uint32_t check_step(struct vxo_shared *s, const greg_t *g, uint64_t entry)
{
    uint64_t b = s->base, rip = (uint64_t)g[REG_RIP], rsp = (uint64_t)g[REG_RSP];
    uint64_t off = rip - b;
    if ((uint64_t)g[REG_R14] != b)
        return VXO_R14;
    if (read_gsbase(s) != b)
        return VXO_GSBASE;
    if (read_fsbase(s) != s->fs_base)
        return VXO_FSBASE;
    if (rsp < b - 8 || rsp > b + VX_SANDBOX_SIZE) {
        if (rsp >> 32 == 0 && in_code(s, off) && in_code(s, off + 2) && adds_base_to_rsp((const uint8_t *)rip))
            s->seen |= 1u << VXO_RSP_TRANSIENT;
        else
            return VXO_RSP;
    }
    for (uint32_t i = 0; i < s->ncallout; i++)
        if (rip == s->callout[i])
            return VXO_CALLOUT;
    if (off >= VX_SANDBOX_SIZE)
        return VXO_ESCAPE_CONTROL;
    if (s->mode == VXO_MODE_BUNDLES) {
        if (off == entry + 32)
            return VXO_TRAP_REACHED;
        if (off < entry || off >= entry + 32)
            return VXO_WINDOW_JUMP;
        return is_start(s, off) ? 0 : VXO_CPU_LENGTH;
    }
    if (in_code(s, off))
        return is_start(s, off) ? 0 : VXO_CPU_LENGTH;
    if (in_exec(s, off)) {
        s->unverified = 1; /* a finding once it retires (a trap filler never does) */
        return 0;
    }
    return VXO_WINDOW_JUMP;
}

TEXT static uint32_t classify_fault(const struct vxo_shared *s, int sig, const siginfo_t *si)
{
    if (sig == SIGILL)
        return VXO_SIGILL;
    if (sig == SIGFPE)
        return VXO_SIGFPE;
    if (sig == SIGALRM)
        return VXO_TIMEOUT;
    if (sig == SIGTRAP)
        return VXO_TRAP_INSN; /* int3 (the single-step traps are handled before) */
    if (sig != SIGSEGV && sig != SIGBUS)
        return VXO_OTHER_SIGNAL;
    if (si->si_code == SI_KERNEL) /* #GP/#SS: no address; the parent decodes */
        return VXO_GP_PENDING;
    uint64_t a = (uint64_t)si->si_addr, b = s->base;
    return a >= b - GUARD && a < b + VX_SANDBOX_SIZE + GUARD ? VXO_FAULT_IN_WINDOW : VXO_ESCAPE_ACCESS;
}

/* Vector registers from the run's pattern, through the signal frame's
 * fxsave area (xmm) and, with an XSAVE frame, its YMM_Hi128 component. */
TEXT static void poison_vectors(const struct vxo_shared *s, ucontext_t *uc, const uint8_t (*v)[32])
{
    uint8_t *fp = (uint8_t *)uc->uc_mcontext.fpregs;
    if (!fp)
        return;
    struct _libc_fpstate *f = (struct _libc_fpstate *)fp;
    f->cwd = 0x37f;
    f->swd = 0;
    f->ftw = 0;
    f->mxcsr = 0x1f80;
    for (int r = 0; r < 16; r++)
        for (int i = 0; i < 16; i++)
            fp[160 + 16 * r + i] = v[r][i];
    const uint32_t *sw = (const uint32_t *)(fp + 464);
    uint64_t xfeatures = (uint64_t)sw[2] | (uint64_t)sw[3] << 32;
    uint32_t xsize = sw[4];
    if (sw[0] != FP_MAGIC1 || !(xfeatures & 4) || !s->ymm_offset || xsize < s->ymm_offset + 256)
        return;
    for (int r = 0; r < 16; r++)
        for (int i = 0; i < 16; i++)
            fp[s->ymm_offset + 16 * r + i] = v[r][16 + i];
    *(uint64_t *)(fp + 512) |= 6; /* xstate_bv: SSE and AVX state present */
}

TEXT static void begin_run(struct vxo_shared *s, ucontext_t *uc)
{
    const struct vxo_run_in *in = &s->runs[s->current];
    greg_t *g = uc->uc_mcontext.gregs;
    for (int i = 0; i < 16; i++)
        g[i] = (greg_t)in->gpr[i];
    g[REG_R14] = (greg_t)s->base;
    g[REG_RIP] = (greg_t)(s->base + in->entry);
    g[REG_EFL] = (greg_t)(0x202 | TF);
    poison_vectors(s, uc, s->vec[in->vec % VXO_VEC_PATTERNS]);
    s->steps = 0;
    s->seen = 0;
    s->unverified = s->mode == VXO_MODE_IMAGE && !in_code(s, in->entry);
    s->started = 1;
}

TEXT static void end_run(struct vxo_shared *s, uint32_t cls, int sig, const siginfo_t *si, const greg_t *g)
{
    struct vxo_outcome *o = &s->out[s->current];
    o->cls = cls;
    o->seen = s->seen;
    o->steps = s->steps;
    o->signo = sig;
    o->si_code = si->si_code;
    o->rip = (uint64_t)g[REG_RIP];
    o->addr = (uint64_t)si->si_addr;
    for (int i = 0; i < VXO_NGREG; i++)
        o->gregs[i] = (uint64_t)g[i];
    o->done = 1;
    s->current++;
}

TEXT void vxo_child_handler(int sig, void *info, void *ucv)
{
    struct vxo_shared *s = state.s;
    siginfo_t *si = info;
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    if (!s->started) {
        if (s->current >= s->nruns)
            raw_exit(0);
        begin_run(s, uc);
        return;
    }
    uint64_t entry = s->runs[s->current].entry;
    uint32_t cls;
    if (s->unverified && sig != SIGTRAP && sig != SIGILL && !(sig == SIGSEGV && si->si_code == SI_KERNEL))
        s->seen |= 1u << VXO_UNVERIFIED_EXEC; /* it ran far enough to access memory */
    if (sig == SIGTRAP && si->si_code != SI_KERNEL) {
        /* The instruction before this trap retired. */
        if (s->unverified)
            s->seen |= 1u << VXO_UNVERIFIED_EXEC;
        s->unverified = 0;
        s->steps++;
        cls = check_step(s, g, entry);
        if (!cls && s->steps >= s->max_steps)
            cls = VXO_STEP_LIMIT;
        if (!cls)
            return; /* TF is still set in the saved flags */
    } else {
        cls = classify_fault(s, sig, si);
    }
    end_run(s, cls, sig, si, g);
    if (cls == VXO_TIMEOUT || s->current >= s->nruns)
        raw_exit(0);
    begin_run(s, uc);
}

TEXT __attribute__((noreturn)) static void child_main(void)
{
    struct vxo_shared *s = state.s;
    for (uint32_t i = 0; i < s->nprot; i++)
        if (raw_syscall3(SYS_mprotect, (long)s->prot_lo[i], (long)s->prot_len[i], 0) != 0)
            s->protect_failed++;
    s->locked = 1;
    __asm__ volatile("int3"); /* the handler takes over from here */
    raw_exit(3);
}

TEXT __attribute__((noreturn)) void vxo_child_launch(struct vxo_shared *s, void *stack_top)
{
    state.s = s;
    __asm__ volatile("mov %0, %%rsp\n\tcall *%1\n\tud2" ::"r"(stack_top), "r"(child_main) : "memory");
    __builtin_unreachable();
}
