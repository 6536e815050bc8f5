build/pic/loader/sandbox.o: loader/sandbox.c loader/sandbox_internal.h \
 loader/vx.h verifier/vxverify.h verifier/rules.h include/vx/layout.h
loader/sandbox_internal.h:
loader/vx.h:
verifier/vxverify.h:
verifier/rules.h:
include/vx/layout.h:
