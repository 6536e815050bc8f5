build/pic/verifier/file_bytes.o: verifier/file_bytes.c \
 verifier/file_bytes.h
verifier/file_bytes.h:
