build/compiler-wrapper/label_set.o: compiler-wrapper/label_set.c \
 compiler-wrapper/label_set.h
compiler-wrapper/label_set.h:
