# libvxverify.a and the vxverify command.
VERIFIER_SRC := $(filter-out verifier/vxverify_main.c,$(wildcard verifier/*.c))
VERIFIER_OBJ := $(VERIFIER_SRC:%.c=$(B)/%.o)
VERIFIER_LIBS := -lcapstone -lZydis -lelf -lpthread
# The commands link Capstone and libelf statically into a non-PIE binary:
# a dynamic Capstone costs ~78,000 relocations and ~360 page faults, 6 ms
# of every vxrun or vxverify start (measured by make bench's load figures).
TOOL_LDFLAGS := -no-pie
# Debian has no static libZydis: it stays dynamic (one small library).
TOOL_LIBS := -Wl,-Bstatic -lcapstone -lelf -lz -Wl,-Bdynamic -lZydis -lpthread

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(B)/libvxverify.a: $(VERIFIER_OBJ)
	ar rcs $@ $^

$(B)/vxverify: $(B)/verifier/vxverify_main.o $(B)/libvxverify.a
	$(CC) $(CFLAGS) $(TOOL_LDFLAGS) $^ -o $@ $(TOOL_LIBS)

-include $(VERIFIER_OBJ:.o=.d) $(B)/verifier/vxverify_main.d
