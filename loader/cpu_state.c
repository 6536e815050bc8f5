/* What the trampolines' scrub (scrub_in in trampoline.S) clears, chosen
 * once per process from CPUID and XCR0 (spec section 8, "Entering and
 * leaving"). */
#include "sandbox_internal.h"
#include <cpuid.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Read by trampoline.S. Mode: 0 SSE only, 1 AVX, 2 AVX-512 (explicit
 * zeroing sequences), 3 XRSTOR to the init state. */
__attribute__((visibility("hidden"))) unsigned char vx_scrub_mode;
__attribute__((visibility("hidden"))) uint64_t vx_xrstor_mask;
/* An XSAVE area (standard form) whose header says every component is in
 * its init state (XSTATE_BV = 0); the legacy region's MXCSR is the default. */
__attribute__((visibility("hidden"), aligned(64))) unsigned char vx_clean_xsave[4096] = {
    [24] = 0x80, [25] = 0x1f, /* MXCSR = 0x1f80 */
};

/* XCR0 components, by bit. */
enum {
    X_X87 = 1 << 0, X_SSE = 1 << 1, X_AVX = 1 << 2, X_OPMASK = 1 << 5,
    X_ZMM_HI256 = 1 << 6, X_HI16_ZMM = 1 << 7, X_PKRU = 1 << 9,
    X_TILECFG = 1 << 17, X_TILEDATA = 1 << 18,
};
#define AVX512_STATE (X_OPMASK | X_ZMM_HI256 | X_HI16_ZMM)
/* What the explicit sequences of modes 1 and 2 clear. */
#define EXPLICIT_STATE (X_X87 | X_SSE | X_AVX | AVX512_STATE)

static uint64_t read_xcr0(void)
{
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

/* Measured on an AMD EPYC with AVX2 (bench/loader_bench, see
 * bench/results.md): the explicit AVX sequence costs less than XRSTOR to
 * the init state, so XRSTOR is used only where XCR0 enables a component
 * the explicit sequences do not cover. */
static void choose(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) {
        vx_scrub_mode = 0;
        return;
    }
    int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (!osxsave) {
        vx_scrub_mode = 0; /* no XSAVE enabled by the OS: SSE and x87/MMX only */
        return;
    }
    uint64_t xcr0 = read_xcr0();
    /* PKRU is not the guest's to reset; AMX tile data may be armed for
     * first-use faults (XFD) and no allowed instruction reads it. */
    vx_xrstor_mask = xcr0 & ~(uint64_t)(X_PKRU | X_TILECFG | X_TILEDATA);
    int explicit_mode = 3; /* the explicit sequence that covers XCR0 exactly, if any */
    if (!(vx_xrstor_mask & ~(uint64_t)EXPLICIT_STATE) && avx && (xcr0 & (X_SSE | X_AVX)) == (X_SSE | X_AVX)) {
        if ((xcr0 & AVX512_STATE) == AVX512_STATE)
            explicit_mode = 2;
        else if (!(xcr0 & AVX512_STATE))
            explicit_mode = 1;
    }
    vx_scrub_mode = (unsigned char)explicit_mode;
    /* For measuring both (bench/loader_bench): VX_SCRUB=xrstor forces the
     * always-complete XRSTOR path; nothing can select an incomplete one. */
    const char *force = getenv("VX_SCRUB");
    if (force && !strcmp(force, "xrstor"))
        vx_scrub_mode = 3;
}

void vx_cpu_state_init(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, choose);
}
