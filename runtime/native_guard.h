/* The image's entry point (musl_crt0.S includes it): it leaves for
 * __vx_native_exit (native_exit.S) when the kernel, not vxrun, started the
 * image, and goes on to _start otherwise. Inside a sandbox the
 * code runs at B + offset with B a non-zero multiple of 4 GiB; natively an
 * ET_EXEC image runs at its link addresses, all below VX_IMAGE_MAX (2 GiB).
 * So the upper half of the code's own address says which. Verified code
 * like the rest: the jump out is vxcc's masked jump (natively %r14 is 0:
 * Linux starts every process with zeroed registers; in a sandbox it would
 * land on an unmapped page of the window, R-ELF-NATIVE).
 * In a section of its own that vx.ld puts after all other code, so every
 * function of the program sits where it sat before this entry existed (a
 * 32-byte shift of all code made a matrix kernel run 2x slower). Clobbers
 * %rax only. */
#define VX_NATIVE_GUARD_ENTRY                                            \
	.section .vx_entry, "ax", @progbits;                             \
	.p2align 5;                                                      \
	.globl __vx_start;                                               \
	.type __vx_start, @function;                                     \
__vx_start:                                                              \
	leaq 0(%rip), %rax;                                              \
	shrq $32, %rax;                                                  \
	jz 1f;                                                           \
	jmp _start;                                                      \
1:	movl $__vx_native_exit, %eax;                                    \
	jmp *%rax;                                                       \
	.size __vx_start, .-__vx_start;                                  \
	.text
