/* Guest entry: the loader jumps here with argc in %rdi, argv in %rsi and
 * envp in %rdx (guest addresses), a zeroed register file, %rsp 16-aligned. */
	.text
	.globl _start
	.type _start, @function
_start:
	movq %rdx, vx_environ(%rip)
	call main
	movl %eax, %edi
	call vx_exit
	ud2
	.size _start, .-_start

	.bss
	.globl vx_environ
	.p2align 3
vx_environ:
	.zero 8
