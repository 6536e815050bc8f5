/* Fault containment (spec section 9, promise 4). A signal taken while a
 * sandbox runs on this thread, at a guest or trampoline instruction, ends
 * that run: the handler rewrites the interrupted context to resume at
 * vx_leave, so the kernel's sigreturn restores the signal mask and the host
 * continues after vx_enter. Anything else goes to the handler the host had.
 * The CPU-time tick that lands in host code during a run marks the run
 * expired; the call-out trampoline ends it before the guest runs again. */
#define _GNU_SOURCE
#include "sandbox_internal.h"
#include "vx/layout.h"
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

__thread vx_sandbox *vx_running __attribute__((tls_model("initial-exec")));
static __thread void *alt_stack;

static const int contained[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, 0 /* timer */};
#define NSIGNALS (sizeof contained / sizeof *contained)
#define TIMER_IDX (NSIGNALS - 1)

int vx_timer_signal(void) { return SIGRTMIN + 7; }

static int signal_at(unsigned i) { return i == TIMER_IDX ? vx_timer_signal() : contained[i]; }
static struct sigaction previous[NSIGNALS];

static vx_status status_for(int sig)
{
    switch (sig) {
    case SIGSEGV: return VX_FAULT_SEGV;
    case SIGBUS: return VX_FAULT_BUS;
    case SIGILL: return VX_FAULT_ILL;
    case SIGFPE: return VX_FAULT_FPE;
    default: return sig == vx_timer_signal() ? VX_TIMEOUT : VX_FAULT_TRAP;
    }
}

/* The chained call in progress on this thread (its depth and siginfo). */
static __thread uintptr_t chaining_sp __attribute__((tls_model("initial-exec")));
static __thread siginfo_t *chaining_si __attribute__((tls_model("initial-exec")));

static void chain(int idx, int sig, siginfo_t *si, void *uc)
{
    const struct sigaction *p = &previous[idx];
    uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
    if (chaining_sp && sp < chaining_sp && si == chaining_si) {
        /* Called from inside the handler we chained to (it was installed
         * after libvx and keeps libvx's as its previous): the default
         * action rather than a loop. The same siginfo on a deeper frame,
         * not a flag, tells it apart from a new signal after a handler
         * that longjmp'd out. */
        signal(sig, SIG_DFL);
        return;
    }
    chaining_sp = sp;
    chaining_si = si;
    if (p->sa_flags & SA_SIGINFO) {
        p->sa_sigaction(sig, si, uc);
    } else if (p->sa_handler == SIG_IGN) {
    } else if (p->sa_handler == SIG_DFL) {
        /* Re-raise with the default action: the fault recurs on return. */
        signal(sig, SIG_DFL);
    } else {
        p->sa_handler(sig);
    }
    chaining_sp = 0;
}

int vx_pc_in_guest(const vx_sandbox *sb, uint64_t pc)
{
    uint64_t b = (uint64_t)sb->base;
    return (pc >= b && pc - b < VX_SANDBOX_SIZE) ||
           (pc >= (uint64_t)vx_tramp_start && pc < (uint64_t)vx_tramp_end);
}

static void handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    unsigned idx = 0;
    while (idx < NSIGNALS && signal_at(idx) != sig)
        idx++;
    vx_sandbox *sb = vx_running;
    uint64_t pc = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
    if (!sb || !vx_pc_in_guest(sb, pc)) {
        if (idx == TIMER_IDX) {
            if (sb)
                sb->ctx.expired = 1; /* host code of a run: ends at the return to the guest */
            return;
        }
        chain((int)idx, sig, si, ucv);
        return;
    }
    uint64_t b = (uint64_t)sb->base;
    uint64_t addr = (uint64_t)si->si_addr;
    sb->run_status = status_for(sig);
    sb->err.status = sb->run_status;
    sb->err.guest_pc = pc - b < VX_SANDBOX_SIZE ? pc - b : 0;
    sb->err.guest_addr = addr - b < VX_SANDBOX_SIZE ? addr - b : addr;
    sb->err.message[0] = 0; /* formatted by the run loop, outside the handler */
    uc->uc_mcontext.gregs[REG_RIP] = (greg_t)vx_leave;
    uc->uc_mcontext.gregs[REG_RDI] = (greg_t)&sb->ctx;
    uc->uc_mcontext.gregs[REG_RSP] = (greg_t)sb->ctx.host_rsp;
}

static pthread_mutex_t install_lock = PTHREAD_MUTEX_INITIALIZER;

/* Installs the handler on every contained signal where it is not the
 * current one. A host handler installed after libvx's becomes the chained
 * one (previous[]), so host faults still reach it and guest faults stay
 * contained. */
static int install(void)
{
    struct sigaction sa, cur;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    int err = 0;
    for (unsigned i = 0; i < NSIGNALS; i++) {
        if (sigaction(signal_at(i), NULL, &cur) != 0) {
            err = -1;
            continue;
        }
        if ((cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == handler)
            continue;
        previous[i] = cur;
        if (sigaction(signal_at(i), &sa, NULL) != 0)
            err = -1;
    }
    return err;
}

int vx_faults_install(void)
{
    pthread_mutex_lock(&install_lock);
    int err = install();
    pthread_mutex_unlock(&install_lock);
    return err;
}

static pthread_key_t alt_key;

static void free_alt_stack(void *p)
{
    stack_t none = {.ss_flags = SS_DISABLE};
    sigaltstack(&none, NULL);
    free(p);
}

static void make_key(void)
{
    pthread_key_create(&alt_key, free_alt_stack);
}

int vx_faults_thread(void)
{
    if (alt_stack)
        return 0;
    stack_t cur;
    if (sigaltstack(NULL, &cur) == 0 && !(cur.ss_flags & SS_DISABLE) && cur.ss_size >= 32768) {
        alt_stack = cur.ss_sp; /* the host already gave this thread one */
        return 0;
    }
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, make_key);
    size_t size = 65536;
    void *mem = malloc(size);
    if (!mem)
        return -1;
    stack_t ss = {.ss_sp = mem, .ss_size = size};
    if (sigaltstack(&ss, NULL) != 0) {
        free(mem);
        return -1;
    }
    alt_stack = mem;
    pthread_setspecific(alt_key, mem); /* freed when the thread exits */
    return 0;
}
