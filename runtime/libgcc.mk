# gcc's own libgcc, built with vxcc from Debian's gcc-12-source (the same
# gcc 12 that vxcc drives), so every helper gcc may call exists and is
# gcc's. runtime/libgcc/members.txt lists the members and their sources;
# runtime/libgcc/*.h stand in for the headers gcc's build would generate.
GCC_SRC_TAR := /usr/src/gcc-12/gcc-12.2.0-dfsg.tar.xz
LG := $(B)/libgcc
LIBGCC_TABLE := runtime/libgcc/members.txt
LIBGCC_MEMBERS := $(shell awk 'substr($$1, 1, 1) != "#" && NF >= 2 {print $$1}' $(LIBGCC_TABLE))
LIBGCC_OBJ := $(LIBGCC_MEMBERS:%=$(LG)/obj/%.o)
LIBGCC_CFLAGS := -O2 -g -fbuilding-libgcc -DIN_LIBGCC2 -fno-stack-protector -w \
                 -Iruntime/libgcc -I$(LG)/src/libgcc -I$(LG)/src/libgcc/config/i386 \
                 -I$(LG)/src/gcc -I$(LG)/src/include
LIBGCC_BID := -I$(LG)/src/libgcc/config/libbid -DENABLE_DECIMAL_BID_FORMAT

# Only what the members include: libgcc itself, gcc's tsystem.h and
# coretypes.h, the cpuid tables, libiberty's include/.
$(LG)/src/.unpacked: $(GCC_SRC_TAR)
	rm -rf $(LG)/src && mkdir -p $(LG)/src
	tar -xJf $< -C $(LG)/src --strip-components=1 gcc-12.2.0/libgcc gcc-12.2.0/gcc/tsystem.h \
	  gcc-12.2.0/gcc/coretypes.h gcc-12.2.0/gcc/common/config/i386 gcc-12.2.0/include
	touch $@

# One rule per member, generated from the table: source and extra flags.
$(LG)/members.mk: $(LIBGCC_TABLE) runtime/libgcc.mk
	@mkdir -p $(dir $@)
	awk '!/^#/ && NF >= 2 { f = ""; for (i = 3; i <= NF; i++) f = f " " $$i; \
	  printf "$$(LG)/obj/%s.o: $$(LG)/src/libgcc/%s\nLGFLAGS_%s :=%s\n", $$1, $$2, $$1, f }' $< > $@
-include $(LG)/members.mk

$(LG)/src/libgcc/%: $(LG)/src/.unpacked ;
$(LIBGCC_OBJ): $(B)/vxcc $(GUEST_HEADERS) $(G)/libc.a $(wildcard runtime/libgcc/*.h)
$(LG)/obj/%.o:
	@mkdir -p $(dir $@)
	$(VXCC_GUEST) $(LIBGCC_CFLAGS) $(LGFLAGS_$*) -c $< -o $@

$(G)/libgcc.a: $(LIBGCC_OBJ)
	rm -f $@ && ar rcs $@ $^
libgcc: $(G)/libgcc.a
.PHONY: libgcc
