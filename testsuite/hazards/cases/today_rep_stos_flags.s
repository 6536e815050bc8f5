# Today's form of old_a_rep_stos_flags.s: the rebase is the flag-free
# `lea (%r14,%rdi),%rdi`, and %rdi gets back its upper half after the
# string instruction (kept in %r11 by the bswap pair, given back by
# `lea (%rdi,%r11),%rdi`). The jl reads gcc's compare: no hazard.
	.bundle_align_mode 5
	.text
	.globl	fill_and_compare
	.type	fill_and_compare, @function
	.p2align 5
fill_and_compare:
	movl $16, %ecx
	movl $90, %eax
	cmpq %rdx, %rsi
	movq %rdi, %r11
	bswapq %r11
	movl %r11d, %r11d
	bswapq %r11
	.bundle_lock
	movl %edi, %edi
	leaq (%r14,%rdi), %rdi
	rep stosb
	.bundle_unlock
	movl %edi, %edi
	leaq (%rdi,%r11), %rdi
	jl .L3
	xorl %eax, %eax
	.bundle_lock
	movl $0xffffffe0, %r11d
	andq %r11, (%rsp)
	orq %r14, (%rsp)
	ret
	.bundle_unlock
.L3:
	movl $1, %eax
	.bundle_lock
	movl $0xffffffe0, %r11d
	andq %r11, (%rsp)
	orq %r14, (%rsp)
	ret
	.bundle_unlock
	.size	fill_and_compare, .-fill_and_compare
