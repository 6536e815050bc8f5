/* The host's control state after every way out of a guest (DF, MXCSR, x87
 * control word), and no host byte or pointer in anything the guest can read
 * on the way in (spec section 8, "Entering and leaving"). Guest:
 * testsuite/guests/hoststate.c. */
#define _GNU_SOURCE
#include "vx.h"
#include <criterion/criterion.h>
#include "test_shell.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *hoststate_elf(void)
{
    static char buf[512];
    snprintf(buf, sizeof buf, "%s/guests/hoststate.elf", build_dir());
    return buf;
}

struct control {
    uint64_t rflags;
    uint32_t mxcsr;
    uint16_t fcw;
};

static struct control read_control(void)
{
    struct control c;
    __asm__ volatile("pushfq; popq %0" : "=r"(c.rflags));
    __asm__ volatile("stmxcsr %0" : "=m"(c.mxcsr));
    __asm__ volatile("fnstcw %0" : "=m"(c.fcw));
    return c;
}

#define DF (1u << 10)

/* What the host library does with the state it finds: must be right. */
static void host_work_is_correct(void)
{
    char buf[256], ref[256];
    for (int i = 0; i < 256; i++)
        buf[i] = ref[i] = (char)i;
    memmove(buf + 1, buf, 200); /* overlapping: direction matters */
    cr_assert(buf[0] == 0 && memcmp(buf + 1, ref, 200) == 0, "memmove ran wrong");
    char big[8192], copy[8192];
    memset(big, 0x5a, sizeof big);
    memcpy(copy, big, sizeof big);
    cr_assert(memcmp(copy, big, sizeof big) == 0 && copy[0] == 0x5a && copy[8191] == 0x5a);
    volatile double one = 1.0, zero = 0.0, third = 1.0 / 3.0;
    volatile double inf = one / zero; /* SIGFPE if the guest's unmasked MXCSR leaked */
    cr_assert(inf > 1e308);
    volatile long double x = (long double)one / 3.0L; /* x87, under the host's FCW */
    cr_assert((double)x == third, "x87 arithmetic ran in the guest's precision or rounding");
}

static struct control seen_inside;
static uint64_t check_inside(vx_sandbox *sb, void *user, const uint64_t a[5])
{
    (void)sb, (void)user, (void)a;
    seen_inside = read_control();
    host_work_is_correct();
    return 0;
}

static uint64_t spin_5ms(vx_sandbox *sb, void *user, const uint64_t a[5])
{
    (void)sb, (void)user, (void)a;
    struct timespec t0, t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
    do
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    while ((t.tv_sec - t0.tv_sec) * 1000000000L + (t.tv_nsec - t0.tv_nsec) < 5000000L);
    return 0;
}

static vx_sandbox *load(const struct vx_options *o)
{
    vx_sandbox *sb;
    cr_assert_eq(vx_create(o, &sb), VX_OK);
    cr_assert_eq(vx_load_file(sb, hoststate_elf()), VX_OK, "%s", vx_error(sb)->message);
    return sb;
}

/* Runs dirty_leave(way) and checks the host's control state afterwards. */
static vx_status leave_dirty(long way, double cpu_seconds, uint64_t memory_limit, uint64_t *result)
{
    struct vx_options o;
    vx_options_init(&o);
    o.cpu_seconds = cpu_seconds;
    if (memory_limit)
        o.memory_limit = memory_limit;
    vx_sandbox *sb = load(&o);
    vx_register(sb, 0, check_inside, NULL);
    struct control before = read_control();
    uint64_t arg = (uint64_t)way, r = 0;
    vx_status st = vx_call(sb, "dirty_leave", 1, &arg, &r);
    struct control after = read_control();
    cr_assert_eq(after.rflags & DF, 0, "direction flag left set after way %ld", way);
    cr_assert_eq(after.mxcsr & ~0x3fu, before.mxcsr & ~0x3fu, /* flags: the host's own arithmetic */ "MXCSR 0x%x after way %ld, 0x%x before", after.mxcsr, way,
                 before.mxcsr);
    cr_assert_eq(after.fcw, before.fcw, "FCW 0x%x after way %ld, 0x%x before", after.fcw, way, before.fcw);
    host_work_is_correct();
    if (result)
        *result = r;
    vx_destroy(sb);
    return st;
}

Test(host_state, exit_service_restores_host_control)
{
    cr_assert_eq(leave_dirty(0, 0, 0, NULL), VX_EXITED);
}

Test(host_state, call_out_sees_host_control_and_guest_gets_its_own_back)
{
    struct control host = read_control();
    vx_status st = leave_dirty(1, 0, 0, NULL);
    cr_assert_eq(seen_inside.rflags & DF, 0, "the host function ran with DF set");
    cr_assert_eq(seen_inside.mxcsr, host.mxcsr, "the host function ran with MXCSR 0x%x", seen_inside.mxcsr);
    cr_assert_eq(seen_inside.fcw, host.fcw, "the host function ran with FCW 0x%x", seen_inside.fcw);
    cr_assert_eq(st, VX_EXITED);
}

Test(host_state, call_out_returns_the_guests_own_control_words)
{
    struct vx_options o;
    vx_options_init(&o);
    vx_sandbox *sb = load(&o);
    vx_register(sb, 0, check_inside, NULL);
    uint64_t arg = 1;
    cr_assert_eq(vx_call(sb, "dirty_leave", 1, &arg, NULL), VX_EXITED);
    cr_assert_eq(vx_error(sb)->status, VX_EXITED);
    /* 9: MXCSR and FCW were the guest's after the call-out; 10: not */
    cr_assert(strstr(vx_error(sb)->message, "status 9"), "%s", vx_error(sb)->message);
    vx_destroy(sb);
}

Test(host_state, fault_restores_host_control)
{
    cr_assert_eq(leave_dirty(2, 0, 0, NULL), VX_FAULT_ILL);
}

Test(host_state, timeout_restores_host_control, .timeout = 20)
{
    cr_assert_eq(leave_dirty(3, 0.05, 0, NULL), VX_TIMEOUT);
}

Test(host_state, vx_call_return_restores_host_control)
{
    uint64_t r = 0;
    cr_assert_eq(leave_dirty(4, 0, 0, &r), VX_OK);
    cr_assert_eq(r, 5);
}

Test(host_state, memory_limit_restores_host_control)
{
    cr_assert_eq(leave_dirty(5, 0, 64ULL << 20, NULL), VX_MEMORY_LIMIT);
}

/* ---- nothing of the host's in the guest's registers ---- */

static const char secret[8] = {'S', 'e', 'C', 'r', 'E', 't', '!', '!'};
static const char secret_ymm[32] __attribute__((aligned(32))) = "SeCrEt!!SeCrEt!!SeCrEt!!SeCrEt!!";
static char host_object[64]; /* its address is the host pointer we plant */

/* Fills ymm0-15, mm0-7 (and so the x87 registers) with the secret. */
static inline void plant_vectors(void)
{
    __asm__ volatile("vmovdqa %0, %%ymm0\n vmovdqa %%ymm0, %%ymm1\n vmovdqa %%ymm0, %%ymm2\n"
                     "vmovdqa %%ymm0, %%ymm3\n vmovdqa %%ymm0, %%ymm4\n vmovdqa %%ymm0, %%ymm5\n"
                     "vmovdqa %%ymm0, %%ymm6\n vmovdqa %%ymm0, %%ymm7\n vmovdqa %%ymm0, %%ymm8\n"
                     "vmovdqa %%ymm0, %%ymm9\n vmovdqa %%ymm0, %%ymm10\n vmovdqa %%ymm0, %%ymm11\n"
                     "vmovdqa %%ymm0, %%ymm12\n vmovdqa %%ymm0, %%ymm13\n vmovdqa %%ymm0, %%ymm14\n"
                     "vmovdqa %%ymm0, %%ymm15\n"
                     "movq %1, %%mm0\n movq %%mm0, %%mm1\n movq %%mm0, %%mm2\n movq %%mm0, %%mm3\n"
                     "movq %%mm0, %%mm4\n movq %%mm0, %%mm5\n movq %%mm0, %%mm6\n movq %%mm0, %%mm7\n"
                     :
                     : "m"(secret_ymm), "m"(*(const uint64_t *)secret)
                     : "memory");
}

