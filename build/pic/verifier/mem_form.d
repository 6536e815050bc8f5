build/pic/verifier/mem_form.o: verifier/mem_form.c verifier/mem_form.h \
 verifier/rules.h verifier/regs.h verifier/../include/vx/layout.h
verifier/mem_form.h:
verifier/rules.h:
verifier/regs.h:
verifier/../include/vx/layout.h:
