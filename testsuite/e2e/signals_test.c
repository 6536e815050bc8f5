/* Host signal handlers never run on guest memory (spec section 10): an
 * ordinary handler (no SA_ONSTACK) that fills 4 KiB of its stack with a
 * password fires every millisecond while the guest (hoststate.c,
 * stack_scan) spins and then looks below its stack pointer for it. */
#define _GNU_SOURCE
#include "vx.h"
#include "vx/layout.h"
#include <criterion/criterion.h>
#include "test_shell.h"
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <ucontext.h>

static const char *hoststate_elf(void)
{
    static char buf[512];
    snprintf(buf, sizeof buf, "%s/guests/hoststate.elf", build_dir());
    return buf;
}

static atomic_long handled;
static atomic_int handler_saw_guest_stack;
static vx_sandbox *current[8];

static void password_handler(int sig)
{
    (void)sig;
    volatile char secret[4096];
    for (size_t i = 0; i < sizeof secret; i++)
        secret[i] = "PaSsWoRd"[i % 8];
    /* The handler's own frame must not be inside any sandbox window. */
    uintptr_t sp = (uintptr_t)&secret[0];
    for (int i = 0; i < 8; i++)
        if (current[i]) {
            void *lo = vx_guest_ptr(current[i], VX_STACK_TOP - 4096, 1, 0);
            if (lo && sp - ((uintptr_t)lo & ~0xffffffffULL) < (1ULL << 32))
                handler_saw_guest_stack = 1;
        }
    handled++;
}

/* sigaction(sig) with an empty mask and these flags: info if they hold
 * SA_SIGINFO, else plain. Returns the action it replaced. */
static struct sigaction set_action(int sig, int flags, void (*plain)(int),
                                   void (*info)(int, siginfo_t *, void *))
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    if (flags & SA_SIGINFO)
        sa.sa_sigaction = info;
    else
        sa.sa_handler = plain;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    cr_assert_eq(sigaction(sig, &sa, &old), 0);
    return old;
}

static void install(int sig, int onstack)
{
    set_action(sig, SA_RESTART | (onstack ? SA_ONSTACK : 0), password_handler, NULL);
}

static void every_ms(int which)
{
    struct itimerval it = {{0, 1000}, {0, 1000}};
    cr_assert_eq(setitimer(which, &it, NULL), 0);
}

static void stop_timer(int which)
{
    struct itimerval none = {{0, 0}, {0, 0}};
    setitimer(which, &none, NULL);
}

static int markers_in_stack(vx_sandbox *sb)
{
    struct vx_options def;
    vx_options_init(&def);
    uint64_t lo = VX_STACK_TOP - def.stack_size;
    const unsigned char *p = vx_guest_ptr(sb, lo, def.stack_size, 0);
    cr_assert(p);
    int n = 0;
    for (const unsigned char *q = p; (q = memmem(q, p + def.stack_size - q, "PaSsWoRd", 8)); q++)
        n++;
    return n;
}

static vx_sandbox *load(int slot)
{
    vx_sandbox *sb;
    cr_assert_eq(vx_create(NULL, &sb), VX_OK);
    cr_assert_eq(vx_load_file(sb, hoststate_elf()), VX_OK, "%s", vx_error(sb)->message);
    current[slot] = sb;
    return sb;
}

/* Runs the guest's scan (through main, so vx_run_main's takeover applies). */
static void scan_run(vx_sandbox *sb)
{
    const char *argv[] = {"hoststate", "scan"};
    int code = -1;
    cr_assert_eq(vx_run_main(sb, 2, argv, &code), VX_EXITED, "%s", vx_error(sb)->message);
    cr_assert_eq(code, 0, "the guest found %d password markers below its stack pointer", code);
    cr_assert_eq(markers_in_stack(sb), 0, "password markers in the guest's stack");
}

static void check_ran(void)
{
    cr_assert(handled > 0, "the host's handler never ran");
    cr_assert(!handler_saw_guest_stack, "the host's handler ran on a guest stack");
}

/* The guest scans its stack while a host handler for sig fires every
 * millisecond of timer which; installed before or after the sandbox. */
static void scan_under_timer(int sig, int onstack, int which, int install_after_create)
{
    if (!install_after_create)
        install(sig, onstack);
    vx_sandbox *sb = load(0);
    if (install_after_create)
        install(sig, onstack);
    every_ms(which);
    scan_run(sb);
    stop_timer(which);
    check_ran();
    vx_destroy(sb);
}

