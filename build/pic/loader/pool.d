build/pic/loader/pool.o: loader/pool.c loader/sandbox_internal.h \
 loader/vx.h verifier/vxverify.h verifier/rules.h include/vx/layout.h
loader/sandbox_internal.h:
loader/vx.h:
verifier/vxverify.h:
verifier/rules.h:
include/vx/layout.h:
