build/compiler-wrapper/asm_line.o: compiler-wrapper/asm_line.c \
 compiler-wrapper/asm_line.h
compiler-wrapper/asm_line.h:
