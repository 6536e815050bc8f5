/* Rule identifiers: one per rule of spec/sandbox.md. The verifier reports
 * violations by these; the corpus names them. */
#ifndef VXV_RULES_H
#define VXV_RULES_H

enum vxv_rule {
    VXV_OK = 0,
    R_ELF,
    R_INSN_UNDECODABLE,
    R_INSN_FORBIDDEN,
    R_INSN_NONDET,
    R_PFX_ORDER,
    R_PFX_DUP,
    R_PFX_SEG,
    R_PFX_ADDR32,
    R_PFX_LOCK,
    R_PFX_REP,
    R_MEM,
    R_MEM_EIP,
    R_MEM_VSIB,
    R_MEM_RIP,
    R_MEM_BITOFF,
    R_REG_BASE,
    R_REG_GS,
    R_RSP_WRITE,
    R_RSP_ADD,
    R_CF_BUNDLE,
    R_CF_DIRECT,
    R_CF_MASKED,
    R_CF_CALLEND,
    R_CF_66,
    R_CF_RET,
    R_STR,
    R_INSN_DECODERS,
    R_ELF_NATIVE,
    VXV_RULE_COUNT
};

/* "R-CF-MASKED" etc. */
const char *vxv_rule_name(enum vxv_rule r);
/* One-line reason shown to users. */
const char *vxv_rule_text(enum vxv_rule r);
/* Is r judged on the ELF headers (a violation without an instruction)? */
int vxv_rule_is_elf(enum vxv_rule r);
/* Inverse of vxv_rule_name; VXV_OK when unknown. */
enum vxv_rule vxv_rule_from_name(const char *name);

#endif
