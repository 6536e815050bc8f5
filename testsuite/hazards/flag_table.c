/* EFLAGS reads and writes per instruction. Capstone 4.0.2's eflags
 * field is the starting point for writes, but it misses reads (adc/sbb,
 * rcl/rcr, cmc, lahf, pushf say nothing about the flags they consume) and
 * gets some writes wrong (fcomi, ptest, the VEX comisd family), so reads come from this table
 * first and the writes Capstone misreports are listed here. */
#include "flag_table.h"
#include "state_bits.h"

#define ANY_WRITE(f) (X86_EFLAGS_MODIFY_##f | X86_EFLAGS_RESET_##f | X86_EFLAGS_UNDEFINED_##f)

/* Condition codes: what each condition tests. */
enum { C_O = HZ_OF, C_B = HZ_CF, C_E = HZ_ZF, C_BE = HZ_CF | HZ_ZF, C_S = HZ_SF, C_P = HZ_PF,
       C_L = HZ_SF | HZ_OF, C_LE = HZ_ZF | HZ_SF | HZ_OF };

static const struct {
    unsigned id;
    uint8_t flags;
} readers[] = {
    /* jcc, setcc, cmovcc, fcmovcc by condition */
    {X86_INS_JO, C_O}, {X86_INS_JNO, C_O}, {X86_INS_JB, C_B}, {X86_INS_JAE, C_B}, {X86_INS_JE, C_E},
    {X86_INS_JNE, C_E}, {X86_INS_JBE, C_BE}, {X86_INS_JA, C_BE}, {X86_INS_JS, C_S}, {X86_INS_JNS, C_S},
    {X86_INS_JP, C_P}, {X86_INS_JNP, C_P}, {X86_INS_JL, C_L}, {X86_INS_JGE, C_L}, {X86_INS_JLE, C_LE},
    {X86_INS_JG, C_LE},
    {X86_INS_SETO, C_O}, {X86_INS_SETNO, C_O}, {X86_INS_SETB, C_B}, {X86_INS_SETAE, C_B},
    {X86_INS_SETE, C_E}, {X86_INS_SETNE, C_E}, {X86_INS_SETBE, C_BE}, {X86_INS_SETA, C_BE},
    {X86_INS_SETS, C_S}, {X86_INS_SETNS, C_S}, {X86_INS_SETP, C_P}, {X86_INS_SETNP, C_P},
    {X86_INS_SETL, C_L}, {X86_INS_SETGE, C_L}, {X86_INS_SETLE, C_LE}, {X86_INS_SETG, C_LE},
    {X86_INS_CMOVO, C_O}, {X86_INS_CMOVNO, C_O}, {X86_INS_CMOVB, C_B}, {X86_INS_CMOVAE, C_B},
    {X86_INS_CMOVE, C_E}, {X86_INS_CMOVNE, C_E}, {X86_INS_CMOVBE, C_BE}, {X86_INS_CMOVA, C_BE},
    {X86_INS_CMOVS, C_S}, {X86_INS_CMOVNS, C_S}, {X86_INS_CMOVP, C_P}, {X86_INS_CMOVNP, C_P},
    {X86_INS_CMOVL, C_L}, {X86_INS_CMOVGE, C_L}, {X86_INS_CMOVLE, C_LE}, {X86_INS_CMOVG, C_LE},
    {X86_INS_FCMOVB, C_B}, {X86_INS_FCMOVNB, C_B}, {X86_INS_FCMOVE, C_E}, {X86_INS_FCMOVNE, C_E},
    {X86_INS_FCMOVBE, C_BE}, {X86_INS_FCMOVNBE, C_BE}, {X86_INS_FCMOVU, C_P}, {X86_INS_FCMOVNU, C_P},
    {X86_INS_LOOPE, C_E}, {X86_INS_LOOPNE, C_E},
    /* arithmetic on a flag */
    {X86_INS_ADC, HZ_CF}, {X86_INS_SBB, HZ_CF}, {X86_INS_ADCX, HZ_CF}, {X86_INS_ADOX, HZ_OF},
    {X86_INS_RCL, HZ_CF}, {X86_INS_RCR, HZ_CF}, {X86_INS_CMC, HZ_CF},
    /* the flags as data */
    {X86_INS_LAHF, HZ_CF | HZ_PF | HZ_AF | HZ_ZF | HZ_SF},
    {X86_INS_PUSHF, HZ_ALL_FLAGS}, {X86_INS_PUSHFD, HZ_ALL_FLAGS}, {X86_INS_PUSHFQ, HZ_ALL_FLAGS},
    /* string instructions walk by DF */
    {X86_INS_MOVSB, HZ_DF}, {X86_INS_MOVSW, HZ_DF}, {X86_INS_MOVSQ, HZ_DF}, {X86_INS_STOSB, HZ_DF},
    {X86_INS_STOSW, HZ_DF}, {X86_INS_STOSD, HZ_DF}, {X86_INS_STOSQ, HZ_DF}, {X86_INS_LODSB, HZ_DF},
    {X86_INS_LODSW, HZ_DF}, {X86_INS_LODSD, HZ_DF}, {X86_INS_LODSQ, HZ_DF}, {X86_INS_CMPSB, HZ_DF},
    {X86_INS_CMPSW, HZ_DF}, {X86_INS_CMPSQ, HZ_DF}, {X86_INS_SCASB, HZ_DF}, {X86_INS_SCASW, HZ_DF},
    {X86_INS_SCASD, HZ_DF}, {X86_INS_SCASQ, HZ_DF},
};

