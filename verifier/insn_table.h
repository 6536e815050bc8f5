/* The instruction policy as data: which Capstone ids are allowed, forbidden,
 * nondeterministic, lockable, string ops, or change %rsp implicitly. */
#ifndef VXV_INSN_TABLE_H
#define VXV_INSN_TABLE_H
#include <capstone/capstone.h>

enum insn_attr {
    IA_ALLOWED = 1 << 0,    /* general-purpose allowlist */
    IA_FORBIDDEN = 1 << 1,  /* never, whatever its group */
    IA_NONDET = 1 << 2,     /* rejected under the deterministic policy */
    IA_LOCKABLE = 1 << 3,   /* may carry lock with a memory destination */
    IA_STRING = 1 << 4,     /* uses %rsi/%rdi implicitly (see string_regs) */
    IA_RSP_IMPLICIT = 1 << 5, /* push/pop/call/pushf: small implicit %rsp change */
    IA_NO_MEMORY = 1 << 6,  /* has a memory operand that is never accessed */
    IA_VSIB = 1 << 7,       /* gather/scatter: Capstone 4 misdecodes some vector indexes */
    IA_GROUP_OVERRIDE = 1 << 8, /* Capstone 4 puts it in a denied group by mistake */
    IA_REG_BITOFFSET = 1 << 9,  /* bt*: a register bit offset moves a memory access (R-MEM-BITOFF) */
};

/* Builds the id tables; safe to call many times and from many threads. */
void insn_table_init(csh handle);
unsigned insn_attrs(unsigned id);
/* Is this decoded instruction allowed by group or by name? */
int insn_allowed(const cs_insn *insn);
/* Names in the tables that Capstone does not know (a table typo); NULL-terminated. */
const char *const *insn_table_unknown_names(void);

#endif
