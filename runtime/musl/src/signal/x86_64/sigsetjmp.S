/* sigsetjmp for guests: musl's algorithm (save the caller's return address
 * and %rbx in the sigjmp_buf, setjmp, then __sigsetjmp_tail saves or
 * restores the mask) without musl's pop into memory, which vxcc would
 * have to sandbox as two accesses. */
	.text
	.globl sigsetjmp, __sigsetjmp
	.type sigsetjmp, @function
	.type __sigsetjmp, @function
	.hidden __sigsetjmp_tail
sigsetjmp:
__sigsetjmp:
	testl %esi, %esi
	jz setjmp
	movq (%rsp), %rax
	movq %rax, 64(%rdi)       /* the caller's return address */
	movq %rbx, 80(%rdi)
	movq %rdi, %rbx
	addq $8, %rsp             /* setjmp records the caller's frame */
	call setjmp
	subq $8, %rsp
	movq 64(%rbx), %rcx
	movq %rcx, (%rsp)         /* back as this call's return address */
	movq %rbx, %rdi
	movl %eax, %esi
	movq 80(%rbx), %rbx
	jmp __sigsetjmp_tail
	.size sigsetjmp, .-sigsetjmp
