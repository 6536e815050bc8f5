/* What gcc's build generates as tconfig.h for libgcc: only the marker
 * that the headers are read for the target, not for the compiler. */
#define USED_FOR_TARGET 1
