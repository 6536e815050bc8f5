/* vx: musl's system calls leave the sandbox through the runtime-call
 * table's Linux slot (include/vx/layout.h), never through `syscall`,
 * which the verifier forbids. __vx_syscall (src/internal/x86_64/
 * vx_syscall.S) takes the six arguments in the C registers and the
 * number seventh; the host answers with Linux's convention (-errno). */
#define __SYSCALL_LL_E(x) (x)
#define __SYSCALL_LL_O(x) (x)

hidden long __vx_syscall(long, long, long, long, long, long, long);

static __inline long __syscall0(long n)
{
	return __vx_syscall(0, 0, 0, 0, 0, 0, n);
}

static __inline long __syscall1(long n, long a1)
{
	return __vx_syscall(a1, 0, 0, 0, 0, 0, n);
}

static __inline long __syscall2(long n, long a1, long a2)
{
	return __vx_syscall(a1, a2, 0, 0, 0, 0, n);
}

static __inline long __syscall3(long n, long a1, long a2, long a3)
{
	return __vx_syscall(a1, a2, a3, 0, 0, 0, n);
}

static __inline long __syscall4(long n, long a1, long a2, long a3, long a4)
{
	return __vx_syscall(a1, a2, a3, a4, 0, 0, n);
}

static __inline long __syscall5(long n, long a1, long a2, long a3, long a4, long a5)
{
	return __vx_syscall(a1, a2, a3, a4, a5, 0, n);
}

static __inline long __syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	return __vx_syscall(a1, a2, a3, a4, a5, a6, n);
}

/* No vDSO in a sandbox: clock_gettime is a system call like the others. */
#define IPC_64 0
