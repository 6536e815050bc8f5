build/pic/verifier/rules.o: verifier/rules.c verifier/rules.h
verifier/rules.h:
