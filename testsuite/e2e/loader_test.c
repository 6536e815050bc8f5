/* libvx end to end: guests built by vxcc, run through the public API. */
#define _GNU_SOURCE
#include "file_bytes.h"
#include "vx.h"
#include "vx/layout.h"
#include <criterion/criterion.h>
#include "test_shell.h"
#include <elf.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *guest(const char *name)
{
    static __thread char buf[512];
    snprintf(buf, sizeof buf, "%s/guests/%s.elf", build_dir(), name);
    return buf;
}

/* Runs a guest with its stdout captured. */
struct outcome {
    vx_status load, run;
    int code;
    char out[4096];
    struct vx_error err;
};

static struct outcome run_guest(const char *name, int argc, const char *const *argv,
                                const struct vx_options *opts)
{
    struct outcome r = {0};
    struct vx_options o;
    if (opts)
        o = *opts;
    else
        vx_options_init(&o);
    FILE *cap = tmpfile();
    cr_assert_not_null(cap);
    o.stdout_fd = fileno(cap);
    vx_sandbox *sb;
    cr_assert_eq(vx_create(&o, &sb), VX_OK);
    r.load = vx_load_file(sb, guest(name));
    if (r.load == VX_OK)
        r.run = vx_run_main(sb, argc, argv, &r.code);
    r.err = *vx_error(sb);
    vx_destroy(sb);
    rewind(cap);
    size_t n = fread(r.out, 1, sizeof r.out - 1, cap);
    r.out[n] = 0;
    fclose(cap);
    return r;
}

Test(run, demo_guest_prints_and_exits)
{
    const char *argv[] = {"demo", "x"};
    struct outcome r = run_guest("demo", 2, argv, NULL);
    cr_assert_eq(r.load, VX_OK, "%s", r.err.message);
    cr_expect_eq(r.run, VX_EXITED, "%s", r.err.message);
    cr_expect_eq(r.code, 0);
    cr_expect(strstr(r.out, "argc=2 argv[0]=demo") != NULL, "output: %s", r.out);
    cr_expect(strstr(r.out, "fib(25)=75025") != NULL, "output: %s", r.out);
}

Test(run, exit_status_reaches_the_host)
{
    const char *argv[] = {"hostile", "exit"};
    struct outcome r = run_guest("hostile", 2, argv, NULL);
    cr_expect_eq(r.run, VX_EXITED);
    cr_expect_eq(r.code, 42);
}

static uint64_t host_add(vx_sandbox *sb, void *user, const uint64_t a[5])
{
    (void)sb;
    ++*(int *)user;
    return a[0] + a[1] + a[2] + a[3] + a[4];
}

static uint64_t host_greet(vx_sandbox *sb, void *user, const uint64_t a[5])
{
    (void)user;
    const char msg[] = "hello from the host";
    char *dst = vx_guest_ptr(sb, a[0], sizeof msg, 1);
    if (!dst || a[1] < sizeof msg)
        return (uint64_t)-14;
    memcpy(dst, msg, sizeof msg);
    return sizeof msg;
}

/* A sandbox whose guest stdout goes to a temporary file. */
static vx_sandbox *create_captured(FILE **cap)
{
    struct vx_options o;
    vx_options_init(&o);
    *cap = tmpfile();
    cr_assert_not_null(*cap);
    o.stdout_fd = fileno(*cap);
    vx_sandbox *sb;
    cr_assert_eq(vx_create(&o, &sb), VX_OK);
    return sb;
}

Test(hostcall, registered_functions_are_called_with_arguments)
{
    FILE *cap;
    vx_sandbox *sb = create_captured(&cap);
    int calls = 0;
    cr_assert_eq(vx_register(sb, 0, host_add, &calls), VX_OK);
    cr_assert_eq(vx_register(sb, 1, host_greet, NULL), VX_OK);
    cr_expect_eq(vx_register(sb, VX_MAX_HOST_FNS, host_add, NULL), VX_ERR_ARG);
    cr_assert_eq(vx_load_file(sb, guest("calls")), VX_OK, "%s", vx_error(sb)->message);
    const char *argv[] = {"calls", "a", "b"};
    int code;
    cr_expect_eq(vx_run_main(sb, 3, argv, &code), VX_EXITED, "%s", vx_error(sb)->message);
    /* 1+2+3+4+5 = 15, argc 3 -> 300, unregistered index -> -ENOSYS -> 1000 */
    cr_expect_eq(code, 1315);
    cr_expect_eq(calls, 1);
    struct vx_stats st;
    vx_get_stats(sb, &st);
    cr_expect_eq(st.hostcalls, 3);
    vx_destroy(sb);
    char out[128] = {0};
    rewind(cap);
    cr_expect_gt(fread(out, 1, sizeof out - 1, cap), 0);
    cr_expect_str_eq(out, "hello from the host\n");
    fclose(cap);
}

/* Every misdeed of testsuite/guests/hostile.c ends in its own clean status. */
static void expect_contained(const char *what, vx_status want)
{
    struct vx_options o;
    vx_options_init(&o);
    o.cpu_seconds = 0.3;
    o.memory_limit = 128 << 20;
    const char *argv[] = {"hostile", what};
    struct outcome r = run_guest("hostile", 2, argv, &o);
    cr_assert_eq(r.load, VX_OK, "%s", r.err.message);
    cr_expect_eq(r.run, want, "%s: got %s (%s)", what, vx_status_name(r.run), r.err.message);
    cr_expect_neq(r.err.message[0], 0, "%s: no error message", what);
}

Test(faults, wild_pointer) { expect_contained("wild", VX_FAULT_SEGV); }
Test(faults, null_pointer) { expect_contained("null", VX_FAULT_SEGV); }
Test(faults, top_guard) { expect_contained("high", VX_FAULT_SEGV); }
Test(faults, ud2_trap) { expect_contained("ud2", VX_FAULT_ILL); }
Test(faults, divide_by_zero) { expect_contained("div0", VX_FAULT_FPE); }
Test(faults, infinite_loop_hits_the_cpu_limit) { expect_contained("loop", VX_TIMEOUT); }
Test(faults, heap_bomb_hits_the_memory_limit) { expect_contained("heap", VX_MEMORY_LIMIT); }
Test(faults, stack_overflow) { expect_contained("stack", VX_FAULT_SEGV); }

Test(faults, fault_reports_guest_addresses)
{
    const char *argv[] = {"hostile", "wild"};
    struct outcome r = run_guest("hostile", 2, argv, NULL);
    cr_expect_eq(r.err.guest_addr, 0x7fff0000);
    cr_expect(r.err.guest_pc >= VX_IMAGE_MIN && r.err.guest_pc < VX_IMAGE_MAX, "pc 0x%llx",
              (unsigned long long)r.err.guest_pc);
}

Test(faults, callout_with_a_pointer_into_code_is_refused)
{
    const char *argv[] = {"hostile", "badptr"};
    struct outcome r = run_guest("hostile", 2, argv, NULL);
    cr_expect_eq(r.run, VX_EXITED);
    cr_expect_eq(r.code, 7, "guest saw a different result for an out-of-sandbox pointer");
}

Test(faults, host_keeps_working_after_every_fault)
{
    static const struct {
        const char *what;
        vx_status want;
    } misdeeds[] = {{"wild", VX_FAULT_SEGV}, {"null", VX_FAULT_SEGV}, {"ud2", VX_FAULT_ILL},
                    {"div0", VX_FAULT_FPE}, {"stack", VX_FAULT_SEGV}, {"heap", VX_MEMORY_LIMIT}};
    struct vx_options o;
    vx_options_init(&o);
    o.memory_limit = 64 << 20;
    for (int round = 0; round < 3; round++)
        for (unsigned i = 0; i < sizeof misdeeds / sizeof *misdeeds; i++) {
            const char *argv[] = {"hostile", misdeeds[i].what};
            struct outcome r = run_guest("hostile", 2, argv, &o);
            cr_expect_eq(r.load, VX_OK, "%s: %s", misdeeds[i].what, r.err.message);
            cr_expect_eq(r.run, misdeeds[i].want, "%s: got %s (%s)", misdeeds[i].what,
                         vx_status_name(r.run), r.err.message);
        }
    const char *argv[] = {"demo"};
    struct outcome r = run_guest("demo", 1, argv, NULL);
    cr_expect_eq(r.run, VX_EXITED);
    cr_expect(strstr(r.out, "fib(25)=75025") != NULL);
}

Test(api, load_errors_are_reported)
{
    vx_sandbox *sb;
    cr_assert_eq(vx_create(NULL, &sb), VX_OK);
    int code;
    cr_expect_eq(vx_run_main(sb, 0, NULL, &code), VX_ERR_STATE);
    cr_expect_eq(vx_load_file(sb, "/nonexistent/guest.elf"), VX_ERR_IO);
    cr_expect(strstr(vx_error(sb)->message, "No such file") != NULL);
    cr_expect_eq(vx_load_file(sb, "/bin/true"), VX_ERR_VERIFY); /* a native program */
    cr_expect(strstr(vx_error(sb)->message, "R-") != NULL, "%s", vx_error(sb)->message);
    cr_expect_eq(vx_load_memory(sb, "garbage", 7), VX_ERR_VERIFY);
    cr_assert_eq(vx_load_file(sb, guest("demo")), VX_OK);
    cr_expect_eq(vx_load_file(sb, guest("demo")), VX_ERR_STATE);
    vx_destroy(sb);
    cr_expect_eq(vx_load_file(NULL, "x"), VX_ERR_ARG);
}

Test(api, options_are_validated)
{
    struct vx_options o;
    vx_sandbox *sb;
    vx_options_init(&o);
    o.stack_size = 1000;
    cr_expect_eq(vx_create(&o, &sb), VX_ERR_ARG);
    vx_options_init(&o);
    o.memory_limit = 1 << 20;
    cr_expect_eq(vx_create(&o, &sb), VX_ERR_ARG);
    cr_expect_eq(vx_create(NULL, NULL), VX_ERR_ARG);
}

Test(api, guest_pointers_are_bounds_checked)
{
    vx_sandbox *sb;
    cr_assert_eq(vx_create(NULL, &sb), VX_OK);
    cr_assert_eq(vx_load_file(sb, guest("demo")), VX_OK);
    cr_expect_null(vx_guest_ptr(sb, 0, 8, 0), "guard page");
    cr_expect_null(vx_guest_ptr(sb, VX_TABLE_OFFSET, 8, 0), "runtime table");
    cr_expect_not_null(vx_guest_ptr(sb, VX_IMAGE_MIN, 16, 0), "code is readable");
    cr_expect_null(vx_guest_ptr(sb, VX_IMAGE_MIN, 16, 1), "code is not writable");
    cr_expect_not_null(vx_guest_ptr(sb, VX_STACK_TOP - 64, 64, 1), "stack");
    cr_expect_null(vx_guest_ptr(sb, VX_STACK_TOP - 64, 65, 1), "stack end + 1");
    cr_expect_null(vx_guest_ptr(sb, VX_STACK_TOP, 1, 0), "top guard");
    cr_expect_null(vx_guest_ptr(sb, VX_IMAGE_MIN, VX_SANDBOX_SIZE, 0), "huge length");
    /* Full guest pointers carry the base in the upper half. */
    uint64_t full = 0x500000000ULL + VX_STACK_TOP - 8;
    cr_expect_not_null(vx_guest_ptr(sb, full, 8, 1));
    vx_destroy(sb);
}

Test(lifecycle, ten_thousand_create_load_destroy_cycles, .timeout = 300)
{
    for (int i = 0; i < 10000; i++) {
        vx_sandbox *sb;
        cr_assert_eq(vx_create(NULL, &sb), VX_OK, "cycle %d", i);
        cr_assert_eq(vx_load_file(sb, guest("calls")), VX_OK, "cycle %d", i);
        vx_destroy(sb);
    }
}

Test(lifecycle, thousand_runs_in_fresh_sandboxes, .timeout = 300)
{
    struct vx_options o;
    vx_options_init(&o);
    o.stdout_fd = -1; /* the guest's writes fail with EBADF: no output */
    for (int i = 0; i < 1000; i++) {
        vx_sandbox *sb;
        cr_assert_eq(vx_create(&o, &sb), VX_OK);
        cr_assert_eq(vx_load_file(sb, guest("hostile")), VX_OK);
        const char *argv[] = {"hostile", i % 2 ? "exit" : "null"};
        int code;
        vx_status st = vx_run_main(sb, 2, argv, &code);
        cr_assert_eq(st, i % 2 ? VX_EXITED : VX_FAULT_SEGV, "run %d", i);
        vx_destroy(sb);
    }
}

Test(scale, ten_thousand_live_sandboxes, .timeout = 600)
{
    enum { N = 10000 };
    struct vx_options o;
    vx_options_init(&o);
    o.stack_size = 64 << 10;
    o.stdout_fd = -1;
    vx_sandbox **all = calloc(N, sizeof *all);
    for (int i = 0; i < N; i++) {
        cr_assert_eq(vx_create(&o, &all[i]), VX_OK, "sandbox %d", i);
        cr_assert_eq(vx_load_file(all[i], guest("calls")), VX_OK, "sandbox %d: %s", i,
                     vx_error(all[i])->message);
    }
    /* All alive at once: run a few spread across the set. */
    for (int i = 0; i < N; i += N / 10) {
        int code;
        const char *argv[] = {"calls"};
        cr_expect_eq(vx_run_main(all[i], 1, argv, &code), VX_EXITED, "%s", vx_error(all[i])->message);
    }
    for (int i = 0; i < N; i++)
        vx_destroy(all[i]);
    free(all);
}

static void *thread_runs(void *arg)
{
    long bad = 0;
    for (int i = 0; i < 50; i++) {
        struct vx_options o;
        vx_options_init(&o);
        o.stdout_fd = -1;
        vx_sandbox *sb;
        if (vx_create(&o, &sb) != VX_OK || vx_load_file(sb, guest("hostile")) != VX_OK) {
            bad++;
            continue;
        }
        const char *argv[] = {"hostile", (i + (long)arg) % 3 ? "exit" : "wild"};
        int code;
        vx_status st = vx_run_main(sb, 2, argv, &code);
        bad += (i + (long)arg) % 3 ? !(st == VX_EXITED && code == 42) : st != VX_FAULT_SEGV;
        vx_destroy(sb);
    }
    return (void *)bad;
}

Test(threads, independent_sandboxes_on_four_threads)
{
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, thread_runs, (void *)i);
    for (int i = 0; i < 4; i++) {
        void *bad;
        pthread_join(t[i], &bad);
        cr_expect_eq((long)bad, 0, "thread %d saw %ld wrong outcomes", i, (long)bad);
    }
}

/* Faults outside any sandbox reach the handler the host installed first. */
static sigjmp_buf host_jump;
static volatile int host_handler_ran;

static void host_segv(int sig)
{
    (void)sig;
    host_handler_ran = 1;
    siglongjmp(host_jump, 1);
}

/* A host-side bug: a store to an address the compiler cannot see through. */
static volatile uintptr_t bad_address = 8;
static void host_bug(void)
{
    *(volatile int *)bad_address = 1;
}

Test(signals, host_faults_chain_to_the_host_handler)
{
    signal(SIGSEGV, host_segv);
    struct outcome r = run_guest("hostile", 2, (const char *[]){"hostile", "null"}, NULL);
    cr_expect_eq(r.run, VX_FAULT_SEGV);
    cr_expect_eq(host_handler_ran, 0, "a guest fault reached the host handler");
    if (sigsetjmp(host_jump, 1) == 0)
        host_bug(); /* not a guest fault */
    cr_expect_eq(host_handler_ran, 1, "the host's own fault did not reach its handler");
}

/* In a child of our own: the guest's fault must be contained (the child
 * reports its status through a pipe) and only then the host's own fault
 * kill it by SIGSEGV. Dying by SIGSEGV alone would also pass if the guest's
 * fault had killed the host. */
Test(signals, host_faults_without_a_handler_still_kill)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        close(fds[0]);
        signal(SIGSEGV, SIG_DFL);
        struct outcome r = run_guest("hostile", 2, (const char *[]){"hostile", "null"}, NULL);
        unsigned char st = (unsigned char)r.run;
        if (write(fds[1], &st, 1) != 1)
            _exit(3);
        host_bug();
        _exit(4);
    }
    close(fds[1]);
    unsigned char st = 0xff;
    ssize_t n = read(fds[0], &st, 1);
    close(fds[0]);
    int ws;
    cr_assert_eq(waitpid(pid, &ws, 0), pid);
    cr_expect_eq(n, 1, "the host died before the guest's run ended");
    cr_expect_eq(st, VX_FAULT_SEGV, "the guest's fault ended as %s", vx_status_name(st));
    cr_expect(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGSEGV, "the host's own fault did not kill it (status 0x%x)", ws);
}

/* ---- files: confined to preopened directories -------------------------------- */

Test(files, services_work_and_stay_inside_preopens)
{
    char dir[] = "/tmp/vxfiles-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(sh("cd %s && mkdir data ro outside && echo secret > outside/secret && "
                    "ln -s ../outside/secret data/up && ln -s /etc/passwd data/abs && "
                    "echo 'hello world' > ro/hello.txt", dir), 0);
    FILE *cap;
    vx_sandbox *sb = create_captured(&cap);
    char data[256], ro[256];
    snprintf(data, sizeof data, "%s/data", dir);
    snprintf(ro, sizeof ro, "%s/ro", dir);
    cr_assert_eq(vx_preopen(sb, "/data", data, 0), VX_OK);
    cr_assert_eq(vx_preopen(sb, "/ro", ro, VX_PREOPEN_READONLY), VX_OK);
    cr_expect_eq(vx_preopen(sb, "relative", ro, 0), VX_ERR_ARG);
    cr_expect_eq(vx_preopen(sb, "/x", "/nonexistent/dir", 0), VX_ERR_IO);
    cr_assert_eq(vx_load_file(sb, guest("files")), VX_OK, "%s", vx_error(sb)->message);
    int code = -1;
    const char *argv[] = {"files"};
    cr_expect_eq(vx_run_main(sb, 1, argv, &code), VX_EXITED, "%s", vx_error(sb)->message);
    vx_destroy(sb);
    char out[8192];
    rewind(cap);
    out[fread(out, 1, sizeof out - 1, cap)] = 0;
    fclose(cap);
    cr_expect_eq(code, 0, "guest checks failed:\n%s", out);
    cr_expect(strstr(out, "ok   symlink up and out") != NULL, "%s", out);
    cr_expect(strstr(out, "ok   read-only refuses rename into") != NULL, "%s", out);
    cr_expect_neq(sh("test -e %s/ro/planted || test -e %s/ro/newdir", dir, dir), 0,
                  "the guest changed a read-only preopen");
    /* Nothing escaped: the outside file is intact, nothing new next to it. */
    cr_expect_eq(sh("cd %s && test \"$(cat outside/secret)\" = secret && test \"$(ls outside)\" = secret && "
                    "test \"$(ls ro)\" = hello.txt && test ! -e data/new.txt && test ! -e stolen", dir), 0);
    /* Every descriptor the guest left open was closed by vx_destroy. */
    cr_expect_eq(sh("test $(ls /proc/%d/fd | wc -l) -lt 20", (int)getpid()), 0, "host fds leaked");
    sh("rm -rf %s", dir);
}

/* ---- calling exported guest functions --------------------------------------- */

static uint64_t fnv(const unsigned char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

Test(call, exported_functions_with_arguments_state_and_memory)
{
    vx_sandbox *sb;
    cr_assert_eq(vx_create(NULL, &sb), VX_OK);
    cr_assert_eq(vx_load_file(sb, guest("exports")), VX_OK, "%s", vx_error(sb)->message);
    uint64_t r = 0;
    cr_expect_eq(vx_call(sb, "add3", 3, (uint64_t[]){1, 2, 39}, &r), VX_OK, "%s", vx_error(sb)->message);
    cr_expect_eq(r, 42);
    cr_expect_eq(vx_call(sb, "sum6", 6, (uint64_t[]){1, 2, 3, 4, 5, 6}, &r), VX_OK);
    cr_expect_eq(r, 654321);
    for (uint64_t i = 1; i <= 3; i++) {
        cr_expect_eq(vx_call(sb, "counter", 0, NULL, &r), VX_OK);
        cr_expect_eq(r, i, "guest state does not persist across calls");
    }
    /* Pointers: the host fills guest memory, the guest reads and writes it. */
    uint64_t buf;
    cr_assert_eq(vx_call(sb, "scratch", 0, NULL, &buf), VX_OK);
    unsigned char data[1000], back[1000];
    for (int i = 0; i < 1000; i++)
        data[i] = (unsigned char)(i * 7 + 3);
    cr_assert_eq(vx_copy_in(sb, buf, data, sizeof data), VX_OK);
    cr_expect_eq(vx_call(sb, "checksum", 2, (uint64_t[]){buf, sizeof data}, &r), VX_OK);
    cr_expect_eq(r, fnv(data, sizeof data));
    cr_expect_eq(vx_call(sb, "reverse", 2, (uint64_t[]){buf, sizeof data}, NULL), VX_OK);
    cr_assert_eq(vx_copy_out(sb, back, buf, sizeof back), VX_OK);
    for (int i = 0; i < 1000; i++)
        cr_assert_eq(back[i], data[999 - i], "byte %d not reversed", i);
    /* Bounds: no copies into code, the table, guards or past the segments. */
    uint64_t code;
    cr_assert_eq(vx_lookup(sb, "add3", &code), VX_OK);
    cr_expect_eq(code % 32, 0);
    cr_expect_eq(vx_copy_in(sb, code, data, 4), VX_ERR_ARG, "code is writable through vx_copy_in");
    cr_expect_eq(vx_copy_in(sb, VX_TABLE_OFFSET, data, 8), VX_ERR_ARG);
    cr_expect_eq(vx_copy_out(sb, back, 0x1000, 8), VX_ERR_ARG);
    cr_expect_eq(vx_copy_out(sb, back, VX_STACK_TOP - 4, 8), VX_ERR_ARG);
    cr_expect_eq(vx_copy_out(sb, back, code, 4), VX_OK, "code is readable");
    /* Errors: unknown names, a fault, exit; the sandbox stays usable. */
    cr_expect_eq(vx_call(sb, "no_such_function", 0, NULL, &r), VX_ERR_ARG);
    cr_expect_eq(vx_call(sb, "add3", 7, (uint64_t[7]){0}, &r), VX_ERR_ARG);
    cr_expect_eq(vx_call(sb, "crash", 0, NULL, &r), VX_FAULT_SEGV);
    cr_expect_eq(vx_error(sb)->guest_addr, 16, "fault address %llu", (unsigned long long)vx_error(sb)->guest_addr);
    cr_expect_eq(vx_call(sb, "add3", 3, (uint64_t[]){1, 1, 1}, &r), VX_OK, "unusable after a fault");
    cr_expect_eq(r, 3);
    int code_out = -1;
    cr_expect_eq(vx_run_main(sb, 0, NULL, &code_out), VX_EXITED);
    cr_expect_eq(code_out, 0);
    cr_expect_eq(vx_call(sb, "leave", 1, (uint64_t[]){7}, &r), VX_EXITED);
    cr_expect_eq(vx_call(sb, "counter", 0, NULL, &r), VX_OK, "unusable after exit");
    cr_expect_eq(r, 4);
    vx_destroy(sb);
}

Test(call, unloaded_sandbox_and_stripped_image)
{
    vx_sandbox *sb;
    uint64_t r;
    cr_assert_eq(vx_create(NULL, &sb), VX_OK);
    cr_expect_eq(vx_call(sb, "add3", 0, NULL, &r), VX_ERR_STATE);
    vx_destroy(sb);
    char stripped[256];
    snprintf(stripped, sizeof stripped, "/tmp/vx-stripped-%d.elf", (int)getpid());
    cr_assert_eq(sh("strip %s -o %s", guest("exports"), stripped), 0);
    cr_assert_eq(vx_create(NULL, &sb), VX_OK);
    cr_assert_eq(vx_load_file(sb, stripped), VX_OK);
    cr_expect_eq(vx_call(sb, "add3", 0, NULL, &r), VX_ERR_ARG, "a stripped image exports nothing");
    vx_destroy(sb);
    unlink(stripped);
}

/* ---- verified-image cache ----------------------------------------------------- */

/* File offset of the entry point (first executable PT_LOAD). */
static size_t entry_offset(const unsigned char *elf)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)elf;
    const Elf64_Phdr *ph = (const Elf64_Phdr *)(elf + eh->e_phoff);
    for (int i = 0; i < eh->e_phnum; i++)
        if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_X))
            return ph[i].p_offset + (eh->e_entry - ph[i].p_vaddr);
    cr_assert_fail("no code segment");
    return 0;
}

static vx_status load_bytes(const unsigned char *b, size_t n, int deterministic)
{
    struct vx_options o;
    vx_options_init(&o);
    o.deterministic = deterministic;
    vx_sandbox *sb;
    cr_assert_eq(vx_create(&o, &sb), VX_OK);
    vx_status st = vx_load_memory(sb, b, n);
    vx_destroy(sb);
    return st;
}

/* The demo image's bytes, with the cache emptied. */
static uint8_t *demo_bytes(size_t *n)
{
    uint8_t *demo;
    cr_assert_eq(read_file_bytes(guest("demo"), &demo, n), 0, "cannot read %s", guest("demo"));
    vx_image_cache_clear();
    return demo;
}

/* Loads the bytes twice; the cache's hits and misses meanwhile. */
static void load_twice(const uint8_t *b, size_t n, uint64_t *hits, uint64_t *misses)
{
    uint64_t h0, m0, h1, m1;
    vx_image_cache_stats(&h0, &m0);
    cr_expect_eq(load_bytes(b, n, 0), VX_OK);
    cr_expect_eq(load_bytes(b, n, 0), VX_OK);
    vx_image_cache_stats(&h1, &m1);
    *hits = h1 - h0;
    *misses = m1 - m0;
}

Test(cache, identical_bytes_skip_verification_and_nothing_else_does)
{
    size_t n;
    uint8_t *demo = demo_bytes(&n);
    uint64_t hits, misses;
    load_twice(demo, n, &hits, &misses);
    cr_expect_eq(misses, 1, "first load is a miss");
    cr_expect_eq(hits, 1, "second load is a hit");

    /* A cached image with one byte changed is verified afresh and rejected. */
    size_t entry = entry_offset(demo);
    unsigned char *bad = malloc(n);
    memcpy(bad, demo, n);
    bad[entry] = 0x0f;
    bad[entry + 1] = 0x05; /* syscall */
    cr_expect_eq(load_bytes(bad, n, 0), VX_ERR_VERIFY, "a changed image rode on the cache");

    /* A verdict under the default policy does not carry over to deterministic mode. */
    memcpy(bad, demo, n);
    memcpy(bad + entry, "\x0f\x31\x90\x90\x90\x90\x90", 7); /* rdtsc over the first 7-byte mov */
    cr_expect_eq(load_bytes(bad, n, 0), VX_OK);
    cr_expect_eq(load_bytes(bad, n, 1), VX_ERR_VERIFY, "deterministic mode reused a default-policy verdict");
    free(bad);
    free(demo);
}

Test(cache, turned_off_it_neither_hits_nor_keeps_anything)
{
    size_t n;
    uint8_t *demo = demo_bytes(&n);
    uint64_t hits, misses;
    cr_expect_eq(load_bytes(demo, n, 0), VX_OK); /* cached while on */
    vx_image_cache_enable(0);
    load_twice(demo, n, &hits, &misses);
    cr_expect_eq(hits, 0, "a disabled cache answered");
    cr_expect_eq(misses, 0, "a disabled cache was consulted");
    vx_image_cache_enable(1);
    load_twice(demo, n, &hits, &misses);
    cr_expect_eq(misses, 1, "the entry from before survived turning the cache off");
    cr_expect_eq(hits, 1, "turned back on, the cache does not hit");
    free(demo);
}

/* SIGBUS and SIGTRAP cannot be caused by verified code on these machines
 * (no alignment-check flag, no int3, canonical stack addresses), but a
 * signal of either kind that lands while guest code runs must still end
 * only the sandbox: another thread sends one into a spinning guest. */
struct poke {
    pthread_t target;
    int sig;
};

static void *poke_later(void *arg)
{
    struct poke *p = arg;
    usleep(100 * 1000);
    pthread_kill(p->target, p->sig);
    return NULL;
}

static void expect_signal_contained(int sig, vx_status want)
{
    struct vx_options o;
    vx_options_init(&o);
    o.cpu_seconds = 5;
    vx_sandbox *sb;
    cr_assert_eq(vx_create(&o, &sb), VX_OK);
    cr_assert_eq(vx_load_file(sb, guest("hostile")), VX_OK);
    struct poke p = {pthread_self(), sig};
    pthread_t t;
    pthread_create(&t, NULL, poke_later, &p);
    int code;
    vx_status st = vx_run_main(sb, 2, (const char *[]){"hostile", "loop"}, &code);
    pthread_join(t, NULL);
    cr_expect_eq(st, want, "signal %d: got %s (%s)", sig, vx_status_name(st), vx_error(sb)->message);
    cr_expect_neq(vx_error(sb)->guest_pc, 0, "no guest pc in the report");
    vx_destroy(sb);
}

Test(faults, bus_error_in_guest_code_is_contained) { expect_signal_contained(SIGBUS, VX_FAULT_BUS); }
Test(faults, trap_in_guest_code_is_contained) { expect_signal_contained(SIGTRAP, VX_FAULT_TRAP); }

/* libvx exports vx_* only: a host with its own functions named like
 * libvx's internals (the verifier's check_insn, the file reader's
 * read_file_bytes) links against libvx.a and libvx.so and keeps its own,
 * and the sandbox still verifies and runs a guest. */
Test(library, exports_only_vx_symbols_and_a_host_keeps_its_own_names)
{
    const char *b = build_dir();
    cr_expect_eq(sh("nm -D --defined-only %s/libvx.so | awk '{print $3}' | grep -v '^vx_' | grep -q .", b), 1,
                 "libvx.so exports a symbol without the vx_ prefix");
    cr_expect_eq(sh("nm -g --defined-only %s/libvx.a | awk 'NF == 3 {print $3}' | grep -v '^vx_' | grep -q .", b), 1,
                 "libvx.a defines a global symbol without the vx_ prefix");
    char dir[] = "/tmp/vxhostsym-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    FILE *f = fopen(strcat(strcpy((char[128]){0}, dir), "/host.c"), "w");
    cr_assert_not_null(f);
    fputs("#include \"vx.h\"\n#include <stdio.h>\n"
          "int check_insn(void) { return 42; }\nint read_file_bytes(void) { return 7; }\n"
          "int main(int argc, char **argv) { (void)argc; vx_sandbox *sb; struct vx_options o; vx_options_init(&o);\n"
          "  if (vx_create(&o, &sb) != VX_OK || vx_load_file(sb, argv[1]) != VX_OK) return 3;\n"
          "  const char *args[] = {\"g\"}; int code = -1; vx_run_main(sb, 1, args, &code); vx_destroy(sb);\n"
          "  return check_insn() == 42 && read_file_bytes() == 7 ? code : 4; }\n", f);
    fclose(f);
    cr_expect_eq(sh("cd %s && cc -I%s/loader host.c %s/libvx.a -o host_static -lcapstone -lZydis -lelf -lpthread -lrt "
                    "&& ./host_static %s > /dev/null", dir, VX_SRC_DIR, b, guest("demo")), 0,
                 "a host defining check_insn/read_file_bytes did not link or run with libvx.a");
    cr_expect_eq(sh("cd %s && cc -I%s/loader host.c -L%s -lvx -o host_shared -Wl,-rpath,%s && ./host_shared %s > /dev/null"
                    , dir, VX_SRC_DIR, b, b, guest("demo")), 0,
                 "a host defining check_insn/read_file_bytes did not link or run with libvx.so");
    sh("rm -rf %s", dir);
}
