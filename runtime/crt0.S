/* Guest entry: the loader jumps here with argc in %rdi, argv in %rsi and
 * envp in %rdx (guest addresses), a zeroed register file, %rsp 16-aligned.
 * The image's entry is __vx_start (native_guard.h), which comes here
 * unless the kernel, not vxrun, started the image. */
#include <vx/layout.h>
#include "native_guard.h"
	VX_NATIVE_GUARD_ENTRY
	.text
	.globl _start
	.type _start, @function
_start:
	movq %rdx, environ(%rip)        /* newlib's */
	pushq %rdi                    /* keep argc/argv across the constructors */
	pushq %rsi
	subq $8, %rsp
	call vx_run_constructors
	addq $8, %rsp
	popq %rsi
	popq %rdi
	call main
	movl %eax, %edi
	call exit                     /* newlib: atexit handlers, stdio flush */
	ud2
	.size _start, .-_start


/* vx_call (loader/vx.h) pushes this as the return address of the guest
 * function it calls: the result goes back to the host as a service. */
	.globl __vx_return
	.type __vx_return, @function
	.p2align 5
__vx_return:
	movq %rax, %rdi
	movl $VX_SVC_RETURN_NR, %r9d
	call vx_service
	ud2
	.size __vx_return, .-__vx_return

