build/compiler-wrapper/asm_rewrite.o: compiler-wrapper/asm_rewrite.c \
 compiler-wrapper/asm_rewrite.h compiler-wrapper/asm_line.h \
 compiler-wrapper/label_set.h compiler-wrapper/../include/vx/layout.h
compiler-wrapper/asm_rewrite.h:
compiler-wrapper/asm_line.h:
compiler-wrapper/label_set.h:
compiler-wrapper/../include/vx/layout.h:
