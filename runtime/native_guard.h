/* The first instructions of both crt0s (crt0.S, musl_crt0.S): leave for
 * __vx_native_exit (native_exit.S) when the kernel, not vxrun, started the
 * image. Inside a sandbox the code runs at B + offset with B a non-zero
 * multiple of 4 GiB; natively an ET_EXEC image runs at its link addresses,
 * all below VX_IMAGE_MAX (2 GiB). So the upper half of the code's own
 * address says which. Verified code like the rest: the jump is vxcc's
 * masked jump (natively %r14 is 0, as Linux starts every process with
 * zeroed registers; in a sandbox it would land on an unmapped page of the
 * window, R-ELF-NATIVE). Clobbers %rax only. */
#define VX_NATIVE_GUARD                                                  \
	leaq 0(%rip), %rax;                                              \
	shrq $32, %rax;                                                  \
	jnz 9f;                                                          \
	movl $__vx_native_exit, %eax;                                    \
	jmp *%rax;                                                       \
9:
