# Issue (c), as vxcc wrote it before 2026-12: `mov %esi,%esi ; add
# %r14,%rsi` before `rep movsb` left %rsi holding B + offset afterwards,
# and gcc went on using it as a pointer: compared with src + n, which
# is a bare offset when src came from the heap (testsuite/programs/
# string_insns.c, copy_and_check).
#   int copied_to_end(char *d, const char *s, long n)
#   { asm("rep movsb" : "+D"(d), "+S"(s), "+c"(n)); return s == s0 + n; }
# Expected: %rsi[63:32] written by the add, read by the cmpq (%rdi was
# rebased too but nothing reads it; xorl rewrites the flags first).
	.bundle_align_mode 5
	.text
	.globl	copied_to_end
	.type	copied_to_end, @function
	.p2align 5
copied_to_end:
	movq %rsi, %r8
	movq %rdx, %rcx
	.bundle_lock
	movl %esi, %esi
hz_effect:
	add %r14, %rsi
	movl %edi, %edi
	add %r14, %rdi
	rep movsb
	.bundle_unlock
	leaq (%r8,%rdx), %r9
	xorl %eax, %eax
hz_observer:
	cmpq %r9, %rsi
	sete %al
	.bundle_lock
	movl $0xffffffe0, %r11d
	andq %r11, (%rsp)
	orq %r14, (%rsp)
	ret
	.bundle_unlock
	.size	copied_to_end, .-copied_to_end
