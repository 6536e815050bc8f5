#include "regs.h"

#define FAM(r, f, w) [X86_REG_##r] = {(f) + 1, (w)}

/* Stored as family+1 so that zero-initialised entries mean "not a GPR". */
static const struct {
    unsigned char fam1, width;
} gpr_table[X86_REG_ENDING] = {
    FAM(RAX, 0, 8), FAM(EAX, 0, 4), FAM(AX, 0, 2), FAM(AL, 0, 1), FAM(AH, 0, 1),
    FAM(RCX, 1, 8), FAM(ECX, 1, 4), FAM(CX, 1, 2), FAM(CL, 1, 1), FAM(CH, 1, 1),
    FAM(RDX, 2, 8), FAM(EDX, 2, 4), FAM(DX, 2, 2), FAM(DL, 2, 1), FAM(DH, 2, 1),
    FAM(RBX, 3, 8), FAM(EBX, 3, 4), FAM(BX, 3, 2), FAM(BL, 3, 1), FAM(BH, 3, 1),
    FAM(RSP, 4, 8), FAM(ESP, 4, 4), FAM(SP, 4, 2), FAM(SPL, 4, 1),
    FAM(RBP, 5, 8), FAM(EBP, 5, 4), FAM(BP, 5, 2), FAM(BPL, 5, 1),
    FAM(RSI, 6, 8), FAM(ESI, 6, 4), FAM(SI, 6, 2), FAM(SIL, 6, 1),
    FAM(RDI, 7, 8), FAM(EDI, 7, 4), FAM(DI, 7, 2), FAM(DIL, 7, 1),
    FAM(R8, 8, 8), FAM(R8D, 8, 4), FAM(R8W, 8, 2), FAM(R8B, 8, 1),
    FAM(R9, 9, 8), FAM(R9D, 9, 4), FAM(R9W, 9, 2), FAM(R9B, 9, 1),
    FAM(R10, 10, 8), FAM(R10D, 10, 4), FAM(R10W, 10, 2), FAM(R10B, 10, 1),
    FAM(R11, 11, 8), FAM(R11D, 11, 4), FAM(R11W, 11, 2), FAM(R11B, 11, 1),
    FAM(R12, 12, 8), FAM(R12D, 12, 4), FAM(R12W, 12, 2), FAM(R12B, 12, 1),
    FAM(R13, 13, 8), FAM(R13D, 13, 4), FAM(R13W, 13, 2), FAM(R13B, 13, 1),
    FAM(R14, 14, 8), FAM(R14D, 14, 4), FAM(R14W, 14, 2), FAM(R14B, 14, 1),
    FAM(R15, 15, 8), FAM(R15D, 15, 4), FAM(R15W, 15, 2), FAM(R15B, 15, 1),
};

int gpr_family(unsigned reg)
{
    return reg < X86_REG_ENDING ? (int)gpr_table[reg].fam1 - 1 : GPR_NONE;
}

int gpr_width(unsigned reg)
{
    return reg < X86_REG_ENDING ? gpr_table[reg].width : 0;
}

int is_segment_reg(unsigned reg)
{
    switch (reg) {
    case X86_REG_CS: case X86_REG_DS: case X86_REG_ES:
    case X86_REG_FS: case X86_REG_GS: case X86_REG_SS:
        return 1;
    default:
        return 0;
    }
}

int is_vector_reg(unsigned reg)
{
    return (reg >= X86_REG_XMM0 && reg <= X86_REG_XMM31) ||
           (reg >= X86_REG_YMM0 && reg <= X86_REG_YMM31) ||
           (reg >= X86_REG_ZMM0 && reg <= X86_REG_ZMM31);
}
