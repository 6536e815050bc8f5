/* longjmp for guests (see setjmp.S): %r14 stays the sandbox base; the
 * jump to the saved rip is masked by vxcc like every indirect jump. */
	.text
	.globl longjmp, _longjmp
	.type longjmp, @function
	.type _longjmp, @function
_longjmp:
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
