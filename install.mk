# make install [PREFIX=/usr/local] [DESTDIR=]: the tools, the guest runtimes
# and libvx, in the layout vxcc looks for (PREFIX/bin/vxcc finds
# PREFIX/lib/vx/guest), then vx images run as ./prog where that is possible.
#   PREFIX/bin/{vxcc,vxrun,vxverify}
#   PREFIX/lib/vx/guest       newlib guests (vxcc's default)
#   PREFIX/lib/vx/guest-musl  musl guests (VX_GUEST_DIR=PREFIX/lib/vx/guest-musl vxcc)
#   PREFIX/lib/libvx.{a,so}, PREFIX/include/vx.h   embedding (README)
# The binfmt_misc handler is registered only for a real install (no
# DESTDIR: a staged tree is not where vxrun will run from) and never fails
# the install: without root or binfmt_misc it says so and goes on.
PREFIX ?= /usr/local
DESTDIR ?=
INSTALL_ROOT := $(DESTDIR)$(PREFIX)
GUEST_FILES := crt0.o libvxrt.a libc.a libm.a libgcc.a vx.ld

define install_guest
	install -d $(INSTALL_ROOT)/lib/vx/$(2)
	install -m 644 $(addprefix $(1)/,$(GUEST_FILES)) $(INSTALL_ROOT)/lib/vx/$(2)/
	rm -rf $(INSTALL_ROOT)/lib/vx/$(2)/include
	cp -R $(1)/include $(INSTALL_ROOT)/lib/vx/$(2)/include
endef

install: all guest-musl
	install -d $(INSTALL_ROOT)/bin $(INSTALL_ROOT)/lib $(INSTALL_ROOT)/include
	install -m 755 $(B)/vxcc $(B)/vxrun $(B)/vxverify $(INSTALL_ROOT)/bin/
	$(call install_guest,$(G),guest)
	$(call install_guest,$(GM),guest-musl)
	install -m 644 $(B)/libvx.a $(B)/libvx.so $(INSTALL_ROOT)/lib/
	install -m 644 loader/vx.h $(INSTALL_ROOT)/include/vx.h
	@if [ -n "$(DESTDIR)" ]; then \
	  echo "make install: DESTDIR is set: not registering vx images with binfmt_misc (on the target, as root: $(PREFIX)/bin/vxrun --register)"; \
	else \
	  $(INSTALL_ROOT)/bin/vxrun --register || \
	  echo "make install: installed, but vx images will not run as ./prog until root runs $(PREFIX)/bin/vxrun --register"; \
	fi
.PHONY: install
