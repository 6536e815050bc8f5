# vx: root build. `make deps` once on a fresh machine, then `make demo` / `make test`.
CC      ?= gcc
CFLAGS  ?= -O2 -g
CFLAGS  += -Wall -Wextra -std=gnu11 -Iinclude -Iverifier -Iloader
B       := build

DEB_PACKAGES := gcc make clang libcapstone-dev libzydis-dev libelf-dev libcriterion-dev \
                capstone-tool valgrind libclang-rt-14-dev dpkg-dev wasi-libc libclang-rt-14-dev-wasm32 nodejs \
                linux-perf python3 gcc-12-source

.PHONY: all deps test demo bench fuzz clean
all: $(B)/vxverify $(B)/vxcc guest-runtime $(B)/vxrun $(B)/libvx.so

include verifier/verifier.mk
-include compiler-wrapper/vxcc.mk
-include runtime/runtime.mk
-include loader/loader.mk
-include testsuite/ports.mk
-include testsuite/testsuite.mk
-include bench/bench.mk
-include testsuite/fuzz/fuzz.mk
-include testsuite/mutate/mutate.mk
-include testsuite/hazards/hazards.mk
-include testsuite/torture/torture.mk
-include testsuite/linux/linux.mk
-include install.mk

# Installs exactly what is missing, so it is cheap to run again.
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	else echo "all Debian packages present"; fi

clean:
	rm -rf $(B)

# The main job end to end: build a guest with vxcc, verify it, run it.
DEMO_ELF := $(B)/examples/demo.elf
$(DEMO_ELF): examples/demo.c $(GUEST_RUNTIME) $(B)/vxcc
	@mkdir -p $(dir $@)
	$(VXCC_GUEST) -O2 $< -o $@
demo: deps all $(DEMO_ELF)
	@echo "--- vxverify $(DEMO_ELF)"
	$(B)/vxverify $(DEMO_ELF)
	@echo "--- vxrun $(DEMO_ELF) hello world"
	$(B)/vxrun --stats $(DEMO_ELF) hello world
