# Today's %rsp sequences: a frame set up with leal/lea (flag-free, R-RSP-
# WRITE), a 32-byte realignment (`andq $-32,%rsp` computed in %r11d: its
# flags are the 32-bit and's, and nothing reads them), `leave` as movl
# %ebp,%r11d ; lea ; popq %rbp, a masked return; gcc tests the call's
# result after the stack adjustment (it knows add writes flags). No hazard.
	.bundle_align_mode 5
	.text
	.globl	framed
	.type	framed, @function
	.p2align 5
framed:
	pushq %rbp
	movq %rsp, %rbp
	.bundle_lock
	movl %esp, %r11d
	andl $-32, %r11d
	leaq (%r14,%r11), %rsp
	.bundle_unlock
	.bundle_lock
	leal -64(%rsp), %r11d
	leaq (%r14,%r11), %rsp
	.bundle_unlock
	movl %edi, (%rsp)
	movq %rsp, %rdi
	.bundle_lock align_to_end
	call consume
	.bundle_unlock
	.bundle_lock
	leal 64(%rsp), %r11d
	leaq (%r14,%r11), %rsp
	.bundle_unlock
	testl %eax, %eax
	sete %al
	movzbl %al, %eax
	.bundle_lock
	movl %ebp, %r11d
	leaq (%r14,%r11), %rsp
	.bundle_unlock
	popq %rbp
	.bundle_lock
	movl $0xffffffe0, %r11d
	andq %r11, (%rsp)
	orq %r14, (%rsp)
	ret
	.bundle_unlock
	.size	framed, .-framed
