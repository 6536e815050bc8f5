/* vxcc: a gcc-compatible driver that produces sandboxed guest code.
 * C and .S inputs go through gcc to assembly, every assembly file through
 * the rewriter (asm_rewrite.c), then clang's assembler (it implements
 * `.bundle_lock align_to_end`, GNU as does not), then a static link with the
 * vx linker script and the guest runtime found next to this executable. */
#include "asm_rewrite.h"
#include "image_mark.h"
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Defaults that give gcc's output the shape the rewriter expects; a
 * project's own flags come after them and may change them. */
static const char *const guest_cflags[] = {
    "-fno-pic", "-fno-pie", "-mcmodel=small", "-falign-functions=32", "-fno-stack-protector",
    "-fcf-protection=none", "-fno-asynchronous-unwind-tables", "-fno-unwind-tables",
    "-gno-variable-location-views", NULL};

/* What the sandbox needs, after every user flag so none can undo it:
 *   -ffixed-r11/-ffixed-r14        the scratch and base registers (spec section 2)
 *   -mno-avx512f                   Capstone 4 lacks many AVX-512 encodings (section 7)
 *   -ftls-model=local-exec         every __thread access is %fs:x@tpoff, which the rewriter
 *                                  turns into the guest's thread pointer (R-TP); no GOT
 *                                  sequences for the linker to relax behind its back
 *   -mtune-ctrl=^use_gather*       no AVX2 gathers: VSIB operands are rejected (R-MEM-VSIB)
 *   -Werror=trampolines            nested functions need an executable stack, which no
 *                                  sandbox has: a clear error, not an image that faults */
static const char *const sandbox_cflags[] = {
    "-ffixed-r11", "-ffixed-r14", "-mno-avx512f", "-ftls-model=local-exec",
    "-mtune-ctrl=^use_gather_2parts,^use_gather_4parts,^use_gather", "-Werror=trampolines", NULL};

#ifndef VX_GCC_INCLUDE
#define VX_GCC_INCLUDE "/usr/lib/gcc/x86_64-linux-gnu/12/include"
#endif

struct argv_list {
    char **v;
    int n, cap;
};

static void push(struct argv_list *l, const char *s)
{
    if (l->n + 2 > l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->v = realloc(l->v, (size_t)l->cap * sizeof *l->v);
        if (!l->v)
            exit(4);
    }
    l->v[l->n++] = strdup(s);
    l->v[l->n] = NULL;
}

static void pushf(struct argv_list *l, const char *fmt, ...)
{
    char buf[PATH_MAX + 64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    push(l, buf);
}

static int verbose;
static char guest_dir[PATH_MAX];  /* <dir of vxcc>/guest or <dir of vxcc>/../lib/vx/guest */
static struct argv_list temps;    /* removed at exit */

static void cleanup(void)
{
    for (int i = 0; i < temps.n; i++)
        unlink(temps.v[i]);
}

static int run(struct argv_list *cmd)
{
    if (verbose) {
        for (int i = 0; i < cmd->n; i++)
            fprintf(stderr, "%s%s", i ? " " : "", cmd->v[i]);
        fputc('\n', stderr);
    }
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        execvp(cmd->v[0], cmd->v);
        fprintf(stderr, "vxcc: cannot run %s: %s\n", cmd->v[0], strerror(errno));
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static const char *temp_file(const char *suffix)
{
    char tmpl[PATH_MAX];
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(tmpl, sizeof tmpl, "%s/vxcc-XXXXXX%s", dir, suffix);
    int fd = mkstemps(tmpl, (int)strlen(suffix));
    if (fd < 0) {
        fprintf(stderr, "vxcc: cannot create a temporary file: %s\n", strerror(errno));
        exit(4);
    }
    close(fd);
    push(&temps, tmpl);
    return temps.v[temps.n - 1];
}

static const char *suffix_of(const char *path)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    return dot && (!slash || dot > slash) ? dot : "";
}

/* ---- options ------------------------------------------------------------- */

struct options {
    int mode;                    /* 'E', 'S', 'c', or 'l' (link) */
    const char *output;
    struct argv_list cflags;     /* passed to gcc when compiling */
    struct argv_list ldflags;    /* -L, -l, -Wl, objects in order */
    struct argv_list sources;    /* .c .s .S inputs */
    struct argv_list langs;      /* -x language for each source, or "" */
    const char *lang;            /* -x LANG, applies to following sources */
    int shared;                  /* -shared: a relocatable object instead (see link_relocatable) */
};

static const char *guest_target(void);

/* Options that take their value as the next argument. */
static int takes_value(const char *a)
{
    static const char *const with_value[] = {"-I", "-D", "-U", "-include", "-isystem", "-idirafter",
        "-iquote", "-imacros", "-MF", "-MT", "-MQ", "-std", "-Xpreprocessor", NULL};
    for (int i = 0; with_value[i]; i++)
        if (!strcmp(a, with_value[i]))
            return 1;
    return 0;
}

static int parse_args(int argc, char **argv, struct options *o)
{
    o->mode = 'l';
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-c") || !strcmp(a, "-S") || !strcmp(a, "-E")) {
            o->mode = a[1];
        } else if (!strcmp(a, "-o")) {
            if (++i >= argc)
                return fprintf(stderr, "vxcc: -o needs a file name\n"), -1;
            o->output = argv[i];
        } else if (!strncmp(a, "-o", 2)) {
            o->output = a + 2;
        } else if (!strcmp(a, "-v")) {
            verbose = 1;
        } else if (!strcmp(a, "-x")) {
            if (++i >= argc)
                return fprintf(stderr, "vxcc: -x needs a language\n"), -1;
            o->lang = strcmp(argv[i], "none") ? argv[i] : NULL;
        } else if (!strcmp(a, "-shared")) {
            o->shared = 1;
        } else if (!strcmp(a, "-fpic") || !strcmp(a, "-fPIC") || !strcmp(a, "-fpie") || !strcmp(a, "-fPIE") ||
                   !strcmp(a, "-pie")) {
            /* Position-independent code is never needed: guests link at fixed offsets. */
        } else if (!strncmp(a, "-flto", 5)) {
            return fprintf(stderr, "vxcc: %s: link-time optimisation is not supported (the rewriter needs "
                                   "gcc's assembly for every function)\n", a), -1;
        } else if (!strncmp(a, "-mstack-protector-guard", 23) || !strncmp(a, "-ffixed-", 8) ||
                   !strncmp(a, "-fcall-used-", 12) || !strncmp(a, "-fcall-saved-", 13)) {
            return fprintf(stderr, "vxcc: %s: this option is the sandbox's to set\n", a), -1;
        } else if (!strcmp(a, "-static") || !strcmp(a, "-no-pie") || !strcmp(a, "-pthread") ||
                   !strcmp(a, "-rdynamic")) {
            /* implied, or not applicable */
        } else if (!strcmp(a, "-L") || !strcmp(a, "-l") || !strcmp(a, "-Xlinker")) {
            if (++i >= argc)
                return fprintf(stderr, "vxcc: %s needs a value\n", a), -1;
            if (!strcmp(a, "-Xlinker")) {
                push(&o->ldflags, a);
                push(&o->ldflags, argv[i]);
            } else {
                pushf(&o->ldflags, "%s%s", a, argv[i]);
            }
        } else if (!strncmp(a, "-L", 2) || !strncmp(a, "-l", 2) || !strncmp(a, "-Wl,", 4)) {
            push(&o->ldflags, a);
        } else if (takes_value(a)) {
            if (++i >= argc)
                return fprintf(stderr, "vxcc: %s needs a value\n", a), -1;
            push(&o->cflags, a);
            push(&o->cflags, argv[i]);
        } else if (!strncmp(a, "-g", 2) && strncmp(a, "-gno", 4) && strncmp(a, "-gdwarf", 7)) {
            push(&o->cflags, a);
            push(&o->cflags, "-gdwarf-4"); /* clang 14's assembler reads DWARF 4 line tables */
        } else if (a[0] == '-' && a[1]) {
            push(&o->cflags, a); /* -O2, -g, -Wall, -DX, -IX, -m..., -f..., -MD ... */
        } else {
            const char *s = suffix_of(a);
            if (!strcmp(a, "-")) { /* standard input, as gcc: C unless -x says otherwise */
                push(&o->sources, a);
                push(&o->langs, o->lang ? o->lang : "c");
            } else if (!o->lang && (!strcmp(s, ".cpp") || !strcmp(s, ".cc") || !strcmp(s, ".cxx") ||
                                    !strcmp(s, ".C") || !strcmp(s, ".c++") || !strcmp(s, ".ii"))) {
                return fprintf(stderr, "vxcc: %s: C++ is not supported yet (vxcc compiles C and assembly)\n", a), -1;
            } else if (o->lang && (!strcmp(o->lang, "c++") || !strcmp(o->lang, "c++-header"))) {
                return fprintf(stderr, "vxcc: -x %s: C++ is not supported yet (vxcc compiles C and assembly)\n", o->lang), -1;
            } else if (o->lang || !strcmp(s, ".c") || !strcmp(s, ".s") || !strcmp(s, ".S") || !strcmp(s, ".i")) {
                push(&o->sources, a);
                push(&o->langs, o->lang ? o->lang : "");
            } else {
                push(&o->ldflags, a); /* objects, archives */
            }
        }
    }
    if (!o->sources.n && o->ldflags.n == 0) {
        if (verbose) /* `vxcc -v`: what build systems log about the compiler */
            return fprintf(stderr, "vxcc: gcc 12 for sandboxed guests\nTarget: %s\nThread model: single\n",
                           guest_target()), 1; /* main exits 0: gcc -v alone succeeds */
        return fprintf(stderr, "vxcc: no input files\n"), -1;
    }
    if (o->output && o->mode != 'l' && o->sources.n > 1)
        return fprintf(stderr, "vxcc: cannot specify -o with -c, -S or -E and multiple files\n"), -1;
    return 0;
}

/* ---- steps ----------------------------------------------------------------- */

/* Is this guest library built yet? (The guest runtime's own build runs
 * vxcc before musl and libgcc exist.) */
static int guest_has(const char *lib)
{
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/%s", guest_dir, lib);
    return access(path, R_OK) == 0;
}

/* The guest dir's target triple (its file "target", written before its
 * libc is built): x86_64-vx-linux-musl. */
static const char *guest_target(void)
{
    static char triple[64];
    if (!triple[0]) {
        char path[PATH_MAX + 16];
        snprintf(path, sizeof path, "%s/target", guest_dir);
        FILE *f = fopen(path, "r");
        if (!f || !fgets(triple, sizeof triple, f))
            snprintf(triple, sizeof triple, "x86_64-vx-linux-musl");
        triple[strcspn(triple, "\n")] = 0;
        if (f)
            fclose(f);
    }
    return triple;
}

static int have_libc(void)
{
    static int known = -1;
    if (known < 0)
        known = guest_has("libc.a");
    return known;
}

static void gcc_base(struct argv_list *cmd, const struct options *o)
{
    push(cmd, "gcc");
    for (int i = 0; guest_cflags[i]; i++)
        push(cmd, guest_cflags[i]);
    /* Guest headers only: musl's, then gcc's own (stddef.h, intrinsics),
     * never the host's glibc headers. Before musl is built (the runtime's
     * own bootstrap), code is freestanding. */
    if (have_libc()) {
        push(cmd, "-nostdinc");
        pushf(cmd, "-isystem%s/include", guest_dir);
        push(cmd, "-isystem" VX_GCC_INCLUDE);
    } else {
        push(cmd, "-ffreestanding");
        pushf(cmd, "-isystem%s/include", guest_dir);
    }
    for (int i = 0; i < o->cflags.n; i++)
        push(cmd, o->cflags.v[i]);
    for (int i = 0; sandbox_cflags[i]; i++)
        push(cmd, sandbox_cflags[i]);
    push(cmd, "-D__vx__=1"); /* the target, beside gcc's own __linux__ and __x86_64__ */
}

/* 0 done, 1 failed, 2 failed only because flags are live across a
 * jump-table dispatch (the caller then compiles without jump tables). */
static int rewrite_file(const char *in_path, const char *out_path, const char *shown, int quiet_flags)
{
    int to_stdout = !strcmp(out_path, "-"); /* -S -o -, as gcc */
    FILE *in = fopen(in_path, "r"), *out = to_stdout ? stdout : fopen(out_path, "w");
    if (!in || !out) {
        fprintf(stderr, "vxcc: %s: %s\n", in ? out_path : in_path, strerror(errno));
        if (in) fclose(in);
        if (out && !to_stdout) fclose(out);
        return 1;
    }
    struct rewrite_error err = {0};
    int rc = vx_rewrite(in, out, &err);
    fclose(in);
    if ((to_stdout ? fflush(out) : fclose(out)) != 0)
        rc = -1;
    if (rc && err.flags_live && quiet_flags)
        return 2;
    if (rc)
        fprintf(stderr, "%s: assembly line %d: error: %s\n", shown, err.line, err.msg);
    return rc ? 1 : 0;
}

/* Output name for a source when none (or a directory-less default) is given. */
static char *default_output(const char *src, const char *suffix)
{
    char *copy = strdup(src), *base = basename(copy);
    char *dot = strrchr(base, '.');
    if (dot)
        *dot = 0;
    char *out = malloc(strlen(base) + strlen(suffix) + 1);
    sprintf(out, "%s%s", base, suffix);
    free(copy);
    return out;
}

/* vxcc's own -S output starts with this line; it is assembled as it is. */
static const char rewritten_marker[] = "\t.bundle_align_mode 5\n";

static int is_rewritten(const char *path)
{
    char first[sizeof rewritten_marker] = "";
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(first, 1, sizeof first - 1, f);
    fclose(f);
    first[n] = 0;
    return !strcmp(first, rewritten_marker);
}

/* One source to an object (or to rewritten assembly with -S). */
static int compile_one(const struct options *o, const char *src, const char *lang, const char *obj_out)
{
    const char *s = suffix_of(src);
    int is_asm = !strcmp(lang, "assembler") || (!lang[0] && !strcmp(s, ".s"));
    int is_cpp_asm = !strcmp(lang, "assembler-with-cpp") || (!lang[0] && !strcmp(s, ".S"));
    const char *raw = src;
    int no_jump_tables = 0;
again:
    if (!is_asm) {
        struct argv_list cmd = {0};
        gcc_base(&cmd, o);
        if (no_jump_tables)
            push(&cmd, "-fno-jump-tables");
        if (lang[0]) {
            push(&cmd, "-x");
            push(&cmd, lang);
        }
        if (is_cpp_asm) {
            push(&cmd, "-E");
            push(&cmd, "-P");
        } else {
            push(&cmd, "-S");
        }
        push(&cmd, src);
        push(&cmd, "-o");
        raw = temp_file(".s");
        push(&cmd, raw);
        if (run(&cmd) != 0)
            return 1;
    }
    const char *rewritten = raw;
    if (!(is_asm && is_rewritten(raw))) {
        rewritten = o->mode == 'S' ? obj_out : temp_file(".vx.s");
        int rc = rewrite_file(raw, rewritten, src, !is_asm && !is_cpp_asm && !no_jump_tables);
        if (rc == 2) {
            /* gcc kept flags live into a jump table's targets: the masked
             * dispatch would clobber them. Compare trees keep them. */
            if (verbose)
                fprintf(stderr, "vxcc: %s: flags live across a jump-table dispatch; compiling without jump tables\n", src);
            no_jump_tables = 1;
            goto again;
        }
        if (rc)
            return 1;
    }
    if (o->mode == 'S')
        return 0;
    struct argv_list as = {0};
    push(&as, "clang");
    push(&as, "-c");
    push(&as, "-x");
    push(&as, "assembler");
    push(&as, "-Wa,--noexecstack");
    push(&as, rewritten);
    push(&as, "-o");
    push(&as, obj_out);
    return run(&as) ? 1 : 0;
}

/* The linker flags of one -Wl,a,b or -Xlinker a, as ld's own arguments. */
static void push_linker_flags(struct argv_list *cmd, const struct options *o, int *i)
{
    const char *a = o->ldflags.v[*i];
    if (!strcmp(a, "-Xlinker") && *i + 1 < o->ldflags.n) {
        push(cmd, o->ldflags.v[++*i]);
    } else if (!strncmp(a, "-Wl,", 4)) {
        char *copy = strdup(a + 4), *save = NULL;
        for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
            push(cmd, t);
        free(copy);
    } else {
        push(cmd, a);
    }
}

/* The static link, by ld itself: gcc's driver would add the host's library
 * directories (-L/usr/lib/x86_64-linux-gnu, gcc's own), so `-lz` would find
 * the host's libz.a, a configure probe would pass and the image fail
 * verification. ld -nostdlib searches only the directories named here:
 * the project's own -L, then the guest's. */
static int link_all(const struct options *o, struct argv_list *objects)
{
    struct argv_list cmd = {0};
    push(&cmd, "ld");
    push(&cmd, "-nostdlib");
    push(&cmd, "-static");
    push(&cmd, "-no-pie");
    push(&cmd, "-m");
    push(&cmd, "elf_x86_64");
    pushf(&cmd, "-T%s/vx.ld", guest_dir);
    push(&cmd, "--build-id=none");
    push(&cmd, "-znoexecstack");
    push(&cmd, "-zmax-page-size=4096");
    pushf(&cmd, "%s/crt0.o", guest_dir);
    for (int i = 0; i < objects->n; i++)
        push(&cmd, objects->v[i]);
    for (int i = 0; i < o->ldflags.n; i++)
        push_linker_flags(&cmd, o, &i);
    pushf(&cmd, "-L%s", guest_dir);
    push(&cmd, "--start-group");
    push(&cmd, "-lvxrt");
    if (have_libc()) {
        push(&cmd, "-lc");
        push(&cmd, "-lm");
    }
    if (guest_has("libgcc.a"))
        push(&cmd, "-lgcc");
    push(&cmd, "--end-group");
    const char *image = o->output ? o->output : "a.out";
    push(&cmd, "-o");
    push(&cmd, image);
    if (run(&cmd))
        return 1;
    return vx_mark_image(image) ? 1 : 0; /* binfmt_misc routes marked images to vxrun */
}

/* `-shared` (libtool's, CMake's and many Makefiles' default): guests are
 * static, so, as emscripten does, the "shared library" is one relocatable
 * object of its inputs, which a later static link takes like any object
 * (by path, or through -lNAME: see resolve_shared). Library flags and
 * linker options meant for a shared link (-soname, version scripts) have
 * nothing to do here. */
static int link_relocatable(const struct options *o, struct argv_list *objects)
{
    const char *out = o->output ? o->output : "a.out";
    fprintf(stderr, "vxcc: warning: -shared: guests are static; %s is a relocatable object for static links\n", out);
    struct argv_list cmd = {0};
    push(&cmd, "ld");
    push(&cmd, "-r");
    push(&cmd, "-m");
    push(&cmd, "elf_x86_64");
    for (int i = 0; i < objects->n; i++)
        push(&cmd, objects->v[i]);
    for (int i = 0; i < o->ldflags.n; i++) {
        const char *a = o->ldflags.v[i];
        if (!strcmp(a, "-Xlinker"))
            i++;
        else if (a[0] != '-')
            push(&cmd, a); /* objects and archives */
    }
    push(&cmd, "-o");
    push(&cmd, out);
    return run(&cmd) ? 1 : 0;
}

/* -lNAME where a -L directory has no libNAME.a but a libNAME.so that vxcc
 * made with -shared (a relocatable object): link that file. A real shared
 * library (ET_DYN) is left to ld, which then fails naming it. */
static void resolve_shared(struct options *o)
{
    for (int i = 0; i < o->ldflags.n; i++) {
        const char *a = o->ldflags.v[i];
        if (strncmp(a, "-l", 2) || !a[2] || a[2] == ':')
            continue;
        for (int j = 0; j < o->ldflags.n; j++) {
            const char *d = o->ldflags.v[j];
            if (strncmp(d, "-L", 2) || !d[2])
                continue;
            char path[PATH_MAX];
            snprintf(path, sizeof path, "%s/lib%s.a", d + 2, a + 2);
            if (access(path, R_OK) == 0)
                break;
            snprintf(path, sizeof path, "%s/lib%s.so", d + 2, a + 2);
            unsigned char ident[18] = {0};
            FILE *f = fopen(path, "rb");
            size_t n = f ? fread(ident, 1, sizeof ident, f) : 0;
            if (f)
                fclose(f);
            if (n == sizeof ident && !memcmp(ident, "\177ELF", 4) && ident[16] == 1 /* ET_REL */) {
                free(o->ldflags.v[i]);
                o->ldflags.v[i] = strdup(path);
                break;
            }
        }
    }
}

/* Questions build systems ask the compiler instead of compiling; answered
 * for the guest target. Returns 1 if a is one (and was answered). */
static int answer_query(const char *a)
{
    if (!strcmp(a, "-dumpmachine"))
        return printf("%s\n", guest_target()), 1;
    if (!strcmp(a, "-print-libgcc-file-name"))
        return printf("%s/libgcc.a\n", guest_dir), 1;
    if (!strncmp(a, "-print-file-name=", 17)) {
        char path[PATH_MAX + 64];
        snprintf(path, sizeof path, "%s/%s", guest_dir, a + 17);
        return printf("%s\n", access(path, F_OK) == 0 ? path : a + 17), 1;
    }
    if (!strcmp(a, "-print-search-dirs"))
        return printf("install: %s/\nprograms: =\nlibraries: =%s\n", guest_dir, guest_dir), 1;
    if (!strcmp(a, "-print-sysroot") || !strcmp(a, "-print-multiarch") || !strcmp(a, "-print-multi-os-directory"))
        return printf("%s\n", !strcmp(a, "-print-multi-os-directory") ? "." : ""), 1;
    if (!strcmp(a, "-print-multi-directory") || !strcmp(a, "-print-multi-lib"))
        return printf("%s\n", !strcmp(a, "-print-multi-lib") ? ".;" : "."), 1;
    return 0;
}

/* gcc's own answers where they hold for the guest too. */
static int passes_to_gcc(const char *a)
{
    return !strcmp(a, "--version") || !strcmp(a, "-dumpversion") || !strcmp(a, "-dumpfullversion") ||
           !strncmp(a, "-print-prog-name=", 17);
}

static void find_guest_dir(void)
{
    const char *env = getenv("VX_GUEST_DIR");
    if (env) {
        snprintf(guest_dir, sizeof guest_dir, "%s", env);
        return;
    }
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n < 0) {
        snprintf(guest_dir, sizeof guest_dir, "guest");
        return;
    }
    self[n] = 0;
    /* The build tree keeps it beside vxcc; make install in PREFIX/lib/vx. */
    const char *bin = dirname(self);
    snprintf(guest_dir, sizeof guest_dir, "%s/guest", bin);
    if (access(guest_dir, F_OK) != 0)
        snprintf(guest_dir, sizeof guest_dir, "%s/../lib/vx/guest", bin);
}

int main(int argc, char **argv)
{
    struct options o = {0};
    find_guest_dir();
    atexit(cleanup);
    for (int i = 1; i < argc; i++) {
        if (answer_query(argv[i]))
            return 0;
        if (passes_to_gcc(argv[i])) {
            struct argv_list cmd = {0};
            push(&cmd, "gcc");
            push(&cmd, argv[i]);
            return run(&cmd) ? 1 : 0;
        }
    }
    int parsed = parse_args(argc, argv, &o);
    if (parsed != 0)
        return parsed > 0 ? 0 : 1;
    resolve_shared(&o);
    if (o.mode == 'E') {
        struct argv_list cmd = {0};
        gcc_base(&cmd, &o);
        push(&cmd, "-E");
        for (int i = 0; i < o.sources.n; i++) {
            if (o.langs.v[i][0]) {
                push(&cmd, "-x");
                push(&cmd, o.langs.v[i]);
            }
            push(&cmd, o.sources.v[i]);
        }
        if (o.output) {
            push(&cmd, "-o");
            push(&cmd, o.output);
        }
        return run(&cmd) ? 1 : 0;
    }
    struct argv_list objects = {0};
    for (int i = 0; i < o.sources.n; i++) {
        const char *src = o.sources.v[i];
        const char *out;
        if (o.mode == 'l')
            out = temp_file(".o");
        else if (o.output)
            out = o.output;
        else
            out = default_output(src, o.mode == 'S' ? ".s" : ".o");
        if (compile_one(&o, src, o.langs.v[i], out))
            return 1;
        push(&objects, out);
    }
    if (o.mode != 'l')
        return 0;
    return o.shared ? link_relocatable(&o, &objects) : link_all(&o, &objects);
}
