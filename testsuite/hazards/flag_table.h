/* Which EFLAGS bits an instruction reads and which it definitely writes. */
#ifndef HZ_FLAG_TABLE_H
#define HZ_FLAG_TABLE_H

#include <capstone/capstone.h>
#include <stdint.h>

/* HZ_CF ... HZ_DF bits. Reads over-approximate (an extra read can only
 * report more), writes under-approximate (a write that may not happen,
 * like a shift by %cl whose count can be zero, is not a write). */
uint8_t hz_flags_read(const cs_insn *in);
uint8_t hz_flags_written(const cs_insn *in);

#endif
