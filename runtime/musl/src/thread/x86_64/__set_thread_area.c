/* vx: the thread pointer is kept in guest memory (arch/x86_64/pthread_arch.h). */
#include "pthread_impl.h"

hidden uintptr_t __vx_thread_pointer;

int __set_thread_area(void *p)
{
	__vx_thread_pointer = (uintptr_t)p;
	return 0;
}
