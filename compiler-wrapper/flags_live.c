/* A forward search from a point of gcc's assembly for a read of a status
 * flag that comes before that flag is written (flags_live.h). Three tables
 * say which flags each instruction reads and writes; anything else is
 * neither, which can only make the answer "live" more often. */
#include "flags_live.h"
#include "asm_line.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void asm_text_add(struct asm_text *t, const char *stmt)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 1024;
        char **grown = realloc(t->stmt, t->cap * sizeof *grown);
        if (!grown)
            abort();
        t->stmt = grown;
    }
    t->stmt[t->n++] = strdup(stmt);
}

void asm_text_free(struct asm_text *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->stmt[i]);
    free(t->stmt);
    memset(t, 0, sizeof *t);
}

/* Each status flag on its own: an instruction that writes ZF but keeps CF
 * (inc, dec) ends ZF's life and not CF's, and a jcc reads only the flags
 * of its condition (jne: ZF). A value is live while some flag that still
 * holds it is read before being written. */
enum { F_CF = 1, F_PF = 2, F_AF = 4, F_ZF = 8, F_SF = 16, F_OF = 32, F_ALL = 63 };

/* Condition codes (jcc, setcc, cmovcc) and the flags each reads. */
static const struct { const char *cc; unsigned char reads; } conditions[] = {
    {"o", F_OF}, {"no", F_OF}, {"b", F_CF}, {"c", F_CF}, {"nae", F_CF}, {"ae", F_CF}, {"nb", F_CF},
    {"nc", F_CF}, {"e", F_ZF}, {"z", F_ZF}, {"ne", F_ZF}, {"nz", F_ZF}, {"be", F_CF | F_ZF},
    {"na", F_CF | F_ZF}, {"a", F_CF | F_ZF}, {"nbe", F_CF | F_ZF}, {"s", F_SF}, {"ns", F_SF},
    {"p", F_PF}, {"pe", F_PF}, {"np", F_PF}, {"po", F_PF}, {"l", F_SF | F_OF}, {"nge", F_SF | F_OF},
    {"ge", F_SF | F_OF}, {"nl", F_SF | F_OF}, {"le", F_ZF | F_SF | F_OF}, {"ng", F_ZF | F_SF | F_OF},
    {"g", F_ZF | F_SF | F_OF}, {"nle", F_ZF | F_SF | F_OF},
    /* fcmovcc's own spellings */
    {"u", F_PF}, {"nu", F_PF},
};

/* Other readers, by base name (any size suffix). */
static const struct { const char *base; unsigned char reads; } readers[] = {
    {"adc", F_CF}, {"sbb", F_CF}, {"adcx", F_CF}, {"adox", F_OF}, {"rcl", F_CF}, {"rcr", F_CF},
    {"cmc", F_CF}, {"loope", F_ZF}, {"loopz", F_ZF}, {"loopne", F_ZF}, {"loopnz", F_ZF},
    {"into", F_OF}, {"pushf", F_ALL}, {"lahf", F_ALL},
};

/* Writers (a flag left undefined counts as written: it no longer holds the
 * old value). Shifts and rotates write only with a non-zero immediate
 * count; by %cl a zero count writes nothing. */
static const struct { const char *base; unsigned char writes; int needs_count; } writers[] = {
    {"add", F_ALL, 0}, {"sub", F_ALL, 0}, {"and", F_ALL, 0}, {"or", F_ALL, 0}, {"xor", F_ALL, 0}, {"cmp", F_ALL, 0},
    {"test", F_ALL, 0}, {"neg", F_ALL, 0}, {"imul", F_ALL, 0}, {"mul", F_ALL, 0}, {"div", F_ALL, 0}, {"idiv", F_ALL, 0},
    {"adc", F_ALL, 0}, {"sbb", F_ALL, 0}, {"bsf", F_ALL, 0}, {"bsr", F_ALL, 0}, {"tzcnt", F_ALL, 0}, {"lzcnt", F_ALL, 0},
    {"popcnt", F_ALL, 0}, {"cmpxchg", F_ALL, 0}, {"xadd", F_ALL, 0}, {"comiss", F_ALL, 0}, {"comisd", F_ALL, 0},
    {"ucomiss", F_ALL, 0}, {"ucomisd", F_ALL, 0}, {"vcomiss", F_ALL, 0}, {"vcomisd", F_ALL, 0},
    {"vucomiss", F_ALL, 0}, {"vucomisd", F_ALL, 0}, {"ptest", F_ALL, 0}, {"vptest", F_ALL, 0}, {"andn", F_ALL, 0},
    {"bextr", F_ALL, 0}, {"blsi", F_ALL, 0}, {"blsmsk", F_ALL, 0}, {"blsr", F_ALL, 0}, {"cmps", F_ALL, 0},
    {"scas", F_ALL, 0}, {"fcomi", F_ALL, 0}, {"fcomip", F_ALL, 0}, {"fucomi", F_ALL, 0}, {"fucomip", F_ALL, 0},
    {"popf", F_ALL, 0},
    {"inc", F_ALL & ~F_CF, 0}, {"dec", F_ALL & ~F_CF, 0},          /* CF kept */
    {"bt", F_ALL & ~F_ZF, 0}, {"bts", F_ALL & ~F_ZF, 0},           /* ZF kept */
    {"btr", F_ALL & ~F_ZF, 0}, {"btc", F_ALL & ~F_ZF, 0},
    {"sahf", F_ALL & ~F_OF, 0},                                  /* OF kept */
    {"shl", F_ALL, 1}, {"sal", F_ALL, 1}, {"shr", F_ALL, 1}, {"sar", F_ALL, 1},
    {"rol", F_CF | F_OF, 1}, {"ror", F_CF | F_OF, 1}, {"rcl", F_CF | F_OF, 1}, {"rcr", F_CF | F_OF, 1},
};

/* mnemonic == base, or base plus one AT&T size suffix. */
static int is_base(const char *m, const char *base)
{
    size_t n = strlen(base);
    return !strncmp(m, base, n) && (m[n] == 0 || (strchr("bwlq", m[n]) && m[n + 1] == 0));
}

/* The flags condition code cc reads; F_ALL for one not in the table. */
static unsigned condition_reads(const char *cc)
{
    for (size_t i = 0; i < sizeof conditions / sizeof *conditions; i++)
        if (!strcmp(cc, conditions[i].cc))
            return conditions[i].reads;
    return F_ALL;
}

/* cmovcc may carry a size suffix ("cmovnel"); "cmovl" is "less". Both
 * readings, when both exist, count. */
static unsigned suffixed_condition_reads(const char *cc)
{
    unsigned r = condition_reads(cc);
    size_t n = strlen(cc);
    if (n > 1 && strchr("bwlq", cc[n - 1])) {
        char bare[8];
        snprintf(bare, sizeof bare, "%.*s", (int)(n - 1), cc);
        unsigned b = condition_reads(bare);
        if (r == F_ALL)
            return b;
        if (b != F_ALL)
            return r | b;
    }
    return r;
}

static unsigned reads_mask(const char *m)
{
    if (m[0] == 'j' && strncmp(m, "jmp", 3) && strncmp(m, "jrcxz", 5) && strncmp(m, "jecxz", 5))
        return condition_reads(m + 1);
    if (!strncmp(m, "set", 3))
        return suffixed_condition_reads(m + 3);
    if (!strncmp(m, "cmov", 4))
        return suffixed_condition_reads(m + 4);
    if (!strncmp(m, "fcmov", 5))
        return condition_reads(m + 5);
    for (size_t i = 0; i < sizeof readers / sizeof *readers; i++)
        if (is_base(m, readers[i].base))
            return readers[i].reads;
    return 0;
}

static unsigned writes_mask(const struct asm_insn *in)
{
    for (size_t i = 0; i < sizeof writers / sizeof *writers; i++) {
        if (!is_base(in->mnemonic, writers[i].base))
            continue;
        if (writers[i].needs_count) {
            int imm = in->nops == 2 && in->ops[0][0] == '$';
            if (!(imm ? (strtol(in->ops[0] + 1, NULL, 0) & 63) != 0 : in->nops == 1))
                return 0; /* by %cl: the count may be zero */
        }
        return writers[i].writes;
    }
    return 0;
}

long asm_text_find_label(const struct asm_text *t, const char *label)
{
    char name[ASM_TOKEN];
    for (size_t i = 0; i < t->n; i++)
        if (asm_take_label(t->stmt[i], name, sizeof name) && !strcmp(name, label))
            return (long)i;
    return -1;
}

/* Switching to a section that holds no code ends a path. */
static int leaves_text(const char *d)
{
    if (!strncmp(d, ".data", 5) || !strncmp(d, ".bss", 4))
        return 1;
    if (!strncmp(d, ".section", 8)) {
        const char *name = d + 8 + strspn(d + 8, " \t");
        return strncmp(name, ".text", 5) != 0;
    }
    return 0;
}

