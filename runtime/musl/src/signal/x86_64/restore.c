/* vx: the signal return trampoline musl hands the kernel as sa_restorer;
 * the host's Linux personality runs guest handlers itself and ends each
 * with this call. */
#include "syscall.h"

hidden void __restore_rt(void)
{
	__syscall(SYS_rt_sigreturn);
}
