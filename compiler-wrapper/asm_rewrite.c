/* The rewriting rules: each gcc construct the sandbox model does not admit
 * becomes the sequence spec/sandbox.md prescribes. Pass 1 finds labels that
 * can be reached indirectly (they must start a bundle); pass 2 rewrites. */
#include "asm_rewrite.h"
#include "asm_line.h"
#include "flags_live.h"
#include "label_set.h"
#include "../include/vx/layout.h"
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct rewriter {
    FILE *out;
    struct rewrite_error *err;
    int line;
    int in_text, prev_in_text;
    int in_debug;                 /* pass 1: inside a .debug* section */
    struct label_set aligned;     /* labels that must start a bundle */
    int after_loop_align;         /* the last statement was a widened .p2align 4 */
    struct asm_text text;         /* every statement, for the flags analysis */
    size_t stmt;                  /* pass 2: index of the statement in text */
};

static int fail(struct rewriter *rw, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rw->err->msg, sizeof rw->err->msg, fmt, ap);
    va_end(ap);
    rw->err->line = rw->line;
    return -1;
}

static void emit(struct rewriter *rw, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputc('\t', rw->out);
    vfprintf(rw->out, fmt, ap);
    fputc('\n', rw->out);
    va_end(ap);
}

/* ---- registers ---------------------------------------------------------- */

static const char *const reg64[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                      "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
static const char *const reg32[16] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
                                      "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"};

/* "%rax" -> 0, "%eax" -> 0 (with *width 4); -1 if not a 64/32-bit GPR. */
static int gpr(const char *r, int *width)
{
    if (*r == '%')
        r++;
    for (int i = 0; i < 16; i++) {
        if (!strcmp(r, reg64[i])) {
            if (width)
                *width = 8;
            return i;
        }
        if (!strcmp(r, reg32[i])) {
            if (width)
                *width = 4;
            return i;
        }
    }
    return -1;
}

/* The reserved register op names (any width), or NULL, and why it is reserved. */
static const char *mentions_reserved(const char *op, const char **why)
{
    static const struct {
        const char *prefix, *why;
    } reserved[] = {
        {"%r14", "it holds the sandbox base for the whole run (spec R-REG-BASE)"},
        {"%r11", "vxcc's sequences use it as their scratch register (spec section 2)"},
    };
    for (unsigned i = 0; i < sizeof reserved / sizeof *reserved; i++) {
        const char *p = strstr(op, reserved[i].prefix);
        if (p && !isdigit((unsigned char)p[4])) {
            *why = reserved[i].why;
            return reserved[i].prefix;
        }
    }
    return NULL;
}

/* ---- classification ------------------------------------------------------ */

static int is_one_of(const char *m, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(m, *list))
            return 1;
    return 0;
}

/* "subq" -> "sub" for the few mnemonics whose operands we rewrite by hand. */
static int base_is(const char *m, const char *base)
{
    size_t n = strlen(base);
    return !strncmp(m, base, n) && (m[n] == 0 || (strchr("bwlq", m[n]) && m[n + 1] == 0));
}

static int string_regs(const char *m, int *rsi, int *rdi)
{
    static const char *const ops[] = {"movs", "stos", "lods", "cmps", "scas"};
    for (int i = 0; i < 5; i++)
        if (!strncmp(m, ops[i], 4) && (m[4] == 0 || (strchr("bwlq", m[4]) && m[5] == 0))) {
            *rsi = i == 0 || i == 2 || i == 3;
            *rdi = i != 2;
            return 1;
        }
    return 0;
}

static int parse_number(const char *s, long long *v)
{
    if (!*s) {
        *v = 0;
        return 1;
    }
    char *end;
    errno = 0;
    *v = strtoll(s, &end, 0);
    return *end == 0 && errno == 0;
}

/* ---- memory operands ----------------------------------------------------- */

/* %fs belongs to the host; the guest's thread pointer is the word at
 * __vx_thread_pointer (musl's __set_thread_area stores it there), so
 * `__thread`, errno and the %fs:0x28 canary reach guest memory through
 * %gs instead (spec R-TP). One row per operand shape:
 *   operand        emits before the instruction            operand becomes
 *   %fs:d          movq TP,%r11                            %gs:d(%r11d)
 *   (%r11 and %r14 in the operand are refused before, as everywhere)
 *   %fs:d(B)       movq TP,%r11                            %gs:d(%r11d,%eB,1)
 *   %fs:d(,X,s)    movq TP,%r11                            %gs:d(%r11d,%eX,s)
 *   %fs:d(B,X,s)   movq TP,%r11 ; leal (%r11,%rB),%r11d    %gs:d(%r11d,%eX,s)
 *   %fs:d(%rsp)    movq TP,%r11 ; leal (%r11,%rsp),%r11d   %gs:d(%r11d)
 * Clobbers %r11 only: mov and lea write no flags. */
static int thread_pointer_mem(struct rewriter *rw, struct asm_mem *m, char *op)
{
    int w, b = m->base[0] ? gpr(m->base, &w) : -2, x = m->index[0] ? gpr(m->index, &w) : -2;
    if (b == -1 || x == -1 || !strcmp(m->base, "%rip"))
        return fail(rw, "thread-local operand %s uses an unsupported base or index register", op);
    emit(rw, "movq __vx_thread_pointer(%%rip), %%r11");
    if (b >= 0 && (x >= 0 || b == 4)) {
        emit(rw, "leal (%%r11,%%%s), %%r11d", reg64[b]);
        b = -2;
    }
    if (b >= 0) { /* the base becomes the index */
        x = b;
        strcpy(m->scale, "1");
    }
    strcpy(m->base, "%r11d");
    if (x >= 0)
        snprintf(m->index, sizeof m->index, "%%%s", reg32[x]);
    strcpy(m->seg, "gs");
    asm_format_mem(m, op, ASM_TOKEN);
    return 0;
}

/* Rewrites op in place into a form of spec section 3. */
static int sandbox_mem(struct rewriter *rw, char *op)
{
    struct asm_mem m;
    if (asm_parse_mem(op, &m) != 0)
        return 0;
    if (!strcmp(m.seg, "fs"))
        return thread_pointer_mem(rw, &m, op);
    if (m.seg[0] && strcmp(m.seg, "gs"))
        return fail(rw, "segment override %%%s: is not allowed", m.seg);
    if (!strcmp(m.base, "%rip"))
        return 0;
    long long disp;
    if (!m.seg[0] && !strcmp(m.base, "%rsp") && !m.index[0] && parse_number(m.disp, &disp) &&
        disp >= -VX_RSP_DISP_MAX && disp <= VX_RSP_DISP_MAX)
        return 0;
    if (!m.base[0] && !m.index[0]) {
        if (!strcmp(m.seg, "gs"))
            return 0; /* runtime-call table slot */
        if (parse_number(m.disp, &disp)) {
            /* A constant address: 32-bit addressing forced by the %eiz pseudo-index. */
            strcpy(m.seg, "gs");
            strcpy(m.index, "%eiz");
            strcpy(m.scale, "1");
            asm_format_mem(&m, op, ASM_TOKEN);
            return 0;
        }
        strcpy(m.base, "%rip"); /* a symbol: address it relative to %rip */
        asm_format_mem(&m, op, ASM_TOKEN);
        return 0;
    }
    int w, b = m.base[0] ? gpr(m.base, &w) : -2, x = m.index[0] ? gpr(m.index, &w) : -2;
    if (b == -1 || x == -1)
        return fail(rw, "memory operand %s uses an unsupported base or index register", op);
    if (b >= 0)
        snprintf(m.base, sizeof m.base, "%%%s", reg32[b]);
    if (x >= 0)
        snprintf(m.index, sizeof m.index, "%%%s", reg32[x]);
    strcpy(m.seg, "gs");
    asm_format_mem(&m, op, ASM_TOKEN);
    return 0;
}

/* ---- control flow -------------------------------------------------------- */

/* and $-32; add %r14; jmp|call through %r11 (spec R-CF-MASKED). */
static void masked_branch(struct rewriter *rw, const char *kind)
{
    emit(rw, "and $-32, %%r11d");
    emit(rw, "add %%r14, %%r11");
    emit(rw, "%s *%%r11", kind);
}

static int indirect_branch(struct rewriter *rw, const char *kind, char *target)
{
    int is_call = !strcmp(kind, "call");
    char *t = target + 1; /* skip '*' */
    int w, r = gpr(t, &w);
    struct asm_mem m;
    if (r < 0 && asm_parse_mem(target, &m) == 0 && !strcmp(m.seg, "gs") && !m.base[0] && !m.index[0]) {
        if (!is_call)
            return fail(rw, "jumps through the runtime-call table are not allowed");
        emit(rw, ".bundle_lock align_to_end");
        emit(rw, "call %s", target);
        emit(rw, ".bundle_unlock");
        return 0;
    }
    if (r < 0 && !is_call && asm_parse_mem(target, &m) == 0 && m.disp[0] && !m.base[0] &&
        (isalpha((unsigned char)m.disp[0]) || m.disp[0] == '.' || m.disp[0] == '_')) {
        /* A jump table: the mask below writes the flags, so no target may
         * read the ones gcc set before the dispatch (it hoists compares). */
        char live[ASM_TOKEN];
        if (jump_table_live_target(&rw->text, m.disp, live, sizeof live)) {
            rw->err->flags_live = 1;
            return fail(rw, "EFLAGS are live from this jump-table dispatch into %s: the sandbox's mask "
                            "would clobber them", live);
        }
    }
    if (r < 0) {
        char op[ASM_TOKEN];
        snprintf(op, sizeof op, "%.*s", ASM_TOKEN - 1, t);
        if (sandbox_mem(rw, op))
            return -1;
        emit(rw, "movq %s, %%r11", op);
    }
    emit(rw, is_call ? ".bundle_lock align_to_end" : ".bundle_lock");
    if (r >= 0 && r != 11)
        emit(rw, "movl %%%s, %%r11d", reg32[r]);
    masked_branch(rw, kind);
    emit(rw, ".bundle_unlock");
    return 0;
}

/* The return address is masked in place and `ret` kept, so the CPU's
 * return predictor still works (spec R-CF-RET): 32-bit offset, bundle
 * start, plus the base. */
static void masked_return(struct rewriter *rw)
{
    emit(rw, ".bundle_lock");
    emit(rw, "movl $0xffffffe0, %%r11d");
    emit(rw, "andq %%r11, (%%rsp)");
    emit(rw, "orq %%r14, (%%rsp)");
    emit(rw, "ret");
    emit(rw, ".bundle_unlock");
}

/* %rsp writes (spec R-RSP-WRITE): the new 32-bit offset is computed in
 * %r11d, then `lea (%r14,%r11), %rsp` sets %rsp in one step, so %rsp never
 * holds a bare offset (a signal there would push its frame at a host
 * address). One table row per form gcc writes:
 *   OP            emits                                     clobbers
 *   mov src,%rsp  movl src32,%r11d ; lea                    r11
 *   lea m,%rsp    leal m,%r11d ; lea                        r11
 *   add $n,%rsp   leal n(%rsp),%r11d ; lea                  r11 (no flags: gcc never reads add's)
 *   sub $n,%rsp   leal -n(%rsp),%r11d ; lea                 r11 (no flags)
 *   OP src,%rsp   movl %esp,%r11d ; OPl src32,%r11d ; lea   r11, flags as OP writes them
 *   leave         movl %ebp,%r11d ; lea ; popq %rbp         r11 (no flags, as leave) */
static void rsp_set(struct rewriter *rw)
{
    emit(rw, "leaq (%%r14,%%r11), %%rsp");
    emit(rw, ".bundle_unlock");
}

static int rsp_write(struct rewriter *rw, const char *base, char *src)
{
    int w, r = gpr(src, &w);
    char s[ASM_TOKEN];
    long long n;
    if (r >= 0)
        snprintf(s, sizeof s, "%%%s", reg32[r]);
    else {
        snprintf(s, sizeof s, "%s", src);
        if (strcmp(base, "lea") && sandbox_mem(rw, s))
            return -1;
    }
    int imm = s[0] == '$' && parse_number(s + 1, &n) && n >= -0x7fffffffLL && n <= 0x7fffffffLL;
    if ((!strcmp(base, "add") || !strcmp(base, "sub")) && flags_live_from(&rw->text, rw->stmt + 1))
        return fail(rw, "the flags of this %%rsp adjustment are read later: the sandbox computes %%rsp "
                        "in 32 bits, whose flags differ");
    emit(rw, ".bundle_lock");
    if (!strcmp(base, "mov") || !strcmp(base, "lea")) {
        emit(rw, "%sl %s, %%r11d", base, s);
    } else if (imm && (!strcmp(base, "add") || !strcmp(base, "sub"))) {
        emit(rw, "leal %lld(%%rsp), %%r11d", base[0] == 'a' ? n : -n);
    } else {
        emit(rw, "movl %%esp, %%r11d");
        emit(rw, "%sl %s, %%r11d", base, s);
    }
    rsp_set(rw);
    return 0;
}

/* String instructions (spec R-STR). The pointer registers are rebased for
 * the instruction, then given back the upper half they had, so code that
 * goes on using them (comparing with other pointers, subtracting) sees the
 * values it would natively. Everything here leaves the flags alone: gcc
 * keeps flags live across an inlined rep stos, and cmps/scas produce them.
 *   step                 emits                                        clobbers
 *   keep upper(R) in r11  movq %R,%r11 ; bswap ; movl %r11d,%r11d ; bswap  r11
 *   keep rdi (two regs)   movq %rdi,-136(%rsp): below the red zone, which    that slot
 *                         the ABI lets signal handlers clobber, so it
 *                         holds nothing live
 *   locked                movl %eR,%eR ; leaq (%r14,%R),%R (each R) ; OP
 *   give R its upper      movl %eR,%eR ; leaq (%R,%r11),%R                  r11 */
static void keep_upper(struct rewriter *rw, const char *from)
{
    emit(rw, "movq %s, %%r11", from);
    emit(rw, "bswapq %%r11");
    emit(rw, "movl %%r11d, %%r11d");
    emit(rw, "bswapq %%r11");
}

static void give_upper(struct rewriter *rw, const char *reg)
{
    emit(rw, "movl %%e%s, %%e%s", reg, reg);
    emit(rw, "leaq (%%r%s,%%r11), %%r%s", reg, reg);
}

static void string_insn(struct rewriter *rw, const char *prefix, const char *m, int rsi, int rdi)
{
    if (rsi && rdi)
        emit(rw, "movq %%rdi, -136(%%rsp)");
    keep_upper(rw, rsi ? "%rsi" : "%rdi");
    emit(rw, ".bundle_lock");
    if (rsi) {
        emit(rw, "movl %%esi, %%esi");
        emit(rw, "leaq (%%r14,%%rsi), %%rsi");
    }
    if (rdi) {
        emit(rw, "movl %%edi, %%edi");
        emit(rw, "leaq (%%r14,%%rdi), %%rdi");
    }
    emit(rw, "%s%s%s", prefix, prefix[0] ? " " : "", m);
    emit(rw, ".bundle_unlock");
    give_upper(rw, rsi ? "si" : "di");
    if (rsi && rdi) {
        keep_upper(rw, "-136(%rsp)");
        give_upper(rw, "di");
    }
}

/* ---- one instruction ----------------------------------------------------- */

static int rewrite_insn(struct rewriter *rw, const char *text)
{
    struct asm_insn in;
    if (asm_parse_insn(text, &in) != 0)
        return fail(rw, "cannot parse instruction '%s'", text);
    const char *m = in.mnemonic;
    static const char *const refused[] = {"syscall", "sysenter", "int", "int3", "into", "iret", "iretq",
        "enter", "enterq", "popf", "popfq", "popfw", "xlat", "xlatb", "ljmp", "lcall", "lret", "lretq",
        "wrfsbase", "wrgsbase", "rdfsbase", "rdgsbase", "xsave", "xrstor", "fxsave", "fxrstor", NULL};
    if (is_one_of(m, refused))
        return fail(rw, "'%s' is not allowed in a sandbox", m);
    if (strstr(in.prefix, "notrack")) /* CET hint only: the mask is the check */
        in.prefix[0] = 0;
    /* gcc's spelling of tzcnt (the same bytes): written as tzcnt, the
     * assembler puts a %gs prefix before the mandatory f3, not after it. */
    if ((!strcmp(in.prefix, "rep") || !strcmp(in.prefix, "repz") || !strcmp(in.prefix, "repe")) &&
        base_is(m, "bsf")) {
        char suffix[8];
        snprintf(suffix, sizeof suffix, "%.7s", in.mnemonic + 3);
        in.prefix[0] = 0;
        snprintf(in.mnemonic, sizeof in.mnemonic, "tzcnt%s", suffix);
    }

    if (base_is(m, "ret"))
        return in.nops ? fail(rw, "'ret $n' is not supported") : (masked_return(rw), 0);
    if (base_is(m, "leave")) {
        emit(rw, ".bundle_lock");
        emit(rw, "movl %%ebp, %%r11d");
        rsp_set(rw);
        emit(rw, "popq %%rbp");
        return 0;
    }
    for (int i = 0; i < in.nops; i++) {
        const char *why, *reg = mentions_reserved(in.ops[i], &why);
        if (reg)
            return fail(rw, "'%s' uses %s, reserved by the sandbox: %s", text, reg, why);
    }

    int rsi, rdi;
    if (string_regs(m, &rsi, &rdi)) {
        string_insn(rw, in.prefix, m, rsi, rdi);
        return 0;
    }
    if (base_is(m, "call") || base_is(m, "jmp")) {
        const char *kind = m[0] == 'c' ? "call" : "jmp";
        if (in.nops != 1)
            return fail(rw, "'%s' needs exactly one operand", m);
        if (in.ops[0][0] == '*')
            return indirect_branch(rw, kind, in.ops[0]);
        if (kind[0] == 'c') {
            emit(rw, ".bundle_lock align_to_end");
            emit(rw, "call %s", in.ops[0]);
            emit(rw, ".bundle_unlock");
        } else {
            emit(rw, "jmp %s", in.ops[0]);
        }
        return 0;
    }
    if (m[0] == 'j' || !strncmp(m, "loop", 4)) { /* jcc, jrcxz, loop: direct only */
        if (in.nops != 1 || in.ops[0][0] == '*')
            return fail(rw, "indirect '%s' is not supported", m);
        emit(rw, "%s %s", m, in.ops[0]);
        return 0;
    }
    /* Writes to %rsp other than push/pop/call. */
    const char *dst = in.nops ? in.ops[in.nops - 1] : "";
    if (!strcmp(dst, "%rsp") || !strcmp(dst, "%esp") || !strcmp(dst, "%sp") || !strcmp(dst, "%spl")) {
        static const char *const bases[] = {"add", "sub", "and", "mov", "lea", NULL};
        if (base_is(m, "pop"))
            return fail(rw, "'pop %%rsp' is not supported");
        if (base_is(m, "push") || base_is(m, "cmp") || base_is(m, "test"))
            goto generic; /* reads %rsp only */
        for (int i = 0; bases[i]; i++)
            if (base_is(m, bases[i]) && in.nops == 2)
                return rsp_write(rw, bases[i], in.ops[0]);
        return fail(rw, "'%s' writes %%rsp in a way the sandbox cannot check", text);
    }
generic:
    if (!base_is(m, "lea") && strncmp(m, "nop", 3) != 0)
        for (int i = 0; i < in.nops; i++)
            if (sandbox_mem(rw, in.ops[i]))
                return -1;
    fprintf(rw->out, "\t%s%s%s", in.prefix, in.prefix[0] ? " " : "", m);
    for (int i = 0; i < in.nops; i++)
        fprintf(rw->out, "%s%s", i ? ", " : " ", in.ops[i]);
    fputc('\n', rw->out);
    return 0;
}

/* ---- sections, labels, pass 1 ------------------------------------------- */

/* gcc marks an object whose nested function has its address taken with an
 * executable .note.GNU-stack ("x"): the trampoline is code on the stack.
 * Guest stacks are never executable (R-LAYOUT-WX), so say why here rather
 * than let the assembler fail on the section flags. */
