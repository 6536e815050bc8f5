# make test: every Criterion suite, after building the tools and test guests.
TEST_CFLAGS := $(CFLAGS) -Itestsuite/unit -Itestsuite/common -DVX_SRC_DIR='"$(abspath .)"'
GUEST_SRC := $(wildcard testsuite/guests/*.c)
GUEST_ELF := $(GUEST_SRC:testsuite/guests/%.c=$(B)/guests/%.elf) $(B)/guests/demo.elf
TESTS := $(B)/tests/leak_test $(B)/tests/corpus_test $(B)/tests/verifier_test $(B)/tests/fast_path_test $(B)/tests/decoders_test $(B)/tests/decoder_enum_test $(B)/tests/vxcc_test $(B)/tests/loader_test $(B)/tests/ports_test $(B)/tests/host_state_test $(B)/tests/signals_test
# The loader's own suites: crafted images through the public API.
LOADER_E2E := $(addprefix $(B)/tests/,containment_test load_race_test load_cost_test bad_input_test determinism_test protections_test)
TESTS += $(LOADER_E2E) $(B)/tests/elf_rules_test $(B)/tests/native_segment_test $(B)/tests/symtab_test
TESTS += $(B)/tests/oracle_detect_test $(B)/tests/oracle_test
# Guests run as ./prog: natively (one line, 126), through binfmt_misc, installed.
RUN_AS_PROG := $(addprefix $(B)/tests/,native_run_test binfmt_test install_test)
TESTS += $(RUN_AS_PROG)

$(B)/guests/%.elf: testsuite/guests/%.c $(GUEST_RUNTIME) $(B)/vxcc
	@mkdir -p $(dir $@)
	$(VXCC_GUEST) -O2 $< -o $@
$(B)/guests/demo.elf: examples/demo.c $(GUEST_RUNTIME) $(B)/vxcc
	@mkdir -p $(dir $@)
	$(VXCC_GUEST) -O2 $< -o $@

$(B)/tests/corpus_test: testsuite/unit/corpus_test.c testsuite/unit/corpus.c $(B)/libvxverify.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $^ -o $@ -lcriterion $(VERIFIER_LIBS)
$(B)/tests/verifier_test: testsuite/unit/verifier_test.c $(B)/libvxverify.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $^ -o $@ -lcriterion $(VERIFIER_LIBS)
$(B)/tests/fast_path_test: testsuite/unit/fast_path_test.c testsuite/fuzz/fuzz_one.c $(B)/libvxverify.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Itestsuite/fuzz $^ -o $@ -lcriterion $(VERIFIER_LIBS)
$(B)/tests/decoders_test: testsuite/unit/decoders_test.c $(B)/libvxverify.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $^ -o $@ -lcriterion $(VERIFIER_LIBS)
$(B)/tests/decoder_enum_test: testsuite/unit/decoder_enum_test.c $(B)/libvxverify.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $^ -o $@ -lcriterion $(VERIFIER_LIBS)
$(B)/tests/vxcc_test: testsuite/unit/vxcc_test.c $(filter-out $(B)/compiler-wrapper/vxcc.o,$(VXCC_OBJ)) $(B)/libvxverify.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Icompiler-wrapper $^ -o $@ -lcriterion $(VERIFIER_LIBS)
$(B)/tests/loader_test: testsuite/e2e/loader_test.c $(B)/libvx.a $(B)/libvxverify.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $^ -o $@ -lcriterion $(VX_LIBS)

$(B)/tests/elf_rules_test: testsuite/unit/elf_rules_test.c $(B)/libvxverify.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $^ -o $@ -lcriterion $(VERIFIER_LIBS)
$(B)/tests/native_segment_test: testsuite/unit/native_segment_test.c $(B)/libvxverify.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $^ -o $@ -lcriterion $(VERIFIER_LIBS)

$(B)/tests/symtab_test: testsuite/unit/symtab_test.c loader/symtab.c
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -fsanitize=address,undefined $^ -o $@ -lcriterion

$(B)/tests/host_state_test: testsuite/e2e/host_state_test.c $(B)/libvx.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $^ -o $@ -lcriterion $(VX_LIBS)
$(B)/tests/signals_test: testsuite/e2e/signals_test.c $(B)/libvx.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $^ -o $@ -lcriterion $(VX_LIBS)

$(LOADER_E2E) $(RUN_AS_PROG): $(B)/tests/%: testsuite/e2e/%.c $(B)/libvx.a $(B)/libvxverify.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $^ -o $@ -lcriterion $(VX_LIBS)

$(B)/tests/ports_test: testsuite/e2e/ports_test.c
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $^ -o $@ -lcriterion

# libvx sources built with AddressSanitizer/LeakSanitizer for the leak test.
$(B)/tests/leak_test: testsuite/e2e/leak_test.c $(LOADER_SRC) $(VERIFIER_SRC)
	@mkdir -p $(dir $@)
	$(CC) -O1 -g -std=gnu11 -fsanitize=address -fno-omit-frame-pointer -Iinclude -Iverifier -Iloader \
	  $^ -o $@ -lcriterion $(VX_LIBS)

# Each suite prints Criterion's summary line; any failure fails the target.
# $$(TESTS) is expanded after every makefile is read, so suites that later
# includes add to TESTS are built too (a clean clone once ran a missing one).
.SECONDEXPANSION:
test: deps all $$(TESTS) $(GUEST_ELF) $(PORTS_BUILT) torture-src
	@failed=; for t in $(TESTS); do echo "== $$t"; \
	  VX_BUILD=$(abspath $(B)) $$t --jobs=2 || failed="$$failed $$t"; done; \
	echo "== make mutate (sample)"; $(MUTATE) --sample || failed="$$failed mutate"; \
	echo "== torture directives"; python3 testsuite/torture/directives_test.py || failed="$$failed torture-directives"; \
	echo "== make torture-sample"; $(TORTURE_RUN) --out $(TORTURE)/sample --list testsuite/torture/sample.txt || failed="$$failed torture-sample"; \
	if [ -n "$$failed" ]; then echo "make test: FAILED:$$failed"; exit 1; fi; echo "make test: all suites passed"

-include testsuite/oracle/oracle.mk
