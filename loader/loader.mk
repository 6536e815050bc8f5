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

$(B)/libvx.a: $(LOADER_OBJ) $(VERIFIER_PIC)
	ar rcs $@ $^
$(B)/libvx.so: $(LOADER_OBJ) $(VERIFIER_PIC)
	$(CC) -shared $^ -o $@ $(VX_LIBS)
$(B)/vxrun: $(VXRUN_SRC:%.c=$(B)/%.o) $(B)/libvx.a
	$(CC) $(CFLAGS) $(TOOL_LDFLAGS) $^ -o $@ $(TOOL_LIBS) -lrt

-include $(LOADER_OBJ:.o=.d) $(VERIFIER_PIC:.o=.d) $(VXRUN_SRC:%.c=$(B)/%.d)
