/* setjmp for guests, replacing musl's x86_64 version, which saves %r14
 * (the sandbox base, never written by guests). musl's jmp_buf layout:
 * rbx rbp r12 r13 (r14: unused) r15 rsp rip. The saved rip follows a
 * call, so it is a bundle start and longjmp's masked jump lands on it. */
	.text
	.globl setjmp, _setjmp, __setjmp
	.type setjmp, @function
	.type _setjmp, @function
	.type __setjmp, @function
__setjmp:
_setjmp:
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
