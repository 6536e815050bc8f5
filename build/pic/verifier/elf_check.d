build/pic/verifier/elf_check.o: verifier/elf_check.c verifier/vxverify.h \
 verifier/rules.h verifier/../include/vx/layout.h
verifier/vxverify.h:
verifier/rules.h:
verifier/../include/vx/layout.h:
