/* memcpy for guests, replacing newlib's x86_64 version (which saves and
 * restores %r14, the sandbox base: vxcc refuses that, rightly). vxcc turns
 * each string instruction into the sandboxed sequence of spec section 6. */
	.text
	.globl memcpy
	.type memcpy, @function
memcpy:
	movq %rdi, %rax
	movq %rdx, %rcx
	shrq $3, %rcx
	rep movsq
	movq %rdx, %rcx
	andq $7, %rcx
	rep movsb
	ret
	.size memcpy, .-memcpy
