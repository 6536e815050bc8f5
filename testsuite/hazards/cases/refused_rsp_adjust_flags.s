# Today's shape of `addq $64,%rsp` (leal 64(%rsp),%r11d ; lea (%r14,%r11),%rsp)
# followed by a branch on the flags that add would have set (gcc's
# testl before it is what the branch reads instead): the lea
# leaves the flags alone, so the branch reads older ones. vxcc refuses
# to emit this (asm_rewrite.c, rsp_write: "the flags of this %rsp
# adjustment are read later"); the checker must see it too.
# Expected: the flags "not written" by the leal, read by the jb.
	.bundle_align_mode 5
	.text
	.globl	adjust_then_branch
	.type	adjust_then_branch, @function
	.p2align 5
adjust_then_branch:
	.bundle_lock
	leal -64(%rsp), %r11d
	leaq (%r14,%r11), %rsp
	.bundle_unlock
	movl %edi, (%rsp)
	testl %edi, %edi
	.bundle_lock
hz_effect:
	leal 64(%rsp), %r11d
	leaq (%r14,%r11), %rsp
	.bundle_unlock
hz_observer:
	jb .L2
	xorl %eax, %eax
.L2:
	.bundle_lock
	movl $0xffffffe0, %r11d
	andq %r11, (%rsp)
	orq %r14, (%rsp)
	ret
	.bundle_unlock
	.size	adjust_then_branch, .-adjust_then_branch
