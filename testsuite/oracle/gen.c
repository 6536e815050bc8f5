/* The sequence generator (see gen.h). Random bytes alone rarely pass the
 * verifier, so most bundles are built from structured instructions biased
 * towards the memory forms the spec allows, and from templates of its
 * locked sequences; the verifier still decides what runs. */
#include "gen.h"
#include <string.h>

struct buf {
    uint8_t b[64];
    unsigned n;
};

static const uint8_t legacy_prefixes[] = {0x66, 0x67, 0xf2, 0xf3, 0x65, 0x2e, 0x3e, 0x26, 0x64, 0x36, 0xf0};

static unsigned rnd(struct vxo_gen *g, unsigned n) { return vxo_rng_below(&g->r, n); }
static uint8_t byte(struct vxo_gen *g) { return (uint8_t)vxo_rng_next(&g->r); }
static int chance(struct vxo_gen *g, unsigned percent) { return rnd(g, 100) < percent; }

static void put(struct buf *o, uint8_t x)
{
    if (o->n < sizeof o->b)
        o->b[o->n++] = x;
}

static void put32(struct buf *o, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        put(o, (uint8_t)(v >> (8 * i)));
}

/* A general register number except %rsp (4) and %r14 (14). */
static unsigned free_reg(struct vxo_gen *g)
{
    static const uint8_t regs[] = {0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15};
    return regs[rnd(g, sizeof regs)];
}

static uint32_t interesting_disp(struct vxo_gen *g)
{
    static const uint32_t d[] = {0, 8, 0x7f, 0x80, 0x7ffff, 0x80000, 0x80001, 0xfff80000, 0xfff7ffff,
                                 0x7fffffff, 0x80000000, 0xffffffff, 0x1ff000, 0x200000};
    return chance(g, 60) ? d[rnd(g, sizeof d / sizeof *d)] : (uint32_t)vxo_rng_next(&g->r);
}

/* ModRM (+SIB, displacement) for reg field `reg`, in one of the forms the
 * spec allows (%gs 32-bit, %rsp-based, %rip-relative), a register, or random. */
static void modrm(struct vxo_gen *g, struct buf *o, unsigned reg)
{
    reg &= 7;
    switch (rnd(g, 6)) {
    case 0: /* register */
        put(o, (uint8_t)(0xc0 | reg << 3 | rnd(g, 8)));
        return;
    case 1: { /* %rsp base, no index, disp 0/8/32 */
        unsigned mod = rnd(g, 3);
        put(o, (uint8_t)(mod << 6 | reg << 3 | 4));
        put(o, 0x24);
        if (mod == 1)
            put(o, byte(g));
        else if (mod == 2)
            put32(o, interesting_disp(g));
        return;
    }
    case 2: /* %rip-relative */
        put(o, (uint8_t)(reg << 3 | 5));
        put32(o, chance(g, 50) ? (uint32_t)rnd(g, 0x2000) - 0x1000 : interesting_disp(g));
        return;
    default: { /* anything: with a 65 67 prefix this is the %gs form */
        unsigned mod = rnd(g, 3), rm = rnd(g, 8);
        put(o, (uint8_t)(mod << 6 | reg << 3 | rm));
        if (rm == 4)
            put(o, byte(g));
        if (mod == 1)
            put(o, byte(g));
        else if (mod == 2 || (mod == 0 && rm == 5))
            put32(o, interesting_disp(g));
        return;
    }
    }
}

static void immediate(struct vxo_gen *g, struct buf *o)
{
    static const uint8_t sizes[] = {0, 0, 1, 1, 2, 4};
    unsigned n = sizes[rnd(g, sizeof sizes)];
    for (unsigned i = 0; i < n; i++)
        put(o, byte(g));
}

static void prefixes(struct vxo_gen *g, struct buf *o)
{
    if (chance(g, 35)) {
        put(o, 0x65);
        put(o, 0x67);
    }
    unsigned n = chance(g, 40) ? 1 + rnd(g, 2) : 0;
    for (unsigned i = 0; i < n; i++)
        put(o, legacy_prefixes[rnd(g, sizeof legacy_prefixes)]);
}

/* VEX (2 or 3 bytes, maps 1-3) or EVEX (maps 1-3) prefix. */
static void vex_or_evex(struct vxo_gen *g, struct buf *o)
{
    unsigned map = 1 + rnd(g, 3), vvvv = rnd(g, 16), pp = rnd(g, 4), L = rnd(g, 2);
    switch (rnd(g, 3)) {
    case 0:
        put(o, 0xc5);
        put(o, (uint8_t)((chance(g, 80) ? 0x80 : 0) | (~vvvv & 15) << 3 | L << 2 | pp));
        return;
    case 1:
        put(o, 0xc4);
        put(o, (uint8_t)((chance(g, 80) ? 0xe0 : byte(g) & 0xe0) | map));
        put(o, (uint8_t)((rnd(g, 2) << 7) | (~vvvv & 15) << 3 | L << 2 | pp));
        return;
    default:
        put(o, 0x62);
        put(o, (uint8_t)((chance(g, 80) ? 0xf0 : byte(g) & 0xf0) | map));
        put(o, (uint8_t)((rnd(g, 2) << 7) | (~vvvv & 15) << 3 | 4 | pp));
        put(o, (uint8_t)(chance(g, 70) ? (rnd(g, 4) << 5 | 8) : byte(g)));
        return;
    }
}

