/* setjmp/longjmp for guests, replacing newlib's x86_64 version, which
 * saves and restores %r14 (the sandbox base, never written by guests).
 * jmp_buf keeps newlib's layout: rbx rbp r12 r13 (unused) r15 rsp rip.
 * The saved rip follows a call, so it is a bundle start and the masked
 * jump of longjmp lands on it exactly. */
	.text
	.globl setjmp
	.type setjmp, @function
setjmp:
	movq %rbx, 0(%rdi)
	movq %rbp, 8(%rdi)
	movq %r12, 16(%rdi)
	movq %r13, 24(%rdi)
	movq %r15, 40(%rdi)
	leaq 8(%rsp), %rax
	movq %rax, 48(%rdi)
	movq (%rsp), %rax
	movq %rax, 56(%rdi)
	xorl %eax, %eax
	ret
	.size setjmp, .-setjmp

	.globl longjmp
	.type longjmp, @function
longjmp:
	movl %esi, %eax
	testl %eax, %eax
	jnz 1f
	movl $1, %eax          /* longjmp(env, 0) returns 1 */
1:	movq 0(%rdi), %rbx
	movq 8(%rdi), %rbp
	movq 16(%rdi), %r12
	movq 24(%rdi), %r13
	movq 40(%rdi), %r15
	movq 56(%rdi), %rdx
	movq 48(%rdi), %rsp
	jmp *%rdx
	.size longjmp, .-longjmp
