/* What libgcc's configure finds out about the target, for the sources
 * vx builds. The guest assembler knows .cfi directives and AVX. */
#define HAVE_AS_AVX 1
