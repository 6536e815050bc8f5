# libvxverify.a and the vxverify command.
VERIFIER_SRC := $(filter-out verifier/vxverify_main.c,$(wildcard verifier/*.c))
VERIFIER_OBJ := $(VERIFIER_SRC:%.c=$(B)/%.o)
VERIFIER_LIBS := -lcapstone -lelf -lpthread

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(B)/libvxverify.a: $(VERIFIER_OBJ)
	ar rcs $@ $^

$(B)/vxverify: $(B)/verifier/vxverify_main.o $(B)/libvxverify.a
	$(CC) $(CFLAGS) $^ -o $@ $(VERIFIER_LIBS)

-include $(VERIFIER_OBJ:.o=.d) $(B)/verifier/vxverify_main.d
