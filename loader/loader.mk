# libvx (static and shared, with the verifier inside) and vxrun.
# loader/linux/: the Linux system-call personality musl guests use.
# loader/vxrun*.c: the vxrun command (options, binfmt_misc), not libvx.
VXRUN_SRC := $(wildcard loader/vxrun*.c)
LOADER_SRC := $(filter-out $(VXRUN_SRC),$(wildcard loader/*.c loader/linux/*.c)) loader/trampoline.S
LOADER_OBJ := $(patsubst %,$(B)/pic/%.o,$(basename $(LOADER_SRC)))
VERIFIER_PIC := $(VERIFIER_SRC:%.c=$(B)/pic/%.o)
VX_LIBS := -lcapstone -lZydis -lelf -lpthread -lrt

$(B)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fPIC -MMD -MP -c $< -o $@
$(B)/pic/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) -fPIC -c $< -o $@

# One relocatable object whose only global symbols are vx_*: a host that
# links libvx (static or shared) and has its own check_insn or
# read_file_bytes gets its own, and libvx keeps its (symbols named like
# ours are the ordinary host's right).
$(B)/libvx.o: $(LOADER_OBJ) $(VERIFIER_PIC)
	ld -r $^ -o $@.tmp
	objcopy --wildcard --keep-global-symbol='vx_*' $@.tmp $@
	rm -f $@.tmp
$(B)/libvx.a: $(B)/libvx.o
	rm -f $@ && ar rcs $@ $^
$(B)/libvx.so: $(B)/libvx.o
	$(CC) -shared $^ -o $@ $(VX_LIBS)
$(B)/vxrun: $(VXRUN_SRC:%.c=$(B)/%.o) $(B)/libvx.a $(B)/libvxverify.a # (its file reader)
	$(CC) $(CFLAGS) $(TOOL_LDFLAGS) $^ -o $@ $(TOOL_LIBS) -lrt

-include $(LOADER_OBJ:.o=.d) $(VERIFIER_PIC:.o=.d) $(VXRUN_SRC:%.c=$(B)/%.d)
