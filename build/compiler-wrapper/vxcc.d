build/compiler-wrapper/vxcc.o: compiler-wrapper/vxcc.c \
 compiler-wrapper/asm_rewrite.h
compiler-wrapper/asm_rewrite.h:
