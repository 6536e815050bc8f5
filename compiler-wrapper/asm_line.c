#include "asm_line.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

void asm_strip(char *line)
{
    int in_str = 0;
    for (char *p = line; *p; p++) {
        if (*p == '"' && (p == line || p[-1] != '\\'))
            in_str = !in_str;
        else if (*p == '#' && !in_str) {
            *p = 0;
            break;
        }
    }
    size_t n = strlen(line);
    while (n && isspace((unsigned char)line[n - 1]))
        line[--n] = 0;
    size_t lead = strspn(line, " \t");
    memmove(line, line + lead, n - lead + 1);
}

const char *asm_take_label(const char *line, char *label, int size)
{
    int i = 0;
    while (line[i] && (isalnum((unsigned char)line[i]) || strchr("._$@", line[i])))
        i++;
    if (i == 0 || line[i] != ':' || i >= size)
        return NULL;
    memcpy(label, line, (size_t)i);
    label[i] = 0;
    const char *rest = line + i + 1;
    while (isspace((unsigned char)*rest))
        rest++;
    return rest;
}

static int is_prefix_word(const char *w)
{
    static const char *const words[] = {"rep", "repe", "repz", "repne", "repnz", "lock",
                                        "notrack", "data16", "addr32", "bnd", NULL};
    for (int i = 0; words[i]; i++)
        if (!strcmp(w, words[i]))
            return 1;
    return 0;
}

int asm_parse_insn(const char *text, struct asm_insn *out)
{
    memset(out, 0, sizeof *out);
    const char *p = text;
    for (;;) {
        char word[32];
        int n = 0;
        while (*p && !isspace((unsigned char)*p) && *p != ';' && n < 31)
            word[n++] = *p++;
        word[n] = 0;
        while (isspace((unsigned char)*p))
            p++;
        if (n == 0)
            return -1;
        if (is_prefix_word(word) && *p) {
            if (strlen(out->prefix) + strlen(word) + 2 > sizeof out->prefix)
                return -1;
            if (out->prefix[0])
                strcat(out->prefix, " ");
            strcat(out->prefix, word);
            continue;
        }
        if (is_prefix_word(word)) { /* a lone "rep" line: keep as mnemonic */
            snprintf(out->mnemonic, sizeof out->mnemonic, "%s", word);
            return 0;
        }
        snprintf(out->mnemonic, sizeof out->mnemonic, "%s", word);
        break;
    }
    /* Operands: split on commas outside parentheses. */
    int depth = 0, len = 0;
    while (*p) {
        if (out->nops >= ASM_MAX_OPS)
            return -1;
        char c = *p++;
        if (c == '(')
            depth++;
        if (c == ')')
            depth--;
        if (c == ',' && depth == 0) {
            out->ops[out->nops][len] = 0;
            out->nops++;
            len = 0;
            while (isspace((unsigned char)*p))
                p++;
            continue;
        }
        if (len >= ASM_TOKEN - 1)
            return -1;
        out->ops[out->nops][len++] = c;
    }
    if (len) {
        while (len && isspace((unsigned char)out->ops[out->nops][len - 1]))
            len--;
        out->ops[out->nops][len] = 0;
        out->nops++;
    }
    return 0;
}

static void copy_trim(char *dst, int size, const char *src, int n)
{
    while (n > 0 && isspace((unsigned char)*src)) {
        src++;
        n--;
    }
    while (n > 0 && isspace((unsigned char)src[n - 1]))
        n--;
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, (size_t)(n < 0 ? 0 : n));
    dst[n < 0 ? 0 : n] = 0;
}

int asm_parse_mem(const char *op, struct asm_mem *m)
{
    memset(m, 0, sizeof *m);
    if (*op == '*') {
        m->star = 1;
        op++;
    }
    if (*op == '$' || !*op)
        return -1;
    if (*op == '%') {
        /* Only a segment override ("%gs:") can start a memory operand. */
        if (strlen(op) < 4 || op[3] != ':')
            return -1;
        copy_trim(m->seg, sizeof m->seg, op + 1, 2);
        op += 4;
    }
    size_t n = strlen(op);
    const char *open = strrchr(op, '(');
    if (n && op[n - 1] == ')' && open && (open[1] == '%' || open[1] == ',')) {
        copy_trim(m->disp, sizeof m->disp, op, (int)(open - op));
        char inner[64];
        copy_trim(inner, sizeof inner, open + 1, (int)(op + n - 1 - open - 1));
        char *parts[3] = {inner, NULL, NULL};
        int k = 0;
        for (char *c = inner; *c && k < 2; c++)
            if (*c == ',') {
                *c = 0;
                parts[++k] = c + 1;
            }
        copy_trim(m->base, sizeof m->base, parts[0], (int)strlen(parts[0]));
        if (parts[1])
            copy_trim(m->index, sizeof m->index, parts[1], (int)strlen(parts[1]));
        if (parts[2])
            copy_trim(m->scale, sizeof m->scale, parts[2], (int)strlen(parts[2]));
    } else {
        copy_trim(m->disp, sizeof m->disp, op, (int)n);
    }
    return 0;
}

void asm_format_mem(const struct asm_mem *m, char *out, int size)
{
    char regs[64] = "";
    if (m->base[0] || m->index[0]) {
        if (m->index[0])
            snprintf(regs, sizeof regs, "(%s,%s%s%s)", m->base, m->index, m->scale[0] ? "," : "", m->scale);
        else
            snprintf(regs, sizeof regs, "(%s)", m->base);
    }
    snprintf(out, (size_t)size, "%s%s%s%s%s", m->star ? "*" : "", m->seg[0] ? "%" : "", m->seg,
             m->seg[0] ? ":" : "", m->disp);
    strncat(out, regs, (size_t)size - strlen(out) - 1);
}
