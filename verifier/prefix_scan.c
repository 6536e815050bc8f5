#include "prefix_scan.h"
#include <string.h>

static int legacy_group(unsigned char b)
{
    switch (b) {
    case 0xf0: case 0xf2: case 0xf3: return PG_LOCKREP;
    case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65: return PG_SEGMENT;
    case 0x66: return PG_OPSIZE;
    case 0x67: return PG_ADDRSIZE;
    default: return -1;
    }
}

static int is_rex(unsigned char b) { return (b & 0xf0) == 0x40; }

void prefix_scan(const unsigned char *bytes, unsigned len, struct prefix_info *out)
{
    memset(out, 0, sizeof *out);
    out->rep_pos = -1;
    unsigned i = 0;
    for (; i < len; i++) {
        int g = legacy_group(bytes[i]);
        if (g < 0) {
            /* A REX counts only right before the opcode: REX then REX or a
             * legacy prefix means the first one is silently ignored. */
            if (is_rex(bytes[i]) && i + 1 < len &&
                (is_rex(bytes[i + 1]) || legacy_group(bytes[i + 1]) >= 0)) {
                out->rex_misplaced = 1;
                continue;
            }
            break;
        }
        out->count[g]++;
        if (g == PG_SEGMENT)
            out->segment = bytes[i];
        if (bytes[i] == 0xf0)
            out->has_lock = 1;
        if (bytes[i] == 0xf2 || bytes[i] == 0xf3)
            out->rep_pos = (signed char)i;
    }
}
