/* Per-instruction rules (class, prefixes, memory operands, register writes)
 * and the facts the bundle walker needs for locked sequences. */
#ifndef VXV_INSN_CHECK_H
#define VXV_INSN_CHECK_H
#include <capstone/capstone.h>
#include <stdint.h>
#include "rules.h"
#include "vxverify.h"

enum insn_role {
    ROLE_NONE,
    ROLE_W32,      /* 32-bit mov/lea/add/sub/and into %eR (zero-extends) */
    ROLE_ADDBASE,  /* add %r14, %rR, or its flag-free twin lea (%r14,%rR), %rR */
    ROLE_RSP_SET,  /* lea (%r14,%r11), %rsp: the only explicit %rsp write */
    ROLE_IBRANCH,  /* jmp/call *%rR */
    ROLE_STRING,   /* movs/stos/lods/cmps/scas */
    ROLE_RET_AND,  /* and %r11, (%rsp) */
    ROLE_RET_OR,   /* or %r14, (%rsp) */
    ROLE_RET,      /* ret, the single byte c3 */
};

struct insn_facts {
    uint64_t addr;
    unsigned len;
    unsigned char role;
    signed char reg;          /* register family the role is about */
    unsigned char mask32;     /* W32 is and $-32, %eR */
    unsigned char mov_self;   /* W32 is mov %eR, %eR */
    unsigned char mov_mask;   /* W32 is mov $0xffffffe0, %eR */
    unsigned char is_call;
    unsigned char is_direct;  /* direct branch: target is valid */
    unsigned char str_rsi, str_rdi;
    uint64_t target;
};

enum vxv_rule check_insn(csh handle, const cs_insn *insn,
                         const struct vxv_policy *policy, struct insn_facts *f);

#endif
