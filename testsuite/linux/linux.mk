# The Linux personality's tests: a musl guest (linux_calls.c) that checks
# each group of system calls, run by linux_test in fresh scratch trees;
# guest_setup_test runs it with an environment and a private /tmp, through
# vxrun and through the API.
$(B)/linux/linux_calls.elf: testsuite/linux/linux_calls.c $(GUEST_MUSL) $(B)/vxcc
	@mkdir -p $(dir $@)
	$(VXCC_MUSL) -O2 -Wall -Werror $< -o $@
$(B)/tests/linux_test: testsuite/linux/linux_test.c
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $^ -o $@ -lcriterion
$(B)/tests/guest_setup_test: testsuite/linux/guest_setup_test.c $(B)/libvx.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $^ -o $@ -lcriterion $(VX_LIBS)
TESTS += $(B)/tests/linux_test $(B)/tests/guest_setup_test
test: $(B)/linux/linux_calls.elf
