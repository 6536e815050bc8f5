build/pic/verifier/insn_check.o: verifier/insn_check.c \
 verifier/insn_check.h verifier/rules.h verifier/vxverify.h \
 verifier/insn_table.h verifier/mem_form.h verifier/prefix_scan.h \
 verifier/regs.h
verifier/insn_check.h:
verifier/rules.h:
verifier/vxverify.h:
verifier/insn_table.h:
verifier/mem_form.h:
verifier/prefix_scan.h:
verifier/regs.h:
