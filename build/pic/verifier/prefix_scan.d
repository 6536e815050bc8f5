build/pic/verifier/prefix_scan.o: verifier/prefix_scan.c \
 verifier/prefix_scan.h
verifier/prefix_scan.h:
