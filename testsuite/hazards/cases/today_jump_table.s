# A jump-table dispatch as vxcc emits it today: the mask writes EFLAGS,
# and no case reads flags from before the dispatch (each sets its own, or
# calls first, or reads none), so nothing observes them. The indirect
# call and the tail jump through memory are masked the same way; calls
# and tail calls end the flags' life (System V ABI).
	.bundle_align_mode 5
	.text
	.globl	dispatch
	.type	dispatch, @function
	.p2align 5
dispatch:
	cmpl $3, %edi
	ja .Ldefault
	movl %edi, %edi
	movq %gs:.Ltable(,%edi,8), %r11
	.bundle_lock
	and $-32, %r11d
	add %r14, %r11
	jmp *%r11
	.bundle_unlock
	.section	.rodata
	.align 8
.Ltable:
	.quad	.Lcase0
	.quad	.Lcase1
	.quad	.Lcase2
	.quad	.Lcase3
	.text
	.p2align 5
.Lcase0:
	cmpl %edx, %esi
	setg %al
	movzbl %al, %eax
	.bundle_lock
	movl $0xffffffe0, %r11d
	andq %r11, (%rsp)
	orq %r14, (%rsp)
	ret
	.bundle_unlock
	.p2align 5
.Lcase1:
	.bundle_lock align_to_end
	movl %esi, %r11d
	and $-32, %r11d
	add %r14, %r11
	call *%r11
	.bundle_unlock
	testl %eax, %eax
	sete %al
	movzbl %al, %eax
	.bundle_lock
	movl $0xffffffe0, %r11d
	andq %r11, (%rsp)
	orq %r14, (%rsp)
	ret
	.bundle_unlock
	.p2align 5
.Lcase2:
	movl %edx, %edi
	movq %gs:handlers(,%esi,8), %r11
	.bundle_lock
	and $-32, %r11d
	add %r14, %r11
	jmp *%r11
	.bundle_unlock
	.p2align 5
.Lcase3:
	leal (%rsi,%rdx), %eax
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
	.size	dispatch, .-dispatch
