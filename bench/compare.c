/* make bench: every workload natively (gcc -O2) and sandboxed (vxcc -O2,
 * run by vxrun, load and verification included), and compute kernels also
 * as WebAssembly (clang --target=wasm32-wasi, run by Node) where the tools
 * exist. Runs alternate between variants, REPS times; the table shows
 * medians, ratios and geometric means, as Markdown on stdout.
 *
 *   compare BUILD_DIR */
#include "sample_profile.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { REPS = 5, NATIVE = 0, VX, WASM, VARIANTS };
static const char *const variant_name[VARIANTS] = {"native", "vx", "wasm"};

struct workload {
    const char *name;
    char cmd[VARIANTS][1024];  /* empty: variant not available */
    char vx_binary[512];       /* for the sandbox-sequence profile */
    int startup_only;          /* measures start-up: reported apart, not in the means */
    int failed;                /* a run failed or an output differed: no ratio, no mean */
    double median[VARIANTS];
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Runs cmd with stdout to out_path; returns wall seconds, or -1 on failure. */
static double timed(const char *cmd, const char *out_path)
{
    char full[1400];
    snprintf(full, sizeof full, "%s > %s", cmd, out_path);
    double t0 = now();
    int st = system(full);
    double t = now() - t0;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? t : -1;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int file_exists(const char *p) { return access(p, R_OK) == 0; }

static void add(struct workload *w, int *n, const char *name, const char *native, const char *vx,
                const char *wasm, const char *vx_binary)
{
    struct workload *x = &w[(*n)++];
    memset(x, 0, sizeof *x);
    x->name = name;
    snprintf(x->cmd[NATIVE], sizeof x->cmd[NATIVE], "%s", native);
    snprintf(x->cmd[VX], sizeof x->cmd[VX], "%s", vx);
    snprintf(x->cmd[WASM], sizeof x->cmd[WASM], "%s", wasm ? wasm : "");
    snprintf(x->vx_binary, sizeof x->vx_binary, "%s", vx_binary);
}

static long text_bytes(const char *files)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "size -t %s 2>/dev/null | tail -1", files);
    FILE *p = popen(cmd, "r");
    long text = -1;
    if (!p || fscanf(p, "%ld", &text) != 1)
        text = -1;
    if (p)
        pclose(p);
    return text;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: compare BUILD_DIR\n");
        return 2;
    }
    const char *b = argv[1];
    char p[VARIANTS][1024], vxb[512], wasm[1024];
    struct workload w[16];
    int n = 0;
    static const char *const scripts[] = {"fib", "strings", "sort", "empty"};
    static const char *const lua_names[] = {"Lua fib(34)", "Lua string building", "Lua table.sort 600k",
                                            "Lua, empty script"};
    for (size_t i = 0; i < sizeof scripts / sizeof *scripts; i++) {
        snprintf(p[NATIVE], sizeof p[NATIVE], "%s/ports/native/lua/src/lua bench/lua/%s.lua", b, scripts[i]);
        snprintf(p[VX], sizeof p[VX], "%s/vxrun --dir /=bench/lua %s/ports/vx/lua/src/lua %s.lua", b, b, scripts[i]);
        snprintf(vxb, sizeof vxb, "%s/ports/vx/lua/src/lua", b);
        add(w, &n, lua_names[i], p[NATIVE], p[VX], NULL, vxb);
        w[n - 1].startup_only = !strcmp(scripts[i], "empty");
    }
    snprintf(vxb, sizeof vxb, "%s/ports/vx/zlib/minigzip", b);
    snprintf(p[NATIVE], sizeof p[NATIVE], "%s/ports/native/zlib/minigzip < %s/bench/corpus.bin", b, b);
    snprintf(p[VX], sizeof p[VX], "%s/vxrun %s/ports/vx/zlib/minigzip < %s/bench/corpus.bin", b, b, b);
    add(w, &n, "zlib compress 24 MiB", p[NATIVE], p[VX], NULL, vxb);
    snprintf(p[NATIVE], sizeof p[NATIVE], "%s/ports/native/zlib/minigzip -d < %s/bench/corpus.gz", b, b);
    snprintf(p[VX], sizeof p[VX], "%s/vxrun %s/ports/vx/zlib/minigzip -d < %s/bench/corpus.gz", b, b, b);
    add(w, &n, "zlib decompress 96 MiB", p[NATIVE], p[VX], NULL, vxb);
    static const char *const kernels[] = {"matmul", "sha256", "sort", "nbody", "calls"};
    const int nkernels = (int)(sizeof kernels / sizeof *kernels);
    for (int i = 0; i < nkernels; i++) {
        snprintf(p[NATIVE], sizeof p[NATIVE], "%s/bench/kernels/%s.native", b, kernels[i]);
        snprintf(p[VX], sizeof p[VX], "%s/vxrun %s/bench/kernels/%s.elf", b, b, kernels[i]);
        snprintf(vxb, sizeof vxb, "%s/bench/kernels/%s.elf", b, kernels[i]);
        snprintf(wasm, sizeof wasm, "%s/bench/kernels/%s.wasm", b, kernels[i]);
        char wcmd[1200] = "";
        if (file_exists(wasm))
            snprintf(wcmd, sizeof wcmd, "node --no-warnings --experimental-wasi-unstable-preview1 bench/wasi_run.mjs %s", wasm);
        add(w, &n, kernels[i], p[NATIVE], p[VX], wcmd[0] ? wcmd : NULL, vxb);
    }

    /* Alternate variants inside each repetition so drift hits all alike. */
    int failed = 0;
    for (int i = 0; i < n; i++) {
        double t[VARIANTS][REPS];
        for (int r = 0; r < REPS; r++)
            for (int v = 0; v < VARIANTS; v++) {
                if (!w[i].cmd[v][0])
                    continue;
                char out[256];
                snprintf(out, sizeof out, "%s/bench/out.%d.%s", b, i, variant_name[v]);
                t[v][r] = timed(w[i].cmd[v], out);
                if (t[v][r] < 0) {
                    fprintf(stderr, "compare: %s (%s) failed: %s\n", w[i].name, variant_name[v], w[i].cmd[v]);
                    w[i].failed = failed = 1;
                }
            }
        for (int v = 0; v < VARIANTS; v++)
            if (w[i].cmd[v][0]) {
                qsort(t[v], REPS, sizeof t[v][0], by_value);
                w[i].median[v] = t[v][REPS / 2];
            }
        /* The sandboxed result must be the native one, byte for byte. */
        for (int v = VX; v < VARIANTS; v++) {
            char cmd[600];
            snprintf(cmd, sizeof cmd, "cmp -s %s/bench/out.%d.native %s/bench/out.%d.%s", b, i, b, i, variant_name[v]);
            if (w[i].cmd[v][0] && system(cmd) != 0) {
                fprintf(stderr, "compare: %s: %s output differs from native\n", w[i].name, variant_name[v]);
                w[i].failed = failed = 1;
            }
        }
    }

    printf("## Run time (median of %d alternating runs, wall clock)\n\n", REPS);
    printf("| workload | native ms | vx ms | vx/native | wasm ms (Node) | wasm/native |\n|---|---:|---:|---:|---:|---:|\n");
    double log_vx = 0, log_vx_k = 0, log_wasm = 0, log_clamped = 0;
    int n_all = 0, n_k = 0;
    for (int i = 0; i < n; i++) {
        if (w[i].startup_only)
            continue;
        if (w[i].failed) { /* a failed run's time is no time: never in a median or a mean */
            printf("| %s | FAILED | FAILED | - | - | - |\n", w[i].name);
            continue;
        }
        double rv = w[i].median[VX] / w[i].median[NATIVE];
        log_vx += log(rv);
        log_clamped += rv > 1 ? log(rv) : 0;
        n_all++;
        printf("| %s | %.1f | %.1f | %.3f |", w[i].name, 1e3 * w[i].median[NATIVE], 1e3 * w[i].median[VX], rv);
        if (w[i].cmd[WASM][0]) {
            double rw = w[i].median[WASM] / w[i].median[NATIVE];
            log_wasm += log(rw);
            log_vx_k += log(rv);
            n_k++;
            printf(" %.1f | %.3f |\n", 1e3 * w[i].median[WASM], rw);
        } else {
            printf(" - | - |\n");
        }
    }
    if (!n_all) {
        printf("\nNo workload ran to completion.\n");
        return 1;
    }
    printf("| **geometric mean, all %d workloads** | | | **%.3f** | | |\n", n_all, exp(log_vx / n_all));
    printf("| geometric mean, ratios below 1 counted as 1 | | | %.3f | | |\n", exp(log_clamped / n_all));
    if (n_k)
        printf("| **geometric mean, the %d kernels with a wasm build** | | | **%.3f** | | **%.3f** |\n", n_k,
               exp(log_vx_k / n_k), exp(log_wasm / n_k));
    printf("\nA ratio below 1 is not the sandbox running faster than the CPU: the guest links musl with "
           "vx's own memcpy/memmove/memset (`runtime/string.c`) where native code links glibc, and vxcc "
           "starts loop heads on a bundle boundary; both move run times either way. The clamped mean gives "
           "no credit for those gains.\n");
    printf("\nHow the builds differ (so a ratio is not the sandbox alone): native is `gcc -O2` as "
           "Debian configures it (PIE, glibc linked dynamically; Lua and zlib through their own build systems "
           "with CC=gcc); vx is `vxcc -O2`: non-PIE, linked statically with musl and vx's string "
           "functions, %%r11 and %%r14 reserved (-ffixed-r11 -ffixed-r14), functions and loop heads on "
           "32-byte boundaries, no AVX-512. A workload whose vx/native ratio is below 1 gains from those "
           "differences, not from sandboxing.\n");
    printf("\nvx times include vxrun's start-up: loading and verifying the image (below). WebAssembly: "
           "the same C kernels built with Debian's clang 14 and wasi-libc, run by Node's WebAssembly/WASI "
           "(JIT-compiled, compile time included); Lua and zlib are not built for wasm here (wasi-libc "
           "has no setjmp).\n");

    printf("\n## Start-up (not in the means above)\n\n| process | native ms | vx ms | vx - native ms |\n|---|---:|---:|---:|\n");
    for (int i = 0; i < n; i++)
        if (w[i].startup_only && !w[i].failed)
            printf("| %s | %.1f | %.1f | %.1f |\n", w[i].name, 1e3 * w[i].median[NATIVE], 1e3 * w[i].median[VX],
                   1e3 * (w[i].median[VX] - w[i].median[NATIVE]));
    printf("\nvxrun reads the image, verifies all of its code (Lua: about 450 KiB) and maps it; "
           "a host that loads the same image again skips the verifier (image cache).\n");

    printf("\n## Where the overhead is (workloads more than 5%% slower than native)\n\n");
    int any = 0;
    for (int i = 0; i < n; i++) {
        if (w[i].startup_only || w[i].failed || w[i].median[VX] <= 1.05 * w[i].median[NATIVE])
            continue;
        char prof[600], scratch[600];
        snprintf(scratch, sizeof scratch, "%s/bench", b);
        if (sample_profile(w[i].cmd[VX], w[i].vx_binary, scratch, prof, sizeof prof) != 0) {
            char st[400] = "(no profile)";
            static_profile(w[i].vx_binary, st, sizeof st);
            snprintf(prof, sizeof prof, "(perf unavailable; static counts) %s", st);
        }
        printf("- %s (%.3fx): %s\n", w[i].name, w[i].median[VX] / w[i].median[NATIVE], prof);
        any = 1;
    }
    if (!any)
        printf("None.\n");
    printf("\nSamples come from `perf record -e cpu-clock` of the vx run; a sample is charged to the "
           "instruction before its address (the one that held up retirement). Padding nops fill bundle ends (no instruction may cross a 32-byte "
           "boundary; calls must end one); masking sequences are the `and`/`add %%r14`/`mov`/`or` "
           "instructions of masked branches and returns; %%gs operands also run natively, without the "
           "two prefix bytes.\n");

    printf("\n## Code size (text bytes of the program's own code)\n\n| code | native | vx | vx/native |\n|---|---:|---:|---:|\n");
    static const char *const sized[][2] = {{"liblua.a", "ports/%s/lua/src/liblua.a"}, {"libz.a", "ports/%s/zlib/libz.a"}};
    long tn_all = 0, tv_all = 0;
    for (int i = 0; i < 2; i++) {
        char fn[512], fv[512], a[256], c[256];
        snprintf(a, sizeof a, sized[i][1], "native");
        snprintf(c, sizeof c, sized[i][1], "vx");
        snprintf(fn, sizeof fn, "%s/%s", b, a);
        snprintf(fv, sizeof fv, "%s/%s", b, c);
        long tn = text_bytes(fn), tv = text_bytes(fv);
        tn_all += tn;
        tv_all += tv;
        printf("| %s | %ld | %ld | %.3f |\n", sized[i][0], tn, tv, (double)tv / tn);
    }
    char fn[1024], fv[1024];
    snprintf(fn, sizeof fn, "%s/bench/kernels/*.native.o", b);
    snprintf(fv, sizeof fv, "%s/bench/kernels/*.vx.o", b);
    long kn = text_bytes(fn), kv = text_bytes(fv);
    printf("| the %d kernels (objects) | %ld | %ld | %.3f |\n", nkernels, kn, kv, (double)kv / kn);
    printf("| **all** | %ld | %ld | **%.3f** |\n", tn_all + kn, tv_all + kv, (double)(tv_all + kv) / (tn_all + kn));
    return failed;
}