static void structured(struct vxo_gen *g, struct buf *o)
{
    prefixes(g, o);
    unsigned kind = rnd(g, 100);
    if (kind < 20) {
        vex_or_evex(g, o);
        put(o, byte(g));
        modrm(g, o, rnd(g, 8));
        if (chance(g, 30))
            put(o, byte(g));
        return;
    }
    if (chance(g, 45))
        put(o, (uint8_t)(0x40 | rnd(g, 16)));
    if (kind < 55) {
        put(o, byte(g)); /* legacy map: opcode, then whatever it needs */
    } else {
        put(o, 0x0f);
        unsigned m = rnd(g, 10);
        if (m == 0)
            put(o, 0x38);
        else if (m == 1)
            put(o, 0x3a);
        put(o, byte(g));
    }
    modrm(g, o, rnd(g, 8));
    immediate(g, o);
}

/* The rebase of %rR after a 32-bit write: add %r14,%rR or its flag-free
 * twin lea (%r14,%rR,1),%rR. */
static void rebase(struct vxo_gen *g, struct buf *o, unsigned r)
{
    unsigned hi = r >> 3, lo = r & 7;
    if (chance(g, 50)) {
        put(o, (uint8_t)(0x4c | hi));
        put(o, 0x01);
        put(o, (uint8_t)(0xf0 | lo));
    } else {
        put(o, (uint8_t)(0x49 | hi << 2 | hi << 1));
        put(o, 0x8d);
        put(o, (uint8_t)(lo << 3 | 4));
        put(o, (uint8_t)(lo << 3 | 6));
    }
}

/* and $-32,%eR ; rebase %rR ; jmp|call *%rR (a call ends the bundle) */
static void masked_branch(struct vxo_gen *g, struct buf *o, int call)
{
    unsigned r = free_reg(g), hi = r >> 3, lo = r & 7;
    if (hi)
        put(o, 0x41);
    put(o, 0x83);
    put(o, (uint8_t)(0xe0 | lo));
    put(o, 0xe0);
    rebase(g, o, r);
    if (hi)
        put(o, 0x41);
    put(o, 0xff);
    put(o, (uint8_t)((call ? 0xd0 : 0xe0) | lo));
}

static void masked_ret(struct buf *o)
{
    static const uint8_t seq[] = {0x41, 0xbb, 0xe0, 0xff, 0xff, 0xff, 0x4c, 0x21, 0x1c, 0x24,
                                  0x4c, 0x09, 0x34, 0x24, 0xc3};
    for (unsigned i = 0; i < sizeof seq; i++)
        put(o, seq[i]);
}

/* OP ...,%r11d ; lea (%r14,%r11,1),%rsp (R-RSP-WRITE) */
static void rsp_write(struct vxo_gen *g, struct buf *o)
{
    unsigned r = free_reg(g);
    switch (rnd(g, 4)) {
    case 0: /* mov %eR,%r11d */
        put(o, (uint8_t)(0x41 | (r >= 8) << 2));
        put(o, 0x89);
        put(o, (uint8_t)(0xc3 | (r & 7) << 3));
        break;
    case 1: /* lea disp8(%rsp),%r11d */
        put(o, 0x44);
        put(o, 0x8d);
        put(o, 0x5c);
        put(o, 0x24);
        put(o, byte(g));
        break;
    case 2: /* mov %esp,%r11d ; add/sub/and $imm8,%r11d */
        put(o, 0x41), put(o, 0x89), put(o, 0xe3);
        put(o, 0x41);
        put(o, 0x83);
        put(o, (uint8_t)(0xc3 | (rnd(g, 3) == 0 ? 0x28 : rnd(g, 2) ? 0x20 : 0)));
        put(o, byte(g));
        break;
    default: /* lea disp32(%rR),%r11d */
        put(o, (uint8_t)(0x44 | (r >= 8)));
        put(o, 0x8d);
        put(o, (uint8_t)(0x98 | (r & 7)));
        if ((r & 7) == 4)
            put(o, 0x24);
        put32(o, (uint32_t)vxo_rng_next(&g->r));
    }
    put(o, 0x4b), put(o, 0x8d), put(o, 0x24), put(o, 0x1e);
}

