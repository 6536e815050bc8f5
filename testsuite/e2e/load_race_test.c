/* vx_load_memory must verify the bytes that run: a second thread flips the
 * caller's buffer between a safe and an unsafe code variant while the image
 * is loaded again and again; whatever each load decided, the code that sits
 * in the window afterwards must pass the verifier. */
#define _GNU_SOURCE
#include "image_builder.h"
#include "vx.h"
#include "vxverify.h"
#include "vx/layout.h"
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>

#define CODE_SIZE 4096
static atomic_int stop;

struct flipper {
    volatile uint8_t *bytes;   /* two code bytes in the caller's buffer */
};

static void *flip(void *arg)
{
    struct flipper *f = arg;
    while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
        f->bytes[0] = 0x0f, f->bytes[1] = 0x05; /* syscall */
        f->bytes[0] = 0x90, f->bytes[1] = 0x90; /* nop; nop */
    }
    return NULL;
}

static void race(int cache_on, int rounds)
{
    static uint8_t code[CODE_SIZE];
    memset(code, 0x90, sizeof code);
    struct ib_image im = {0};
    ib_add(&im, VX_IMAGE_MIN, PF_R | PF_X, code, sizeof code, sizeof code);
    size_t size;
    uint8_t *file = ib_build(&im, NULL, 0, &size);
    size_t at = 0x1000 + CODE_SIZE - 32; /* file offset of the last bundle */
    vx_image_cache_enable(cache_on);
    atomic_store(&stop, 0);
    struct flipper f = {file + at};
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, flip, &f), 0);
    int loaded = 0, unsafe = 0;
    for (int i = 0; i < rounds; i++) {
        vx_sandbox *sb;
        cr_assert_eq(vx_create(NULL, &sb), VX_OK);
        if (vx_load_memory(sb, file, size) == VX_OK) {
            loaded++;
            const uint8_t *win = vx_guest_ptr(sb, VX_IMAGE_MIN, CODE_SIZE, 0);
            cr_assert_not_null(win);
            struct vxv_policy policy = {.max_errors = 1};
            struct vxv_sink sink = {0};
            if (vxv_check_code(win, CODE_SIZE, VX_IMAGE_MIN, &policy, &sink) != 0)
                unsafe++;
        }
        vx_destroy(sb);
    }
    atomic_store(&stop, 1);
    pthread_join(t, NULL);
    vx_image_cache_enable(1);
    cr_expect_eq(unsafe, 0, "%d of %d loads left unverified bytes in the window", unsafe, loaded);
    cr_expect_gt(loaded, 0, "no load saw the safe variant: the test proves nothing");
    free(file);
}

Test(load_race, flipped_buffer_never_runs_unverified_bytes, .timeout = 120) { race(0, 400); }
Test(load_race, flipped_buffer_with_the_cache_on, .timeout = 120) { race(1, 400); }
