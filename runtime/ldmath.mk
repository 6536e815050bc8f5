# Long double math for guests. newlib 3.3.0 has almost none on x86-64, so
# the functions of runtime/ldmath/functions.txt come from musl (Debian's
# musl source package, fetched with the ports' private deb-src list),
# built with vxcc and appended to the guest's libm.a after newlib's own
# members (none of which they replace: check.sh). The guest's math.h and
# complex.h gain the declarations, and newlib's complex long double members
# are compiled again with them. runtime/ldmath/sources.txt names the musl
# files; the unpacked tree in build/musl/src is meant for reuse (musl as
# the guest libc).
MUSL_SRC := $(B)/musl/src
LDM := $(B)/ldmath
LDMATH_TABLE := runtime/ldmath/sources.txt
LDMATH_SRCS := $(shell awk 'substr($$1,1,1) != "#" && NF {print $$1}' $(LDMATH_TABLE))
LDMATH_OBJ := $(patsubst %,$(LDM)/obj/%.o,$(basename $(notdir $(LDMATH_SRCS))))

# musl's own include order (its Makefile's CFLAGS_ALL) and its C dialect
# (configure: -fexcess-precision=standard -frounding-math). The seam
# directory comes first: see $(LDM)/seam/fenv.h.
LDMATH_CFLAGS := -std=c99 -ffreestanding -fexcess-precision=standard -frounding-math \
                 -D_XOPEN_SOURCE=700 -O2 -w -I$(LDM)/seam \
                 -I$(MUSL_SRC)/arch/x86_64 -I$(MUSL_SRC)/arch/generic -I$(MUSL_SRC)/src/include \
                 -I$(MUSL_SRC)/src/internal -I$(LDM)/include -I$(MUSL_SRC)/include
# musl's lgammal stores the sign in its int __signgam; the guest's signgam
# is newlib's, reached as *__signgam() (newlib's own definition of it).
LDMF_lgammal := '-D__signgam=(*__signgam())'

$(MUSL_SRC)/.unpacked: $(PORTS)/.sources
	rm -rf $(MUSL_SRC) && mkdir -p $(MUSL_SRC)
	tar xf $$(ls $(PORTS)/dl/musl_*.orig.tar.gz | head -1) -C $(MUSL_SRC) --strip-components=1
	touch $@

# Generated as musl's Makefile generates it.
$(LDM)/include/bits/alltypes.h: $(MUSL_SRC)/.unpacked
	@mkdir -p $(dir $@)
	sed -f $(MUSL_SRC)/tools/mkalltypes.sed $(MUSL_SRC)/arch/x86_64/bits/alltypes.h.in \
	  $(MUSL_SRC)/include/alltypes.h.in > $@

# The fe* functions guests link are newlib's, whose rounding-mode values
# (0-3) are not musl's (0x400...): musl's code must see newlib's fenv.h.
$(LDM)/seam/fenv.h: $(NL)/.installed
	@mkdir -p $(dir $@)
	printf '/* the guest fenv is newlib'"'"'s (runtime/ldmath.mk) */\n#include "%s"\n' \
	  $(abspath $(NL)/install/x86_64-elf/include/fenv.h) > $@

# One rule per musl file, from the table.
$(LDM)/members.mk: $(LDMATH_TABLE) runtime/ldmath.mk
	@mkdir -p $(dir $@)
	awk '!/^#/ && NF { o = $$1; sub(/.*\//, "", o); sub(/\.[csS]$$/, "", o); \
	  printf "$$(LDM)/obj/%s.o: $$(MUSL_SRC)/%s\n", o, $$1 }' $< > $@
-include $(LDM)/members.mk

$(MUSL_SRC)/src/%: $(MUSL_SRC)/.unpacked ;
# (the table too: a row may move to another file of the same name)
$(LDMATH_OBJ): $(B)/vxcc $(NL)/.installed $(LDM)/include/bits/alltypes.h $(LDM)/seam/fenv.h $(LDMATH_TABLE)
$(LDM)/obj/%.o:
	@mkdir -p $(dir $@)
	$(VXCC_GUEST) $(LDMATH_CFLAGS) $(LDMF_$*) -c $< -o $@

# The declarations newlib keeps for long double = double (or Cygwin): the
# guest's math.h and complex.h end by including vx/ldmath.h and
# vx/ldcomplex.h. Each step starts from newlib's installed files, so it
# can run again.
# $(call ldmath_header,newlib header,ours)
ldmath_header = cp runtime/ldmath/$(2) $(G)/include/vx/$(2) && \
  { cat $(NL)/install/x86_64-elf/include/$(1); echo '\#include <vx/$(2)>'; } > $(LDM)/$(1) && \
  mv $(LDM)/$(1) $(G)/include/$(1)
$(LDM)/.headers: $(NL)/.installed runtime/ldmath/ldmath.h runtime/ldmath/ldcomplex.h
	mkdir -p $(G)/include/vx $(LDM)
	$(call ldmath_header,math.h,ldmath.h)
	$(call ldmath_header,complex.h,ldcomplex.h)
	touch $@

# newlib's complex long double functions call expl, sinl, atan2l... which
# its headers leave undeclared on x86-64, and newlib builds with
# -fno-builtin: its build took their results as int. Compiled again as
# newlib's Makefile compiles them, but with the declarations, they replace
# their members of libm.a (all of them: the same code where nothing was
# undeclared; -Werror=implicit-function-declaration keeps it so).
NLCX := $(LDM)/newlib-complex
NLCX_NAMES := cabsl cacoshl cacosl cargl casinhl casinl catanhl catanl ccoshl ccosl cephes_subrl \
              cexpl cimagl clogl conjl cpowl cprojl creall csinhl csinl csqrtl ctanhl ctanl
NLCX_OBJ := $(NLCX_NAMES:%=$(NLCX)/lib_a-%.o)
NLCX_CFLAGS := -I$(NL)/src/newlib/libm/complex -I$(NL)/src/newlib/libm/common -fno-builtin \
               -D__SINGLE_THREAD__ -D__NO_SYSCALLS__ -DMISSING_SYSCALL_NAMES -DHAVE_INIT_FINI \
               -O2 -g0 -DHAVE_RENAME -DHAVE_FCNTL -Werror=implicit-function-declaration
$(NLCX)/lib_a-%.o: $(NL)/.installed $(LDM)/.headers $(B)/vxcc
	@mkdir -p $(dir $@)
	$(VXCC_GUEST) $(NLCX_CFLAGS) -c $(NL)/src/newlib/libm/complex/$*.c -o $@

# newlib's libm.a with those members replaced and musl's objects after
# its own, checked (check.sh); then every function of the table must be
# declared.
LDMATH_FUNCS := runtime/ldmath/functions.txt
$(LDM)/.merged: $(LDMATH_OBJ) $(NLCX_OBJ) $(LDM)/.headers $(G)/libgcc.a $(LDMATH_FUNCS) runtime/ldmath/check.sh
	cp $(NL)/install/x86_64-elf/lib/libm.a $(LDM)/libm.a
	ar rs $(LDM)/libm.a $(NLCX_OBJ)
	ar qs $(LDM)/libm.a $(LDMATH_OBJ)
	sh runtime/ldmath/check.sh $(LDMATH_TABLE) $(LDMATH_FUNCS) $(MUSL_SRC) $(LDM)/obj $(LDM)/libm.a \
	  $(NL)/install/x86_64-elf/lib/libm.a $(NL)/install/x86_64-elf/lib/libc.a $(G)/libgcc.a
	awk '!/^#/ && NF {print "void *p_" $$1 " = (void *)" $$1 ";"}' $(LDMATH_FUNCS) > $(LDM)/declared.c
	$(VXCC_GUEST) -std=c11 -Werror -include math.h -c $(LDM)/declared.c -o $(LDM)/declared.o
	mv $(LDM)/libm.a $(G)/libm.a
	touch $@
$(G)/libm.a: $(LDM)/.merged
ldmath: $(LDM)/.merged
.PHONY: ldmath
