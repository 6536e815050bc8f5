build/pic/verifier/regs.o: verifier/regs.c verifier/regs.h
verifier/regs.h:
