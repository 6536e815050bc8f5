/* Raw legacy/REX prefix scan: Capstone hides mandatory and ignored prefixes,
 * so prefix policy is judged on the bytes themselves. */
#ifndef VXV_PREFIX_SCAN_H
#define VXV_PREFIX_SCAN_H

enum prefix_group { PG_LOCKREP, PG_SEGMENT, PG_OPSIZE, PG_ADDRSIZE, PG_COUNT };

struct prefix_info {
    unsigned char count[PG_COUNT];  /* prefixes seen per group */
    unsigned char segment;          /* last segment prefix byte, 0 if none */
    unsigned char has_lock;
    unsigned char rex_misplaced;    /* REX followed by another prefix */
    signed char rep_pos;            /* offset of the last f2/f3 prefix, -1 if none */
};

void prefix_scan(const unsigned char *bytes, unsigned len, struct prefix_info *out);

#endif
