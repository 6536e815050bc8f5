# make fuzz: libFuzzer on the verifier (ELF parser, instruction checker and
# the fast-path differential check) for FUZZ_SECONDS, on both cores. A crash
# stops it; the input lands in build/fuzz/artifacts: copy it into
# testsuite/fuzz/regressions so `make test` replays it forever.
# Then FUZZ_LOADER_SECONDS on the loader's parsing (fuzz_loader: ELF rules and
# the symbol-table reader).
# Then the execution oracle (make fuzz-oracle): generated sequences for
# FUZZ_SECONDS from FUZZ_SEED (printed; rerun with it to reproduce), then
# every built guest and test program, whole. Any finding fails the target.
FUZZ_SECONDS ?= 600
FUZZ_CFLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
               -Iinclude -Iverifier -Itestsuite/fuzz
FUZZ_SRC := testsuite/fuzz/fuzz_verifier.c testsuite/fuzz/fuzz_one.c $(VERIFIER_SRC)

$(B)/fuzz/fuzz_verifier: $(FUZZ_SRC) $(wildcard verifier/*.h)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) $(FUZZ_SRC) -o $@ $(VERIFIER_LIBS)

# The loader's parsing: ELF rules and the symbol-table reader (symtab.c).
FUZZ_LOADER_SECONDS ?= 120
FUZZ_LOADER_SRC := testsuite/fuzz/fuzz_loader.c loader/symtab.c $(VERIFIER_SRC)
$(B)/fuzz/fuzz_loader: $(FUZZ_LOADER_SRC) $(wildcard verifier/*.h) loader/symtab.h
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -Iloader $(FUZZ_LOADER_SRC) -o $@ $(VERIFIER_LIBS)

# Seeds: a minimal stripped guest ELF (5 KiB) and the test guests' code cut
# into 1 KiB pieces; small inputs keep thousands of executions per second.
$(B)/fuzz/minimal.elf: testsuite/fuzz/seeds/minimal.c $(GUEST_RUNTIME) $(B)/vxcc
	@mkdir -p $(dir $@)
	$(VXCC_GUEST) -O2 $< -o $@.full && strip $@.full -o $@

# make decoder-enum: every EVEX/VEX/legacy combination of decoder_enum_test
# (make test runs a fixed sample of it).
decoder-enum: deps $(B)/tests/decoder_enum_test
	VX_DECODER_ENUM=full $(B)/tests/decoder_enum_test --jobs=2

fuzz: deps all decoder-enum $(B)/fuzz/fuzz_verifier $(B)/fuzz/fuzz_loader $(B)/fuzz/minimal.elf $(GUEST_ELF)
	@mkdir -p $(B)/fuzz/corpus $(B)/fuzz/artifacts
	@cp $(B)/fuzz/minimal.elf $(B)/fuzz/corpus/
	@for g in $(GUEST_ELF); do objcopy -O binary -j .text $$g $(B)/fuzz/$$(basename $$g .elf).text; \
	  split -b 1024 $(B)/fuzz/$$(basename $$g .elf).text $(B)/fuzz/corpus/$$(basename $$g .elf)-; done
	@cp testsuite/fuzz/regressions/* $(B)/fuzz/corpus/ 2>/dev/null || true
	$(B)/fuzz/fuzz_verifier -fork=2 -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	  -max_len=8192 -artifact_prefix=$(B)/fuzz/artifacts/ $(B)/fuzz/corpus
	@mkdir -p $(B)/fuzz/loader_corpus
	@cp $(B)/fuzz/minimal.elf $(B)/fuzz/minimal.elf.full $(B)/fuzz/loader_corpus/
	$(B)/fuzz/fuzz_loader -fork=2 -max_total_time=$(FUZZ_LOADER_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	  -max_len=81920 -artifact_prefix=$(B)/fuzz/artifacts/ $(B)/fuzz/loader_corpus \
	  && $(MAKE) --no-print-directory fuzz-oracle

ifndef FUZZ_SEED
FUZZ_SEED := $(shell date +%s)
endif
.PHONY: fuzz-oracle
fuzz-oracle: $(B)/vxoracle $(GUEST_ELF) $(ORACLE_PROGRAMS)
	@mkdir -p $(B)/fuzz
	@echo "oracle: seed $(FUZZ_SEED), $(FUZZ_SECONDS) seconds"
	@status=0; $(B)/vxoracle --seed $(FUZZ_SEED) --seconds $(FUZZ_SECONDS) --patterns 4 || status=1; \
	  $(B)/vxoracle --patterns 4 $(GUEST_ELF) $(ORACLE_PROGRAMS) > $(B)/fuzz/oracle-images.log || status=1; \
	  grep -E "^oracle|FINDING" $(B)/fuzz/oracle-images.log | grep -B1 FINDING || echo "oracle: images clean"; \
	  echo "oracle: image details in $(B)/fuzz/oracle-images.log"; exit $$status
