# Issue (b): gcc hoisted a compare above a jump-table dispatch, and every
# case label starts with a jump on its flags. The dispatch's mask
# (`and $-32,%r11d ; add %r14,%r11`) writes EFLAGS between the two, so the
# cases branched on the mask's flags. (Today vxcc finds such a table
# with compiler-wrapper/flags_live.c and compiles the file again with
# -fno-jump-tables.) The table is in .rodata, its entries relocations
# into .text, as gcc -fno-pic writes them.
#   int classify(unsigned k, int a, int b)
#   { switch (k) { case 0: return a > b ? 1 : 10; case 1: return a > b ? 1 : 20;
#                  case 2: return a > b ? 1 : 30; default: return -1; } }
# Expected: CF,ZF written by the add of the dispatch, read by the `ja` at
# each of the three case labels (hz_observer1..3).
	.bundle_align_mode 5
	.text
	.globl	classify
	.type	classify, @function
	.p2align 5
classify:
	cmpl $3, %edi
	ja .Ldefault
	movl %edi, %edi
	cmpl %edx, %esi
	movq %gs:.Ltable(,%edi,8), %r11
	.bundle_lock
	and $-32, %r11d
hz_effect:
	add %r14, %r11
	jmp *%r11
	.bundle_unlock
	.section	.rodata
	.align 8
.Ltable:
	.quad	.Lcase0
	.quad	.Lcase1
	.quad	.Lcase2
	.quad	.Ldefault
	.text
	.p2align 5
.Lcase0:
hz_observer1:
	ja .Lgreater
	movl $10, %eax
	.bundle_lock
	movl $0xffffffe0, %r11d
	andq %r11, (%rsp)
	orq %r14, (%rsp)
	ret
	.bundle_unlock
	.p2align 5
.Lcase1:
hz_observer2:
	ja .Lgreater
	movl $20, %eax
	.bundle_lock
	movl $0xffffffe0, %r11d
	andq %r11, (%rsp)
	orq %r14, (%rsp)
	ret
	.bundle_unlock
	.p2align 5
.Lcase2:
hz_observer3:
	ja .Lgreater
	movl $30, %eax
	.bundle_lock
	movl $0xffffffe0, %r11d
	andq %r11, (%rsp)
	orq %r14, (%rsp)
	ret
	.bundle_unlock
.Lgreater:
	movl $1, %eax
	.bundle_lock
	movl $0xffffffe0, %r11d
	andq %r11, (%rsp)
	orq %r14, (%rsp)
	ret
	.bundle_unlock
	.p2align 5
.Ldefault:
	movl $-1, %eax
	.bundle_lock
	movl $0xffffffe0, %r11d
	andq %r11, (%rsp)
	orq %r14, (%rsp)
	ret
	.bundle_unlock
	.size	classify, .-classify
