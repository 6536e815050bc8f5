/* The second decoder (spec R-INSN-DECODERS): Zydis must read every
 * instruction the walker accepts exactly as the first reading did. */
#ifndef VXV_ZYDIS_CHECK_H
#define VXV_ZYDIS_CHECK_H
#include "fast_insn.h"
#include <Zydis/Zydis.h>
#include <capstone/capstone.h>
#include <stddef.h>
#include <stdint.h>

struct zydis_check {
    ZydisDecoder decoder;
};

/* 0 on success. One per walk: the decoder is a few bytes of settings. */
int zydis_check_init(struct zydis_check *z);

/* Capstone accepted insn (read from p[0..left)) with facts f. Returns 1 and
 * fills why with both readings when Zydis reads the bytes differently:
 * length, explicit memory operands (segment, base, index, scale,
 * displacement, address and operand size), hidden memory accesses, writes
 * to %rsp/%r14/segment registers, branch kind and direct target. */
int zydis_differs_capstone(const struct zydis_check *z, csh handle, const cs_insn *insn,
                           const uint8_t *p, size_t left, const struct insn_facts *f, char *why,
                           size_t why_size);

/* The same comparison for an instruction the fast path accepted. */
int zydis_differs_fast(const struct zydis_check *z, const uint8_t *p, size_t left,
                       const struct insn_facts *f, const struct fast_reading *r, char *why,
                       size_t why_size);

/* Zydis (Debian's build) costs ~15 times the fast path per instruction, and
 * compiled code repeats the same few thousand encodings. Each decoder's
 * reading is a function of the instruction's bytes alone (the address only
 * shifts both branch targets alike; displacements are compared raw), so a
 * verdict of agreement holds for every copy of the same bytes read by the
 * same path: the memo remembers the bytes of confirmed instructions and
 * skips Zydis for them. On the fast path the key also leaves out the values
 * of the displacement and immediate fields (layout != NULL): both decoders
 * place those fields from the prefix, opcode, ModRM and SIB bytes alone and
 * then copy their value, and zydis_differs_fast requires Zydis to place
 * them exactly where the fast path did, so two encodings that differ only
 * inside the fields are read alike by both (the values the comparison looks
 * at, displacement and branch target, are taken from the same bytes). A
 * miss only costs time; NULL (out of memory) is a memo that never hits.
 * path: MEMO_FAST or MEMO_CAPSTONE. */
enum { MEMO_FAST = 0, MEMO_CAPSTONE = 1 };
struct zydis_memo;
/* bytes[0..len) with the fields zeroed, zero padding to 16; then len, path
 * and the layout (zero when the key is the full bytes). */
struct memo_key {
    uint64_t w[3];
};
/* A lookup, kept so that a miss confirmed afterwards is added without
 * computing the key again. */
struct memo_probe {
    struct memo_key key;
    unsigned slot;
    int usable;
};
struct zydis_memo *zydis_memo_new(size_t code_size);
void zydis_memo_free(struct zydis_memo *m);
int zydis_memo_has(const struct zydis_memo *m, const uint8_t *p, unsigned len, int path,
                   const struct fast_reading *layout, struct memo_probe *probe);
void zydis_memo_add(struct zydis_memo *m, const struct memo_probe *probe);

#endif
