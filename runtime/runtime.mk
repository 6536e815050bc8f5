# The guest runtime, built with vxcc itself: musl as the C library
# (musl.mk), gcc's own libgcc (libgcc.mk), crt0, and libvxrt: the call-out
# stubs, the service wrappers of vx/guest.h, the string functions.
G := $(B)/guest
GUEST_HEADERS := $(G)/include/vx/guest.h $(G)/include/vx/layout.h
RT_C := runtime/services.c runtime/string.c runtime/print.c
RT_S := runtime/callout.S
RT_OBJ := $(RT_C:runtime/%.c=$(G)/obj/%.o) $(RT_S:runtime/%.S=$(G)/obj/%.o)
VXCC_GUEST := VX_GUEST_DIR=$(abspath $(G)) $(abspath $(B)/vxcc)
GUEST_CFLAGS := -O2 -Wall -Wextra
include runtime/musl.mk
include runtime/libgcc.mk

$(G)/include/vx/%.h: runtime/include/vx/%.h
	@mkdir -p $(dir $@)
	cp $< $@
$(G)/include/vx/layout.h: include/vx/layout.h
	@mkdir -p $(dir $@)
	cp $< $@
$(G)/vx.ld: runtime/vx.ld
	@mkdir -p $(dir $@)
	cp $< $@

$(G)/obj/%.o: runtime/%.c $(B)/vxcc $(GUEST_HEADERS) $(G)/libc.a
	@mkdir -p $(dir $@)
	$(VXCC_GUEST) $(GUEST_CFLAGS) -fno-tree-loop-distribute-patterns -c $< -o $@
$(G)/obj/%.o: runtime/%.S $(B)/vxcc $(GUEST_HEADERS)
	@mkdir -p $(dir $@)
	$(VXCC_GUEST) -c $< -o $@
# crt0.o is the guest's entry (vxcc) and, merged in, the native-only exit
# (host assembler: it makes system calls, which no guest code may).
$(B)/native_exit.o: runtime/native_exit.S
	@mkdir -p $(dir $@)
	$(CC) -c $< -o $@
$(G)/crt0.o: runtime/musl_crt0.S runtime/native_guard.h $(B)/native_exit.o $(B)/vxcc $(GUEST_HEADERS)
	@mkdir -p $(G)/obj
	$(VXCC_GUEST) -c $< -o $(G)/obj/crt0_entry.o
	ld -r $(G)/obj/crt0_entry.o $(B)/native_exit.o -o $@
$(G)/libvxrt.a: $(RT_OBJ)
	rm -f $@ && ar rcs $@ $^

GUEST_RUNTIME := $(G)/target $(G)/crt0.o $(G)/libvxrt.a $(G)/libc.a $(GUEST_EMPTY_LIBS) $(G)/libgcc.a \
                 $(G)/vx.ld $(GUEST_HEADERS)
guest-runtime: $(GUEST_RUNTIME)
.PHONY: guest-runtime
