/* vx: %fs belongs to the host. The guest's thread pointer is a guest
 * variable that __set_thread_area (src/thread/x86_64/__set_thread_area.c)
 * sets; one thread per sandbox. */
hidden extern uintptr_t __vx_thread_pointer;

static inline uintptr_t __get_tp()
{
	return __vx_thread_pointer;
}

#define MC_PC gregs[REG_RIP]
