build/pic/loader/load.o: loader/load.c verifier/file_bytes.h \
 loader/sandbox_internal.h loader/vx.h verifier/vxverify.h \
 verifier/rules.h include/vx/layout.h
verifier/file_bytes.h:
loader/sandbox_internal.h:
loader/vx.h:
verifier/vxverify.h:
verifier/rules.h:
include/vx/layout.h:
