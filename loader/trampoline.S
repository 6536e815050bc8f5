/* Host <-> guest transitions (spec section 8, "Entering and leaving").
 *
 * Ways in (vx_enter, the return of every call-out): the whole user-visible
 * register state the guest can read is scrubbed (scrub_in), so no host byte
 * reaches the guest. Ways out (call-out entry, vx_leave for exit, return,
 * fault, timeout, memory limit): the direction flag is cleared and the
 * host's MXCSR and x87 control word are back before any host C code runs.
 *
 * Offsets into struct vx_ctx (sandbox_internal.h): */
#define CTX_HOST_RSP    0
#define CTX_GUEST_RSP   8
#define CTX_BASE        16
#define CTX_ENTRY       24
#define CTX_ARG         32
#define CTX_NUMBER      80
#define CTX_SLOT        88
#define CTX_HOST_MXCSR  96
#define CTX_HOST_FCW    100
#define CTX_GUEST_FCW   102
#define CTX_GUEST_MXCSR 104
#define CTX_EXPIRED     108
#define CTX_DELIVER     112

/* The running context, from the host's TLS (guests never touch %fs). */
.macro load_ctx reg
	movq vx_running@gottpoff(%rip), \reg
	movq %fs:(\reg), \reg
.endm

/* Clears the x87 exception flags if any is set (fnclex costs 41 cycles
 * here, the test 2; both are non-waiting: no pending exception faults
 * them). Clobbers %eax. */
.macro x87_clear_flags
	fnstsw %ax
	testb $0x3f, %al
	jz 7f
	fnclex
7:
.endm

/* Every register the guest can read, to its initial state; clobbers %eax,
 * %edx and all vector, mask, x87 and MMX registers; MXCSR = 0x1f80, x87
 * empty with FCW 0x37f. vx_scrub_mode (state.c) picks the sequence for
 * this CPU once: 0 SSE only, 1 AVX, 2 AVX-512 (explicit zeroing), 3 XRSTOR
 * from the clean area with XSTATE_BV = 0 (init state for every component
 * in vx_xrstor_mask = XCR0 without PKRU). */
.macro scrub_in
	movzbl vx_scrub_mode(%rip), %eax
	cmpl $3, %eax
	je 3f
	cmpl $1, %eax
	jb 1f
	vzeroall                      /* ymm0-15 (zmm0-15 in full on AVX-512) */
	je 4f
	vpxord %zmm16, %zmm16, %zmm16
	vpxord %zmm17, %zmm17, %zmm17
	vpxord %zmm18, %zmm18, %zmm18
	vpxord %zmm19, %zmm19, %zmm19
	vpxord %zmm20, %zmm20, %zmm20
	vpxord %zmm21, %zmm21, %zmm21
	vpxord %zmm22, %zmm22, %zmm22
	vpxord %zmm23, %zmm23, %zmm23
	vpxord %zmm24, %zmm24, %zmm24
	vpxord %zmm25, %zmm25, %zmm25
	vpxord %zmm26, %zmm26, %zmm26
	vpxord %zmm27, %zmm27, %zmm27
	vpxord %zmm28, %zmm28, %zmm28
	vpxord %zmm29, %zmm29, %zmm29
	vpxord %zmm30, %zmm30, %zmm30
	vpxord %zmm31, %zmm31, %zmm31
	kxorw %k0, %k0, %k0           /* VEX mask writes zero-extend: the whole k register */
	kxorw %k1, %k1, %k1
	kxorw %k2, %k2, %k2
	kxorw %k3, %k3, %k3
	kxorw %k4, %k4, %k4
	kxorw %k5, %k5, %k5
	kxorw %k6, %k6, %k6
	kxorw %k7, %k7, %k7
	jmp 4f
1:	pxor %xmm0, %xmm0
	pxor %xmm1, %xmm1
	pxor %xmm2, %xmm2
	pxor %xmm3, %xmm3
	pxor %xmm4, %xmm4
	pxor %xmm5, %xmm5
	pxor %xmm6, %xmm6
	pxor %xmm7, %xmm7
	pxor %xmm8, %xmm8
	pxor %xmm9, %xmm9
	pxor %xmm10, %xmm10
	pxor %xmm11, %xmm11
	pxor %xmm12, %xmm12
	pxor %xmm13, %xmm13
	pxor %xmm14, %xmm14
	pxor %xmm15, %xmm15
	/* Exception flags first, with the non-waiting forms: a pending
	 * unmasked x87 exception would fault the MMX and x87 instructions
	 * below (#MF) inside the trampoline. */
4:	x87_clear_flags
	pxor %mm0, %mm0               /* MMX reads ignore the x87 tags: overwrite the */
	pxor %mm1, %mm1               /* registers themselves, then empty the stack */
	pxor %mm2, %mm2
	pxor %mm3, %mm3
	pxor %mm4, %mm4
	pxor %mm5, %mm5
	pxor %mm6, %mm6
	pxor %mm7, %mm7
	/* The rest of the x87 state without fninit (80 cycles here, most of a
	 * call-out): the stack empty, then one load and compare of our own
	 * zero (no exception, whatever the control word) so the
	 * last-instruction, last-data and opcode registers and the condition
	 * codes are ours, then the default control word. TOP is 0 after the
	 * MMX writes. */
	emms
	flds vx_x87_zero(%rip)
	fcomps vx_x87_zero(%rip)
	fldcw vx_x87_default_fcw(%rip)
	ldmxcsr vx_clean_xsave+24(%rip)
	jmp 5f
3:	movl vx_xrstor_mask(%rip), %eax
	movl vx_xrstor_mask+4(%rip), %edx
	xrstor64 vx_clean_xsave(%rip)
	ldmxcsr vx_clean_xsave+24(%rip) /* whether XRSTOR loads MXCSR for an init SSE state varies */
5:
.endm

/* The host's control state back (ctx in \reg; clobbers %eax): DF clear,
 * x87 stack empty without exception flags, the host's FCW and MXCSR.
 * Before any host C code runs. (emms and a conditional fnclex: fninit
 * costs 80 cycles here, this 15; the guest's registers need no scrub.) */
.macro host_control reg
	cld
	emms
	x87_clear_flags               /* a guest-set flag would fault a host that unmasks it */
	fldcw CTX_HOST_FCW(\reg)
	ldmxcsr CTX_HOST_MXCSR(\reg)
.endm

	.hidden vx_scrub_mode
	.hidden vx_xrstor_mask
	.hidden vx_clean_xsave
	.hidden vx_dispatch
	.hidden vx_timeout_at_return
	.text

/* uint64_t vx_enter(struct vx_ctx *ctx): run the guest until vx_leave.
 * Its prologue runs before vx_tramp_start: a signal there is taken in host
 * code (the host context is not saved yet). */
	.globl vx_enter
	.type vx_enter, @function
vx_enter:
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, CTX_HOST_RSP(%rdi)
	stmxcsr CTX_HOST_MXCSR(%rdi)
	fnstcw CTX_HOST_FCW(%rdi)
	.globl vx_tramp_start, vx_tramp_end
vx_tramp_start:
	scrub_in
	cld
	movq CTX_BASE(%rdi), %r14
	movq CTX_GUEST_RSP(%rdi), %rsp
	movq CTX_ENTRY(%rdi), %r11
	movq CTX_ARG+8(%rdi), %rsi
	movq CTX_ARG+16(%rdi), %rdx
	movq CTX_ARG+24(%rdi), %rcx
	movq CTX_ARG+32(%rdi), %r8
	movq CTX_ARG+40(%rdi), %r9
	movq CTX_ARG(%rdi), %rdi
	xorl %eax, %eax
	xorl %ebx, %ebx
	xorl %ebp, %ebp
	xorl %r10d, %r10d
	xorl %r12d, %r12d
	xorl %r13d, %r13d
	xorl %r15d, %r15d
	jmp *%r11
	.size vx_enter, .-vx_enter

/* Call-out entries: the guest did `call *%gs:slot` with the number in %eax.
 * Save the guest's arguments and control words, switch to the host stack
 * and the host's control state, dispatch; then end the run if the CPU-time
 * limit expired meanwhile, else scrub, give the guest back its own control
 * words (callee-saved in the SysV ABI) and return to the masked return
 * address with caller-saved registers cleared. */
.macro callout name, slot
	.globl \name
	.type \name, @function
	.p2align 4
\name:
	load_ctx %r11
	movq %rsp, CTX_GUEST_RSP(%r11)
	movq CTX_HOST_RSP(%r11), %rsp
	subq $8, %rsp                 /* 16-byte alignment for the C call */
	movq %rdi, CTX_ARG(%r11)
	movq %rsi, CTX_ARG+8(%r11)
	movq %rdx, CTX_ARG+16(%r11)
	movq %rcx, CTX_ARG+24(%r11)
	movq %r8, CTX_ARG+32(%r11)
	movq %r9, CTX_ARG+40(%r11)
	movq %rax, CTX_NUMBER(%r11)     /* all 64 bits: each slot checks its own range */
	movq $\slot, CTX_SLOT(%r11)
	stmxcsr CTX_GUEST_MXCSR(%r11)
	fnstcw CTX_GUEST_FCW(%r11)
	host_control %r11
	movq %r11, %rdi
	call vx_dispatch
	movq %rax, %r8                /* the result, while scrub_in uses %eax/%edx */
	load_ctx %r11
	cmpl $0, CTX_EXPIRED(%r11)
	jne 9f
	scrub_in
	ldmxcsr CTX_GUEST_MXCSR(%r11)
	fldcw CTX_GUEST_FCW(%r11)
	movq %r8, %rax
	movq CTX_BASE(%r11), %r14
	movq CTX_GUEST_RSP(%r11), %rsp
	xorl %edx, %edx
	xorl %esi, %esi
	xorl %edi, %edi
	cmpl $0, CTX_DELIVER(%r11)    /* a guest signal handler's arguments, set by */
	jne 8f                        /* signal_frame.c (guest values only) */
7:	movl $0xffffffe0, %r11d       /* mask the return slot as R-CF-RET does, */
	andq %r11, (%rsp)
	orq %r14, (%rsp)
	xorl %ecx, %ecx
	xorl %r8d, %r8d
	xorl %r9d, %r9d
	xorl %r10d, %r10d
	xorl %r11d, %r11d
	ret                           /* then ret: the guest's call and this ret pair up for the return predictor */
8:	movl $0, CTX_DELIVER(%r11)
	movq CTX_ARG(%r11), %rdi
	movq CTX_ARG+8(%r11), %rsi
	movq CTX_ARG+16(%r11), %rdx
	jmp 7b
9:	movq %r11, %rdi               /* the CPU-time limit expired in host code: */
	call vx_timeout_at_return     /* ends the run (does not return) */
	ud2
	.size \name, .-\name
.endm

	callout vx_tramp_service, 0
	callout vx_tramp_hostcall, 1
	callout vx_tramp_linux, 2

/* void vx_leave(struct vx_ctx *ctx): return from vx_enter, from host code
 * or from a signal handler that rewrote the guest's context to come here. */
	.globl vx_leave
	.type vx_leave, @function
vx_leave:
	movq CTX_HOST_RSP(%rdi), %rsp
	host_control %rdi
	xorl %eax, %eax
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	ret
	.size vx_leave, .-vx_leave

vx_tramp_end:

	.section .rodata
	.p2align 2
vx_x87_zero:
	.long 0                       /* 0.0f: loading and comparing it raises nothing */
vx_x87_default_fcw:
	.short 0x37f                  /* as fninit leaves it */

	.section .note.GNU-stack,"",@progbits