/* The pre-2026-12 pair OP ...,%esp ; add %r14,%rsp (now rejected). */
static void old_rsp_write(struct vxo_gen *g, struct buf *o)
{
    unsigned r = free_reg(g);
    switch (rnd(g, 5)) {
    case 0: /* mov %eR,%esp */
        if (r >= 8)
            put(o, 0x44);
        put(o, 0x89);
        put(o, (uint8_t)(0xc4 | (r & 7) << 3));
        break;
    case 1: /* lea disp8(%rR),%esp */
        if (r >= 8)
            put(o, 0x41);
        put(o, 0x8d);
        put(o, (uint8_t)(0x60 | (r & 7)));
        if ((r & 7) == 4)
            put(o, 0x24);
        put(o, byte(g));
        break;
    default: { /* add/sub/and $imm,%esp */
        static const uint8_t ext[] = {0xc4, 0xec, 0xe4};
        put(o, chance(g, 50) ? 0x83 : 0x81);
        put(o, ext[rnd(g, 3)]);
        if (o->b[o->n - 2] == 0x83)
            put(o, byte(g));
        else
            put32(o, (uint32_t)vxo_rng_next(&g->r));
    }
    }
    put(o, 0x4c);
    put(o, 0x01);
    put(o, 0xf4);
}

/* the string sequence: sandbox %rsi and/or %rdi, then the operation */
static void string_op(struct vxo_gen *g, struct buf *o)
{
    static const struct {
        uint8_t op, regs; /* 1 rsi, 2 rdi */
    } ops[] = {{0xa4, 3}, {0xa5, 3}, {0xa6, 3}, {0xa7, 3}, {0xaa, 2}, {0xab, 2},
               {0xac, 1}, {0xad, 1}, {0xae, 2}, {0xaf, 2}};
    unsigned k = rnd(g, sizeof ops / sizeof *ops);
    if (ops[k].regs & 1) {
        put(o, 0x89), put(o, 0xf6);
        rebase(g, o, 6);
    }
    if (ops[k].regs & 2) {
        put(o, 0x89), put(o, 0xff);
        rebase(g, o, 7);
    }
    if (chance(g, 50))
        put(o, chance(g, 70) ? 0xf3 : 0xf2);
    if (chance(g, 30))
        put(o, chance(g, 50) ? 0x48 : 0x66);
    put(o, ops[k].op);
}

/* mov $n,%eax ; call *%gs:table-slot (ends the bundle) */
static void table_call(struct vxo_gen *g, struct buf *o)
{
    put(o, 0xb8);
    put32(o, rnd(g, 20));
    put(o, 0x65);
    put(o, 0xff);
    put(o, 0x14);
    put(o, 0x25);
    put32(o, 0x1ff000 + 8 * rnd(g, 3));
}

/* bt/bts/btr/btc with a register bit offset (0f a3/ab/b3/bb) or an
 * immediate (0f ba /4-7), on the allowed memory forms. */
static void bit_test(struct vxo_gen *g, struct buf *o)
{
    static const uint8_t ops[] = {0xa3, 0xab, 0xb3, 0xbb, 0xba};
    uint8_t op = ops[rnd(g, sizeof ops)];
    if (op != 0xa3 && op != 0xba && chance(g, 30))
        put(o, 0xf0);
    if (chance(g, 40)) {
        put(o, 0x65);
        put(o, 0x67);
    }
    if (chance(g, 70))
        put(o, (uint8_t)(0x48 | rnd(g, 8)));
    put(o, 0x0f);
    put(o, op);
    modrm(g, o, op == 0xba ? 4 + rnd(g, 4) : rnd(g, 8));
    if (op == 0xba)
        put(o, byte(g));
}

static void template(struct vxo_gen *g, struct buf *o, int *ends_bundle)
{
    switch (rnd(g, 8)) {
    case 7: old_rsp_write(g, o); break;
    case 0: masked_branch(g, o, 0); break;
    case 1: masked_branch(g, o, 1), *ends_bundle = 1; break;
    case 2: masked_ret(o); break;
    case 3: rsp_write(g, o); break;
    case 4: string_op(g, o); break;
    case 5: table_call(g, o), *ends_bundle = 1; break;
    default: bit_test(g, o); break;
    }
}

void vxo_gen_init(struct vxo_gen *g, uint64_t seed)
{
    vxo_rng_seed(&g->r, seed);
}

void vxo_gen_bundle(struct vxo_gen *g, uint8_t out[32])
{
    memset(out, 0x90, 32);
    unsigned kind = rnd(g, 100);
    if (kind < 8) { /* random bytes */
        for (unsigned i = 0; i < 32; i++)
            out[i] = byte(g);
        return;
    }
    if (kind < 16) { /* one random-byte instruction */
        unsigned n = 1 + rnd(g, 15);
        for (unsigned i = 0; i < n; i++)
            out[i] = byte(g);
        return;
    }
    struct buf o = {.n = 0};
    int ends = 0;
    unsigned parts = 1 + rnd(g, 3);
    for (unsigned i = 0; i < parts && !ends; i++) {
        struct buf one = {.n = 0};
        if (kind < 60)
            structured(g, &one);
        else
            template(g, &one, &ends);
        if (o.n + one.n > 32) {
            ends = 0;
            break;
        }
        memcpy(o.b + o.n, one.b, one.n);
        o.n += one.n;
        kind = rnd(g, 100);
    }
    /* A call must end the bundle: put it last. */
    unsigned at = ends ? 32 - o.n : 0;
    memcpy(out + at, o.b, o.n);
}
