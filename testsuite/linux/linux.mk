# The Linux personality's tests: a musl guest (linux_calls.c) that checks
# each group of system calls, run by linux_test in fresh scratch trees;
# guest_setup_test runs it with an environment and a private /tmp, through
# vxrun and through the API.
$(B)/linux/linux_calls.elf: testsuite/linux/linux_calls.c $(GUEST_RUNTIME) $(B)/vxcc
	@mkdir -p $(dir $@)
	$(VXCC_GUEST) -O2 -Wall -Werror $< -o $@
$(B)/tests/linux_test: testsuite/linux/linux_test.c
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $^ -o $@ -lcriterion
$(B)/tests/guest_setup_test: testsuite/linux/guest_setup_test.c $(B)/libvx.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $^ -o $@ -lcriterion $(VX_LIBS)
TESTS += $(B)/tests/linux_test $(B)/tests/guest_setup_test
test: $(B)/linux/linux_calls.elf

# Thread-local storage and the %fs:0x28 canary under musl (R-TP).
$(B)/linux/tls_guest-%.elf: testsuite/linux/tls_guest.c $(GUEST_RUNTIME) $(B)/vxcc
	@mkdir -p $(dir $@)
	$(VXCC_GUEST) -$* -fstack-protector-strong -Wall -Werror $< -o $@
$(B)/tests/tls_test: testsuite/linux/tls_test.c
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $^ -o $@ -lcriterion
TESTS += $(B)/tests/tls_test
test: $(B)/linux/tls_guest-O0.elf $(B)/linux/tls_guest-O2.elf

# vxcc as a cross compiler for x86_64-vx-linux-musl (triple, macros, library
# search, -shared, pthreads).
$(B)/tests/cross_driver_test: testsuite/linux/cross_driver_test.c
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $^ -o $@ -lcriterion
TESTS += $(B)/tests/cross_driver_test

# Guest signal handlers (loader/linux/signal_frame.c).
$(B)/linux/signal_guest.elf: testsuite/linux/signal_guest.c $(GUEST_RUNTIME) $(B)/vxcc
	@mkdir -p $(dir $@)
	$(VXCC_GUEST) -O2 -Wall -Werror $< -o $@
$(B)/tests/guest_signals_test: testsuite/linux/guest_signals_test.c
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $^ -o $@ -lcriterion
TESTS += $(B)/tests/guest_signals_test
test: $(B)/linux/signal_guest.elf
