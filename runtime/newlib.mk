# newlib 3.3.0 for guests, built from Debian's newlib-source with vxcc.
# Two files of its x86_64 machine directory save and restore %r14 (the
# sandbox base); runtime/newlib/ replaces them before the build. Installed
# into the guest directory: headers in include/, libc.a and libm.a.
NEWLIB_TAR := /usr/src/newlib/newlib-3.3.0.tar.xz
NL := $(B)/newlib
NEWLIB_OVERLAY := $(wildcard runtime/newlib/*.S)
NEWLIB_LIBS := $(G)/libc.a $(G)/libm.a

$(NL)/src/.unpacked: $(NEWLIB_TAR) $(NEWLIB_OVERLAY)
	rm -rf $(NL)/src && mkdir -p $(NL)/src
	tar xf $(NEWLIB_TAR) -C $(NL)/src --strip-components=1
	cp $(NEWLIB_OVERLAY) $(NL)/src/newlib/libc/machine/x86_64/
	touch $@

# HAVE_RENAME: rename goes to our _rename service, not link+unlink.
# HAVE_FCNTL: stdout is buffered by what it is (a file: fully), not always
# line by line; fdopen asks fcntl (syscalls.c) for the descriptor's mode.
$(NL)/.installed: $(NL)/src/.unpacked $(B)/vxcc $(G)/include/vx/layout.h
	rm -rf $(NL)/build $(NL)/install && mkdir -p $(NL)/build
	cd $(NL)/build && ../src/configure --target=x86_64-elf --prefix=$(abspath $(NL)/install) \
	  --disable-multilib --disable-newlib-supplied-syscalls --enable-newlib-io-long-long \
	  --enable-newlib-io-c99-formats --disable-newlib-multithread --enable-newlib-global-atexit \
	  CC_FOR_TARGET="env $(VXCC_GUEST)" AR_FOR_TARGET=ar RANLIB_FOR_TARGET=ranlib AS_FOR_TARGET=as \
	  CFLAGS_FOR_TARGET="-O2 -g0 -DHAVE_RENAME -DHAVE_FCNTL" > configure.log 2>&1 || (tail -20 configure.log; false)
	$(MAKE) -C $(NL)/build all-target-newlib > $(NL)/build/make.log 2>&1 || (grep -B5 -i error $(NL)/build/make.log | tail -40; false)
	$(MAKE) -C $(NL)/build install-target-newlib > $(NL)/build/install.log 2>&1
	mkdir -p $(G)/include
	cp -r $(NL)/install/x86_64-elf/include/. $(G)/include/
	cp $(NL)/install/x86_64-elf/lib/libc.a $(NL)/install/x86_64-elf/lib/libm.a $(G)/
	touch $@

$(NEWLIB_LIBS): $(NL)/.installed
newlib: $(NL)/.installed
.PHONY: newlib
