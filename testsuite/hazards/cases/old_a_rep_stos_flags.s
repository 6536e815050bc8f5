# Issue (a), as vxcc wrote it before 2026-12: the rebase in front of a
# string instruction was `add %r14,%rdi`, which writes EFLAGS where
# `rep stos` writes none. gcc had compared before the inlined `rep stos`
# and branched on that compare after it (testsuite/programs/string_insns.c,
# flags_survive_stos); the branch read the add's flags instead.
#   int fill_and_compare(char *dst, long a, long b)
#   { memset(dst, 0x5a, 16); return a < b; }   with the compare hoisted
# hz_effect / hz_observer mark what hazard_test.c expects the checker to
# report: SF,OF written by the add, read by the jl.
	.bundle_align_mode 5
	.text
	.globl	fill_and_compare
	.type	fill_and_compare, @function
	.p2align 5
fill_and_compare:
	movl $16, %ecx
	movl $90, %eax
	cmpq %rdx, %rsi
	.bundle_lock
	movl %edi, %edi
hz_effect:
	add %r14, %rdi
	rep stosb
	.bundle_unlock
hz_observer:
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
