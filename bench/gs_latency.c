/* Why pointer-chasing guests pay most: load-to-use latency of a dependent
 * chain of loads, plain (native), through %gs with a non-zero base (vx's
 * R-MEM-GS32 form) and as `mov %eX,%r11d; mov (%r14,%r11),...` (a form the
 * spec could add). Side by side in one run, on a 64-node ring in L1. */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum { NODES = 64, STRIDE = 64, LOADS = 100000000 };

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

#define CHAIN4(x) x "\n" x "\n" x "\n" x "\n"

static double plain(uint64_t p)
{
    long n = LOADS;
    double t = now();
    __asm__ volatile("1:" CHAIN4("mov (%0), %0") "sub $4, %1\n jnz 1b" : "+r"(p), "+r"(n));
    return (now() - t) / LOADS * 1e9;
}

static double gs32(uint64_t off)
{
    long n = LOADS;
    double t = now();
    __asm__ volatile("1:" CHAIN4("mov %%gs:(%k0), %0") "sub $4, %1\n jnz 1b" : "+r"(off), "+r"(n));
    return (now() - t) / LOADS * 1e9;
}

static double base_index(uint64_t off, uint64_t base)
{
    long n = LOADS;
    double t = now();
    __asm__ volatile("1:" CHAIN4("mov %k0, %%r11d\n mov (%2, %%r11), %0") "sub $4, %1\n jnz 1b"
                     : "+r"(off), "+r"(n) : "r"(base) : "r11");
    return (now() - t) / LOADS * 1e9;
}

int main(void)
{
    /* A 4 GiB-aligned window, as the loader makes one. */
    size_t span = 8ull << 30;
    uint8_t *raw = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (raw == MAP_FAILED)
        return perror("gs_latency: mmap"), 1;
    uint8_t *base = (uint8_t *)(((uintptr_t)raw + (4ull << 30) - 1) & ~((4ull << 30) - 1));
    if (mprotect(base, NODES * STRIDE, PROT_READ | PROT_WRITE) != 0 ||
        syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)base) != 0)
        return perror("gs_latency: setup"), 1;
    /* Each node holds the next node's offset; the offset is also its
     * address, since the window base has 32 zero low bits. */
    for (unsigned i = 0; i < NODES; i++)
        *(uint64_t *)(base + i * STRIDE) = (uint64_t)(base + ((i * 17 + 5) % NODES) * STRIDE);
    double p = plain((uint64_t)base), g = gs32(0), b = base_index(0, (uint64_t)base);
    printf("dependent loads: plain %.2f ns, %%gs (non-zero base) %.2f ns (%.2fx), "
           "mov %%eX,%%r11d + (%%r14,%%r11) %.2f ns (%.2fx)\n", p, g, g / p, b, b / p);
    return 0;
}
