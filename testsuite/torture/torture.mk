# gcc 12's c-torture execute and ieee tests through vxcc, vxverify and vxrun,
# each beside native gcc with the same flags (testsuite/torture/run.py).
#   make torture          every test at -O0, -O2 and -O3 -march=native: pass
#                         per level of the tests kept, every failure with its
#                         class; fails below 99.8% or on any wrong result
#   make torture-sample   testsuite/torture/sample.txt at the three levels (make test)
# The tests come from Debian's gcc-12-source (make deps), unpacked once.
TORTURE := $(B)/torture
TORTURE_SRC := $(TORTURE)/src/gcc/testsuite/gcc.c-torture/execute
TORTURE_RUN = python3 testsuite/torture/run.py --src $(TORTURE_SRC) --bin $(B) -j 2

$(TORTURE)/src/.unpacked: $(GCC_SRC_TAR)
	rm -rf $(TORTURE)/src && mkdir -p $(TORTURE)/src
	tar -xJf $< -C $(TORTURE)/src --strip-components=1 gcc-12.2.0/gcc/testsuite/gcc.c-torture/execute
	touch $@

torture-src: $(TORTURE)/src/.unpacked
torture: all torture-src
	$(TORTURE_RUN) --out $(TORTURE)/all
torture-sample: all torture-src
	$(TORTURE_RUN) --out $(TORTURE)/sample --list testsuite/torture/sample.txt
.PHONY: torture torture-src torture-sample