static int wants_executable_stack(const char *d)
{
    if (strncmp(d, ".section", 8) && strncmp(d, ".pushsection", 12))
        return 0;
    const char *name = d + strcspn(d, " \t");
    name += strspn(name, " \t");
    if (strncmp(name, ".note.GNU-stack", 15))
        return 0;
    const char *flags = strchr(name, '"');
    return flags && memchr(flags + 1, 'x', strcspn(flags + 1, "\""));
}

static void track_section(struct rewriter *rw, const char *d)
{
    int text = -1;
    if (!strncmp(d, ".text", 5))
        text = 1;
    else if (!strncmp(d, ".data", 5) || !strncmp(d, ".bss", 4))
        text = 0;
    else if (!strncmp(d, ".section", 8) || !strncmp(d, ".pushsection", 12)) {
        const char *name = d + strcspn(d, " \t");
        name += strspn(name, " \t");
        const char *flags = strchr(name, '"');
        text = !strncmp(name, ".text", 5) || (flags && strchr(flags, 'x') &&
                                              strchr(flags, 'x') < strchr(flags + 1, '"'));
    } else if (!strncmp(d, ".previous", 9) || !strncmp(d, ".popsection", 11)) {
        int t = rw->in_text;
        rw->in_text = rw->prev_in_text;
        rw->prev_in_text = t;
        return;
    }
    if (text >= 0) {
        rw->prev_in_text = rw->in_text;
        rw->in_text = text;
    }
}

static int ident_char(char c) { return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '$'; }

/* Every identifier in s (outside strings) is a label that may be reached indirectly. */
static void collect_identifiers(struct label_set *set, const char *s)
{
    while (*s) {
        if (*s == '"') {
            s = strchr(s + 1, '"');
            if (!s)
                return;
            s++;
            continue;
        }
        if (ident_char(*s) && !isdigit((unsigned char)*s) && *s != '$') {
            const char *start = s;
            while (ident_char(*s))
                s++;
            label_set_add(set, start, (int)(s - start));
        } else {
            s++;
        }
    }
}

/* Labels reachable indirectly: named in data, taken as $imm or by lea, or functions. */
static void pass1_line(struct rewriter *rw, char *line)
{
    char label[ASM_TOKEN];
    const char *rest = asm_take_label(line, label, sizeof label);
    if (rest)
        line = (char *)rest;
    if (!strncmp(line, ".section", 8)) {
        const char *name = line + 8 + strspn(line + 8, " \t");
        rw->in_debug = !strncmp(name, ".debug", 6);
    } else if (!strncmp(line, ".text", 5) || !strncmp(line, ".data", 5) || !strncmp(line, ".bss", 4)) {
        rw->in_debug = 0;
    }
    if (rw->in_debug)
        return;
    if (!strncmp(line, ".quad", 5) || !strncmp(line, ".long", 5) || !strncmp(line, ".int", 4) ||
        !strncmp(line, ".8byte", 6) || !strncmp(line, ".4byte", 6)) {
        collect_identifiers(&rw->aligned, line + strcspn(line, " \t"));
    } else if (!strncmp(line, ".type", 5) && strstr(line, "function")) {
        const char *n = line + 5 + strspn(line + 5, " \t");
        label_set_add(&rw->aligned, n, (int)strcspn(n, ", \t"));
    } else if (line[0] != '.') {
        for (const char *p = strchr(line, '$'); p; p = strchr(p + 1, '$'))
            if (ident_char(p[1]) && !isdigit((unsigned char)p[1]))
                label_set_add(&rw->aligned, p + 1, (int)strcspn(p + 1, ",+-) \t"));
        if (!strncmp(line, "lea", 3)) {
            const char *p = line + strcspn(line, " \t");
            p += strspn(p, " \t");
            label_set_add(&rw->aligned, p, (int)strcspn(p, "(+-, \t"));
        }
    }
}

/* ---- driver --------------------------------------------------------------- */

/* Splits a line into statements at ';' outside strings (inline asm uses them). */
static int next_statement(char **cursor, char **stmt)
{
    char *p = *cursor;
    if (!p)
        return 0;
    *stmt = p;
    int in_str = 0;
    for (; *p; p++) {
        if (*p == '"' && (p == *stmt || p[-1] != '\\'))
            in_str = !in_str;
        if (*p == ';' && !in_str) {
            *p = 0;
            *cursor = p + 1;
            return 1;
        }
    }
    *cursor = NULL;
    return 1;
}

/* Inline assembly often writes a prefix as its own statement ("lock ;
 * cmpxchg", musl's atomics; "rep\n\tmovsb"): the prefix belongs to the
 * next instruction, and anything inserted between them would take it
 * (a lock-prefixed nop, a prefix on the sandboxing sequence). Prefix-only
 * statements are held and joined to the statement that follows. */
struct prefix_join {
    char held[64];
    char joined[4096 + 64];
};

static int prefix_only(const char *s)
{
    static const char *const prefixes[] = {"lock", "rep", "repe", "repz", "repne", "repnz", NULL};
    char word[16];
    while (*s) {
        size_t n = strcspn(s, " \t");
        if (n == 0 || n >= sizeof word)
            return 0;
        memcpy(word, s, n);
        word[n] = 0;
        int known = 0;
        for (int i = 0; prefixes[i]; i++)
            known |= !strcmp(word, prefixes[i]);
        if (!known)
            return 0;
        s += n;
        s += strspn(s, " \t");
    }
    return 1;
}

/* NULL when stmt is held; else the statement to process (stmt itself or
 * the held prefixes joined to it). stmt is already stripped. */
static char *join_prefix(struct prefix_join *j, char *stmt)
{
    if (*stmt && prefix_only(stmt) && strlen(j->held) + strlen(stmt) + 2 < sizeof j->held) {
        if (j->held[0])
            strcat(j->held, " ");
        strcat(j->held, stmt);
        return NULL;
    }
    if (!j->held[0] || !*stmt)
        return stmt;
    snprintf(j->joined, sizeof j->joined, "%s %s", j->held, stmt);
    j->held[0] = 0;
    return j->joined;
}

/* gcc aligns loop heads (and some jump targets) to 16 bytes, with a
 * fallback to 8: `.p2align 4,,10` then `.p2align 3`. In bundled code a
 * 16-byte boundary is no better than any other, and a hot loop that starts
 * mid-bundle straddles one more fetch block than it needs (matmul's inner
 * loop: 1.11x native time, against 0.95x bundle-aligned). So loop heads
 * start a bundle; the padding runs once per loop entry, not per iteration. */
/* The alignment in bytes a .p2align, .balign or .align directive asks
 * for (x86 .align counts bytes), 0 for any other directive. */
static long alignment_bytes(const char *d)
{
    static const struct {
        const char *name;
        int log2;
    } forms[] = {{".p2align", 1}, {".balign", 0}, {".align", 0}};
    for (unsigned i = 0; i < sizeof forms / sizeof *forms; i++) {
        size_t n = strlen(forms[i].name);
        if (!strncmp(d, forms[i].name, n) && isspace((unsigned char)d[n])) {
            long v = strtol(d + n + 1, NULL, forms[i].log2 ? 10 : 0);
            return forms[i].log2 ? 1L << (v & 31) : v;
        }
    }
    return 0;
}

static int loop_alignment(struct rewriter *rw, const char *d)
{
    /* Above a bundle, the assembler pads with long nops that cross bundle
     * boundaries (.p2align 6 in inline assembly did): code gets at most
     * bundle alignment. */
    if (alignment_bytes(d) > VX_BUNDLE_SIZE) {
        fprintf(rw->out, "\t.p2align 5\n");
        return 1;
    }
    if (!strncmp(d, ".p2align", 8) && isspace((unsigned char)d[8])) {
        const char *arg = d + 9 + strspn(d + 9, " \t");
        if (arg[0] == '4' && (arg[1] == 0 || arg[1] == ',')) {
            fprintf(rw->out, "\t.p2align 5\n");
            rw->after_loop_align = 1;
            return 1;
        }
        if (arg[0] == '3' && arg[1] == 0 && rw->after_loop_align) {
            rw->after_loop_align = 0; /* its fallback: already covered */
            return 1;
        }
    }
    return 0;
}

/* clang's assembler folds the distance between two labels of one fragment
 * (line-table rows, gcc's .LVL labels) as it reads them, before the bundle
 * padding between them exists: rows pointed up to 31 bytes early, at the
 * previous source line (addr2line named the wrong line, even at -O0). An
 * empty alignment after each instruction ends its fragment, so every such
 * distance is computed at layout. It emits no bytes. */
static void fragment_break(struct rewriter *rw) { emit(rw, ".p2align 0"); }

static int pass2_statement(struct rewriter *rw, char *s)
{
    rw->stmt++;
    asm_strip(s);
    if (!*s)
        return 0;
    char label[ASM_TOKEN];
    const char *rest = asm_take_label(s, label, sizeof label);
    if (rest) {
        if (rw->in_text && label_set_has(&rw->aligned, label))
            emit(rw, ".p2align 5");
        fprintf(rw->out, "%s:\n", label);
        s = (char *)rest;
        if (!*s)
            return 0;
    }
    if (s[0] == '.') {
        if (!strncmp(s, ".bundle_", 8))
            return fail(rw, "bundle directives belong to vxcc, not to the input");
        if (wants_executable_stack(s))
            return fail(rw, "nested function needs an executable stack (gcc puts its trampoline there), "
                            "which the sandbox forbids by design: make it a separate function");
        track_section(rw, s);
        if (rw->in_text && loop_alignment(rw, s))
            return 0;
        rw->after_loop_align = 0;
        fprintf(rw->out, "\t%s\n", s);
        return 0;
    }
    rw->after_loop_align = 0;
    if (!rw->in_text) {
        fprintf(rw->out, "\t%s\n", s);
        return 0;
    }
    int rc = rewrite_insn(rw, s);
    fragment_break(rw);
    return rc;
}

int vx_rewrite(FILE *in, FILE *out, struct rewrite_error *err)
{
    struct rewriter rw = {.out = out, .err = err, .in_text = 1, .prev_in_text = 1};
    char **lines = NULL;
    size_t n = 0, cap = 0, len = 0;
    char *buf = NULL;
    ssize_t got;
    while ((got = getline(&buf, &len, in)) > 0) {
        if (n == cap) {
            cap = cap ? 2 * cap : 1024;
            char **grown = realloc(lines, cap * sizeof *lines);
            if (!grown)
                abort();
            lines = grown;
        }
        buf[strcspn(buf, "\n")] = 0;
        lines[n++] = strdup(buf);
    }
    free(buf);
    int rc = 0;
    static struct prefix_join join1, join2;
    join1.held[0] = join2.held[0] = 0;
    for (size_t i = 0; i < n; i++) {
        char copy[4096];
        snprintf(copy, sizeof copy, "%.4095s", lines[i]);
        char *cur = copy, *stmt;
        while (next_statement(&cur, &stmt)) {
            asm_strip(stmt);
            if (!(stmt = join_prefix(&join1, stmt)))
                continue;
            asm_text_add(&rw.text, stmt);
            pass1_line(&rw, stmt);
        }
    }
    fprintf(out, "\t.bundle_align_mode 5\n");
    rw.stmt = (size_t)-1; /* pass2_statement counts from 0 */
    for (size_t i = 0; i < n && rc == 0; i++) {
        rw.line = (int)i + 1;
        if (strlen(lines[i]) >= 4096) {
            rc = fail(&rw, "line too long");
            break;
        }
        char *cur = lines[i], *stmt;
        while (rc == 0 && next_statement(&cur, &stmt)) {
            asm_strip(stmt);
            if ((stmt = join_prefix(&join2, stmt)))
                rc = pass2_statement(&rw, stmt);
        }
    }
    if (rc == 0 && join2.held[0])
        rc = fail(&rw, "a prefix ends the assembly without an instruction to apply to");
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
    label_set_free(&rw.aligned);
    asm_text_free(&rw.text);
    return rc;
}
