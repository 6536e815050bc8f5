/* A forward search from a point of gcc's assembly for a read of EFLAGS
 * that comes before a write of all of them (flags_live.h). Two tables say
 * which instructions read and which write every flag; everything else is
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

/* Mnemonics that read some flag: by prefix (jcc, setcc, cmovcc, fcmovcc)
 * and by base name (any size suffix). */
static const char *const reads_prefix[] = {"set", "cmov", "fcmov", NULL};
static const char *const reads_base[] = {"adc", "sbb", "adcx", "adox", "rcl", "rcr", "pushf", "lahf",
                                         "cmc", "loope", "loopz", "loopne", "loopnz", "into", NULL};
/* Mnemonics that write (or leave undefined) every status flag. inc/dec
 * (CF kept), rol/ror (CF, OF only), shifts by %cl (a zero count writes
 * nothing) and sahf (OF kept) are not here. */
static const char *const writes_base[] = {
    "add", "sub", "and", "or", "xor", "cmp", "test", "neg", "imul", "mul", "div", "idiv", "bsf", "bsr",
    "tzcnt", "lzcnt", "popcnt", "bt", "bts", "btr", "btc", "cmpxchg", "xadd", "comiss", "comisd",
    "ucomiss", "ucomisd", "vcomiss", "vcomisd", "vucomiss", "vucomisd", "ptest", "vptest", "andn",
    "bextr", "blsi", "blsmsk", "blsr", "cmps", "scas", "fcomi", "fcomip", "fucomi", "fucomip", "popf",
    NULL};

/* mnemonic == base, or base plus one AT&T size suffix. */
static int is_base(const char *m, const char *base)
{
    size_t n = strlen(base);
    return !strncmp(m, base, n) && (m[n] == 0 || (strchr("bwlq", m[n]) && m[n + 1] == 0));
}

static int in_bases(const char *m, const char *const *bases)
{
    for (int i = 0; bases[i]; i++)
        if (is_base(m, bases[i]))
            return 1;
    return 0;
}

static int reads_flags(const char *m)
{
    if (m[0] == 'j' && strncmp(m, "jmp", 3) && strncmp(m, "jrcxz", 5) && strncmp(m, "jecxz", 5))
        return 1;
    for (int i = 0; reads_prefix[i]; i++)
        if (!strncmp(m, reads_prefix[i], strlen(reads_prefix[i])))
            return 1;
    return in_bases(m, reads_base);
}

/* A shift by a non-zero immediate writes every status flag. */
static int writes_all_flags(const struct asm_insn *in)
{
    const char *m = in->mnemonic;
    static const char *const shifts[] = {"shl", "sal", "shr", "sar", NULL};
    if (in_bases(m, shifts))
        return in->nops == 2 && in->ops[0][0] == '$' && (strtol(in->ops[0] + 1, NULL, 0) & 63) != 0;
    return in_bases(m, writes_base);
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

static int search(const struct asm_text *t, size_t i, unsigned char *seen);

/* Is the flags' value live into some target of the jump table at label
 * table? The search shares seen, so a case that jumps back through the
 * table ends there. */
static const char *table_live(const struct asm_text *t, const char *table, unsigned char *seen, char *buf,
                              size_t size)
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
        if (to >= 0 && search(t, (size_t)to, seen)) {
            snprintf(buf, size, "%s", label);
            return buf;
        }
    }
    return NULL;
}

static int search(const struct asm_text *t, size_t i, unsigned char *seen)
{
    for (; i < t->n; i++) {
        if (seen[i])
            return 0; /* this path joins one already searched */
        seen[i] = 1;
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
        if (reads_flags(m))
            return 1;
        if (writes_all_flags(&in))
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
                    return table_live(t, table, seen, buf, sizeof buf) != NULL;
                }
                return 0;
            }
            long to = asm_text_find_label(t, in.ops[0]);
            if (to < 0)
                return 0; /* a tail call to another function */
            return search(t, (size_t)to, seen);
        }
        if (m[0] == 'j' || !strncmp(m, "loop", 4)) { /* jrcxz, loop: both ways */
            long to = asm_text_find_label(t, in.ops[0]);
            if (to >= 0 && search(t, (size_t)to, seen))
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
    int live = search(t, i, seen);
    free(seen);
    return live;
}

const char *jump_table_live_target(const struct asm_text *t, const char *table, char *buf, size_t size)
{
    unsigned char *seen = calloc(t->n ? t->n : 1, 1);
    if (!seen)
        return table;
    const char *live = table_live(t, table, seen, buf, size);
    free(seen);
    return live;
}
