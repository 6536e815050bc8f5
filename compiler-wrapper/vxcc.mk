# vxcc: the host-side compiler driver and its assembly rewriter.
VXCC_SRC := $(wildcard compiler-wrapper/*.c)
VXCC_OBJ := $(VXCC_SRC:%.c=$(B)/%.o)

$(B)/vxcc: $(VXCC_OBJ)
	$(CC) $(CFLAGS) $^ -o $@

-include $(VXCC_OBJ:.o=.d)
