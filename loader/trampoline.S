/* Host <-> guest transitions (spec section 8). Offsets into struct vx_ctx: */
#define CTX_HOST_RSP  0
#define CTX_GUEST_RSP 8
#define CTX_BASE      16
#define CTX_ENTRY     24
#define CTX_ARG       32
#define CTX_NUMBER    80
#define CTX_SLOT      88

/* The running context, from the host's TLS (guests never touch %fs). */
.macro load_ctx reg
	movq vx_running@gottpoff(%rip), \reg
	movq %fs:(\reg), \reg
.endm

/* Zero vector state so no host value reaches the guest. */
.macro scrub_vectors
	cmpb $0, vx_have_avx(%rip)
	je 1f
	vzeroall
	jmp 2f
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
2:
.endm

	.hidden vx_have_avx
	.hidden vx_dispatch
	.text
	.globl vx_tramp_start, vx_tramp_end
vx_tramp_start:

/* uint64_t vx_enter(struct vx_ctx *ctx): run the guest until vx_leave. */
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
	scrub_vectors
	fninit
	ldmxcsr default_mxcsr(%rip)
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
 * Save the guest's arguments, switch to the host stack, dispatch, then
 * return to the masked return address with caller-saved registers cleared. */
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
	movl %eax, %eax
	movq %rax, CTX_NUMBER(%r11)
	movq $\slot, CTX_SLOT(%r11)
	movq %r11, %rdi
	call vx_dispatch
	load_ctx %r11
	scrub_vectors
	movq CTX_BASE(%r11), %r14
	movq CTX_GUEST_RSP(%r11), %rsp
	movl $0xffffffe0, %r11d       /* mask the return slot as R-CF-RET does, */
	andq %r11, (%rsp)
	orq %r14, (%rsp)
	xorl %ecx, %ecx
	xorl %edx, %edx
	xorl %esi, %esi
	xorl %edi, %edi
	xorl %r8d, %r8d
	xorl %r9d, %r9d
	xorl %r10d, %r10d
	xorl %r11d, %r11d
	ret                           /* then ret: the guest's call and this ret pair up for the return predictor */
	.size \name, .-\name
.endm

	callout vx_tramp_service, 0
	callout vx_tramp_hostcall, 1

/* void vx_leave(struct vx_ctx *ctx): return from vx_enter. */
	.globl vx_leave
	.type vx_leave, @function
vx_leave:
	movq CTX_HOST_RSP(%rdi), %rsp
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
default_mxcsr:
	.long 0x1f80

	.section .note.GNU-stack,"",@progbits
