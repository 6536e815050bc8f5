/* long vx_service(long a0, long a1, long a2, long a3, long a4, int number)
 * The only way out of the sandbox: a call through the read-only
 * runtime-call table (spec section 8). vxcc keeps the table form as it is
 * and makes the call end its bundle. */
#include <vx/layout.h>
	.text
	.globl vx_service
	.type vx_service, @function
vx_service:
	movl %r9d, %eax
	call *%gs:VX_TABLE_OFFSET + 8 * VX_TABLE_SLOT_SERVICE
	ret
	.size vx_service, .-vx_service

/* long vx_hostcall(long a0, long a1, long a2, long a3, long a4, int index) */
	.globl vx_hostcall
	.type vx_hostcall, @function
vx_hostcall:
	movl %r9d, %eax
	call *%gs:VX_TABLE_OFFSET + 8 * VX_TABLE_SLOT_HOSTCALL
	ret
	.size vx_hostcall, .-vx_hostcall
