/* Running a guest: %gs base, CPU-time timer, initial stack, and turning the
 * way a run ended into a status and message for the host. */
#define _GNU_SOURCE
#include "sandbox_internal.h"
#include "vx/layout.h"
#include <asm/prctl.h>
#include <elf.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef HWCAP2_FSGSBASE
#define HWCAP2_FSGSBASE (1 << 1)
#endif

static __thread uint64_t current_gs; /* avoid a syscall when it is already set */

static int set_gs_base(uint64_t base)
{
    if (current_gs == base)
        return 0;
    static int fsgsbase = -1;
    if (fsgsbase < 0)
        fsgsbase = (getauxval(AT_HWCAP2) & HWCAP2_FSGSBASE) != 0;
    if (fsgsbase)
        __asm__ volatile("wrgsbase %0" ::"r"(base) : "memory");
    else if (syscall(SYS_arch_prctl, ARCH_SET_GS, base) != 0)
        return -1;
    current_gs = base;
    return 0;
}

/* Copies the environment and argv strings and the argv/envp arrays to the
 * top of the guest stack, then an auxiliary vector after envp's NULL as Linux lays it out
 * (musl reads AT_RANDOM for its stack-protector canary and pointer
 * mangling); returns the initial %rsp offset (16-byte aligned). */
static int build_stack(vx_sandbox *sb, int argc, const char *const *argv, uint64_t *rsp,
                       uint64_t *argv_off, uint64_t *envp_off)
{
    uint64_t top = VX_STACK_TOP, strings[256], env_strings;
    if (argc < 0 || argc > 255 || vx_env_push_strings(sb, &top, &env_strings) != 0)
        return -1;
    for (int i = argc - 1; i >= 0; i--) {
        size_t n = strlen(argv[i]) + 1;
        if (n > top - sb->stack_lo - 4096)
            return -1;
        top -= n;
        memcpy(sb->base + top, argv[i], n);
        strings[i] = top;
    }
    top = (top - 16) & ~15ULL;
    uint64_t random_bytes = top;
    uint64_t seed[2] = {0x766f6e6365ULL, 0x76782d6475656c ^ (uint64_t)argc};
    if (!sb->opt.deterministic && getrandom(seed, sizeof seed, GRND_NONBLOCK) != sizeof seed)
        seed[0] ^= (uint64_t)(uintptr_t)sb->base;
    memcpy(sb->base + random_bytes, seed, sizeof seed);
    /* The program header table musl's static TLS set-up reads: only the
     * PT_TLS header (no PT_PHDR, so musl takes the image base as 0, which
     * guest addresses are). */
    uint64_t phdr = 0, phnum = 0;
    if (sb->image.tls.p_type == PT_TLS) {
        top = (top - sizeof sb->image.tls) & ~15ULL;
        memcpy(sb->base + top, &sb->image.tls, sizeof sb->image.tls);
        phdr = top;
        phnum = 1;
    }
    const uint64_t auxv[] = {6 /* AT_PAGESZ */, 4096, 25 /* AT_RANDOM */, random_bytes,
                             3 /* AT_PHDR */, phdr, 4 /* AT_PHENT */, sizeof(Elf64_Phdr),
                             5 /* AT_PHNUM */, phnum, 9 /* AT_ENTRY */, sb->image.entry,
                             11 /* AT_UID */, 0, 12, 0, 13, 0, 14 /* AT_EGID */, 0,
                             23 /* AT_SECURE */, 0, 0 /* AT_NULL */, 0};
    top -= 8 * (uint64_t)(argc + 2 + sb->env_count) + sizeof auxv; /* argv[], NULL, envp[], NULL, auxv */
    top &= ~15ULL;
    if (top < sb->stack_lo + 4096)
        return -1;
    uint64_t *arr = (uint64_t *)(sb->base + top);
    for (int i = 0; i < argc; i++)
        arr[i] = strings[i];
    arr[argc] = 0;
    vx_env_fill_pointers(sb, env_strings, arr + argc + 1);
    memcpy(arr + argc + 2 + sb->env_count, auxv, sizeof auxv);
    *argv_off = top;
    *envp_off = top + 8 * (uint64_t)(argc + 1);
    *rsp = top - 64;
    return 0;
}

static timer_t arm_cpu_timer(double seconds, int *armed)
{
    timer_t t = 0;
    *armed = 0;
    if (seconds <= 0)
        return t;
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_THREAD_ID;
    ev.sigev_signo = vx_timer_signal();
    ev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
    if (timer_create(CLOCK_THREAD_CPUTIME_ID, &ev, &t) != 0)
        return t;
    struct itimerspec its = {
        .it_value = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)},
        .it_interval = {0, 10 * 1000 * 1000}, /* re-fire if it first lands in host code */
    };
    if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
        its.it_value.tv_nsec = 1;
    timer_settime(t, 0, &its, NULL);
    *armed = 1;
    return t;
}

static void describe_end(vx_sandbox *sb)
{
    struct vx_error *e = &sb->err;
    e->status = sb->run_status;
    switch (sb->run_status) {
    case VX_OK:
        break; /* vx_call's function returned */
    case VX_EXITED:
        if (sb->end_signal)
            snprintf(e->message, sizeof e->message, "guest ended by signal %d (%s)", sb->end_signal,
                     strsignal(sb->end_signal));
        else
            snprintf(e->message, sizeof e->message, "guest exited with status %d", sb->exit_code);
        break;
    case VX_TIMEOUT:
        snprintf(e->message, sizeof e->message, "CPU time limit of %.3f s exceeded at pc 0x%llx",
                 sb->opt.cpu_seconds, (unsigned long long)e->guest_pc);
        break;
    case VX_MEMORY_LIMIT:
        break; /* set by the service that refused */
    default:
        snprintf(e->message, sizeof e->message, "%s at pc 0x%llx, address 0x%llx",
                 vx_status_name(sb->run_status), (unsigned long long)e->guest_pc,
                 (unsigned long long)e->guest_addr);
    }
}

/* Common to vx_run_main and vx_call: enter at entry with args in the
 * argument registers and %rsp = rsp (sandbox offsets); wait for the end. */
vx_status vx_run(vx_sandbox *sb, uint64_t entry, uint64_t rsp, const uint64_t args[6])
{
    if (!sb->loaded || vx_running) {
        vx_set_error(sb, VX_ERR_STATE, sb->loaded ? "a sandbox is already running on this thread"
                                                  : "no image loaded");
        return VX_ERR_STATE;
    }
    vx_cpu_state_init();
    if (vx_signals_take_once() != 0 || vx_faults_thread() != 0 || vx_signals_thread() != 0) {
        vx_set_error(sb, VX_ERR_NOMEM, "cannot install signal handlers");
        return VX_ERR_NOMEM;
    }
    if (set_gs_base((uint64_t)sb->base) != 0) {
        vx_set_error(sb, VX_ERR_GSBASE, "arch_prctl(ARCH_SET_GS) failed: this kernel cannot host vx sandboxes");
        return VX_ERR_GSBASE;
    }
    sb->ctx.entry = (uint64_t)sb->base + entry;
    sb->ctx.guest_rsp = (uint64_t)sb->base + rsp;
    memcpy(sb->ctx.arg, args, sizeof sb->ctx.arg);
    sb->run_status = VX_EXITED;
    sb->exit_code = 0;
    sb->end_signal = 0;
    memset(&sb->err, 0, sizeof sb->err);
    sb->ctx.expired = 0;
    int armed;
    timer_t timer = arm_cpu_timer(sb->opt.cpu_seconds, &armed);
    vx_running = sb;
    vx_enter(&sb->ctx);
    vx_running = NULL;
    if (armed)
        timer_delete(timer);
    if (vx_signals_deferred)
        vx_signals_deliver(); /* back on the host stack: the host's handlers run now */
    describe_end(sb);
    return sb->run_status;
}

vx_status vx_run_main(vx_sandbox *sb, int argc, const char *const *argv, int *exit_code)
{
    if (!sb || (argc && !argv))
        return VX_ERR_ARG;
    if (!sb->loaded)
        return vx_run(sb, 0, 0, NULL); /* reports the state error */
    if (vx_signals_take(sb) != VX_OK)
        return VX_ERR_STATE;
    uint64_t rsp, argv_off, envp_off;
    if (build_stack(sb, argc, argv, &rsp, &argv_off, &envp_off) != 0) {
        vx_set_error(sb, VX_ERR_ARG, "arguments and environment do not fit on the guest stack");
        return VX_ERR_ARG;
    }
    const uint64_t args[6] = {(uint64_t)argc, argv_off, envp_off, 0, 0, 0};
    vx_status st = vx_run(sb, sb->image.entry, rsp, args);
    if (exit_code)
        *exit_code = sb->exit_code;
    return st;
}

vx_status vx_call(vx_sandbox *sb, const char *name, unsigned nargs, const uint64_t *args, uint64_t *result)
{
    uint64_t fn;
    if (!sb || !name || nargs > 6 || (nargs && !args))
        return VX_ERR_ARG;
    if (!sb->loaded)
        return vx_run(sb, 0, 0, NULL);
    if (vx_lookup(sb, name, &fn) != VX_OK)
        return VX_ERR_ARG;
    if (!sb->return_stub) {
        vx_set_error(sb, VX_ERR_STATE, "the image has no __vx_return (not linked with the vx crt0?)");
        return VX_ERR_STATE;
    }
    /* A fresh frame at the stack top: the return address is the stub, and
     * %rsp + 8 is 16-byte aligned as the ABI wants at function entry. */
    uint64_t rsp = ((VX_STACK_TOP - 256) & ~15ULL) - 8;
    memcpy(sb->base + rsp, &sb->return_stub, 8);
    uint64_t regs[6] = {0};
    for (unsigned i = 0; i < nargs; i++)
        regs[i] = args[i];
    vx_status st = vx_run(sb, fn, rsp, regs);
    if (st == VX_OK && result)
        *result = sb->call_result;
    return st;
}
