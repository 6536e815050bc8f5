# Real projects built unmodified with CC=vxcc, and natively for comparison:
# Lua 5.4 and zlib, from Debian's source packages (the upstream tarballs in
# them). apt-get fetches the sources with a private deb-src list derived
# from the machine's own apt sources (testsuite/deb_src_list.sh), so that
# configuration is left alone and no mirror is named here.
PORTS := $(B)/ports
APT_SRC := -o Dir::Etc::SourceList=$(abspath $(PORTS))/sources.list -o Dir::Etc::SourceParts=/dev/null \
           -o Dir::State::Lists=$(abspath $(PORTS))/lists -o Dir::Cache=$(abspath $(PORTS))/cache

$(PORTS)/.sources:
	rm -rf $(PORTS)/dl && mkdir -p $(PORTS)/lists/partial $(PORTS)/cache $(PORTS)/dl
	sh testsuite/deb_src_list.sh $(PORTS)/sources.list
	apt-get -qq $(APT_SRC) update
	cd $(PORTS)/dl && apt-get -qq $(APT_SRC) source --download-only lua5.4 zlib musl 2>&1 | grep -v unsandboxed || true
	ls $(PORTS)/dl/lua5.4_*.orig.tar.gz $(PORTS)/dl/zlib_*.orig.tar.* $(PORTS)/dl/musl_*.orig.tar.* > /dev/null
	touch $@

# $(call unpack,tarball-glob,dir)
unpack = rm -rf $(2) && mkdir -p $(2) && tar xf $$(ls $(PORTS)/dl/$(1) | head -1) -C $(2) --strip-components=1

$(PORTS)/%/zlib/.built: $(PORTS)/.sources $(GUEST_RUNTIME) $(B)/vxcc
	$(call unpack,zlib_*.orig.tar.*,$(PORTS)/$*/zlib)
	cd $(PORTS)/$*/zlib && CC="$(if $(filter vx,$*),$(abspath $(B)/vxcc),gcc)" CFLAGS=-O2 ./configure --static > configure.log
	$(if $(filter vx,$*),VX_GUEST_DIR=$(abspath $(G))) $(MAKE) -C $(PORTS)/$*/zlib libz.a example minigzip > $(PORTS)/$*/zlib/make.log
	touch $@

$(PORTS)/%/lua/.built: $(PORTS)/.sources $(GUEST_RUNTIME) $(B)/vxcc
	$(call unpack,lua5.4_*.orig.tar.gz,$(PORTS)/$*/lua)
	$(if $(filter vx,$*),VX_GUEST_DIR=$(abspath $(G))) $(MAKE) -C $(PORTS)/$*/lua/src generic \
	  CC="$(if $(filter vx,$*),$(abspath $(B)/vxcc),gcc)" > $(PORTS)/$*/lua/make.log
	touch $@

PORTS_BUILT := $(foreach k,vx native,$(PORTS)/$(k)/zlib/.built $(PORTS)/$(k)/lua/.built)
ports: $(PORTS_BUILT)
.PHONY: ports
