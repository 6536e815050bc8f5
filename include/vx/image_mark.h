/* vx's own marks in a guest image (spec/sandbox.md section 8, "The vx mark"
 * and R-ELF-NATIVE). Neither is a safety property: the verifier judges an
 * image by its bytes, marked or not. */
#ifndef VX_IMAGE_MARK_H
#define VX_IMAGE_MARK_H

/* e_ident[EI_PAD..]: "VX" and a format version. The ELF specification
 * reserves these bytes (readers ignore them, writers put zeros), so no
 * ordinary ELF file carries the mark, and binfmt_misc can route exactly the
 * marked files to vxrun by matching them. */
#define VX_MARK_OFFSET       9     /* EI_PAD */
#define VX_MARK_BYTE0        'V'
#define VX_MARK_BYTE1        'X'
#define VX_MARK_VERSION      1     /* offset 11 */

/* p_flags bit (in PF_MASKOS) of the one PT_LOAD that only a native run
 * maps: the stub crt0 jumps to when the kernel, not vxrun, started the
 * image. The vx loader never maps it (R-ELF-NATIVE). runtime/vx.ld spells
 * the value out: FLAGS(0x00100005) is this bit with PF_R | PF_X. */
#define VX_PF_NATIVE         0x00100000u
/* A stub, not a program: at most one page. */
#define VX_NATIVE_MAX_SIZE   4096u

#endif
