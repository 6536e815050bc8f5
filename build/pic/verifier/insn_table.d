build/pic/verifier/insn_table.o: verifier/insn_table.c \
 verifier/insn_table.h
verifier/insn_table.h:
