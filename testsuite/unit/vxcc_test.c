/* vxcc: the rewriter on snippets, the driver on real command lines, and
 * programs whose sandboxed output must equal their native output. */
#define _GNU_SOURCE
#include "asm_rewrite.h"
#include "image_mark.h"
#include "vx/image_mark.h"
#include "file_bytes.h"
#include "vxverify.h"
#include <criterion/criterion.h>
#include <dirent.h>
#include "test_shell.h"
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- rewriter ------------------------------------------------------------ */

static char *rewrite(const char *in, struct rewrite_error *err)
{
    FILE *src = fmemopen((void *)in, strlen(in), "r");
    char *out = NULL;
    size_t len = 0;
    FILE *dst = open_memstream(&out, &len);
    int rc = vx_rewrite(src, dst, err);
    fclose(src);
    fclose(dst);
    if (rc != 0) {
        free(out);
        return NULL;
    }
    return out;
}

static void expect_rewrite(const char *in, const char *const *wanted)
{
    struct rewrite_error err = {0};
    char *out = rewrite(in, &err);
    cr_assert_not_null(out, "rewrite failed at line %d: %s", err.line, err.msg);
    const char *at = out;
    for (int i = 0; wanted[i]; i++) {
        const char *hit = strstr(at, wanted[i]);
        cr_expect_not_null(hit, "missing (in order) '%s' in:\n%s", wanted[i], out);
        if (hit)
            at = hit + strlen(wanted[i]);
    }
    free(out);
}

static void expect_absent(const char *in, const char *const *unwanted)
{
    struct rewrite_error err = {0};
    char *out = rewrite(in, &err);
    cr_assert_not_null(out, "rewrite failed at line %d: %s", err.line, err.msg);
    for (int i = 0; unwanted[i]; i++)
        cr_expect_null(strstr(out, unwanted[i]), "'%s' in:\n%s", unwanted[i], out);
    free(out);
}

static void expect_refused(const char *in, const char *why)
{
    struct rewrite_error err = {0};
    char *out = rewrite(in, &err);
    cr_expect_null(out, "'%s' was accepted", in);
    cr_expect(strstr(err.msg, why) != NULL, "error '%s' does not mention '%s'", err.msg, why);
    cr_expect_gt(err.line, 0);
    free(out);
}

Test(rewrite, bundle_mode_is_switched_on)
{
    expect_rewrite("\tnop\n", (const char *[]){".bundle_align_mode 5", "nop", NULL});
}

Test(rewrite, memory_operands_move_to_gs_32bit)
{
    expect_rewrite("\tmovl 8(%rax,%rbx,4), %ecx\n\tmovq %rdx, (%r9)\n\taddl $1, arr(,%rsi,4)\n",
                   (const char *[]){"movl %gs:8(%eax,%ebx,4), %ecx", "movq %rdx, %gs:(%r9d)",
                                    "addl $1, %gs:arr(,%esi,4)", NULL});
}

/* Prefetches probe the address they name: sandboxed like loads (spec section 3). */
Test(rewrite, prefetch_operands_are_sandboxed)
{
    expect_rewrite("\tprefetcht0 (%rax)\n\tprefetchw 64(%rdi,%rcx)\n",
                   (const char *[]){"prefetcht0 %gs:(%eax)", "prefetchw %gs:64(%edi,%ecx)", NULL});
}

Test(rewrite, safe_forms_are_kept)
{
    expect_rewrite("\tmovq 16(%rsp), %rax\n\tmovl x(%rip), %eax\n\tleaq 8(%rax), %rdi\n",
                   (const char *[]){"movq 16(%rsp), %rax", "movl x(%rip), %eax", "leaq 8(%rax), %rdi", NULL});
}

Test(rewrite, large_rsp_offsets_and_constant_addresses_use_gs)
{
    expect_rewrite("\tmovq 1000000(%rsp), %rax\n\tmovq 0, %rax\n\tmovl counter, %eax\n",
                   (const char *[]){"%gs:1000000(%esp)", "%gs:0(,%eiz,1)", "counter(%rip)", NULL});
}

Test(rewrite, returns_mask_the_return_slot)
{
    expect_rewrite("f:\n\tret\n", (const char *[]){".bundle_lock", "movl $0xffffffe0, %r11d",
                                                   "andq %r11, (%rsp)", "orq %r14, (%rsp)", "ret",
                                                   ".bundle_unlock", NULL});
}

Test(rewrite, loop_heads_start_a_bundle)
{
    const char *in = "f:\n\t.p2align 4,,10\n\t.p2align 3\n.L3:\n\taddl $1, %eax\n\tjne .L3\n"
                     "\t.p2align 3\n.L4:\n\tret\n\t.data\n\t.p2align 4\nx:\t.quad 1\n";
    expect_rewrite(in, (const char *[]){".p2align 5", ".L3:", "addl", ".p2align 3", ".L4:", ".data",
                                        ".p2align 4", "x:", NULL});
    struct rewrite_error err = {0};
    char *out = rewrite(in, &err);
    cr_assert_not_null(out);
    cr_expect_null(strstr(out, ".p2align 4,,10"), "gcc's 16-byte loop alignment survived:\n%s", out);
    const char *loop = strstr(out, ".L3:");
    cr_assert_not_null(loop);
    cr_expect_null(memmem(out, (size_t)(loop - out), ".p2align 3", 10),
                   "the 8-byte fallback before the loop survived:\n%s", out);
    free(out);
}

Test(rewrite, calls_end_their_bundle)
{
    expect_rewrite("\tcall foo\n", (const char *[]){".bundle_lock align_to_end", "call foo", ".bundle_unlock", NULL});
    expect_rewrite("\tcall *%rbx\n", (const char *[]){".bundle_lock align_to_end", "movl %ebx, %r11d",
                                                     "and $-32, %r11d", "add %r14, %r11", "call *%r11", NULL});
    expect_rewrite("\tcall *8(%rax)\n", (const char *[]){"movq %gs:8(%eax), %r11", ".bundle_lock align_to_end",
                                                        "call *%r11", NULL});
}

Test(rewrite, jump_tables_are_masked_and_targets_aligned)
{
    expect_rewrite("\t.text\n\tjmp *.L4(,%rax,8)\n.L3:\n\tnop\n\t.section .rodata\n.L4:\n\t.quad .L3\n",
                   (const char *[]){"movq %gs:.L4(,%eax,8), %r11", "jmp *%r11", ".p2align 5", ".L3:", NULL});
}

/* %fs is the host's: thread-local operands go through the guest's thread
 * pointer in %r11, loaded and combined without writing a flag (R-TP). */
Test(rewrite, thread_local_operands_use_the_guest_thread_pointer)
{
    expect_rewrite("\tmovq %fs:0, %rax\n", (const char *[]){"movq __vx_thread_pointer(%rip), %r11",
                                                            "movq %gs:0(%r11d), %rax", NULL});
    expect_rewrite("\tsubq %fs:40, %rdx\n", (const char *[]){"movq __vx_thread_pointer(%rip), %r11",
                                                             "subq %gs:40(%r11d), %rdx", NULL});
    expect_rewrite("\taddl $3, %fs:counter@tpoff\n",
                   (const char *[]){"movq __vx_thread_pointer(%rip), %r11", "addl $3, %gs:counter@tpoff(%r11d)", NULL});
    expect_rewrite("\tmovl %fs:(%rax), %eax\n",
                   (const char *[]){"movq __vx_thread_pointer(%rip), %r11", "movl %gs:(%r11d,%eax,1), %eax", NULL});
    expect_rewrite("\tmovl %fs:arr@tpoff(,%rdi,8), %eax\n",
                   (const char *[]){"movq __vx_thread_pointer(%rip), %r11", "movl %gs:arr@tpoff(%r11d,%edi,8), %eax",
                                    NULL});
    expect_rewrite("\tmovl %fs:4(%rbx,%rcx,2), %eax\n",
                   (const char *[]){"movq __vx_thread_pointer(%rip), %r11", "leal (%r11,%rbx), %r11d",
                                    "movl %gs:4(%r11d,%ecx,2), %eax", NULL});
    expect_rewrite("\tmovq %fs:8(%rsp), %rax\n",
                   (const char *[]){"movq __vx_thread_pointer(%rip), %r11", "leal (%r11,%rsp), %r11d",
                                    "movq %gs:8(%r11d), %rax", NULL});
    /* a flag-free load: gcc's compare before it stays live across it */
    expect_absent("\tcmpl $1, %eax\n\tmovq %fs:40, %rdx\n\tje .L1\n", (const char *[]){"add", "and", NULL});
    expect_refused("\tmovq %fs:(%r11), %rax\n", "reserved");
    expect_refused("\tmovq %fs:x(%rip), %rax\n", "thread-local");
}

/* %rsp is set in one step from %r11d: it never holds a bare offset. */
Test(rewrite, rsp_writes_are_rebased)
{
    expect_rewrite("\tsubq $40, %rsp\n\taddq $24, %rsp\n\tmovq %rbp, %rsp\n\tandq $-16, %rsp\n\tleave\n",
                   (const char *[]){"leal -40(%rsp), %r11d", "leaq (%r14,%r11), %rsp",
                                    "leal 24(%rsp), %r11d", "leaq (%r14,%r11), %rsp",
                                    "movl %ebp, %r11d", "leaq (%r14,%r11), %rsp",
                                    "movl %esp, %r11d", "andl $-16, %r11d", "leaq (%r14,%r11), %rsp",
                                    "movl %ebp, %r11d", "leaq (%r14,%r11), %rsp", "popq %rbp", NULL});
}

Test(rewrite, rsp_writes_never_write_esp)
{
    expect_absent("\tsubq $40, %rsp\n\tmovq %rbp, %rsp\n\tleave\n\taddq %rax, %rsp\n",
                  (const char *[]){", %esp\n", "add %r14, %rsp", NULL});
}

/* lea, not add: the rebase must not write the flags gcc keeps live; and
 * afterwards each pointer gets back the upper half it had. */
Test(rewrite, string_ops_get_sandboxed_pointers)
{
    expect_rewrite("\trep movsq\n", (const char *[]){"movq %rdi, -136(%rsp)", "movq %rsi, %r11", "bswapq %r11",
                                                    "movl %r11d, %r11d", "bswapq %r11", ".bundle_lock",
                                                    "movl %esi, %esi", "leaq (%r14,%rsi), %rsi",
                                                    "movl %edi, %edi", "leaq (%r14,%rdi), %rdi", "rep movsq",
                                                    ".bundle_unlock", "movl %esi, %esi", "leaq (%rsi,%r11), %rsi",
                                                    "movq -136(%rsp), %r11", "movl %edi, %edi",
                                                    "leaq (%rdi,%r11), %rdi", NULL});
    expect_rewrite("\trep stosb\n", (const char *[]){"movq %rdi, %r11", "movl %edi, %edi", "leaq (%r14,%rdi), %rdi",
                                                    "rep stosb", "movl %edi, %edi", "leaq (%rdi,%r11), %rdi", NULL});
    expect_absent("\trep movsb\n\tlodsb\n\trepne scasb\n\trepe cmpsb\n", (const char *[]){"add %r14", NULL});
}

Test(rewrite, conditional_jumps_stay_direct)
{
    expect_rewrite("\tje .L2\n\tjmp .L3\n", (const char *[]){"je .L2", "jmp .L3", NULL});
}

Test(rewrite, unsafe_input_is_refused_with_a_line)
{
    expect_refused("\tnop\n\tsyscall\n", "syscall");
    expect_refused("\tmovq %rax, %r14\n", "reserved");
    expect_refused("\tmovq %fs:x(%rip), %rax\n", "thread-local");
    expect_refused("\txchgq %rax, %rsp\n", "%rsp");
    expect_refused("\t.bundle_lock\n", "bundle");
    expect_refused("\tpopq %rsp\n", "pop %rsp");
}

/* ---- driver ---------------------------------------------------------------- */


static unsigned verify_file(const char *path)
{
    uint8_t *data;
    size_t size;
    cr_assert_eq(read_file_bytes(path, &data, &size), 0, "cannot read %s", path);
    struct vxv_policy p = {0};
    struct vxv_sink s = {0};
    unsigned bad = vxv_check_image(data, size, &p, &s, NULL);
    free(data);
    return bad;
}

static char tmpdir[64];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/vxcc-test-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    sh("rm -rf %s", tmpdir);
}

TestSuite(driver, .init = make_tmpdir, .fini = remove_tmpdir);

Test(driver, separate_compile_and_link_with_flags)
{
    FILE *f = fopen(strcat(strcpy((char[128]){0}, tmpdir), "/a.c"), "w");
    fputs("#include <vx/guest.h>\nint twice(int);\nint main(void){ return twice(VALUE) == 42 ? 0 : 1; }\n", f);
    fclose(f);
    f = fopen(strcat(strcpy((char[128]){0}, tmpdir), "/b.c"), "w");
    fputs("#include \"inc/h.h\"\nint twice(int x){ return MUL * x; }\n", f);
    fclose(f);
    sh("mkdir -p %s/inc && echo '#define MUL 2' > %s/inc/h.h", tmpdir, tmpdir);
    cr_assert_eq(sh("cd %s && %s/vxcc -O2 -DVALUE=21 -c a.c && %s/vxcc -O1 -I. -c b.c -o b.o", tmpdir,
                    build_dir(), build_dir()), 0);
    cr_assert_eq(sh("cd %s && %s/vxcc a.o b.o -o prog.elf", tmpdir, build_dir()), 0);
    char path[256];
    snprintf(path, sizeof path, "%s/prog.elf", tmpdir);
    cr_expect_eq(verify_file(path), 0);
    cr_expect_eq(sh("%s/vxrun %s", build_dir(), path), 0, "program computed the wrong value");
}

/* binfmt_misc hands marked images to vxrun: every image vxcc links has the
 * mark; objects, other files and devices are left alone. */
Test(driver, linked_images_carry_the_vx_mark)
{
    cr_assert_eq(sh("cd %s && echo 'int main(void){ return 0; }' > m.c && %s/vxcc -O2 -c m.c && "
                    "%s/vxcc m.o -o m.elf", tmpdir, build_dir(), build_dir()), 0);
    static const char *const files[] = {"m.elf", "m.o"};
    for (int i = 0; i < 2; i++) {
        char path[256];
        uint8_t *data;
        size_t size;
        snprintf(path, sizeof path, "%s/%s", tmpdir, files[i]);
        cr_assert_eq(read_file_bytes(path, &data, &size), 0, "cannot read %s", path);
        cr_expect_eq(vxv_image_mark(data, size), i == 0 ? VX_MARK_VERSION : 0, "%s", files[i]);
        free(data);
    }
    cr_expect_eq(sh("cd %s && cp m.o m.o.before && cp m.c m.c.before", tmpdir), 0);
    char path[256];
    snprintf(path, sizeof path, "%s/m.o", tmpdir);
    cr_expect_eq(vx_mark_image(path), 0);
    snprintf(path, sizeof path, "%s/m.c", tmpdir);
    cr_expect_eq(vx_mark_image(path), 0);
    cr_expect_eq(sh("cd %s && cmp -s m.o m.o.before && cmp -s m.c m.c.before", tmpdir), 0,
                 "an object or a source file was changed");
    cr_expect_eq(vx_mark_image("/dev/null"), 0);
    cr_expect_eq(sh("cd %s && %s/vxcc m.o -o /dev/null", tmpdir, build_dir()), 0, "linking to /dev/null");
    cr_expect_eq(vx_mark_image("/nonexistent/m.elf"), -1);
}

Test(driver, dash_S_and_dash_E_and_assembly_input)
{
    FILE *f = fopen(strcat(strcpy((char[128]){0}, tmpdir), "/m.c"), "w");
    fputs("int main(void){ return 3; }\n", f);
    fclose(f);
    cr_assert_eq(sh("cd %s && %s/vxcc -O2 -S m.c && grep -q bundle_align_mode m.s", tmpdir, build_dir()), 0);
    cr_assert_eq(sh("cd %s && %s/vxcc -O2 -S m.c -o - | grep -q bundle_align_mode && test ! -e ./-", tmpdir,
                    build_dir()), 0, "-S -o - did not write the assembly to standard output");
    cr_assert_eq(sh("cd %s && %s/vxcc m.s -o m.elf && %s/vxrun m.elf; test $? = 3", tmpdir, build_dir(),
                    build_dir()), 0);
    cr_assert_eq(sh("cd %s && %s/vxcc -E -DX=7 - </dev/null >/dev/null; %s/vxcc -E m.c | grep -q main", tmpdir,
                    build_dir(), build_dir()), 0);
}

Test(driver, errors_exit_nonzero_with_a_message)
{
    FILE *f = fopen(strcat(strcpy((char[128]){0}, tmpdir), "/bad.c"), "w");
    fputs("int main(void){ __asm__(\"movq %rax, %r14\"); return 0; }\n", f);
    fclose(f);
    cr_expect_neq(sh("cd %s && %s/vxcc bad.c -o bad.elf 2>err.txt", tmpdir, build_dir()), 0);
    cr_expect_eq(sh("grep -q 'reserved' %s/err.txt", tmpdir), 0, "no clear message for a reserved register");
    cr_expect_neq(sh("%s/vxcc 2>/dev/null", build_dir()), 0, "no input files accepted");
    cr_expect_neq(sh("%s/vxcc -O2 /no/such/file.c 2>/dev/null", build_dir()), 0, "a missing input accepted");
    cr_expect_neq(sh("cd %s && echo 'int main(void){ return x; }' > e.c && %s/vxcc e.c 2>/dev/null", tmpdir,
                     build_dir()), 0, "a C error did not fail the build");
}

/* A nested function whose address is taken needs a trampoline on an
 * executable stack; guest stacks never are. -w must not hide it (it hid
 * -Werror=trampolines: the assembler then failed on the section flags). */
Test(driver, nested_function_trampolines_are_a_one_line_error)
{
    FILE *f = fopen(strcat(strcpy((char[128]){0}, tmpdir), "/nest.c"), "w");
    fputs("static int apply(int (*g)(int), int x) { return g(x); }\n"
          "int main(int argc, char **argv) { (void)argv; int k = argc;\n"
          "  int add(int x) { return x + k; }\n  return apply(add, 2) != 3; }\n", f);
    fclose(f);
    cr_expect_neq(sh("cd %s && %s/vxcc -w -O2 nest.c -o nest.elf 2>err.txt", tmpdir, build_dir()), 0,
                  "a nested function's trampoline was compiled");
    cr_expect_eq(sh("grep -q 'nested function needs an executable stack' %s/err.txt", tmpdir), 0,
                 "the error does not name the nested function");
    cr_expect_eq(sh("test $(wc -l < %s/err.txt) = 1", tmpdir), 0, "more than one line of error");
    /* Hand-written assembly asking for an executable stack: the same answer. */
    cr_expect_neq(sh("cd %s && printf '\\t.section .note.GNU-stack,\\\"x\\\",@progbits\\n' > xs.s && "
                     "%s/vxcc -c xs.s -o xs.o 2>err2.txt", tmpdir, build_dir()), 0,
                  "an executable-stack note in assembly was accepted");
    cr_expect_eq(sh("grep -q 'executable stack' %s/err2.txt", tmpdir), 0, "the error does not say why");
    /* A nested function that needs no trampoline is ordinary code. */
    FILE *g = fopen(strcat(strcpy((char[128]){0}, tmpdir), "/nest2.c"), "w");
    fputs("int main(int argc, char **argv) { (void)argv; int add(int x) { return x + argc; }\n"
          "  return add(2) != 3; }\n", g);
    fclose(g);
    cr_expect_eq(sh("cd %s && %s/vxcc -O0 nest2.c -o nest2.elf && %s/vxrun nest2.elf", tmpdir, build_dir(),
                    build_dir()), 0, "a nested function without trampoline failed");
}

/* A prefix written as its own statement (musl's "lock ; cmpxchg", "rep\n\tmovsb")
 * belongs to the next instruction: nothing vxcc inserts may come between. */
Test(rewrite, prefix_statements_join_the_next_instruction)
{
    static const char *const joined[] = {"lock cmpxchgl %edx, %gs:(%edi)", NULL};
    expect_rewrite("\tlock ; cmpxchgl %edx, (%rdi)\n", joined);
    static const char *const across_lines[] = {"lock orl $0, (%rsp)", NULL};
    expect_rewrite("\tlock\n\torl $0, (%rsp)\n", across_lines);
    static const char *const stray[] = {"lock\n", NULL};
    expect_absent("\tlock ; incl (%rdi)\n", stray);
    expect_refused("\tlock\n", "prefix");
}

Test(driver, inline_assembly_prefix_statements_verify_and_run)
{
    FILE *f = fopen(strcat(strcpy((char[128]){0}, tmpdir), "/pfx.c"), "w");
    fputs("int cas(volatile int *p, int t, int s) {\n"
          "  __asm__ __volatile__(\"lock ; cmpxchg %3, %1\" : \"=a\"(t), \"=m\"(*p) : \"a\"(t), \"r\"(s) : \"memory\");\n"
          "  return t; }\n"
          "void fence(void) { __asm__ __volatile__(\"lock ; orl $0,(%%rsp)\" ::: \"memory\"); }\n"
          "void copy(char *d, const char *s, unsigned long n) {\n"
          "  __asm__ __volatile__(\"rep\\n\\tmovsb\" : \"+D\"(d), \"+S\"(s), \"+c\"(n) :: \"memory\"); }\n"
          "int main(void) { volatile int x = 5; char a[8] = \"abcdefg\", b[8] = {0};\n"
          "  if (cas(&x, 5, 9) != 5 || x != 9 || cas(&x, 5, 1) != 9 || x != 9) return 1;\n"
          "  fence(); copy(b, a, 8); return b[6] != 'g'; }\n", f);
    fclose(f);
    cr_expect_eq(sh("cd %s && %s/vxcc -O2 pfx.c -o pfx.elf && %s/vxverify -q pfx.elf && %s/vxrun pfx.elf", tmpdir,
                    build_dir(), build_dir(), build_dir()), 0,
                 "inline assembly with prefix statements did not verify or run right");
}

/* ---- programs: sandboxed output equals native output ------------------------ */

struct program {
    char name[64];
    char opt[32];
    char guest[16];    /* another guest directory of the build, "" for the default */
};

static void free_programs(struct criterion_test_params *p)
{
    cr_free(p->params);
}

/* testsuite/programs held 62 programs in 2026-12. */
#define PROGRAMS_MIN 60

static size_t count_programs(void)
{
    size_t n = 0;
    DIR *d = opendir("testsuite/programs");
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += strlen(e->d_name) > 2 && !strcmp(e->d_name + strlen(e->d_name) - 2, ".c") &&
             strcmp(e->d_name, "native_shim.c");
    if (d)
        closedir(d);
    return n;
}

Test(programs, are_all_there)
{
    cr_assert_geq(count_programs(), PROGRAMS_MIN, "testsuite/programs: only %zu programs", count_programs());
}

/* Every testsuite/programs/NAME.c (but the native shim) at each level. */
ParameterizedTestParameters(programs, match_native)
{
    static const char *const opts[] = {"-O0", "-O2", "-O3 -march=native", NULL};
    static const char *const guests[] = {"", "", ""};
    struct program *ps = cr_malloc(sizeof *ps * 4 * 128);
    size_t n = 0;
    DIR *d = opendir("testsuite/programs");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 3 || len > 60 || strcmp(e->d_name + len - 2, ".c") || !strcmp(e->d_name, "native_shim.c"))
            continue;
        for (int k = 0; opts[k] && n < 4 * 128; k++, n++) {
            snprintf(ps[n].name, sizeof ps[n].name, "%.*s", (int)(len - 2), e->d_name);
            snprintf(ps[n].opt, sizeof ps[n].opt, "%s", opts[k]);
            snprintf(ps[n].guest, sizeof ps[n].guest, "%s", guests[k]);
        }
    }
    if (d)
        closedir(d);
    return cr_make_param_array(struct program, ps, n, free_programs);
}

ParameterizedTest(struct program *p, programs, match_native, .timeout = 180)
{
    char dir[] = "/tmp/vxprog-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    const char *b = build_dir();
    const char *src = "testsuite/programs";
    cr_assert_eq(sh("gcc %s -mno-avx512f -Iruntime/include -Iinclude %s/%s.c %s/native_shim.c runtime/print.c -o %s/native -lm", p->opt, src,
                    p->name, src, dir), 0, "native build of %s", p->name);
    char guest_dir[256] = "";
    if (p->guest[0])
        snprintf(guest_dir, sizeof guest_dir, "VX_GUEST_DIR=%s/%s ", b, p->guest);
    cr_assert_eq(sh("%s%s/vxcc %s %s/%s.c -o %s/guest.elf -lm 2>%s/err", guest_dir, b, p->opt, src, p->name, dir, dir),
                 0, "vxcc %s %s %s failed", p->opt, p->guest, p->name);
    char elf[128];
    snprintf(elf, sizeof elf, "%s/guest.elf", dir);
    cr_expect_eq(verify_file(elf), 0, "%s %s does not verify", p->name, p->opt);
    /* Each side works in its own empty directory (the guest's "/"). */
    cr_assert_eq(sh("mkdir %s/n %s/g", dir, dir), 0);
    int native = sh("cd %s/n && ../native a b > ../native.out", dir);
    int guest = sh("%s/vxrun --dir /=%s/g %s a b > %s/guest.out", b, dir, elf, dir);
    cr_expect_eq(guest, native, "%s %s %s: exit %d in the sandbox, %d natively", p->name, p->opt, p->guest, guest,
                 native);
    cr_expect_eq(sh("cmp -s %s/native.out %s/guest.out", dir, dir), 0, "%s %s %s: output differs", p->name, p->opt,
                 p->guest);
    cr_expect_eq(sh("test -s %s/native.out", dir), 0, "%s printed nothing", p->name);
    sh("rm -rf %s", dir);
}

/* issue 11 (b): gcc hoisted a compare above a jump-table dispatch and a case
 * starts with a jump on its flags; the masked dispatch writes the flags, so
 * the rewriter must refuse (vxcc then compiles C without jump tables). */
static void hoisted_flags(char *out, size_t size, const char *case_start)
{
    snprintf(out, size, "%s%s%s",
             "\t.text\n\t.type f, @function\nf:\n\tcmpl $3, %edi\n\tja .L2\n\tmovl %edi, %edi\n"
             "\tjmp *.L4(,%rdi,8)\n\t.section .rodata\n\t.align 8\n.L4:\n\t.quad .L5\n\t.quad .L6\n"
             "\t.quad .L2\n\t.text\n.L5:\n\tmovl $1, %eax\n\tret\n.L6:\n",
             case_start, "\tja .L2\n\tmovl $2, %eax\n\tret\n.L2:\n\txorl %eax, %eax\n\tret\n");
}

Test(rewrite, flags_live_into_a_jump_table_target_are_refused)
{
    char text[1024];
    hoisted_flags(text, sizeof text, "");
    expect_refused(text, "EFLAGS are live");
    hoisted_flags(text, sizeof text, "\tcmpl $9, %edi\n"); /* the case sets its own flags */
    expect_rewrite(text, (const char *[]){"jmp *%r11", NULL});
    hoisted_flags(text, sizeof text, "\tnop\n\tmovl $5, %ecx\n"); /* neither reads nor writes */
    expect_refused(text, "EFLAGS are live");
    hoisted_flags(text, sizeof text, "\tcall g\n"); /* calls clobber the flags */
    expect_rewrite(text, (const char *[]){"jmp *%r11", NULL});
}

