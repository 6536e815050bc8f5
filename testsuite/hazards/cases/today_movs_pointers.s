# Today's form of old_c_movs_pointer.s, as vxcc emits copy_and_check
# (testsuite/programs/string_insns.c) at -O2: both pointers rebased with
# lea, %rdi's copy kept 136 bytes below %rsp (below the red zone), each
# pointer given back its upper half. Both are then compared with ordinary
# pointers: no hazard (the spill is a hidden stack write).
	.bundle_align_mode 5
	.text
	.globl	copied_to_end
	.type	copied_to_end, @function
	.p2align 5
copied_to_end:
	movq %rdi, %rax
	movq %rsi, %r8
	movq %rdx, %rcx
	movq %rdi, -136(%rsp)
	movq %rsi, %r11
	bswapq %r11
	movl %r11d, %r11d
	bswapq %r11
	.bundle_lock
	movl %esi, %esi
	leaq (%r14,%rsi), %rsi
	movl %edi, %edi
	leaq (%r14,%rdi), %rdi
	rep movsb
	.bundle_unlock
	movl %esi, %esi
	leaq (%rsi,%r11), %rsi
	movq -136(%rsp), %r11
	bswapq %r11
	movl %r11d, %r11d
	bswapq %r11
	movl %edi, %edi
	leaq (%rdi,%r11), %rdi
	leaq (%rax,%rdx), %r9
	xorl %ecx, %ecx
	cmpq %r9, %rdi
	jne .L14
	leaq (%r8,%rdx), %rdx
	cmpq %rdx, %rsi
	sete %cl
.L14:
	movl %ecx, %eax
	.bundle_lock
	movl $0xffffffe0, %r11d
	andq %r11, (%rsp)
	orq %r14, (%rsp)
	ret
	.bundle_unlock
	.size	copied_to_end, .-copied_to_end
