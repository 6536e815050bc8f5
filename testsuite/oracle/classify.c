/* #GP/#SS classification (see classify.h). Contained only when every access
 * of the instruction lies in the window and the fault is explained by
 * vector alignment or by the loaded value (ldmxcsr), or the instruction
 * accesses no memory at all and is no branch (a branch #GPs on a
 * non-canonical target: control escaping). */
#define _GNU_SOURCE
#include "classify.h"
#include "vx/layout.h"
#include <capstone/capstone.h>
#include <string.h>
#include <sys/ucontext.h>

static const struct {
    x86_reg r64, r32;
    int greg;
} gprs[] = {
    {X86_REG_RAX, X86_REG_EAX, REG_RAX}, {X86_REG_RCX, X86_REG_ECX, REG_RCX},
    {X86_REG_RDX, X86_REG_EDX, REG_RDX}, {X86_REG_RBX, X86_REG_EBX, REG_RBX},
    {X86_REG_RSP, X86_REG_ESP, REG_RSP}, {X86_REG_RBP, X86_REG_EBP, REG_RBP},
    {X86_REG_RSI, X86_REG_ESI, REG_RSI}, {X86_REG_RDI, X86_REG_EDI, REG_RDI},
    {X86_REG_R8, X86_REG_R8D, REG_R8},   {X86_REG_R9, X86_REG_R9D, REG_R9},
    {X86_REG_R10, X86_REG_R10D, REG_R10}, {X86_REG_R11, X86_REG_R11D, REG_R11},
    {X86_REG_R12, X86_REG_R12D, REG_R12}, {X86_REG_R13, X86_REG_R13D, REG_R13},
    {X86_REG_R14, X86_REG_R14D, REG_R14}, {X86_REG_R15, X86_REG_R15D, REG_R15},
};

static int reg_value(x86_reg r, const uint64_t *g, uint64_t next_ip, uint64_t *v)
{
    if (r == X86_REG_INVALID) {
        *v = 0;
        return 1;
    }
    if (r == X86_REG_RIP || r == X86_REG_EIP) {
        *v = r == X86_REG_EIP ? (uint32_t)next_ip : next_ip;
        return 1;
    }
    for (unsigned i = 0; i < sizeof gprs / sizeof *gprs; i++) {
        if (r == gprs[i].r64)
            return *v = g[gprs[i].greg], 1;
        if (r == gprs[i].r32)
            return *v = (uint32_t)g[gprs[i].greg], 1;
    }
    return 0; /* a vector index (VSIB) or something unknown */
}

static int in_window(uint64_t a, uint64_t size, uint64_t base)
{
    return a >= base - VX_GUARD_SIZE && a + size <= base + VX_SANDBOX_SIZE + VX_GUARD_SIZE && a + size >= a;
}

static unsigned required_alignment(const cs_insn *in, unsigned size)
{
    const char *m = in->mnemonic;
    if (!strcmp(m, "cmpxchg16b"))
        return 16;
    if (!strncmp(m, "vmova", 5) || !strncmp(m, "vmovdqa", 7) || !strncmp(m, "vmovnt", 6))
        return size;
    if (m[0] != 'v' && size == 16)
        return 16; /* legacy SSE memory operands must be 16-byte aligned */
    return 0;
}

/* Implicit stack accesses (Capstone lists string operands explicitly). */
static int uses_stack(const char *m)
{
    static const char *const ops[] = {"push", "pop", "pushfq", "popfq", "call", "ret", "retf"};
    for (unsigned i = 0; i < sizeof ops / sizeof *ops; i++)
        if (!strcmp(m, ops[i]))
            return 1;
    return 0;
}

/* Instructions that #GP on the value they load, not on where it is:
 * contained when the access itself is in the window. */
static int gp_on_value(const char *m)
{
    static const char *const ops[] = {"ldmxcsr", "vldmxcsr"}; /* reserved MXCSR bits set */
    for (unsigned i = 0; i < sizeof ops / sizeof *ops; i++)
        if (!strcmp(m, ops[i]))
            return 1;
    return 0;
}

static int is_branch(const char *m)
{
    static const char *const ops[] = {"jmp", "call", "ret", "retf", "ljmp", "lcall", "bnd jmp", "bnd call", "bnd ret"};
    for (unsigned i = 0; i < sizeof ops / sizeof *ops; i++)
        if (!strcmp(m, ops[i]))
            return 1;
    return 0;
}

enum vxo_class vxo_classify_gp(const uint8_t *code, size_t avail, const uint64_t *g, uint64_t base,
                               uint64_t fs_base)
{
    csh h;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &h) != CS_ERR_OK)
        return VXO_ESCAPE_GP;
    cs_option(h, CS_OPT_DETAIL, CS_OPT_ON);
    cs_insn *in = NULL;
    uint64_t rip = g[REG_RIP];
    enum vxo_class cls = VXO_ESCAPE_GP;
    if (cs_disasm(h, code, avail, rip, 1, &in) != 1)
        goto out;
    const cs_x86 *x = &in->detail->x86;
    uint64_t next = rip + in->size;
    int accesses = 0, misaligned = 0, outside = 0;
    for (unsigned i = 0; i < x->op_count; i++) {
        const cs_x86_op *op = &x->operands[i];
        if (op->type != X86_OP_MEM || !strcmp(in->mnemonic, "lea") || !strncmp(in->mnemonic, "nop", 3))
            continue;
        uint64_t b, ix;
        if (!reg_value(op->mem.base, g, next, &b) || !reg_value(op->mem.index, g, next, &ix)) {
            outside = 1;
            continue;
        }
        uint64_t ea = b + ix * (uint64_t)op->mem.scale + (uint64_t)op->mem.disp;
        if (x->addr_size == 4)
            ea = (uint32_t)ea;
        if (op->mem.segment == X86_REG_GS)
            ea += base;
        else if (op->mem.segment == X86_REG_FS)
            ea += fs_base;
        accesses++;
        outside |= !in_window(ea, op->size, base);
        unsigned align = required_alignment(in, op->size);
        misaligned |= align && ea % align;
    }
    if (uses_stack(in->mnemonic)) {
        accesses++;
        outside |= !in_window(g[REG_RSP] - 8, 16, base);
    }
    if (outside)
        cls = VXO_ESCAPE_GP;
    else if (is_branch(in->mnemonic))
        cls = VXO_ESCAPE_CONTROL; /* an in-window target cannot #GP: it was non-canonical */
    else if (!accesses || misaligned || gp_on_value(in->mnemonic))
        cls = VXO_GP_EXPLAINED;
out:
    if (in)
        cs_free(in, 1);
    cs_close(&h);
    return cls;
}