static int search(const struct asm_text *t, size_t i, unsigned live, unsigned char *seen);

/* Is the flags' value live into some target of the jump table at label
 * table? The search shares seen, so a case that jumps back through the
 * table ends there. */
static const char *table_live(const struct asm_text *t, const char *table, unsigned live, unsigned char *seen,
                              char *buf, size_t size)
{
    long at = asm_text_find_label(t, table);
    if (at < 0)
        return NULL;
    char label[ASM_TOKEN];
    for (size_t i = (size_t)at; i < t->n; i++) {
        const char *s = t->stmt[i];
        const char *rest = asm_take_label(s, label, sizeof label);
        if (rest) {
            if (i != (size_t)at)
                return NULL; /* the next label ends the table */
            s = rest;
        }
        if (!*s)
            continue;
        if (strncmp(s, ".quad", 5) && strncmp(s, ".long", 5) && strncmp(s, ".8byte", 6) &&
            strncmp(s, ".4byte", 6))
            return NULL;
        const char *e = s + strcspn(s, " \t");
        e += strspn(e, " \t");
        snprintf(label, sizeof label, "%.*s", (int)strcspn(e, "-+ \t,"), e);
        long to = asm_text_find_label(t, label);
        if (to >= 0 && search(t, (size_t)to, live, seen)) {
            snprintf(buf, size, "%s", label);
            return buf;
        }
    }
    return NULL;
}

/* live: the flags still holding the value asked about. seen[i] is the
 * union of the sets already searched from i; each flag's answer does not
 * depend on the others, so a subset of it needs no second search. */
static int search(const struct asm_text *t, size_t i, unsigned live, unsigned char *seen)
{
    for (; i < t->n; i++) {
        if ((live & ~seen[i]) == 0)
            return 0; /* this path joins one already searched */
        seen[i] |= (unsigned char)live;
        char label[ASM_TOKEN];
        const char *s = t->stmt[i];
        const char *rest = asm_take_label(s, label, sizeof label);
        if (rest)
            s = rest;
        if (!*s)
            continue;
        if (s[0] == '.') {
            if (leaves_text(s))
                return 0;
            continue;
        }
        struct asm_insn in;
        if (asm_parse_insn(s, &in) != 0)
            continue;
        const char *m = in.mnemonic;
        if (reads_mask(m) & live)
            return 1;
        live &= ~writes_mask(&in);
        if (!live)
            return 0;
        if (!strncmp(m, "ret", 3) || !strncmp(m, "call", 4) || !strncmp(m, "ud2", 3))
            return 0;
        if (!strncmp(m, "jmp", 3)) {
            if (in.nops != 1)
                return 0;
            if (in.ops[0][0] == '*') {
                struct asm_mem mem;
                char table[ASM_TOKEN], buf[ASM_TOKEN];
                /* a jump table (disp is its label); else a tail call */
                if (asm_parse_mem(in.ops[0], &mem) == 0 && mem.disp[0] && mem.disp[0] != '-' &&
                    !isdigit((unsigned char)mem.disp[0])) {
                    snprintf(table, sizeof table, "%s", mem.disp);
                    return table_live(t, table, live, seen, buf, sizeof buf) != NULL;
                }
                return 0;
            }
            long to = asm_text_find_label(t, in.ops[0]);
            if (to < 0)
                return 0; /* a tail call to another function */
            return search(t, (size_t)to, live, seen);
        }
        if (m[0] == 'j' || !strncmp(m, "loop", 4)) { /* jrcxz, loop: both ways */
            long to = asm_text_find_label(t, in.ops[0]);
            if (to >= 0 && search(t, (size_t)to, live, seen))
                return 1;
        }
    }
    return 0;
}

int flags_live_from(const struct asm_text *t, size_t i)
{
    unsigned char *seen = calloc(t->n ? t->n : 1, 1);
    if (!seen)
        return 1;
    int live = search(t, i, F_ALL, seen);
    free(seen);
    return live;
}

const char *jump_table_live_target(const struct asm_text *t, const char *table, char *buf, size_t size)
{
    unsigned char *seen = calloc(t->n ? t->n : 1, 1);
    if (!seen)
        return table;
    const char *live = table_live(t, table, F_ALL, seen, buf, size);
    free(seen);
    return live;
}
