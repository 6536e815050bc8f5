# vxcc: the host-side compiler driver and its assembly rewriter.
VXCC_SRC := $(wildcard compiler-wrapper/*.c)
VXCC_OBJ := $(VXCC_SRC:%.c=$(B)/%.o)

# Guests see gcc's own headers (stddef.h, intrinsics) but never glibc's.
$(B)/compiler-wrapper/vxcc.o: CFLAGS += -DVX_GCC_INCLUDE='"$(shell gcc -print-file-name=include)"'

$(B)/vxcc: $(VXCC_OBJ)
	$(CC) $(CFLAGS) $^ -o $@

-include $(VXCC_OBJ:.o=.d)