Test(rewrite, stack_adjustment_flags_read_later_are_refused)
{
    expect_refused("\tsubq $16, %rsp\n\tjb .L1\n.L1:\n\tret\n", "flags of this %rsp adjustment");
    expect_rewrite("\tsubq $16, %rsp\n\ttestl %eax, %eax\n\tjne .L1\n.L1:\n\tret\n",
                   (const char *[]){"leal -16(%rsp), %r11d", NULL});
}

/* Each flag lives on its own: dec writes ZF (jne reads only that) but
 * keeps CF, so a later jb still reads the adjustment's CF (gcc 12 -O3
 * -march=native puts a counted loop right after main's subq: torture
 * 20000731-1 and 20170419-1 were refused). */
Test(rewrite, flag_liveness_is_per_flag)
{
    expect_rewrite("\tsubq $8, %rsp\n.L5:\n\tdecl %eax\n\tjne .L5\n\tvcomisd %xmm1, %xmm0\n\tjb .L8\n"
                   "\tret\n.L8:\n\tret\n",
                   (const char *[]){"leal -8(%rsp), %r11d", NULL});
    expect_refused("\tsubq $8, %rsp\n\tdecl %eax\n\tjb .L1\n.L1:\n\tret\n", "flags of this %rsp adjustment");
    expect_refused("\tsubq $8, %rsp\n\tbtl $3, %eax\n\tje .L1\n.L1:\n\tret\n",
                   "flags of this %rsp adjustment"); /* bt keeps ZF */
    expect_rewrite("\tsubq $8, %rsp\n\tshrl %cl, %eax\n\txorl %edx, %edx\n\tjne .L1\n.L1:\n\tret\n",
                   (const char *[]){"leal -8(%rsp), %r11d", NULL});
    expect_refused("\tsubq $8, %rsp\n\tshrl %cl, %eax\n\tjne .L1\n.L1:\n\tret\n",
                   "flags of this %rsp adjustment"); /* a zero count writes nothing */
}

/* The driver recompiles without jump tables when the rewriter finds them
 * hazardous; for hand-written assembly it stops with the reason. */
Test(driver, hand_written_jump_table_hazard_is_a_clear_error)
{
    char path[] = "/tmp/vxjt-XXXXXX.s";
    int fd = mkstemps(path, 2);
    cr_assert_geq(fd, 0);
    char text[1024];
    hoisted_flags(text, sizeof text, "");
    cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    char err[600];
    snprintf(err, sizeof err, "%s.err", path);
    int rc = sh("%s/vxcc -c %s -o %s.o 2>%s", build_dir(), path, path, err);
    cr_expect_neq(rc, 0, "vxcc accepted a jump table whose targets read stale flags");
    cr_expect_eq(sh("grep -q 'EFLAGS are live' %s", err), 0, "the error does not name the cause");
    unlink(path);
    unlink(err);
}

/* Debug info: bundle padding must not move a line-table row off the
 * instruction it describes (it did: addr2line named the next line). */
Test(driver, line_tables_name_the_line_of_each_instruction, .timeout = 120)
{
    static const char *const sources[] = {"string_insns", "interpreter", "sha256", "jumptable", "bigint", "recursion"};
    static const char *const levels[] = {"-O0", "-O2", "-O3 -march=native"};
    for (size_t i = 0; i < sizeof sources / sizeof *sources; i++)
        for (size_t l = 0; l < sizeof levels / sizeof *levels; l++)
            cr_expect_eq(sh("VX_GUEST_DIR=%s/guest python3 testsuite/debuginfo/line_table_check.py %s/vxcc "
                            "testsuite/programs/%s.c %s > /dev/null",
                            build_dir(), build_dir(), sources[i], levels[l]),
                         0, "%s.c %s: rows of the line table are off their instructions", sources[i], levels[l]);
}
