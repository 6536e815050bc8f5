build/pic/verifier/code_check.o: verifier/code_check.c \
 verifier/insn_check.h verifier/rules.h verifier/vxverify.h \
 verifier/insn_table.h verifier/regs.h verifier/../include/vx/layout.h
verifier/insn_check.h:
verifier/rules.h:
verifier/vxverify.h:
verifier/insn_table.h:
verifier/regs.h:
verifier/../include/vx/layout.h:
