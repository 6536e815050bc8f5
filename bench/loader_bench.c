/* Loader costs, each beside a plain native function call measured in the
 * same run: host->guest->host round trip (vx_call), guest->host call-outs
 * (a host-registered function and a numbered service), and sandbox
 * create + load + destroy with the verified-image cache cold and warm. */
#include "vx.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

__attribute__((noinline)) static uint64_t native_identity(uint64_t a)
{
    __asm__ volatile("" : "+r"(a));
    return a;
}
static uint64_t (*volatile native_fn)(uint64_t) = native_identity;

static uint64_t host_identity(vx_sandbox *sb, void *user, const uint64_t a[5])
{
    (void)sb;
    (void)user;
    return a[0];
}

static double native_ns(long n)
{
    uint64_t s = 0;
    double t0 = now();
    for (long i = 0; i < n; i++)
        s += native_fn((uint64_t)i);
    double t = now() - t0;
    if (s == 42)
        puts("");
    return t / n * 1e9;
}

static double call_ns(vx_sandbox *sb, const char *fn, long n, long inner)
{
    double t0 = now();
    for (long i = 0; i < n; i++) {
        uint64_t r;
        if (vx_call(sb, fn, 1, (uint64_t[]){(uint64_t)inner}, &r) != VX_OK) {
            fprintf(stderr, "loader_bench: %s failed: %s\n", fn, vx_error(sb)->message);
            exit(1);
        }
    }
    return (now() - t0) / ((double)n * (inner > 1 ? inner : 1)) * 1e9;
}

static double lifecycle_us(const char *image, int n, int cold)
{
    double t0 = now();
    for (int i = 0; i < n; i++) {
        if (cold)
            vx_image_cache_clear();
        vx_sandbox *sb;
        if (vx_create(NULL, &sb) != VX_OK || vx_load_file(sb, image) != VX_OK) {
            fprintf(stderr, "loader_bench: cannot create and load %s\n", image);
            exit(1);
        }
        vx_destroy(sb);
    }
    return (now() - t0) / n * 1e6;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: loader_bench transition_guest.elf\n");
        return 2;
    }
    vx_sandbox *sb;
    if (vx_create(NULL, &sb) != VX_OK || vx_load_file(sb, argv[1]) != VX_OK ||
        vx_register(sb, 0, host_identity, NULL) != VX_OK) {
        fprintf(stderr, "loader_bench: cannot load %s\n", argv[1]);
        return 1;
    }
    double native = native_ns(50000000);
    double round_trip = call_ns(sb, "nothing", 300000, 1);
    double hostcall = call_ns(sb, "hostcalls", 10, 1000000);
    double service = call_ns(sb, "services", 10, 1000000);
    vx_destroy(sb);
    double cold = lifecycle_us(argv[1], 300, 1), warm = lifecycle_us(argv[1], 300, 0);
    printf("loader (same run; native call = plain indirect call of an identity function):\n");
    printf("  native call                         %8.1f ns\n", native);
    printf("  host->guest->host round trip        %8.1f ns  (%.0fx native)\n", round_trip, round_trip / native);
    printf("  guest->host call-out (host fn)      %8.1f ns  (%.0fx native)\n", hostcall, hostcall / native);
    printf("  guest->host call-out (service)      %8.1f ns  (%.0fx native)\n", service, service / native);
    printf("  create+load+destroy, cache cold     %8.1f us\n", cold);
    printf("  create+load+destroy, cache warm     %8.1f us\n", warm);
    return 0;
}
