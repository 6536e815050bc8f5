#include "rules.h"
#include <string.h>

static const struct {
    const char *name;
    const char *text;
} rule_table[VXV_RULE_COUNT] = {
    [VXV_OK] = {"OK", "no violation"},
    [R_ELF] = {"R-ELF", "image is not a valid vx ELF file"},
    [R_INSN_UNDECODABLE] = {"R-INSN-UNDECODABLE", "bytes do not decode to an instruction"},
    [R_INSN_FORBIDDEN] = {"R-INSN-FORBIDDEN", "instruction is not allowed in a sandbox"},
    [R_INSN_NONDET] = {"R-INSN-NONDET", "nondeterministic instruction under the deterministic policy"},
    [R_PFX_ORDER] = {"R-PFX-ORDER", "REX prefix is not the last prefix"},
    [R_PFX_DUP] = {"R-PFX-DUP", "more than one prefix from the same group"},
    [R_PFX_SEG] = {"R-PFX-SEG", "segment prefix other than %gs on a sandboxed operand"},
    [R_PFX_ADDR32] = {"R-PFX-ADDR32", "address-size prefix without a %gs memory operand"},
    [R_PFX_LOCK] = {"R-PFX-LOCK", "lock prefix on a non-lockable instruction"},
    [R_PFX_REP] = {"R-PFX-REP", "rep/repne/bnd prefix on a non-string instruction"},
    [R_MEM] = {"R-MEM", "memory operand is not a sandboxed form"},
    [R_MEM_EIP] = {"R-MEM-EIP", "%eip-relative memory operand"},
    [R_MEM_VSIB] = {"R-MEM-VSIB", "vector-indexed (gather/scatter) memory operand"},
    [R_MEM_RIP] = {"R-MEM-RIP", "%rip-relative operand outside the sandbox window"},
    [R_MEM_BITOFF] = {"R-MEM-BITOFF", "bit-test with a register bit offset on a memory operand (the offset moves the access)"},
    [R_REG_BASE] = {"R-REG-BASE", "writes the reserved base register %r14"},
    [R_REG_GS] = {"R-REG-GS", "reads or writes a segment register"},
    [R_RSP_WRITE] = {"R-RSP-WRITE", "%rsp written other than by push/pop/call or the pair 32-bit write of %r11d; lea (%r14,%r11),%rsp"},
    [R_RSP_ADD] = {"R-RSP-ADD", "add %r14,%rX or lea (%r14,%rX),%rX not right after a 32-bit write of %eX in the same bundle"},
    [R_CF_BUNDLE] = {"R-CF-BUNDLE", "instruction crosses a 32-byte bundle boundary"},
    [R_CF_DIRECT] = {"R-CF-DIRECT", "direct branch target is not a valid instruction start"},
    [R_CF_MASKED] = {"R-CF-MASKED", "indirect branch without the masking sequence"},
    [R_CF_CALLEND] = {"R-CF-CALLEND", "call does not end at a bundle boundary"},
    [R_CF_66] = {"R-CF-66", "operand-size prefix on a near branch"},
    [R_CF_RET] = {"R-CF-RET", "ret without the return-masking sequence"},
    [R_STR] = {"R-STR", "string instruction without sandboxed %rsi/%rdi"},
    [R_INSN_DECODERS] = {"R-INSN-DECODERS", "Capstone and Zydis read the instruction differently"},
    [R_ELF_NATIVE] = {"R-ELF-NATIVE", "native-only segment (VX_PF_NATIVE) of a shape the loader does not leave unmapped"},
};

const char *vxv_rule_name(enum vxv_rule r)
{
    return (unsigned)r < VXV_RULE_COUNT ? rule_table[r].name : "R-UNKNOWN";
}

const char *vxv_rule_text(enum vxv_rule r)
{
    return (unsigned)r < VXV_RULE_COUNT ? rule_table[r].text : "unknown rule";
}

int vxv_rule_is_elf(enum vxv_rule r)
{
    return r == R_ELF || r == R_ELF_NATIVE;
}

enum vxv_rule vxv_rule_from_name(const char *name)
{
    for (int r = 1; r < VXV_RULE_COUNT; r++)
        if (strcmp(rule_table[r].name, name) == 0)
            return (enum vxv_rule)r;
    return VXV_OK;
}
