/* The host's own signal handlers never run on guest memory (spec section
 * 10, "Host state and signals").
 *
 * libvx takes over every catchable signal that has a host handler (when it
 * first runs a guest, and again at vx_create, vx_load_*, vx_run_main and
 * vx_signals_refresh): the host's struct sigaction is kept and a wrapper
 * is installed with SA_ONSTACK, the host's sa_mask and its flags (but
 * SA_RESETHAND, which the wrapper emulates). The wrapper runs on the thread's alternate stack (host
 * memory; every thread that runs a guest has one, fault.c).
 *  - At a host pc it calls the host's handler as the host installed it.
 *  - At a guest or trampoline pc of a running sandbox it defers: it keeps
 *    the siginfo, blocks the signal in the interrupted context's mask (so
 *    further instances stay pending in the kernel, coalescing as POSIX
 *    allows) and returns to the guest. The next time host code runs on the
 *    host stack (the next call-out, or the end of the run) the deferred
 *    signals are re-sent to this thread with their siginfo and the host's
 *    mask comes back, so the host's handler runs there.
 * The common path costs no system call: one thread-local byte is tested
 * per call-out and per run. */
#define _GNU_SOURCE
#include "sandbox_internal.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#define MAX_SIG 65 /* signals 1..64 */

/* What the host installed, for each signal the wrapper owns. */
static struct sigaction host_action[MAX_SIG];
static pthread_mutex_t take_lock = PTHREAD_MUTEX_INITIALIZER;

struct deferred {
    uint64_t pending;        /* bit sig-1 set: sig was deferred */
    sigset_t host_mask;      /* the mask the guest code ran with */
    siginfo_t info[MAX_SIG]; /* the first instance of each */
};
__thread unsigned char vx_signals_deferred __attribute__((tls_model("initial-exec")));
static __thread struct deferred *thread_deferred __attribute__((tls_model("initial-exec")));
static pthread_key_t deferred_key;

/* Signals libvx leaves alone: not catchable, or libvx's own (fault.c). */
static int wrappable(int sig)
{
    switch (sig) {
    case SIGKILL: case SIGSTOP:
    case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE: case SIGTRAP:
        return 0;
    default:
        return sig != vx_timer_signal();
    }
}

/* Runs the host's handler as if the kernel had called it directly. */
static void call_host(int sig, siginfo_t *si, void *uc)
{
    struct sigaction h = host_action[sig];
    if (h.sa_flags & SA_RESETHAND) {
        struct sigaction dfl;
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        sigaction(sig, &dfl, NULL);
    }
    if (h.sa_flags & SA_SIGINFO) {
        h.sa_sigaction(sig, si, uc);
    } else if (h.sa_handler == SIG_IGN) {
        return;
    } else if (h.sa_handler == SIG_DFL) {
        struct sigaction dfl;
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        sigaction(sig, &dfl, NULL);
        raise(sig); /* blocked here unless SA_NODEFER: the default action follows the return */
    } else {
        h.sa_handler(sig);
    }
}

static void wrapper(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    vx_sandbox *sb = vx_running;
    struct deferred *d = thread_deferred;
    if (sb && d && sig > 0 && sig < MAX_SIG &&
        vx_pc_in_guest(sb, (uint64_t)uc->uc_mcontext.gregs[REG_RIP])) {
        uint64_t bit = 1ULL << (sig - 1);
        if (!d->pending)
            d->host_mask = uc->uc_sigmask;
        if (!(d->pending & bit))
            d->info[sig] = *si;
        d->pending |= bit;
        sigaddset(&uc->uc_sigmask, sig); /* stays blocked until vx_signals_deliver */
        vx_signals_deferred = 1;
        return;
    }
    int saved_errno = errno;
    call_host(sig, si, ucv);
    errno = saved_errno;
}

void vx_signals_deliver(void)
{
    struct deferred *d = thread_deferred;
    vx_signals_deferred = 0;
    if (!d || !d->pending)
        return;
    uint64_t p = d->pending;
    d->pending = 0;
    pid_t pid = getpid(), tid = (pid_t)syscall(SYS_gettid);
    for (int sig = 1; sig < MAX_SIG; sig++)
        if (p & (1ULL << (sig - 1)))
            syscall(SYS_rt_tgsigqueueinfo, pid, tid, sig, &d->info[sig]); /* pending: still blocked */
    pthread_sigmask(SIG_SETMASK, &d->host_mask, NULL); /* delivered here, on the host stack */
}

static void free_deferred(void *p) { free(p); }
static void make_key(void) { pthread_key_create(&deferred_key, free_deferred); }

int vx_signals_thread(void)
{
    if (thread_deferred)
        return 0;
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, make_key);
    struct deferred *d = calloc(1, sizeof *d);
    if (!d)
        return -1;
    thread_deferred = d;
    pthread_setspecific(deferred_key, d); /* freed when the thread exits */
    return 0;
}

/* Wraps every host handler not wrapped yet. One sigaction query per signal. */
static int take_over(void)
{
    int err = 0;
    for (int sig = 1; sig < MAX_SIG; sig++) {
        struct sigaction cur;
        if (!wrappable(sig) || sigaction(sig, NULL, &cur) != 0)
            continue; /* glibc's own signals (32, 33) are refused here */
        if ((cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == wrapper)
            continue;
        if (!(cur.sa_flags & SA_SIGINFO) && (cur.sa_handler == SIG_DFL || cur.sa_handler == SIG_IGN))
            continue; /* no host code runs for it */
        struct sigaction w;
        memset(&w, 0, sizeof w);
        w.sa_sigaction = wrapper;
        w.sa_mask = cur.sa_mask;
        /* The host's flags but SA_RESETHAND (emulated in call_host): SA_RESTART,
         * SA_NODEFER, SA_NOCLDSTOP, SA_NOCLDWAIT change what the kernel does. */
        w.sa_flags = SA_SIGINFO | SA_ONSTACK |
                     (cur.sa_flags & (SA_RESTART | SA_NODEFER | SA_NOCLDSTOP | SA_NOCLDWAIT));
        /* Block sig while host_action changes, so the wrapper never reads half of it. */
        sigset_t one, old;
        sigemptyset(&one);
        sigaddset(&one, sig);
        pthread_sigmask(SIG_BLOCK, &one, &old);
        host_action[sig] = cur;
        if (sigaction(sig, &w, NULL) != 0)
            err = -1;
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    return err;
}

vx_status vx_signals_refresh(void)
{
    pthread_mutex_lock(&take_lock);
    int err = take_over();
    pthread_mutex_unlock(&take_lock);
    if (err || vx_faults_install() != 0)
        return VX_ERR_STATE;
    return VX_OK;
}

vx_status vx_signals_take(vx_sandbox *sb)
{
    if (vx_signals_refresh() == VX_OK)
        return VX_OK;
    vx_set_error(sb, VX_ERR_STATE, "cannot take over the host's signal handlers");
    return VX_ERR_STATE;
}

static int taken_once = -2;
static void take_first(void) { taken_once = vx_signals_refresh() == VX_OK ? 0 : -1; }

int vx_signals_take_once(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, take_first);
    return taken_once;
}
