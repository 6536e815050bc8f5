/* The child's setup while libc still works: %gs base, signal handlers with
 * the oracle's own restorer, an alternate signal stack, an alarm, and the
 * list of every host range to make PROT_NONE (all of /proc/self/maps but
 * what the post-lockdown code needs). Then child.c takes over. */
#define _GNU_SOURCE
#include "lockdown.h"
#include "child.h"
#include <asm/prctl.h>
#include <signal.h>
#include <sys/auxv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/rseq.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE 4096ULL
#define SA_RESTORER_FLAG 0x04000000
#define ORACLE_STACK (256 * 1024)

struct kernel_sigaction {
    void *handler;
    unsigned long flags;
    const void *restorer;
    uint64_t mask;
};

struct range {
    uint64_t lo, hi;
};

static uint64_t page_down(uint64_t a) { return a & ~(PAGE - 1); }
static uint64_t page_up(uint64_t a) { return (a + PAGE - 1) & ~(PAGE - 1); }

static const int oracle_signals[] = {SIGTRAP, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGALRM};
#define NSIGNALS (sizeof oracle_signals / sizeof *oracle_signals)

static int install_handlers(void)
{
    struct kernel_sigaction ka = {.handler = (void *)vxo_child_handler,
                                  .flags = SA_SIGINFO | SA_ONSTACK | SA_RESTORER_FLAG,
                                  .restorer = vxo_restorer};
    for (unsigned i = 0; i < NSIGNALS; i++)
        ka.mask |= 1ULL << (oracle_signals[i] - 1);
    sigset_t unblock;
    sigemptyset(&unblock);
    for (unsigned i = 0; i < NSIGNALS; i++) {
        if (syscall(SYS_rt_sigaction, oracle_signals[i], &ka, NULL, 8) != 0)
            return -1;
        sigaddset(&unblock, oracle_signals[i]);
    }
    return sigprocmask(SIG_UNBLOCK, &unblock, NULL);
}

/* Adds [lo, hi) minus the keep ranges to the protect list. */
static void protect_except(struct vxo_shared *s, uint64_t lo, uint64_t hi, const struct range *keep, unsigned nkeep)
{
    for (unsigned k = 0; k < nkeep && lo < hi; k++) {
        if (keep[k].hi <= lo || keep[k].lo >= hi)
            continue;
        if (keep[k].lo > lo)
            protect_except(s, lo, keep[k].lo, keep, nkeep);
        lo = keep[k].hi;
    }
    if (lo < hi && s->nprot < VXO_MAX_PROTECT) {
        s->prot_lo[s->nprot] = lo;
        s->prot_len[s->nprot++] = hi - lo;
    }
}

static int plan_lockdown(struct vxo_shared *s, const struct range *keep, unsigned nkeep)
{
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f)
        return -1;
    char line[512];
    s->nprot = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        char perms[8];
        if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) != 3)
            continue;
        if (strstr(line, "[vvar") || strstr(line, "[vsyscall]"))
            continue; /* cannot be changed; vvar is read-only kernel data */
        if (strcmp(perms, "---p") == 0)
            continue; /* already inaccessible */
        protect_except(s, lo, hi, keep, nkeep);
    }
    fclose(f);
    return s->nprot < VXO_MAX_PROTECT ? 0 : -1;
}

/* The kernel writes the thread's rseq area on every return to user space;
 * once that page is PROT_NONE, it would kill the child. */
static void unregister_rseq(void)
{
    if (__rseq_size == 0)
        return;
    char *tp;
    __asm__("mov %%fs:0, %0" : "=r"(tp));
    /* glibc registers 32 bytes though __rseq_size says 20 (its feature size) */
    if (syscall(SYS_rseq, tp + __rseq_offset, 32, 1 /* RSEQ_FLAG_UNREGISTER */, RSEQ_SIG) != 0)
        syscall(SYS_rseq, tp + __rseq_offset, __rseq_size, 1, RSEQ_SIG);
}

void vxo_child_start(struct vxo_shared *s, const struct vxo_lockdown *l)
{
    s->fsgsbase = (getauxval(AT_HWCAP2) & 2 /* HWCAP2_FSGSBASE */) != 0;
    if (s->fsgsbase) {
        __asm__ volatile("wrgsbase %0" ::"r"(s->base) : "memory");
        __asm__ volatile("rdfsbase %0" : "=r"(s->fs_base));
    } else if (syscall(SYS_arch_prctl, ARCH_SET_GS, s->base) != 0 ||
               syscall(SYS_arch_prctl, ARCH_GET_FS, &s->fs_base) != 0) {
        _exit(13);
    }
    uint8_t *mem = mmap(NULL, 2 * ORACLE_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED)
        _exit(10);
    memset(mem, 0, 2 * ORACLE_STACK);
    stack_t alt = {.ss_sp = mem + ORACLE_STACK, .ss_size = ORACLE_STACK};
    unregister_rseq();
    if (sigaltstack(&alt, NULL) != 0 || install_handlers() != 0)
        _exit(11);
    struct range keep[] = {
        {l->reserve_lo, l->reserve_hi},
        {page_down((uint64_t)__start_vxo_text), page_up((uint64_t)__stop_vxo_text)},
        {page_down((uint64_t)__start_vxo_data), page_up((uint64_t)__stop_vxo_data)},
        {page_down((uint64_t)s), page_up((uint64_t)s + sizeof *s)},
        {(uint64_t)mem, (uint64_t)mem + 2 * ORACLE_STACK},
    };
    /* keep ranges sorted for protect_except */
    unsigned n = sizeof keep / sizeof *keep;
    for (unsigned i = 0; i < n; i++)
        for (unsigned j = i + 1; j < n; j++)
            if (keep[j].lo < keep[i].lo) {
                struct range t = keep[i];
                keep[i] = keep[j];
                keep[j] = t;
            }
    if (plan_lockdown(s, keep, n) != 0)
        _exit(12);
    if (getenv("VXO_NO_LOCKDOWN")) /* debugging the oracle itself only */
        s->nprot = 0;
    alarm(l->alarm_seconds);
    vxo_child_launch(s, mem + ORACLE_STACK - 64);
}
