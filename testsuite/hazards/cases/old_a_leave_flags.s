# Issue (a) in the %esp-write and `leave` rewrites before 2026-12:
# `leave` became `movl %ebp,%esp ; add %r14,%rsp ; popq %rbp`, and the add
# writes EFLAGS where `leave` writes none. Here gcc's test is read after
# the epilogue (a setcc scheduled past it).
#   int frame_then_test(int x) { volatile char buf[32]; buf[0] = x; return x == 0; }
# Expected: ZF written by the add of the leave rewrite, read by the sete.
	.bundle_align_mode 5
	.text
	.globl	frame_then_test
	.type	frame_then_test, @function
	.p2align 5
frame_then_test:
	pushq %rbp
	movq %rsp, %rbp
	.bundle_lock
	subl $32, %esp
	add %r14, %rsp
	.bundle_unlock
	movb %dil, %gs:-32(%ebp)
	xorl %eax, %eax
	testl %edi, %edi
	.bundle_lock
	movl %ebp, %esp
hz_effect:
	add %r14, %rsp
	.bundle_unlock
	popq %rbp
hz_observer:
	sete %al
	.bundle_lock
	movl $0xffffffe0, %r11d
	andq %r11, (%rsp)
	orq %r14, (%rsp)
	ret
	.bundle_unlock
	.size	frame_then_test, .-frame_then_test
