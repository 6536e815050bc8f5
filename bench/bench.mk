# make bench: performance figures, each measured side by side in one run.
BENCH_PROGRAMS := calls switch recursion structs memory integers floats vectors strings sort
BENCH_GUESTS := $(foreach o,O0 O2,$(BENCH_PROGRAMS:%=$(B)/bench/guests/%-$(o).elf))

$(B)/bench/guests/%-O0.elf: testsuite/programs/%.c $(GUEST_RUNTIME) $(B)/vxcc
	@mkdir -p $(dir $@)
	$(VXCC_GUEST) -O0 $< -o $@
$(B)/bench/guests/%-O2.elf: testsuite/programs/%.c $(GUEST_RUNTIME) $(B)/vxcc
	@mkdir -p $(dir $@)
	$(VXCC_GUEST) -O2 $< -o $@

$(B)/bench/verify_throughput: bench/verify_throughput.c $(B)/libvxverify.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itestsuite/common $^ -o $@ $(VERIFIER_LIBS)

$(B)/bench/transition_guest.elf: bench/transition_guest.c $(GUEST_RUNTIME) $(B)/vxcc
	@mkdir -p $(dir $@)
	$(VXCC_GUEST) -O2 $< -o $@
$(B)/bench/loader_bench: bench/loader_bench.c $(B)/libvx.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -o $@ $(VX_LIBS)

bench: deps all $(B)/bench/verify_throughput $(BENCH_GUESTS) $(B)/bench/loader_bench $(B)/bench/transition_guest.elf
	$(B)/bench/verify_throughput --min-mib 16 $(BENCH_GUESTS)
	$(B)/bench/loader_bench $(B)/bench/transition_guest.elf
