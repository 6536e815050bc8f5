/* long __vx_syscall(a1, a2, a3, a4, a5, a6, number): a Linux system call
 * through the runtime-call table's Linux slot (spec: "The Linux
 * personality"). The host reads the arguments from %rdi %rsi %rdx %rcx
 * %r8 %r9 and the number from %rax (all 64 bits, as Linux reads it), and
 * returns -errno on failure. */
#include <vx/layout.h>
	.text
	.globl __vx_syscall
	.hidden __vx_syscall
	.type __vx_syscall, @function
__vx_syscall:
	movq 8(%rsp), %rax
	call *%gs:VX_TABLE_OFFSET + 8 * VX_TABLE_SLOT_LINUX
	ret
	.size __vx_syscall, .-__vx_syscall
