/* A guest for testsuite/e2e/host_state_test.c and signals_test.c: it
 * leaves the control state dirty on every way out, dumps every register it
 * can read on entry and right after a call-out, scans its stack for what a
 * host signal handler may have left there, and spends its time in
 * call-outs. All hand-written parts are in assembly so the compiler cannot
 * touch a register first. */
#include <vx/guest.h>

/* Filled by dump_entry / dump_after_call (offsets in host_state_test.c):
 * 16 GPRs (rax rbx rcx rdx rsi rdi rbp rsp r8..r15), ymm0-15, mm0-7, the
 * eight x87 registers (80 bits each, 16 apart), MXCSR, FCW, FSW. */
unsigned char regs[128 + 512 + 64 + 128 + 16] __attribute__((aligned(32)));
unsigned char *regs_area(void) { return regs; }

const unsigned dirty_mxcsr = 0x6000;            /* every exception unmasked, round toward zero */
const unsigned short dirty_fcw = 0x0c40;        /* x87: every exception unmasked, truncate */
unsigned mxcsr_seen;
unsigned short fcw_seen;

/* Everything readable, into regs; %rbx..%r15 as found, then returns. */
#define DUMP                                                                   \
    "movq %rax, regs+0(%rip)\n movq %rbx, regs+8(%rip)\n"                      \
    "movq %rcx, regs+16(%rip)\n movq %rdx, regs+24(%rip)\n"                    \
    "movq %rsi, regs+32(%rip)\n movq %rdi, regs+40(%rip)\n"                    \
    "movq %rbp, regs+48(%rip)\n movq %rsp, regs+56(%rip)\n"                    \
    "movq %r8, regs+64(%rip)\n movq %r9, regs+72(%rip)\n"                      \
    "movq %r10, regs+80(%rip)\n" /* %r11, %r14: vxcc reserves them */           \
    "movq %r12, regs+96(%rip)\n movq %r13, regs+104(%rip)\n"                   \
    "movq %r15, regs+120(%rip)\n"                                              \
    "vmovdqu %ymm0, regs+128(%rip)\n vmovdqu %ymm1, regs+160(%rip)\n"          \
    "vmovdqu %ymm2, regs+192(%rip)\n vmovdqu %ymm3, regs+224(%rip)\n"          \
    "vmovdqu %ymm4, regs+256(%rip)\n vmovdqu %ymm5, regs+288(%rip)\n"          \
    "vmovdqu %ymm6, regs+320(%rip)\n vmovdqu %ymm7, regs+352(%rip)\n"          \
    "vmovdqu %ymm8, regs+384(%rip)\n vmovdqu %ymm9, regs+416(%rip)\n"          \
    "vmovdqu %ymm10, regs+448(%rip)\n vmovdqu %ymm11, regs+480(%rip)\n"        \
    "vmovdqu %ymm12, regs+512(%rip)\n vmovdqu %ymm13, regs+544(%rip)\n"        \
    "vmovdqu %ymm14, regs+576(%rip)\n vmovdqu %ymm15, regs+608(%rip)\n"        \
    "stmxcsr regs+832(%rip)\n fnstcw regs+836(%rip)\n fnstsw regs+838(%rip)\n" \
    "movq %mm0, regs+640(%rip)\n movq %mm1, regs+648(%rip)\n"                  \
    "movq %mm2, regs+656(%rip)\n movq %mm3, regs+664(%rip)\n"                  \
    "movq %mm4, regs+672(%rip)\n movq %mm5, regs+680(%rip)\n"                  \
    "movq %mm6, regs+688(%rip)\n movq %mm7, regs+696(%rip)\n"                  \
    /* MMX made every x87 register valid with TOP = 0: pop them all, raw */    \
    "fstpt regs+704(%rip)\n fstpt regs+720(%rip)\n fstpt regs+736(%rip)\n"     \
    "fstpt regs+752(%rip)\n fstpt regs+768(%rip)\n fstpt regs+784(%rip)\n"     \
    "fstpt regs+800(%rip)\n fstpt regs+816(%rip)\n"                            \
    "emms\n"

__asm__(".text\n .globl dump_entry\n .type dump_entry, @function\n"
        "dump_entry:\n" DUMP "xorl %eax, %eax\n ret\n"
        ".size dump_entry, .-dump_entry\n");

/* Calls host function 1 (which fills every register with host bytes),
 * then dumps what came back. Callee-saved registers hold guest values. */
__asm__(".text\n .globl dump_after_call\n .type dump_after_call, @function\n"
        "dump_after_call:\n"
        "pushq %rbx\n pushq %rbp\n pushq %r12\n pushq %r13\n pushq %r15\n"
        "movl $0x1111, %ebx\n movl $0x2222, %ebp\n movl $0x3333, %r12d\n"
        "movl $0x4444, %r13d\n movl $0x5555, %r15d\n"
        "xorl %edi, %edi\n movl $1, %r9d\n call vx_hostcall\n"
        DUMP
        "popq %r15\n popq %r13\n popq %r12\n popq %rbp\n popq %rbx\n"
        "xorl %eax, %eax\n ret\n"
        ".size dump_after_call, .-dump_after_call\n");

/* Sets DF, unmasks every SSE and x87 exception and changes both rounding
 * modes, then leaves by way %edi: 0 exit service (status 7), 1 call out
 * to host function 0 and exit 9 if the guest's own MXCSR/FCW came back
 * (10 if not), 2 fault (ud2), 3 spin until the CPU limit, 4 return from
 * vx_call (result 5), 5 exceed the memory limit. */
__asm__(".text\n .globl dirty_leave\n .type dirty_leave, @function\n"
        "dirty_leave:\n"
        "std\n ldmxcsr dirty_mxcsr(%rip)\n fldcw dirty_fcw(%rip)\n"
        "cmpl $1, %edi\n je 1f\n cmpl $2, %edi\n je 2f\n cmpl $3, %edi\n je 3f\n"
        "cmpl $4, %edi\n je 4f\n cmpl $5, %edi\n je 5f\n"
        "movl $7, %edi\n xorl %r9d, %r9d\n call vx_service\n ud2\n" /* VX_SVC_EXIT = 0 */
        "1: xorl %edi, %edi\n xorl %r9d, %r9d\n call vx_hostcall\n"
        "stmxcsr mxcsr_seen(%rip)\n fnstcw fcw_seen(%rip)\n"
        "movl mxcsr_seen(%rip), %eax\n andl $0xffc0, %eax\n cmpl $0x6000, %eax\n jne 6f\n"
        "movzwl fcw_seen(%rip), %eax\n cmpl $0x0c40, %eax\n jne 6f\n"
        "movl $9, %edi\n xorl %r9d, %r9d\n call vx_service\n ud2\n"
        "6: movl $10, %edi\n xorl %r9d, %r9d\n call vx_service\n ud2\n"
        "2: ud2\n"
        "3: jmp 3b\n"
        "4: movl $5, %eax\n ret\n"
        "5: movl $0xfff00000, %edi\n movl $8, %r9d\n call vx_service\n ud2\n" /* VX_SVC_BRK = 8 */
        ".size dirty_leave, .-dirty_leave\n");

/* Busy work, then the number of 8-byte "PaSsWoRd" markers in the 256 KiB
 * below the stack pointer (where a host handler on this stack would have
 * run). */
long stack_scan(long iterations)
{
    volatile long sink = 0;
    for (long i = 0; i < iterations; i++)
        sink += i;
    volatile unsigned char here;
    const unsigned char *top = (const unsigned char *)&here;
    long found = 0;
    for (const unsigned char *p = top - 256 * 1024; p + 8 <= top; p++)
        if (p[0] == 'P' && p[1] == 'a' && p[2] == 'S' && p[3] == 's' && p[4] == 'W' && p[5] == 'o' &&
            p[6] == 'R' && p[7] == 'd')
            found++;
    return found;
}

/* Calls host function 0 forever (or the getpid service, kind 1). */
long spin_callouts(long kind)
{
    for (;;) {
        if (kind)
            vx_service(0, 0, 0, 0, 0, VX_SVC_GETPID);
        else
            vx_hostcall(0, 0, 0, 0, 0, 0);
    }
}

/* The x87 environment (fnstenv, 28 bytes: FIP at 12, FDP at 20) right
 * after host function 2, which does x87 arithmetic on host data: its last
 * instruction and data pointers are host addresses unless the way back
 * into the guest resets them. */
unsigned char fenv[28];
unsigned char *fenv_area(void) { return fenv; }
long fenv_after_call(void)
{
    vx_hostcall(0, 0, 0, 0, 0, 2);
    __asm__ volatile("fnstenv fenv(%%rip)" ::: "memory");
    return 0;
}

int main(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        long n = stack_scan(200000000);
        return n > 255 ? 255 : (int)n;
    }
    return 0;
}
