/* The memory-operand forms of spec/sandbox.md section 3. */
#ifndef VXV_MEM_FORM_H
#define VXV_MEM_FORM_H
#include <capstone/capstone.h>
#include <stdint.h>
#include "rules.h"

enum mem_form { MF_NONE, MF_GS32, MF_RSP, MF_RIP, MF_TABLE };

/* Classifies op (a memory operand of insn); *form is set when it returns VXV_OK. */
enum vxv_rule check_mem_operand(const cs_insn *insn, const cs_x86_op *op,
                                enum mem_form *form);

#endif
