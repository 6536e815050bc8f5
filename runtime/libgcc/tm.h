/* The part of gcc's x86-64 target description (config/i386/i386.h and
 * defaults.h) that libgcc still reads; everything else reaches it as the
 * __LIBGCC_*__ macros gcc predefines under -fbuilding-libgcc. */
#define BITS_PER_UNIT 8
#define UNITS_PER_WORD 8
#define MIN_UNITS_PER_WORD 8
#define LIBGCC2_UNITS_PER_WORD 8
