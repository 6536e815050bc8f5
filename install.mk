# make install [PREFIX=/usr/local] [DESTDIR=]: the tools, the guest runtime
# and libvx, in the layout vxcc looks for (PREFIX/bin/vxcc finds
# PREFIX/lib/vx/guest), then vx images run as ./prog where that is possible.
#   PREFIX/bin/{vxcc,vxrun,vxverify}
#   PREFIX/lib/vx/guest       crt0, musl, libgcc, libvxrt, vx.ld, headers
#   PREFIX/lib/libvx.{a,so}, PREFIX/include/vx.h   embedding (README)
# The binfmt_misc handler is registered only for a real install (no
# DESTDIR: a staged tree is not where vxrun will run from) and never fails
# the install: without root or binfmt_misc it says so and goes on.
PREFIX ?= /usr/local
DESTDIR ?=
INSTALL_ROOT := $(DESTDIR)$(PREFIX)
# The guest runtime's files but its headers (copied as a tree) and objects.
GUEST_INSTALL_FILES = $(filter-out $(G)/include/%,$(GUEST_RUNTIME))

install: all
	install -d $(INSTALL_ROOT)/bin $(INSTALL_ROOT)/lib/vx/guest $(INSTALL_ROOT)/include
	install -m 755 $(B)/vxcc $(B)/vxrun $(B)/vxverify $(INSTALL_ROOT)/bin/
	install -m 644 $(GUEST_INSTALL_FILES) $(INSTALL_ROOT)/lib/vx/guest/
	rm -rf $(INSTALL_ROOT)/lib/vx/guest/include
	cp -R $(G)/include $(INSTALL_ROOT)/lib/vx/guest/include
	install -m 644 $(B)/libvx.a $(B)/libvx.so $(INSTALL_ROOT)/lib/
	install -m 644 loader/vx.h $(INSTALL_ROOT)/include/vx.h
	@if [ -n "$(DESTDIR)" ]; then \
	  echo "make install: DESTDIR is set: not registering vx images with binfmt_misc (on the target, as root: $(PREFIX)/bin/vxrun --register)"; \
	else \
	  $(INSTALL_ROOT)/bin/vxrun --register || \
	  echo "make install: installed, but vx images will not run as ./prog until root runs $(PREFIX)/bin/vxrun --register"; \
	fi
.PHONY: install
