/* The guest as a process: exit, its identity, signals it sends itself,
 * clocks, randomness and limits. Nothing here reaches another process:
 * kill and tgkill only ever name the guest, which is pid 1, tid 1. A
 * signal the guest raises runs the handler it installed (signal_frame.c),
 * is ignored, or ends the run with that signal's status. In
 * deterministic mode time and randomness are virtual. */
#define _GNU_SOURCE
#include "linux.h"
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define GUEST_PID 1

/* vx_run_main reports the whole int the guest passed to exit, as
 * vx/guest.h's exit service does; a process status (vxrun's) keeps its low 8 bits. */
int64_t vx_linux_exit(vx_sandbox *sb, const uint64_t *a)
{
    sb->exit_code = (int)a[0];
    vx_abort_run(sb, VX_EXITED);
}

int64_t vx_linux_getpid(vx_sandbox *sb, const uint64_t *a)
{
    (void)sb, (void)a;
    return GUEST_PID;
}

int64_t vx_linux_set_tid_address(vx_sandbox *sb, const uint64_t *a)
{
    (void)sb, (void)a;
    return GUEST_PID;
}

int64_t vx_linux_getppid(vx_sandbox *sb, const uint64_t *a)
{
    (void)sb, (void)a;
    return 0;
}

int64_t vx_linux_getuid(vx_sandbox *sb, const uint64_t *a)
{
    (void)sb, (void)a;
    return 0; /* the host's identity stays on the host */
}


int64_t vx_linux_rt_sigprocmask(vx_sandbox *sb, const uint64_t *a)
{
    if (a[3] != 8)
        return -EINVAL;
    uint64_t set = 0;
    if (a[1]) {
        const uint64_t *p = vx_guest_ptr(sb, a[1], 8, 0);
        if (!p)
            return -EFAULT;
        set = *p;
    }
    if (a[2]) {
        uint64_t *old = vx_guest_ptr(sb, a[2], 8, 1);
        if (!old)
            return -EFAULT;
        *old = sb->sigmask;
    }
    if (!a[1])
        return 0;
    uint64_t unblockable = (1ULL << (SIGKILL - 1)) | (1ULL << (SIGSTOP - 1));
    switch (a[0]) {
    case SIG_BLOCK: sb->sigmask |= set; break;
    case SIG_UNBLOCK: sb->sigmask &= ~set; break;
    case SIG_SETMASK: sb->sigmask = set; break;
    default: return -EINVAL;
    }
    sb->sigmask &= ~unblockable;
    return vx_linux_pending(sb, 0);
}

int64_t vx_linux_rt_sigaction(vx_sandbox *sb, const uint64_t *a)
{
    uint64_t sig = a[0];
    if (sig < 1 || sig > 64 || a[3] != 8)
        return -EINVAL;
    if (a[2]) {
        void *old = vx_guest_ptr(sb, a[2], 32, 1);
        if (!old)
            return -EFAULT;
        memcpy(old, sb->sigaction[sig - 1], 32);
    }
    if (a[1]) {
        if (sig == SIGKILL || sig == SIGSTOP)
            return -EINVAL;
        const void *act = vx_guest_ptr(sb, a[1], 32, 0);
        if (!act)
            return -EFAULT;
        memcpy(sb->sigaction[sig - 1], act, 32);
    }
    return 0;
}

