/* What an image does when the kernel runs it natively (./prog without
 * vxrun's binfmt_misc handler): crt0's guard jumps here. One line on
 * stderr, exit status 126 (found but cannot run), instead of a crash in
 * code that expects the sandbox.
 *
 * Not guest code: vx.ld puts this section in the native-only segment
 * (VX_PF_NATIVE, spec R-ELF-NATIVE), which the vx loader never maps and
 * the verifier never reads as code. So it may make system calls, and it is
 * assembled by the host's compiler, not by vxcc. At entry the kernel's
 * process stack is untouched: argc at (%rsp), argv[0] at 8(%rsp). */
#include <asm/unistd.h>
	.section .vx_native, "ax", @progbits
	.p2align 5                      /* reached by a masked jump */
	.globl __vx_native_exit
	.type __vx_native_exit, @function
__vx_native_exit:
	leaq default_name(%rip), %rsi   /* the name to print: argv[0] if it has one */
	cmpq $0, (%rsp)
	je 2f
	movq 8(%rsp), %rax
	testq %rax, %rax
	je 2f
	cmpb $0, (%rax)
	cmovneq %rax, %rsi
2:	movq %rsi, %rdx                 /* its length */
3:	cmpb $0, (%rdx)
	je 4f
	incq %rdx
	jmp 3b
4:	subq %rsi, %rdx
	leaq message(%rip), %rax        /* writev(2, {name, message}, 2): one line, one write */
	pushq $message_end - message
	pushq %rax
	pushq %rdx
	pushq %rsi
	movl $2, %edi
	movq %rsp, %rsi
	movl $2, %edx
	movl $__NR_writev, %eax
	syscall
	movl $126, %edi
	movl $__NR_exit_group, %eax
	syscall
	hlt
	.size __vx_native_exit, .-__vx_native_exit

default_name:
	.asciz "vx image"
message:
	.ascii ": this is a vx sandbox image; run it with vxrun (or register vx images: vxrun --register)\n"
message_end:

	.section .note.GNU-stack, "", @progbits
