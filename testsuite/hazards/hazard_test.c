/* The state-preservation checker (vxhazard) against what it must find and
 * what it must not: the old rewriter's three hazards (issue 11 a, b, c) in
 * fixtures, each reported at the inserted instruction and its reader;
 * today's forms of the same code, silent; then every vxcc-built object and
 * image of the build, which must be hazard-free, with minimum counts so
 * the scan cannot pass by finding nothing. */
#include "check.h"
#include "elf_input.h"
#include "report.h"
#include "test_shell.h"
#include <criterion/criterion.h>
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

/* ---- collecting what the checker reports ------------------------------- */

struct found {
    char piece[32];
    uint8_t kind;
    uint64_t effect, observer;
    int has_observer;
    struct hz_bits observed;
};

struct results {
    struct found h[64];
    size_t n;
};

static void collect(const struct hz_hazard *h, void *ctx)
{
    struct results *r = ctx;
    hz_print_hazard(stderr, h);
    if (r->n == 64)
        return;
    struct found *f = &r->h[r->n++];
    snprintf(f->piece, sizeof f->piece, "%s", h->piece);
    f->kind = h->kind;
    f->effect = h->effect_addr;
    f->observer = h->observer_addr;
    f->has_observer = h->has_observer;
    f->observed = h->observed;
}

static void case_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/hazards/cases/%s.o", build_dir(), name);
}

/* Checks one fixture; returns its totals. */
static struct hz_totals check_case(const char *name, struct results *r)
{
    char path[512], err[700];
    case_path(path, sizeof path, name);
    struct hz_checker c;
    cr_assert_eq(hz_checker_init(&c), 0);
    memset(r, 0, sizeof *r);
    c.on_hazard = collect;
    c.ctx = r;
    cr_assert_eq(hz_check_file(&c, path, err, sizeof err), 0, "%s (run make hazard-inputs)", err);
    struct hz_totals t = c.totals;
    hz_checker_free(&c);
    cr_assert_geq(t.functions, 1, "%s: no function", name);
    cr_assert_geq(t.pieces, 2, "%s: the checker found no inserted sequence", name);
    cr_assert_eq(t.unrecognized, 0, "%s: inserted code no piece explains", name);
    return t;
}

struct symbol_query {
    const char *name;
    uint64_t value;
    int found;
};

static int find_symbol(const struct hz_object *o, void *ctx)
{
    struct symbol_query *q = ctx;
    for (size_t i = 0; i < o->nsymbols; i++)
        if (!strcmp(o->symbols[i].name, q->name)) {
            q->value = o->symbols[i].value;
            q->found = 1;
        }
    return 0;
}

/* The address a fixture marks with a label (hz_effect, hz_observer...). */
static uint64_t marker(const char *fixture, const char *label)
{
    char path[512], err[700];
    case_path(path, sizeof path, fixture);
    struct symbol_query q = {label, 0, 0};
    cr_assert_eq(hz_read_file(path, find_symbol, &q, err, sizeof err), 0, "%s", err);
    cr_assert(q.found, "%s has no label %s", fixture, label);
    return q.value;
}

/* Exactly the hazards listed: kind, piece, effect at hz_effect, the given
 * state read at each hz_observer label. */
static void expect_hazards(const char *fixture, uint8_t kind, const char *piece, struct hz_bits read,
                           const char *const *observers)
{
    struct results r;
    check_case(fixture, &r);
    size_t want = 0;
    while (observers[want])
        want++;
    cr_assert_eq(r.n, want, "%s: %zu hazards reported, %zu expected", fixture, r.n, want);
    uint64_t effect = marker(fixture, "hz_effect");
    for (size_t k = 0; k < want; k++) {
        uint64_t at = marker(fixture, observers[k]);
        const struct found *f = NULL;
        for (size_t i = 0; i < r.n; i++)
            if (r.h[i].has_observer && r.h[i].observer == at)
                f = &r.h[i];
        cr_assert_not_null(f, "%s: nothing reported as read at %s (%#llx)", fixture, observers[k],
                           (unsigned long long)at);
        cr_expect_eq(f->kind, kind, "%s: effect kind %d, expected %d", fixture, f->kind, kind);
        cr_expect_str_eq(f->piece, piece);
        cr_expect_eq(f->effect, effect, "%s: effect at %#llx, expected hz_effect %#llx", fixture,
                     (unsigned long long)f->effect, (unsigned long long)effect);
        cr_expect(hz_bits_eq(hz_bits_and(f->observed, read), read), "%s: the reader at %s does not read the "
                  "expected state", fixture, observers[k]);
    }
}

static void expect_none(const char *fixture)
{
    struct results r;
    check_case(fixture, &r);
    cr_expect_eq(r.n, 0, "%s: %zu hazards in today's form", fixture, r.n);
}

static const char *const one_observer[] = {"hz_observer", NULL};

/* ---- issue 11 (a): add %r14 before string instructions, %esp writes, leave */

Test(old_rewriter, rebase_add_before_rep_stos_clobbers_the_flags_gcc_branches_on)
{
    expect_hazards("old_a_rep_stos_flags", HZ_EFFECT_FLAGS, "string-rebase", (struct hz_bits){0, HZ_SF | HZ_OF},
                   one_observer);
}

Test(old_rewriter, leave_rewrite_clobbers_flags_read_after_the_epilogue)
{
    expect_hazards("old_a_leave_flags", HZ_EFFECT_FLAGS, "rsp-pair-esp", (struct hz_bits){0, HZ_ZF}, one_observer);
}

/* ---- (b): the mask before a jump-table dispatch, hoisted compare --------- */

Test(old_rewriter, jump_table_mask_clobbers_flags_every_case_reads)
{
    static const char *const cases[] = {"hz_observer1", "hz_observer2", "hz_observer3", NULL};
    expect_hazards("old_b_jump_table_flags", HZ_EFFECT_FLAGS, "masked-branch", (struct hz_bits){0, HZ_CF | HZ_ZF},
                   cases);
}

/* ---- (c): the rebased pointer survives the string instruction ----------- */

Test(old_rewriter, rebased_rsi_compared_after_movs)
{
    expect_hazards("old_c_movs_pointer", HZ_EFFECT_REGISTER, "string-rebase", (struct hz_bits){HZ_REG_HI(HZ_RSI), 0},
                   one_observer);
}

/* vxcc refuses this one itself; the checker must agree. */
Test(old_rewriter, lea_for_a_stack_adjustment_whose_flags_are_read)
{
    expect_hazards("refused_rsp_adjust_flags", HZ_EFFECT_FLAGS, "rsp-set", (struct hz_bits){0, HZ_CF}, one_observer);
}

/* ---- today's forms ------------------------------------------------------- */

Test(today, lea_rebase_and_restore_around_rep_stos) { expect_none("today_rep_stos_flags"); }
Test(today, both_pointers_given_back_their_upper_half) { expect_none("today_movs_pointers"); }
Test(today, jump_table_whose_cases_set_their_own_flags) { expect_none("today_jump_table"); }
Test(today, frame_realignment_leave_and_return) { expect_none("today_frame"); }

/* ---- the command ----------------------------------------------------------- */

static int run_tool(const char *args, const char *out)
{
    return sh("%s/vxhazard %s > %s 2>&1", build_dir(), args, out);
}

Test(command, exit_status_and_bad_input_named)
{
    char dir[] = "/tmp/vxhazard-XXXXXX", path[512], out[600], args[1200];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(out, sizeof out, "%s/out", dir);
    case_path(path, sizeof path, "old_c_movs_pointer");
    cr_expect_eq(run_tool(path, out), 1, "a hazard is exit status 1");
    cr_expect_eq(sh("grep -q 'read by .cmpq' %s", out), 0, "the report names the reader");
    case_path(path, sizeof path, "today_movs_pointers");
    cr_expect_eq(run_tool(path, out), 0, "no hazard is exit status 0");

    static const struct {
        const char *setup, *file, *message;
    } bad[] = {
        {":", "missing.o", "missing file"},
        {"echo 'not code' >", "text.o", "not an ELF"},
        {"head -c 200 %s >", "truncated.o", "truncated"},
        {"head -c 40 %s >", "header.o", "truncated"},
        {"printf '!<arch>\\n0123' >", "archive.a", "truncated archive"},
        {"mkdir", "adir", "unreadable"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        char setup[700], target[600];
        snprintf(target, sizeof target, "%s/%s", dir, bad[k].file);
        snprintf(setup, sizeof setup, bad[k].setup, path);
        cr_assert_eq(sh("%s %s", setup, target), 0, "setting up %s", bad[k].file);
        cr_expect_eq(run_tool(target, out), 2, "%s: bad input is exit status 2", bad[k].file);
        cr_expect_eq(sh("grep -q '%s' %s", bad[k].message, out), 0, "%s: the message does not say '%s'",
                     bad[k].file, bad[k].message);
    }
    /* a bad input among good ones still fails the run */
    snprintf(args, sizeof args, "%s %s/missing.o", path, dir);
    cr_expect_eq(run_tool(args, out), 2);
    sh("rm -rf %s", dir);
}

/* ---- the whole build --------------------------------------------------------- */

struct file_list {
    char **v;
    size_t n, cap;
};

static void add_file(struct file_list *l, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 256;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        cr_assert_not_null(l->v);
    }
    l->v[l->n++] = strdup(path);
}

/* Adds dir/NAME for every NAME ending in suffix; returns how many. */
static size_t add_dir(struct file_list *l, const char *dir, const char *suffix)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t before = l->n, sl = strlen(suffix);
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len > sl && !strcmp(e->d_name + len - sl, suffix)) {
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            add_file(l, path);
        }
    }
    closedir(d);
    return l->n - before;
}

static size_t count_programs(void)
{
    DIR *d = opendir("testsuite/programs");
    cr_assert_not_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        n += len > 2 && !strcmp(e->d_name + len - 2, ".c") && strcmp(e->d_name, "native_shim.c");
    }
    closedir(d);
    return n;
}

struct scan {
    size_t hazards;
};

static void count_hazard(const struct hz_hazard *h, void *ctx)
{
    hz_print_hazard(stderr, h);
    ((struct scan *)ctx)->hazards++;
}

static void print_note(const char *object, const char *message, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "%s: note: %s\n", object, message);
}

/* 2026-12, with musl (newlib's images were twice the size), without the
 * ports and guests: about 2,000 objects (musl's libc.a 1,600 members, the
 * 65 programs 390 objects and images), 18,400 functions, 51,800 inserted
 * sequences. */
#define MIN_OBJECTS 1800
#define MIN_FUNCTIONS 15000
#define MIN_PIECES 40000

Test(build, every_vxcc_built_object_and_image_is_hazard_free, .timeout = 600)
{
    const char *b = build_dir();
    struct file_list l = {0};
    char path[1024];
    static const char *const guest_files[] = {"crt0.o", "libvxrt.a", "libc.a", "libm.a", "libgcc.a"};
    for (size_t k = 0; k < sizeof guest_files / sizeof *guest_files; k++) {
        snprintf(path, sizeof path, "%s/guest/%s", b, guest_files[k]);
        size_t before = l.n;
        add_file(&l, path);
        if (strcmp(guest_files[k], "libgcc.a"))
            cr_assert_eq(l.n, before + 1, "%s is missing: build the guest runtime first", path);
    }
    size_t programs = count_programs();
    cr_assert_geq(programs, 60, "testsuite/programs: only %zu programs", programs);
    static const char *const levels[] = {"O0", "O2", "O3"};
    for (int k = 0; k < 3; k++) {
        snprintf(path, sizeof path, "%s/hazards/programs/%s", b, levels[k]);
        size_t objects = add_dir(&l, path, ".o"), images = add_dir(&l, path, ".elf");
        cr_assert_eq(objects, programs, "%s: %zu objects for %zu programs (make hazard-inputs)", path, objects,
                     programs);
        cr_assert_eq(images, programs, "%s: %zu images for %zu programs (make hazard-inputs)", path, images,
                     programs);
    }
    snprintf(path, sizeof path, "%s/guests", b);
    add_dir(&l, path, ".elf");
    snprintf(path, sizeof path, "%s/examples", b);
    add_dir(&l, path, ".elf");
    snprintf(path, sizeof path, "%s/ports/vx/zlib", b);
    add_dir(&l, path, ".o");
    snprintf(path, sizeof path, "%s/ports/vx/lua/src", b);
    add_dir(&l, path, ".o");

    struct hz_checker c;
    cr_assert_eq(hz_checker_init(&c), 0);
    struct scan s = {0};
    c.on_hazard = count_hazard;
    c.on_note = print_note;
    c.ctx = &s;
    for (size_t k = 0; k < l.n; k++) {
        char err[700];
        cr_expect_eq(hz_check_file(&c, l.v[k], err, sizeof err), 0, "%s", err);
        free(l.v[k]);
    }
    free(l.v);
    hz_print_summary(stderr, &c.totals);
    struct hz_totals t = c.totals;
    hz_checker_free(&c);
    cr_expect_eq(t.files, l.n, "%zu of %zu files read", t.files, l.n);
    cr_expect_geq(t.objects, MIN_OBJECTS, "only %zu objects scanned", t.objects);
    cr_expect_geq(t.functions, MIN_FUNCTIONS, "only %zu functions scanned", t.functions);
    cr_expect_geq(t.pieces, MIN_PIECES, "only %zu inserted sequences found", t.pieces);
    cr_expect_eq(t.unrecognized, 0, "%zu inserted instructions belong to no known piece: the table in "
                 "testsuite/hazards/sequences.c no longer knows what vxcc emits", t.unrecognized);
    cr_expect_eq(t.undecodable, 0, "%zu functions not fully decoded", t.undecodable);
    cr_expect_eq(s.hazards, 0, "%zu hazards in vxcc's output (listed above)", s.hazards);
}