/* Writes Capstone gets wrong, given outright. */
static const struct {
    unsigned id;
    uint8_t flags;
} writers[] = {
    {X86_INS_FCOMI, HZ_STATUS_FLAGS}, {X86_INS_FCOMIP, HZ_STATUS_FLAGS}, {X86_INS_FUCOMI, HZ_STATUS_FLAGS},
    {X86_INS_FUCOMIP, HZ_STATUS_FLAGS}, {X86_INS_PTEST, HZ_STATUS_FLAGS}, {X86_INS_VPTEST, HZ_STATUS_FLAGS},
    {X86_INS_VTESTPS, HZ_STATUS_FLAGS}, {X86_INS_VTESTPD, HZ_STATUS_FLAGS},
    {X86_INS_VCOMISD, HZ_STATUS_FLAGS}, {X86_INS_VCOMISS, HZ_STATUS_FLAGS}, {X86_INS_VUCOMISD, HZ_STATUS_FLAGS},
    {X86_INS_VUCOMISS, HZ_STATUS_FLAGS}, {X86_INS_COMISD, HZ_STATUS_FLAGS}, {X86_INS_COMISS, HZ_STATUS_FLAGS},
    {X86_INS_UCOMISD, HZ_STATUS_FLAGS}, {X86_INS_UCOMISS, HZ_STATUS_FLAGS},
    {X86_INS_SAHF, HZ_CF | HZ_PF | HZ_AF | HZ_ZF | HZ_SF}, {X86_INS_CMPXCHG8B, HZ_ZF},
    {X86_INS_CMPXCHG16B, HZ_ZF}, {X86_INS_CLD, HZ_DF}, {X86_INS_STD, HZ_DF},
    {X86_INS_CMC, HZ_CF},
};

static int is_string_opcode(const cs_insn *in)
{
    uint8_t op = in->detail->x86.opcode[0];
    return in->detail->x86.opcode[1] == 0 && ((op >= 0xa4 && op <= 0xa7) || (op >= 0xaa && op <= 0xaf));
}

uint8_t hz_flags_read(const cs_insn *in)
{
    uint8_t flags = 0;
    for (unsigned i = 0; i < sizeof readers / sizeof *readers; i++)
        if (readers[i].id == in->id)
            flags |= readers[i].flags;
    /* X86_INS_MOVSD/CMPSD are also SSE instructions: only the one-byte
     * string opcodes read DF. */
    if ((in->id == X86_INS_MOVSD || in->id == X86_INS_CMPSD) && is_string_opcode(in))
        flags |= HZ_DF;
    uint64_t ef = in->detail->x86.eflags;
    if (ef & X86_EFLAGS_TEST_CF) flags |= HZ_CF;
    if (ef & X86_EFLAGS_TEST_PF) flags |= HZ_PF;
    if (ef & X86_EFLAGS_TEST_AF) flags |= HZ_AF;
    if (ef & X86_EFLAGS_TEST_ZF) flags |= HZ_ZF;
    if (ef & X86_EFLAGS_TEST_SF) flags |= HZ_SF;
    if (ef & X86_EFLAGS_TEST_OF) flags |= HZ_OF;
    if (ef & X86_EFLAGS_TEST_DF) flags |= HZ_DF;
    return flags;
}

/* A shift or rotate whose count may be zero writes nothing then. */
static int count_may_be_zero(const cs_insn *in)
{
    switch (in->id) {
    case X86_INS_SHL: case X86_INS_SAL: case X86_INS_SHR: case X86_INS_SAR: case X86_INS_ROL:
    case X86_INS_ROR: case X86_INS_RCL: case X86_INS_RCR: case X86_INS_SHLD: case X86_INS_SHRD:
        break;
    default:
        return 0;
    }
    const cs_x86 *x = &in->detail->x86;
    for (int i = 0; i < x->op_count; i++) {
        if (x->operands[i].type == X86_OP_REG && x->operands[i].reg == X86_REG_CL)
            return 1;
        if (x->operands[i].type == X86_OP_IMM) {
            int mask = x->operands[x->op_count - 1].size == 8 ? 63 : 31;
            return (x->operands[i].imm & mask) == 0;
        }
    }
    return 0; /* the one-operand forms shift by 1 */
}

uint8_t hz_flags_written(const cs_insn *in)
{
    for (unsigned i = 0; i < sizeof writers / sizeof *writers; i++)
        if (writers[i].id == in->id)
            return writers[i].flags;
    if (count_may_be_zero(in))
        return 0;
    uint64_t ef = in->detail->x86.eflags;
    uint8_t flags = 0;
    if (ef & (ANY_WRITE(CF) | X86_EFLAGS_SET_CF)) flags |= HZ_CF;
    if (ef & (ANY_WRITE(PF) | X86_EFLAGS_SET_PF)) flags |= HZ_PF;
    if (ef & (ANY_WRITE(AF) | X86_EFLAGS_SET_AF)) flags |= HZ_AF;
    if (ef & (ANY_WRITE(ZF) | X86_EFLAGS_SET_ZF)) flags |= HZ_ZF;
    if (ef & (ANY_WRITE(SF) | X86_EFLAGS_SET_SF)) flags |= HZ_SF;
    if (ef & (ANY_WRITE(OF) | X86_EFLAGS_SET_OF)) flags |= HZ_OF;
    if (ef & (X86_EFLAGS_MODIFY_DF | X86_EFLAGS_RESET_DF | X86_EFLAGS_SET_DF)) flags |= HZ_DF;
    return flags;
}
