# make fuzz: libFuzzer on the verifier (ELF parser, instruction checker and
# the fast-path differential check) for FUZZ_SECONDS, on both cores. A crash
# stops it; the input lands in build/fuzz/artifacts: copy it into
# testsuite/fuzz/regressions so `make test` replays it forever.
FUZZ_SECONDS ?= 600
FUZZ_CFLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
               -Iinclude -Iverifier -Itestsuite/fuzz
FUZZ_SRC := testsuite/fuzz/fuzz_verifier.c testsuite/fuzz/fuzz_one.c $(VERIFIER_SRC)

$(B)/fuzz/fuzz_verifier: $(FUZZ_SRC) $(wildcard verifier/*.h)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) $(FUZZ_SRC) -o $@ $(VERIFIER_LIBS)

# Seeds: a minimal stripped guest ELF (5 KiB) and the test guests' code cut
# into 1 KiB pieces; small inputs keep thousands of executions per second.
$(B)/fuzz/minimal.elf: testsuite/fuzz/seeds/minimal.c $(GUEST_RUNTIME) $(B)/vxcc
	@mkdir -p $(dir $@)
	$(VXCC_GUEST) -O2 $< -o $@.full && strip $@.full -o $@

# make decoder-enum: every EVEX/VEX/legacy combination of decoder_enum_test
# (make test runs a fixed sample of it).
decoder-enum: deps $(B)/tests/decoder_enum_test
	VX_DECODER_ENUM=full $(B)/tests/decoder_enum_test --jobs=2

fuzz: deps all decoder-enum $(B)/fuzz/fuzz_verifier $(B)/fuzz/minimal.elf $(GUEST_ELF)
	@mkdir -p $(B)/fuzz/corpus $(B)/fuzz/artifacts
	@cp $(B)/fuzz/minimal.elf $(B)/fuzz/corpus/
	@for g in $(GUEST_ELF); do objcopy -O binary -j .text $$g $(B)/fuzz/$$(basename $$g .elf).text; \
	  split -b 1024 $(B)/fuzz/$$(basename $$g .elf).text $(B)/fuzz/corpus/$$(basename $$g .elf)-; done
	@cp testsuite/fuzz/regressions/* $(B)/fuzz/corpus/ 2>/dev/null || true
	$(B)/fuzz/fuzz_verifier -fork=2 -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	  -max_len=8192 -artifact_prefix=$(B)/fuzz/artifacts/ $(B)/fuzz/corpus