/* Default actions that do nothing. */
static int ignored_by_default(int sig)
{
    return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

/* Acts on sig now: ignored, the guest's handler when this call-out returns
 * with result, or the run ends with its status. */
static int64_t deliver(vx_sandbox *sb, uint64_t sig, int code, int64_t result)
{
    uint64_t handler;
    memcpy(&handler, sb->sigaction[sig - 1], 8);
    int catchable = sig != SIGKILL && sig != SIGSTOP;
    if (catchable && (handler == (uint64_t)(uintptr_t)SIG_IGN || (handler == 0 && ignored_by_default((int)sig))))
        return result;
    if (catchable && handler != 0)
        return vx_linux_run_handler(sb, (int)sig, code, result);
    sb->end_signal = (int)sig; /* the run's message names it (run.c) */
    sb->exit_code = 128 + (int)sig;
    vx_abort_run(sb, VX_EXITED);
}

/* The lowest pending signal the mask lets through acts as this call-out
 * returns with result; the others wait for its handler's rt_sigreturn. */
int64_t vx_linux_pending(vx_sandbox *sb, int64_t result)
{
    uint64_t ready = sb->sigpending & ~sb->sigmask;
    while (ready && !sb->ctx.deliver) {
        uint64_t sig = (uint64_t)__builtin_ctzll(ready) + 1;
        sb->sigpending &= ~(1ULL << (sig - 1));
        ready &= ~(1ULL << (sig - 1));
        result = deliver(sb, sig, SI_TKILL, result);
    }
    return result;
}

/* A blocked signal waits until the mask lets it through (musl's raise
 * blocks every signal around its tkill, then restores the mask). */
static int64_t raise_self(vx_sandbox *sb, uint64_t sig, int code)
{
    if (sig > 64)
        return -EINVAL;
    if (sig == 0)
        return 0;
    if (sig != SIGKILL && sig != SIGSTOP && (sb->sigmask & (1ULL << (sig - 1)))) {
        sb->sigpending |= 1ULL << (sig - 1);
        return 0;
    }
    return deliver(sb, sig, code, 0);
}

int64_t vx_linux_kill(vx_sandbox *sb, const uint64_t *a)
{
    int64_t pid = (int64_t)(int)a[0];
    if (pid != GUEST_PID && pid != 0 && pid != -1)
        return -ESRCH;
    return raise_self(sb, a[1], SI_USER);
}

int64_t vx_linux_tkill(vx_sandbox *sb, const uint64_t *a)
{
    return (int)a[0] == GUEST_PID ? raise_self(sb, a[1], SI_TKILL) : -ESRCH;
}

int64_t vx_linux_tgkill(vx_sandbox *sb, const uint64_t *a)
{
    return (int)a[0] == GUEST_PID && (int)a[1] == GUEST_PID ? raise_self(sb, a[2], SI_TKILL) : -ESRCH;
}

int64_t vx_linux_uname(vx_sandbox *sb, const uint64_t *a)
{
    static const char fields[6][65] = {"Linux", "vx", "6.1.0-vx", "#1 vx sandbox", "x86_64", "(none)"};
    void *out = vx_guest_ptr(sb, a[0], sizeof fields, 1);
    if (!out)
        return -EFAULT;
    memcpy(out, fields, sizeof fields);
    return 0;
}

/* splitmix64: the deterministic sandbox's randomness, the same every run. */
static uint64_t next_virtual(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

#define RANDOM_CAP 33554431 /* Linux's cap per getrandom call */

int64_t vx_linux_random(vx_sandbox *sb, void *buf, uint64_t n, unsigned flags)
{
    unsigned char *out = buf;
    if (n > RANDOM_CAP)
        n = RANDOM_CAP;
    if (sb->opt.deterministic) {
        for (uint64_t i = 0; i < n; i += 8) {
            uint64_t v = next_virtual(&sb->random_state);
            memcpy(out + i, &v, n - i < 8 ? n - i : 8);
        }
        return (int64_t)n;
    }
    ssize_t got = getrandom(out, n, flags & GRND_NONBLOCK);
    return got < 0 ? vx_linux_host_errno() : got;
}

int64_t vx_linux_getrandom(vx_sandbox *sb, const uint64_t *a)
{
    uint64_t n = a[1] < RANDOM_CAP ? a[1] : RANDOM_CAP;
    void *out = vx_guest_ptr(sb, a[0], n, 1);
    if (!out)
        return -EFAULT;
    return vx_linux_random(sb, out, n, (unsigned)a[2]);
}

/* Virtual time advances per call-out, as the services' virtual clock does. */
static struct timespec virtual_now(const vx_sandbox *sb)
{
    int64_t ns = (int64_t)sb->stats.callouts * 1000;
    return (struct timespec){ns / 1000000000, ns % 1000000000};
}

static int host_clock(uint64_t clk, clockid_t *out)
{
    switch (clk) {
    case CLOCK_REALTIME: case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW:
    case CLOCK_REALTIME_COARSE: case CLOCK_MONOTONIC_COARSE: case CLOCK_BOOTTIME:
        *out = (clockid_t)clk;
        return 0;
    case CLOCK_PROCESS_CPUTIME_ID: case CLOCK_THREAD_CPUTIME_ID:
        *out = CLOCK_THREAD_CPUTIME_ID; /* the guest runs on this thread */
        return 0;
    default:
        return -EINVAL;
    }
}

int64_t vx_linux_clock_gettime(vx_sandbox *sb, const uint64_t *a)
{
    clockid_t c;
    if (host_clock(a[0], &c))
        return -EINVAL;
    struct timespec *out = vx_guest_ptr(sb, a[1], sizeof *out, 1);
    if (!out)
        return -EFAULT;
    if (sb->opt.deterministic)
        *out = virtual_now(sb);
    else
        clock_gettime(c, out);
    return 0;
}

int64_t vx_linux_clock_getres(vx_sandbox *sb, const uint64_t *a)
{
    clockid_t c;
    if (host_clock(a[0], &c))
        return -EINVAL;
    if (!a[1])
        return 0;
    struct timespec *out = vx_guest_ptr(sb, a[1], sizeof *out, 1);
    if (!out)
        return -EFAULT;
    clock_getres(c, out);
    return 0;
}

int64_t vx_linux_gettimeofday(vx_sandbox *sb, const uint64_t *a)
{
    if (a[0]) {
        int64_t *tv = vx_guest_ptr(sb, a[0], 16, 1);
        if (!tv)
            return -EFAULT;
        struct timespec ts = virtual_now(sb);
        if (!sb->opt.deterministic)
            clock_gettime(CLOCK_REALTIME, &ts);
        tv[0] = ts.tv_sec;
        tv[1] = ts.tv_nsec / 1000;
    }
    if (a[1]) {
        int32_t *tz = vx_guest_ptr(sb, a[1], 8, 1);
        if (!tz)
            return -EFAULT;
        tz[0] = tz[1] = 0;
    }
    return 0;
}

static int64_t sleep_for(vx_sandbox *sb, clockid_t c, int flags, uint64_t req, uint64_t rem)
{
    const struct timespec *r = vx_guest_ptr(sb, req, sizeof *r, 0);
    if (!r)
        return -EFAULT;
    if (r->tv_sec < 0 || r->tv_nsec < 0 || r->tv_nsec >= 1000000000)
        return -EINVAL;
    if (sb->opt.deterministic)
        return 0;
    struct timespec left = {0};
    int e = clock_nanosleep(c, flags, r, &left);
    if (e == EINTR && rem && !(flags & TIMER_ABSTIME)) {
        struct timespec *out = vx_guest_ptr(sb, rem, sizeof *out, 1);
        if (out)
            *out = left;
    }
    return -e;
}

int64_t vx_linux_nanosleep(vx_sandbox *sb, const uint64_t *a)
{
    return sleep_for(sb, CLOCK_MONOTONIC, 0, a[0], a[1]);
}

int64_t vx_linux_clock_nanosleep(vx_sandbox *sb, const uint64_t *a)
{
    clockid_t c;
    if (host_clock(a[0], &c) || c == CLOCK_THREAD_CPUTIME_ID || (a[1] & ~(uint64_t)TIMER_ABSTIME))
        return -EINVAL;
    return sleep_for(sb, c, (int)a[1], a[2], a[3]);
}

int64_t vx_linux_sched_yield(vx_sandbox *sb, const uint64_t *a)
{
    (void)sb, (void)a;
    return 0;
}

/* The sandbox's real limits. */
static void limit_of(const vx_sandbox *sb, uint64_t res, uint64_t out[2])
{
    uint64_t v = RLIM_INFINITY;
    switch (res) {
    case RLIMIT_STACK: v = sb->opt.stack_size; break;
    case RLIMIT_AS: case RLIMIT_DATA: v = sb->opt.memory_limit; break;
    case RLIMIT_NOFILE: v = VX_MAX_FDS; break;
    case RLIMIT_NPROC: v = 1; break;
    case RLIMIT_CPU: if (sb->opt.cpu_seconds > 0) v = (uint64_t)(sb->opt.cpu_seconds + 0.999); break;
    }
    out[0] = out[1] = v;
}

int64_t vx_linux_getrlimit(vx_sandbox *sb, const uint64_t *a)
{
    if (a[0] >= RLIM_NLIMITS)
        return -EINVAL;
    uint64_t *out = vx_guest_ptr(sb, a[1], 16, 1);
    if (!out)
        return -EFAULT;
    limit_of(sb, a[0], out);
    return 0;
}

int64_t vx_linux_prlimit64(vx_sandbox *sb, const uint64_t *a)
{
    if (a[0] != 0 && a[0] != GUEST_PID)
        return -ESRCH;
    if (a[1] >= RLIM_NLIMITS)
        return -EINVAL;
    if (a[2]) {
        const uint64_t *want = vx_guest_ptr(sb, a[2], 16, 0);
        uint64_t now[2];
        if (!want)
            return -EFAULT;
        limit_of(sb, a[1], now);
        if (want[0] > now[1] || want[1] > now[1])
            return -EPERM; /* limits can only be what the host set */
    }
    if (a[3]) {
        uint64_t *out = vx_guest_ptr(sb, a[3], 16, 1);
        if (!out)
            return -EFAULT;
        limit_of(sb, a[1], out);
    }
    return 0;
}

int64_t vx_linux_sysinfo(vx_sandbox *sb, const uint64_t *a)
{
    struct {
        int64_t uptime;
        uint64_t loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap;
        uint16_t procs, pad;
        uint64_t totalhigh, freehigh;
        uint32_t mem_unit;
        char reserved[4];
    } info = {0};
    void *out = vx_guest_ptr(sb, a[0], 112, 1);
    if (!out)
        return -EFAULT;
    struct timespec ts = virtual_now(sb);
    if (!sb->opt.deterministic)
        clock_gettime(CLOCK_BOOTTIME, &ts);
    info.uptime = ts.tv_sec;
    info.totalram = sb->opt.memory_limit;
    info.freeram = sb->opt.memory_limit - sb->stats.heap_bytes - sb->opt.stack_size;
    info.procs = 1;
    info.mem_unit = 1;
    memcpy(out, &info, 112);
    return 0;
}

int64_t vx_linux_times(vx_sandbox *sb, const uint64_t *a)
{
    long hz = sysconf(_SC_CLK_TCK);
    struct timespec cpu = virtual_now(sb), mono = cpu;
    if (!sb->opt.deterministic) {
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
        clock_gettime(CLOCK_MONOTONIC, &mono);
    }
    if (a[0]) {
        int64_t *t = vx_guest_ptr(sb, a[0], 32, 1);
        if (!t)
            return -EFAULT;
        t[0] = cpu.tv_sec * hz + cpu.tv_nsec / (1000000000 / hz); /* all of it user time */
        t[1] = t[2] = t[3] = 0;
    }
    return mono.tv_sec * hz + mono.tv_nsec / (1000000000 / hz);
}

/* One thread: nothing ever waits on a futex another thread would wake. */
int64_t vx_linux_futex(vx_sandbox *sb, const uint64_t *a)
{
    int op = (int)a[1] & 127; /* without FUTEX_PRIVATE_FLAG */
    if (op == 1 /* FUTEX_WAKE */)
        return 0;
    if (op == 0 /* FUTEX_WAIT */) {
        const int *word = vx_guest_ptr(sb, a[0], 4, 0);
        if (!word)
            return -EFAULT;
        return *word != (int)a[2] ? -EAGAIN : -ETIMEDOUT;
    }
    return -ENOSYS;
}