/* Host function 1: every register the guest could see gets host bytes or
 * host pointers just before the trampoline returns to the guest. */
static uint64_t plant_everything(vx_sandbox *sb, void *user, const uint64_t a[5])
{
    (void)sb, (void)user, (void)a;
    plant_vectors();
    void *p = host_object;
    __asm__ volatile("movq %0, %%rcx\n movq %0, %%rdx\n movq %0, %%rsi\n movq %0, %%rdi\n"
                     "movq %0, %%r8\n movq %0, %%r9\n movq %0, %%r10\n movq %0, %%r11\n"
                     :
                     : "r"(p)
                     : "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11");
    return 0;
}

/* Calls vx_call(sb, fn) with host pointers in the callee-saved registers
 * and the secret in every vector and x87/MMX register. */
static vx_status planted_call(vx_sandbox *sb, const char *fn)
{
    vx_status st;
    void *p = host_object, *sbv = sb;
    const char *fnv = fn;
    plant_vectors();
    __asm__ volatile("movq %[p], %%rbx\n movq %[p], %%r12\n movq %[p], %%r13\n movq %[p], %%r15\n"
                     "pushq %%rbp\n subq $8, %%rsp\n movq %[p], %%rbp\n"
                     "xorl %%edx, %%edx\n xorl %%ecx, %%ecx\n xorl %%r8d, %%r8d\n"
                     "call vx_call\n addq $8, %%rsp\n popq %%rbp\n"
                     : "=a"(st), "+D"(sbv), "+S"(fnv)
                     : [p] "r"(p)
                     : "rbx", "r12", "r13", "r15", "rcx", "rdx", "r8", "r9", "r10", "r11", "memory",
                       "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
                       "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
    __asm__ volatile("emms");
    return st;
}

static const char *const gpr_names[16] = {"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp",
                                          "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};

static void assert_nothing_of_the_host(vx_sandbox *sb, const char *when)
{
    uint64_t area;
    cr_assert_eq(vx_call(sb, "regs_area", 0, NULL, &area), VX_OK);
    unsigned char dump[848];
    cr_assert_eq(vx_copy_out(sb, dump, area, sizeof dump), VX_OK);
    for (size_t i = 0; i + 4 <= sizeof dump; i++)
        for (int k = 0; k < 8; k += 4)
            cr_assert(memcmp(dump + i, secret + k, 4) != 0,
                      "%s: host bytes at offset %zu of the register dump (%s)", when, i,
                      i < 128 ? "GPR" : i < 640 ? "ymm" : i < 704 ? "mm" : i < 832 ? "x87" : "control");
    uint64_t gpr[16];
    memcpy(gpr, dump, sizeof gpr);
    uint64_t b = gpr[7] & ~0xffffffffULL; /* %rsp = B + offset */
    for (int r = 0; r < 16; r++)
        cr_assert(gpr[r] < (1ULL << 32) || gpr[r] - b < (1ULL << 32),
                  "%s: %%%s = 0x%llx is no guest value (a host pointer?)", when, gpr_names[r],
                  (unsigned long long)gpr[r]);
}

Test(host_state, nothing_of_the_host_in_registers_on_entry)
{
    if (!__builtin_cpu_supports("avx"))
        cr_skip_test("the register dump reads ymm registers");
    vx_sandbox *sb = load(NULL);
    vx_status st = planted_call(sb, "dump_entry");
    cr_assert_eq(st, VX_OK, "%s: %s", vx_status_name(st), vx_error(sb)->message);
    assert_nothing_of_the_host(sb, "on entry");
    uint64_t area;
    cr_assert_eq(vx_call(sb, "regs_area", 0, NULL, &area), VX_OK);
    unsigned char ctl[8];
    vx_copy_out(sb, ctl, area + 832, sizeof ctl);
    uint32_t mxcsr;
    uint16_t fcw;
    memcpy(&mxcsr, ctl, 4);
    memcpy(&fcw, ctl + 4, 2);
    cr_assert_eq(mxcsr & ~0x3fu, 0x1f80, "guest entered with MXCSR 0x%x", mxcsr);
    cr_assert_eq(fcw, 0x37f, "guest entered with FCW 0x%x", fcw);
    vx_destroy(sb);
}

Test(host_state, nothing_of_the_host_in_registers_after_a_call_out)
{
    if (!__builtin_cpu_supports("avx"))
        cr_skip_test("the register dump reads ymm registers");
    vx_sandbox *sb = load(NULL);
    vx_register(sb, 1, plant_everything, NULL);
    vx_status st = planted_call(sb, "dump_after_call");
    cr_assert_eq(st, VX_OK, "%s: %s", vx_status_name(st), vx_error(sb)->message);
    assert_nothing_of_the_host(sb, "after a call-out");
    uint64_t area, gpr[16];
    cr_assert_eq(vx_call(sb, "regs_area", 0, NULL, &area), VX_OK);
    vx_copy_out(sb, gpr, area, sizeof gpr);
    /* callee-saved registers came back as the guest left them */
    cr_assert(gpr[1] == 0x1111 && gpr[6] == 0x2222 && gpr[12] == 0x3333 && gpr[13] == 0x4444 &&
              gpr[15] == 0x5555);
    vx_destroy(sb);
}

/* ---- the CPU-time limit holds while the guest lives in call-outs ---- */

static double wall(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void times_out_in_call_outs(long kind)
{
    struct vx_options o;
    vx_options_init(&o);
    o.cpu_seconds = 0.2;
    vx_sandbox *sb = load(&o);
    vx_register(sb, 0, spin_5ms, NULL);
    uint64_t arg = (uint64_t)kind;
    double t0 = wall();
    vx_status st = vx_call(sb, "spin_callouts", 1, &arg, NULL);
    double took = wall() - t0;
    cr_assert_eq(st, VX_TIMEOUT, "%s", vx_error(sb)->message);
    cr_assert(took < 2.0, "the 0.2 s limit took %.2f s", took);
    vx_destroy(sb);
}

Test(host_state, cpu_limit_holds_for_a_guest_inside_host_functions, .timeout = 10)
{
    times_out_in_call_outs(0);
}

Test(host_state, cpu_limit_holds_for_a_guest_looping_over_a_service, .timeout = 10)
{
    times_out_in_call_outs(1);
}

/* ---- AVX-512 state (zmm0-31, k0-k7), where the CPU has it ---- */

static const char secret_zmm[64] __attribute__((aligned(64))) =
    "SeCrEt!!SeCrEt!!SeCrEt!!SeCrEt!!SeCrEt!!SeCrEt!!SeCrEt!!SeCrEt!";

/* zmm0-31 and k0-k7 get the secret (this file is built without AVX-512,
 * so the compiler keeps nothing of its own in them). */
static void plant_avx512(void)
{
    __asm__ volatile("vmovdqu64 %0, %%zmm0\n"
                     ".irp r,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
                     "vmovdqa64 %%zmm0, %%zmm\\r\n .endr\n"
                     "kmovw %1, %%k0\n .irp r,1,2,3,4,5,6,7\n kmovw %1, %%k\\r\n .endr\n"
                     :
                     : "m"(secret_zmm), "m"(*(const uint16_t *)"Cr")
                     : "memory");
}

static uint64_t plant_avx512_fn(vx_sandbox *sb, void *user, const uint64_t a[5])
{
    (void)sb, (void)user, (void)a;
    plant_avx512();
    return 0;
}

static void nothing_of_the_host_in_avx512(const char *fn)
{
    if (!__builtin_cpu_supports("avx512f"))
        cr_skip_test("no AVX-512 on this CPU");
    char path[512];
    snprintf(path, sizeof path, "%s/guests/hoststate512.elf", build_dir());
    vx_sandbox *sb;
    cr_assert_eq(vx_create(NULL, &sb), VX_OK);
    cr_assert_eq(vx_load_file(sb, path), VX_OK, "%s", vx_error(sb)->message);
    vx_register(sb, 1, plant_avx512_fn, NULL);
    plant_avx512();
    cr_assert_eq(vx_call(sb, fn, 0, NULL, NULL), VX_OK, "%s", vx_error(sb)->message);
    uint64_t area;
    cr_assert_eq(vx_call(sb, "regs512_area", 0, NULL, &area), VX_OK);
    unsigned char dump[32 * 64 + 64];
    cr_assert_eq(vx_copy_out(sb, dump, area, sizeof dump), VX_OK);
    for (size_t i = 0; i + 2 <= sizeof dump; i++)
        cr_assert(!(i < 2048 ? memcmp(dump + i, "SeCr", i + 4 <= sizeof dump ? 4 : 2) == 0
                             : memcmp(dump + i, "Cr", 2) == 0),
                  "%s: host bytes at offset %zu (%s)", fn, i, i < 2048 ? "zmm" : "k");
    vx_destroy(sb);
}

Test(host_state, nothing_of_the_host_in_avx512_state_on_entry)
{
    nothing_of_the_host_in_avx512("dump512_entry");
}

Test(host_state, nothing_of_the_host_in_avx512_state_after_a_call_out)
{
    nothing_of_the_host_in_avx512("dump512_after_call");
}

/* The way back into the guest resets the x87 last-instruction and
 * last-data pointers (read by fnstenv): else they hold the addresses of the
 * host function's last x87 instruction and of the host data it used. (They
 * may point into libvx's trampolines: those addresses are public through
 * the runtime-call table.) */
static long double host_ld = 3.25L;

static uint64_t x87_work(vx_sandbox *sb, void *user, const uint64_t a[5])
{
    (void)sb, (void)user, (void)a;
    __asm__ volatile("fldt %0\n fmul %%st(0), %%st\n fstpt %0" : "+m"(host_ld));
    return 0;
}

Test(host_state, x87_pointers_of_the_host_do_not_reach_the_guest)
{
    vx_sandbox *sb = load(NULL);
    vx_register(sb, 2, x87_work, NULL);
    cr_assert_eq(vx_call(sb, "fenv_after_call", 0, NULL, NULL), VX_OK, "%s", vx_error(sb)->message);
    uint64_t area;
    cr_assert_eq(vx_call(sb, "fenv_area", 0, NULL, &area), VX_OK);
    unsigned char env[28];
    cr_assert_eq(vx_copy_out(sb, env, area, sizeof env), VX_OK);
    uint32_t fip, fdp;
    memcpy(&fip, env + 12, 4);
    memcpy(&fdp, env + 20, 4);
    uint32_t fn = (uint32_t)(uintptr_t)x87_work;
    cr_expect(fip - fn >= 256, "x87 FIP 0x%x: inside the host function (at 0x%x)", fip, fn);
    cr_expect_neq(fdp, (uint32_t)(uintptr_t)&host_ld, "x87 FDP 0x%x: the host's data (host_ld)", fdp);
    /* And the guest gets what the ABI promises after a call: an empty x87
     * stack (every tag 11) with no exception flag set. */
    uint16_t fsw, ftw;
    memcpy(&fsw, env + 4, 2);
    memcpy(&ftw, env + 8, 2);
    cr_expect_eq(ftw, 0xffff, "x87 tag word 0x%x: the stack is not empty", ftw);
    cr_expect_eq(fsw & 0x3f, 0, "x87 exception flags 0x%x left set", fsw & 0x3f);
    vx_destroy(sb);
}
