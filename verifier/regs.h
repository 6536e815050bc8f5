/* General-purpose register families: every alias of a 64-bit register
 * (rax/eax/ax/al/ah) maps to one family number 0..15. */
#ifndef VXV_REGS_H
#define VXV_REGS_H
#include <capstone/capstone.h>

enum gpr_family {
    GPR_NONE = -1,
    GPR_RAX = 0, GPR_RCX, GPR_RDX, GPR_RBX, GPR_RSP, GPR_RBP, GPR_RSI, GPR_RDI,
    GPR_R8, GPR_R9, GPR_R10, GPR_R11, GPR_R12, GPR_R13, GPR_R14, GPR_R15,
};

/* Family of reg, GPR_NONE for non-GPRs (rip, segment, vector, ...). */
int gpr_family(unsigned reg);
/* Width in bytes of a GPR alias (1, 2, 4, 8); 0 for non-GPRs. */
int gpr_width(unsigned reg);
int is_segment_reg(unsigned reg);
int is_vector_reg(unsigned reg);

#endif
