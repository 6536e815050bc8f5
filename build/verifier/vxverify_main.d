build/verifier/vxverify_main.o: verifier/vxverify_main.c \
 verifier/file_bytes.h verifier/vxverify.h verifier/rules.h
verifier/file_bytes.h:
verifier/vxverify.h:
verifier/rules.h:
