build/loader/vxrun.o: loader/vxrun.c loader/vx.h
loader/vx.h:
