# musl 1.2.3 as a guest C library (issue 18), built with vxcc from Debian's
# musl source (the tree ldmath.mk unpacks) into a guest directory of its
# own, $(GM): VX_GUEST_DIR=$(GM) vxcc builds against musl instead of newlib.
# runtime/musl/ overlays musl's x86_64 layer: system calls through the
# runtime-call table's Linux slot, the thread pointer in guest memory,
# setjmp/longjmp/sigsetjmp that leave %r14 alone. musl's other x86_64
# assembly is removed so its portable C is built instead:
#   string/x86_64 (memcpy, memmove, memset: libvxrt's string.c wins anyway),
#   thread/x86_64 (clone, __unmapself: one thread per sandbox), process/x86_64
#   (vfork), ldso (static only), math/x86_64/*.s and fenv.s (TODO: measure
#   against the rewritten x87 versions).
GM := $(B)/guest-musl
MV := $(B)/musl-vx
MUSL_OVERLAY := $(shell find runtime/musl -type f)
MUSL_DROP := src/string/x86_64/*.s src/thread/x86_64/*.s src/process/x86_64/*.s \
             src/ldso/x86_64/*.s src/setjmp/x86_64/*.s src/signal/x86_64/*.s \
             src/math/x86_64/*.s src/fenv/x86_64/*.s
VXCC_MUSL := VX_GUEST_DIR=$(abspath $(GM)) $(abspath $(B)/vxcc)

$(MV)/src/.prepared: $(MUSL_SRC)/.unpacked $(MUSL_OVERLAY) runtime/musl.mk
	rm -rf $(MV)/src && mkdir -p $(MV)
	cp -r $(MUSL_SRC) $(MV)/src
	cd $(MV)/src && rm -f $(MUSL_DROP)
	cp -r runtime/musl/. $(MV)/src/
	touch $@

# Built before $(GM) has a libc.a, so vxcc compiles freestanding with only
# the vx headers (musl passes its own -nostdinc and include paths).
$(MV)/.built: $(MV)/src/.prepared $(GM)/target $(B)/vxcc $(GM)/include/vx/layout.h $(GM)/include/vx/guest.h
	rm -f $(GM)/libc.a
	cd $(MV)/src && VX_GUEST_DIR=$(abspath $(GM)) ./configure --target=x86_64 --prefix=$(abspath $(MV)/install) --disable-shared AR=ar RANLIB=ranlib \
	  CC="$(abspath $(B)/vxcc)" CFLAGS="-O2" > $(abspath $(MV))/configure.log 2>&1 || (tail -20 $(abspath $(MV))/configure.log; false)
	VX_GUEST_DIR=$(abspath $(GM)) $(MAKE) -C $(MV)/src lib/libc.a > $(MV)/make.log 2>&1 || (grep -B3 -A3 -i error $(MV)/make.log | tail -40; false)
	$(MAKE) -C $(MV)/src install-headers > $(MV)/install.log 2>&1
	touch $@

$(GM)/include/vx/%.h: $(G)/include/vx/%.h
	@mkdir -p $(dir $@)
	cp $< $@

$(GM)/libc.a: $(MV)/.built
	cp -r $(MV)/install/include/. $(GM)/include/
	cp $(MV)/src/lib/libc.a $@
# musl's math, threads, clocks, dlopen and crypt are in libc.a: -lm, -lpthread,
# ... find empty archives, as on any musl system.
GM_EMPTY_LIBS := $(addprefix $(GM)/lib,$(addsuffix .a,m pthread rt dl util xnet crypt resolv))
$(GM_EMPTY_LIBS):
	@mkdir -p $(GM)
	rm -f $@ && ar rcs $@
$(GM)/libgcc.a: $(G)/libgcc.a
	cp $< $@
$(GM)/vx.ld: runtime/vx.ld
	@mkdir -p $(GM)
	cp $< $@
$(GM)/crt0.o: runtime/musl_crt0.S runtime/native_guard.h $(B)/native_exit.o $(B)/vxcc $(GM)/include/vx/layout.h
	@mkdir -p $(GM)/obj
	$(VXCC_MUSL) -c $< -o $(GM)/obj/crt0_entry.o
	ld -r $(GM)/obj/crt0_entry.o $(B)/native_exit.o -o $@
# libvxrt for musl: the call-out stubs, the service wrappers (vx/guest.h),
# the string functions; not newlib's system-call layer or constructor runner.
GM_RT_OBJ := $(GM)/obj/callout.o $(GM)/obj/services.o $(GM)/obj/string.o $(GM)/obj/print.o
$(GM)/obj/%.o: runtime/%.c $(B)/vxcc $(GM)/libc.a
	@mkdir -p $(dir $@)
	$(VXCC_MUSL) $(GUEST_CFLAGS) -fno-tree-loop-distribute-patterns -c $< -o $@
$(GM)/obj/%.o: runtime/%.S $(B)/vxcc $(GM)/include/vx/layout.h
	@mkdir -p $(dir $@)
	$(VXCC_MUSL) -c $< -o $@
$(GM)/libvxrt.a: $(GM_RT_OBJ)
	rm -f $@ && ar rcs $@ $^

# The triple vxcc reports (-dumpmachine) and reads to pick musl's conventions.
$(GM)/target:
	@mkdir -p $(GM)
	echo x86_64-vx-linux-musl > $@

GUEST_MUSL := $(GM)/target $(GM)/libc.a $(GM_EMPTY_LIBS) $(GM)/libgcc.a $(GM)/vx.ld $(GM)/crt0.o $(GM)/libvxrt.a
guest-musl: $(GUEST_MUSL)
.PHONY: guest-musl
