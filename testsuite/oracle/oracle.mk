# The execution oracle (testsuite/oracle): a library for the tests and the
# vxoracle command for make fuzz. child.c runs after every host page but its
# own is PROT_NONE: no libc, no .rodata, no stack protector, no vector code.
ORACLE_SRC := $(filter-out testsuite/oracle/vxoracle.c testsuite/oracle/child.c,$(wildcard testsuite/oracle/*.c))
ORACLE_OBJ := $(ORACLE_SRC:%.c=$(B)/%.o) $(B)/testsuite/oracle/child.o
ORACLE_CHILD_CFLAGS := -O2 -g -Wall -Wextra -std=gnu11 -Iinclude -Iverifier -Iloader -ffreestanding -fno-builtin \
  -fno-stack-protector -fno-jump-tables -fno-tree-loop-distribute-patterns -mgeneral-regs-only \
  -fcf-protection=none

# -MMD: the objects follow include/vx/layout.h too (the table's slot count).
$(B)/testsuite/oracle/child.o: testsuite/oracle/child.c $(wildcard testsuite/oracle/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ORACLE_CHILD_CFLAGS) -MMD -MP -c $< -o $@
$(B)/testsuite/oracle/%.o: testsuite/oracle/%.c $(wildcard testsuite/oracle/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -Itestsuite/oracle -Itestsuite/common -c $< -o $@
-include $(ORACLE_OBJ:.o=.d)

$(B)/liboracle.a: $(ORACLE_OBJ)
	ar rcs $@ $^
$(B)/vxoracle: testsuite/oracle/vxoracle.c $(B)/liboracle.a $(B)/libvx.a $(B)/libvxverify.a
	$(CC) $(CFLAGS) -Itestsuite/oracle $^ -o $@ $(VX_LIBS)

$(B)/tests/oracle_detect_test: testsuite/unit/oracle_detect_test.c $(B)/liboracle.a $(B)/libvx.a $(B)/libvxverify.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Itestsuite/oracle $^ -o $@ -lcriterion $(VX_LIBS)

# Every test program, compiled by vxcc for the whole-image oracle.
ORACLE_PROGRAMS := $(patsubst testsuite/programs/%.c,$(B)/oracle/programs/%.elf,\
  $(filter-out testsuite/programs/native_shim.c,$(wildcard testsuite/programs/*.c)))
$(B)/oracle/programs/%.elf: testsuite/programs/%.c $(GUEST_RUNTIME) $(B)/vxcc
	@mkdir -p $(dir $@)
	$(VXCC_GUEST) -O2 $< -o $@ -lm

$(B)/tests/oracle_test: testsuite/unit/oracle_test.c $(B)/liboracle.a $(B)/libvx.a $(B)/libvxverify.a | $(GUEST_ELF) $(ORACLE_PROGRAMS)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Itestsuite/oracle $(filter %.c %.a,$^) -o $@ -lcriterion $(VX_LIBS)
