# musl 1.2.3, the guest C library (issue 18), built with vxcc from Debian's
# musl source package (fetched with the ports' deb-src list, ports.mk) into
# the guest directory $(G). runtime/musl/ overlays musl's tree: its x86_64
# layer (system calls through the runtime-call table's Linux slot, the
# thread pointer in guest memory, setjmp/longjmp/sigsetjmp that leave %r14
# alone, the signal return), and complex long double functions musl
# computes in double precision. musl's other x86_64 assembly is removed so
# its portable C is built instead:
#   string/x86_64 (memcpy, memmove, memset: libvxrt's string.c wins anyway),
#   thread/x86_64 (clone, __unmapself: one thread per sandbox), process/x86_64
#   (vfork), ldso (static only), math/x86_64/*.s and fenv.s.
MUSL_SRC := $(B)/musl/src
MV := $(B)/musl-vx
MUSL_OVERLAY := $(shell find runtime/musl -type f)
MUSL_DROP := src/string/x86_64/*.s src/thread/x86_64/*.s src/process/x86_64/*.s \
             src/ldso/x86_64/*.s src/setjmp/x86_64/*.s src/signal/x86_64/*.s \
             src/math/x86_64/*.s src/fenv/x86_64/*.s

$(MV)/src/.prepared: $(MUSL_SRC)/.unpacked $(MUSL_OVERLAY) runtime/musl.mk
	rm -rf $(MV)/src && mkdir -p $(MV)
	cp -r $(MUSL_SRC) $(MV)/src
	cd $(MV)/src && rm -f $(MUSL_DROP)
	cp -r runtime/musl/. $(MV)/src/
	touch $@

# Built before $(G) has a libc.a, so vxcc compiles freestanding with only
# the vx headers (musl passes its own -nostdinc and include paths).
$(MV)/.built: $(MV)/src/.prepared $(G)/target $(B)/vxcc $(G)/include/vx/layout.h $(G)/include/vx/guest.h
	rm -f $(G)/libc.a
	cd $(MV)/src && VX_GUEST_DIR=$(abspath $(G)) ./configure --target=x86_64 --prefix=$(abspath $(MV)/install) --disable-shared AR=ar RANLIB=ranlib \
	  CC="$(abspath $(B)/vxcc)" CFLAGS="-O2" > $(abspath $(MV))/configure.log 2>&1 || (tail -20 $(abspath $(MV))/configure.log; false)
	VX_GUEST_DIR=$(abspath $(G)) $(MAKE) -C $(MV)/src lib/libc.a > $(MV)/make.log 2>&1 || (grep -B3 -A3 -i error $(MV)/make.log | tail -40; false)
	$(MAKE) -C $(MV)/src install-headers > $(MV)/install.log 2>&1
	touch $@

$(G)/libc.a: $(MV)/.built
	cp -r $(MV)/install/include/. $(G)/include/
	cp $(MV)/src/lib/libc.a $@
# musl's math, threads, clocks, dlopen and crypt are in libc.a: -lm, -lpthread,
# ... find empty archives, as on any musl system.
GUEST_EMPTY_LIBS := $(addprefix $(G)/lib,$(addsuffix .a,m pthread rt dl util xnet crypt resolv))
$(GUEST_EMPTY_LIBS):
	@mkdir -p $(G)
	rm -f $@ && ar rcs $@

# The triple vxcc reports (-dumpmachine) and reads to pick musl's conventions.
$(G)/target:
	@mkdir -p $(G)
	echo x86_64-vx-linux-musl > $@

# The tarball comes with the ports' sources (ports.mk: apt-get source with
# the deb-src list derived from the machine's own apt sources).
$(MUSL_SRC)/.unpacked: $(B)/ports/.sources # $(PORTS), defined later by ports.mk
	rm -rf $(MUSL_SRC) && mkdir -p $(MUSL_SRC)
	tar xf $$(ls $(PORTS)/dl/musl_*.orig.tar.gz | head -1) -C $(MUSL_SRC) --strip-components=1
	touch $@