Test(signals, handler_installed_before_libvx_never_runs_on_guest_memory, .timeout = 60)
{
    scan_under_timer(SIGALRM, 0, ITIMER_REAL, 0);
}

Test(signals, handler_installed_after_vx_create_never_runs_on_guest_memory, .timeout = 60)
{
    scan_under_timer(SIGALRM, 0, ITIMER_REAL, 1);
}

Test(signals, onstack_handler_never_runs_on_guest_memory, .timeout = 60)
{
    scan_under_timer(SIGALRM, 1, ITIMER_REAL, 0);
}

Test(signals, profiler_sigprof_never_runs_on_guest_memory, .timeout = 60)
{
    scan_under_timer(SIGPROF, 0, ITIMER_PROF, 0);
}

static void *thread_scan(void *arg)
{
    int slot = (int)(intptr_t)arg;
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGALRM);
    pthread_sigmask(SIG_UNBLOCK, &s, NULL);
    vx_sandbox *sb = current[slot];
    const char *argv[] = {"hoststate", "scan"};
    int code = -1;
    vx_status st = vx_run_main(sb, 2, argv, &code);
    return (void *)(intptr_t)(st == VX_EXITED && code == 0 && markers_in_stack(sb) == 0);
}

Test(signals, several_threads_each_with_a_sandbox, .timeout = 120)
{
    install(SIGALRM, 0);
    enum { N = 3 };
    for (int i = 0; i < N; i++)
        load(i);
    /* Only the guest threads take SIGALRM: the main thread blocks it. */
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGALRM);
    pthread_sigmask(SIG_BLOCK, &s, NULL);
    every_ms(ITIMER_REAL);
    pthread_t t[N];
    for (int i = 0; i < N; i++)
        pthread_create(&t[i], NULL, thread_scan, (void *)(intptr_t)i);
    for (int i = 0; i < N; i++) {
        void *ok;
        pthread_join(t[i], &ok);
        cr_assert(ok, "thread %d: the guest saw the host handler's stack, or did not exit cleanly", i);
    }
    stop_timer(ITIMER_REAL);
    check_ran();
    for (int i = 0; i < N; i++)
        vx_destroy(current[i]);
}

/* A signal deferred during guest code keeps its siginfo and reaches the
 * host's handler when the run returns. */
static volatile sig_atomic_t usr1_seen;
static void usr1(int sig, siginfo_t *si, void *uc)
{
    (void)sig, (void)uc;
    usr1_seen = si->si_code == SI_QUEUE && si->si_value.sival_int == 1234 ? 1 : 2;
}

static void *send_usr1_soon(void *target)
{
    struct timespec t = {0, 50 * 1000 * 1000};
    nanosleep(&t, NULL);
    pthread_sigqueue(*(pthread_t *)target, SIGUSR1, (union sigval){.sival_int = 1234});
    return NULL;
}

Test(signals, deferred_signal_keeps_its_siginfo, .timeout = 60)
{
    set_action(SIGUSR1, SA_SIGINFO, NULL, usr1);
    vx_sandbox *sb = load(0);
    pthread_t self = pthread_self(), helper;
    pthread_create(&helper, NULL, send_usr1_soon, &self);
    uint64_t n = 1000000000, found = 1;
    cr_assert_eq(vx_call(sb, "stack_scan", 1, &n, &found), VX_OK);
    pthread_join(helper, NULL);
    cr_assert_eq(usr1_seen, 1, "the handler %s", usr1_seen ? "saw another siginfo" : "never ran");
    cr_assert_eq(found, 0);
    vx_destroy(sb);
}

/* SA_RESETHAND is honoured through the wrapper: one call, then SIG_DFL. */
static volatile sig_atomic_t winch_count;
static void winch(int sig)
{
    (void)sig;
    winch_count++;
}

Test(signals, resethand_runs_once_then_the_default_action)
{
    struct sigaction now;
    set_action(SIGWINCH, SA_RESETHAND, winch, NULL);
    vx_sandbox *sb = load(0); /* wraps it */
    sigaction(SIGWINCH, NULL, &now);
    cr_assert(now.sa_flags & SA_ONSTACK, "the host's SIGWINCH handler was not wrapped");
    raise(SIGWINCH);
    raise(SIGWINCH); /* default action: ignored */
    cr_assert_eq(winch_count, 1);
    sigaction(SIGWINCH, NULL, &now);
    cr_assert(!(now.sa_flags & SA_SIGINFO) && now.sa_handler == SIG_DFL);
    vx_destroy(sb);
}

/* A host SIGSEGV handler installed after libvx's: host faults reach it,
 * guest faults stay contained (libvx takes over again and chains). */
static volatile sig_atomic_t host_segv;
static void on_host_segv(int sig)
{
    (void)sig;
    host_segv++;
}

Test(signals, host_fault_handler_installed_later_is_chained, .timeout = 20)
{
    vx_sandbox *first = load(0);
    const char *argv[] = {"hoststate"};
    int code;
    cr_assert_eq(vx_run_main(first, 1, argv, &code), VX_EXITED); /* libvx's fault handlers are in place */
    set_action(SIGSEGV, SA_NODEFER, on_host_segv, NULL);
    vx_sandbox *sb;
    char path[512];
    snprintf(path, sizeof path, "%s/guests/exports.elf", build_dir());
    cr_assert_eq(vx_create(NULL, &sb), VX_OK); /* takes over again */
    cr_assert_eq(vx_load_file(sb, path), VX_OK);
    uint64_t r;
    cr_assert_eq(vx_call(sb, "crash", 0, NULL, &r), VX_FAULT_SEGV, "the guest's SIGSEGV was not contained");
    cr_assert_eq(host_segv, 0);
    raise(SIGSEGV); /* a host-side SIGSEGV: the host's handler */
    cr_assert_eq(host_segv, 1);
    vx_destroy(sb);
    vx_destroy(first);
}

/* A host handler that chains back to the handler it replaced (libvx's):
 * libvx takes over again, chains to it, and must not loop. */
static struct sigaction replaced;
static volatile sig_atomic_t chained_calls;
static void chains_back(int sig, siginfo_t *si, void *uc)
{
    chained_calls++;
    if (replaced.sa_flags & SA_SIGINFO)
        replaced.sa_sigaction(sig, si, uc);
}

Test(signals, host_handler_chaining_back_to_libvx_does_not_loop, .timeout = 20)
{
    vx_sandbox *first = load(0);
    const char *argv[] = {"hoststate"};
    int code;
    cr_assert_eq(vx_run_main(first, 1, argv, &code), VX_EXITED);
    replaced = set_action(SIGTRAP, SA_SIGINFO | SA_NODEFER, NULL, chains_back);
    cr_assert(replaced.sa_flags & SA_SIGINFO, "libvx's SIGTRAP handler was not installed");
    vx_sandbox *sb = load(1); /* libvx's again, chaining to chains_back */
    raise(SIGTRAP);            /* host code: libvx -> chains_back -> libvx: the default action, no loop */
    cr_assert_eq(chained_calls, 1);
    vx_destroy(sb);
    vx_destroy(first);
}

/* Deferral, not only the alternate stack: a handler interrupting guest code
 * directly would get the guest's registers as its context (a profiler
 * unwinding from there walks guest memory; a handler that longjmps leaves
 * the sandbox half-entered). Delivered at a call-out or the run's end, its
 * context is host code on the host stack. */
static atomic_int saw_guest_context;
static uintptr_t window_base;

static void context_handler(int sig, siginfo_t *si, void *ucv)
{
    (void)sig, (void)si;
    ucontext_t *uc = ucv;
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP], sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
    if (pc - window_base < (1ULL << 32) || sp - window_base < (1ULL << 32))
        saw_guest_context = 1;
    handled++;
}

Test(signals, handler_never_sees_a_guest_context, .timeout = 60)
{
    set_action(SIGALRM, SA_SIGINFO | SA_RESTART | SA_ONSTACK, NULL, context_handler);
    vx_sandbox *sb = load(0);
    window_base = (uintptr_t)vx_guest_ptr(sb, VX_STACK_TOP - 4096, 1, 0) & ~0xffffffffULL;
    every_ms(ITIMER_REAL);
    scan_run(sb);
    stop_timer(ITIMER_REAL);
    vx_destroy(sb);
    current[0] = NULL;
    cr_assert(handled > 0, "the host's handler never ran");
    cr_assert(!saw_guest_context, "the host's handler was given a guest pc or %%rsp as its context");
}
