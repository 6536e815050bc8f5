#include "mem_form.h"
#include "regs.h"
#include "../include/vx/layout.h"

static enum vxv_rule gs_form(const cs_insn *insn, const x86_op_mem *m, enum mem_form *form)
{
    const cs_x86 *x = &insn->detail->x86;
    if (x->addr_size == 4) {
        if (m->base == X86_REG_EIP)
            return R_MEM_EIP;
        /* With 32-bit addressing only 32-bit GPRs can appear; check anyway. */
        if ((m->base && gpr_width(m->base) != 4) || (m->index && gpr_width(m->index) != 4))
            return R_MEM;
        *form = MF_GS32;
        return VXV_OK;
    }
    /* The runtime-call table: call *%gs:slot, absolute, nothing else. */
    if (insn->id == X86_INS_CALL && !m->base && !m->index && m->disp >= (int64_t)VX_TABLE_OFFSET &&
        m->disp < (int64_t)(VX_TABLE_OFFSET + 8 * VX_TABLE_SLOTS) && (m->disp & 7) == 0) {
        *form = MF_TABLE;
        return VXV_OK;
    }
    return R_MEM;
}

enum vxv_rule check_mem_operand(const cs_insn *insn, const cs_x86_op *op, enum mem_form *form)
{
    const x86_op_mem *m = &op->mem;
    const cs_x86 *x = &insn->detail->x86;
    if (m->index && is_vector_reg(m->index))
        return R_MEM_VSIB;
    if (m->segment == X86_REG_GS)
        return gs_form(insn, m, form);
    if (m->segment != X86_REG_INVALID)
        return R_MEM;
    if (m->base == X86_REG_EIP)
        return R_MEM_EIP;
    if (x->addr_size != 8 || m->index)
        return R_MEM;
    if (m->base == X86_REG_RSP) {
        if (m->disp < -VX_RSP_DISP_MAX || m->disp > VX_RSP_DISP_MAX)
            return R_MEM;
        *form = MF_RSP;
        return VXV_OK;
    }
    if (m->base == X86_REG_RIP) {
        /* The target is a constant: it must lie inside the window. */
        int64_t target = (int64_t)(insn->address + insn->size) + m->disp;
        if (target < 0 || target + op->size > (int64_t)VX_SANDBOX_SIZE)
            return R_MEM_RIP;
        *form = MF_RIP;
        return VXV_OK;
    }
    return R_MEM;
}
