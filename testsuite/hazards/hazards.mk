# vxhazard: does the code vxcc's rewriter inserts change state the compiled
# program reads? (spec/sandbox.md, "State-preservation checker".)
#   make hazards     the checker over every vxcc-built object and image, with totals
#   hazard_test      fixtures of the old rewriter's hazards (each reported) and today's
#                    forms (none), then the whole build (zero hazards)
# Included last from the root Makefile: the variables of the other .mk files
# (B, CFLAGS, VXCC_GUEST, GUEST_RUNTIME, TEST_CFLAGS) are only read in rules.
HZ := $(B)/hazards
HZ_LIB_SRC := $(filter-out testsuite/hazards/vxhazard_main.c testsuite/hazards/hazard_test.c,\
                $(wildcard testsuite/hazards/*.c))
HZ_LIB_OBJ := $(HZ_LIB_SRC:%.c=$(B)/%.o)
HZ_LIBS := -lcapstone -lelf

# Fixtures: old and today's rewriter output, assembled as vxcc assembles.
HZ_CASE_OBJ := $(patsubst testsuite/hazards/cases/%.s,$(HZ)/cases/%.o,$(wildcard testsuite/hazards/cases/*.s))

# testsuite/programs at the levels vxcc_test runs them, as objects and images.
HZ_LEVELS := O0 O2 O3
HZ_FLAGS_O0 := -O0
HZ_FLAGS_O2 := -O2
HZ_FLAGS_O3 := -O3 -march=native
HZ_PROGRAMS := $(basename $(notdir $(filter-out testsuite/programs/native_shim.c,$(wildcard testsuite/programs/*.c))))
HZ_PROGRAM_OUT := $(foreach l,$(HZ_LEVELS),$(foreach p,$(HZ_PROGRAMS),$(HZ)/programs/$(l)/$(p).o $(HZ)/programs/$(l)/$(p).elf))

$(B)/vxhazard: $(B)/testsuite/hazards/vxhazard_main.o $(HZ_LIB_OBJ)
	$(CC) $(CFLAGS) $^ -o $@ $(HZ_LIBS)

$(HZ)/cases/%.o: testsuite/hazards/cases/%.s
	@mkdir -p $(dir $@)
	clang -c -x assembler $< -o $@

# The guest runtime is order-only: an object does not link it, and an image
# linked against an older runtime is still one vxcc built.
define HZ_LEVEL_RULES
$(HZ)/programs/$(1)/%.o: testsuite/programs/%.c $(B)/vxcc | guest-runtime
	@mkdir -p $$(dir $$@)
	$$(VXCC_GUEST) $(HZ_FLAGS_$(1)) -c $$< -o $$@
$(HZ)/programs/$(1)/%.elf: testsuite/programs/%.c $(B)/vxcc | guest-runtime
	@mkdir -p $$(dir $$@)
	$$(VXCC_GUEST) $(HZ_FLAGS_$(1)) $$< -o $$@ -lm
endef
$(foreach l,$(HZ_LEVELS),$(eval $(call HZ_LEVEL_RULES,$(l))))

hazard-inputs: $(B)/vxhazard $(HZ_CASE_OBJ) $(HZ_PROGRAM_OUT)
.PHONY: hazard-inputs hazards

# Everything vxcc built that the build keeps: the guest runtime and its
# libraries (musl, libgcc), the test programs, the test guests and the
# demo, the ports' objects when they were built.
HZ_SCAN = $(wildcard $(G)/crt0.o $(G)/libvxrt.a $(G)/libc.a $(G)/libm.a $(G)/libgcc.a) \
          $(HZ_PROGRAM_OUT) $(wildcard $(B)/guests/*.elf $(B)/examples/*.elf) \
          $(wildcard $(B)/ports/vx/zlib/*.o $(B)/ports/vx/lua/src/*.o)
hazards: hazard-inputs
	@echo "vxhazard --summary <$(words $(HZ_SCAN)) files: guest runtime and libraries, test programs, guests, ports>"
	@$(B)/vxhazard --summary $(HZ_SCAN)

$(B)/tests/hazard_test: testsuite/hazards/hazard_test.c $(HZ_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Itestsuite/hazards $^ -o $@ -lcriterion $(HZ_LIBS)

TESTS += $(B)/tests/hazard_test
test: hazard-inputs
