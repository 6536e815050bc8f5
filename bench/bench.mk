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

# Compute kernels: native (gcc -O2), vx (vxcc -O2), and wasm32-wasi (clang
# -O2 with Debian's wasi-libc) when that toolchain works here. Three are
# test programs run at larger sizes.
KERNELS := matmul sha256 sort nbody calls
KSRC_matmul := testsuite/programs/matmul.c
KDEF_matmul := -DN=640
KSRC_sha256 := testsuite/programs/sha256.c
KDEF_sha256 := -DBLOCKS=786432
KSRC_nbody := testsuite/programs/nbody.c
KDEF_nbody := -DSTEPS=4000000
KSRC_sort := bench/kernels/sort.c
KSRC_calls := bench/kernels/calls.c
K := $(B)/bench/kernels
# Kept for the code-size table.
.SECONDARY: $(foreach k,$(KERNELS),$(K)/$(k).native.o $(K)/$(k).vx.o)
.SECONDEXPANSION:
$(K)/%.native.o: $$(KSRC_$$*) bench/bench.mk
	@mkdir -p $(dir $@)
	gcc -O2 $(KDEF_$*) -c $< -o $@
$(K)/%.native: $(K)/%.native.o
	gcc -O2 $< -o $@ -lm
$(K)/%.vx.o: $$(KSRC_$$*) bench/bench.mk $(GUEST_RUNTIME) $(B)/vxcc
	@mkdir -p $(dir $@)
	$(VXCC_GUEST) -O2 $(KDEF_$*) -c $< -o $@
$(K)/%.elf: $(K)/%.vx.o
	$(VXCC_GUEST) -O2 $< -o $@ -lm
$(K)/%.wasm: $$(KSRC_$$*) bench/bench.mk
	@mkdir -p $(dir $@)
	-clang --target=wasm32-wasi --sysroot=/usr -O2 $(KDEF_$*) $< -o $@ -lm 2>/dev/null || echo "no wasm32-wasi toolchain: $@ skipped"

# A fixed 24 MiB of mixed text and binary for zlib to compress; four copies of it,
# compressed, to decompress (decompression is 8x faster: a run of
# comparable length).
$(B)/bench/make_corpus: bench/make_corpus.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $< -o $@
$(B)/bench/corpus.bin: $(B)/bench/make_corpus
	$< > $@
$(B)/bench/corpus.gz: $(B)/bench/corpus.bin $(PORTS)/native/zlib/.built
	cat $< $< $< $< | $(PORTS)/native/zlib/minigzip > $@

$(B)/bench/gs_latency: bench/gs_latency.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $< -o $@

$(B)/bench/compare: bench/compare.c bench/sample_profile.c bench/sample_profile.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) bench/compare.c bench/sample_profile.c -o $@ -lm

BENCH_INPUTS := $(B)/bench/compare $(foreach k,$(KERNELS),$(K)/$(k).native $(K)/$(k).elf $(K)/$(k).wasm) \
                $(B)/bench/corpus.gz $(PORTS_BUILT) $(B)/bench/verify_throughput $(BENCH_GUESTS) \
                $(B)/bench/loader_bench $(B)/bench/transition_guest.elf $(B)/bench/gs_latency

# One report, printed and written to bench/results.md.
bench: deps all $(BENCH_INPUTS)
	@rm -f $(B)/bench/FAILED; \
	{ echo "# vx benchmarks"; echo; echo "Measured by \`make bench\` on $$(date -u +%Y-%m-%d), $$(nproc) cores, $$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')."; echo; \
	   $(B)/bench/compare $(B) || { echo "(some workloads failed: see above)"; touch $(B)/bench/FAILED; }; echo; \
	   echo "## Verifier, loader, memory access"; echo; echo '```'; \
	   $(B)/bench/verify_throughput --min-mib 16 $(BENCH_GUESTS); \
	   $(B)/bench/loader_bench $(B)/bench/transition_guest.elf; \
	   $(B)/bench/gs_latency; echo '```'; } | tee bench/results.md; \
	if [ -e $(B)/bench/FAILED ]; then echo "make bench: a workload failed or its output differed from native" >&2; exit 1; fi
