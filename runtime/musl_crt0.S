/* Guest entry for musl: the loader jumps here with argc in %rdi, argv in
 * %rsi and envp in %rdx, the auxiliary vector after envp's NULL (as Linux
 * lays out a process stack), %rsp 16-aligned. musl's __libc_start_main
 * finds envp and auxv from argv, runs the constructors, calls main and
 * exit. The image's entry is __vx_start (native_guard.h), which comes
 * here unless the kernel, not vxrun, started the image. */
#include "native_guard.h"
	VX_NATIVE_GUARD_ENTRY
	.text
	.globl _start
	.type _start, @function
_start:
	movq %rsi, %rdx               /* argv */
	movl %edi, %esi               /* argc */
	leaq main(%rip), %rdi
	xorl %ecx, %ecx               /* init, fini: musl's own from the tables */
	xorl %r8d, %r8d
	xorl %r9d, %r9d
	call __libc_start_main
	ud2
	.size _start, .-_start

/* vx_call (loader/vx.h) pushes this as the return address of the guest
 * function it calls: the result goes back to the host as a service. */
#include <vx/layout.h>
	.globl __vx_return
	.type __vx_return, @function
	.p2align 5
__vx_return:
	movq %rax, %rdi
	movl $VX_SVC_RETURN_NR, %r9d
	call vx_service
	ud2
	.size __vx_return, .-__vx_return
