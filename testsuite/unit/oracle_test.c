/* The execution oracle, bounded: generated sequences the verifier accepts,
 * every built guest and test program, and crafted images, all run on the
 * CPU single-stepped in a locked-down child. The spec promises zero
 * findings; each test also asserts that enough actually ran. The long run
 * is `make fuzz`. */
#include "crafted.h"
#include "oracle.h"
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *build_dir(void)
{
    const char *b = getenv("VX_BUILD");
    return b ? b : "build";
}

static struct vxo_report *new_report(void)
{
    struct vxo_report *r = calloc(1, sizeof *r);
    cr_assert_not_null(r);
    return r;
}

/* 100,000 sequences per seed: about a quarter pass the verifier. */
static void generated(uint64_t seed)
{
    struct vxo_config c;
    vxo_config_init(&c);
    c.seed = seed;
    struct vxo_report *r = new_report();
    cr_assert_eq(vxo_fuzz(&c, 100000, 0, r), 0, "the oracle could not run");
    char title[32];
    snprintf(title, sizeof title, "seed %llu", (unsigned long long)seed);
    vxo_report_print(r, title, c.strict_rsp);
    cr_expect_eq(r->generated, 100000);
    cr_expect_geq(r->accepted, 10000, "only %llu sequences accepted", (unsigned long long)r->accepted);
    cr_expect_eq(r->runs, r->accepted * c.patterns, "every accepted sequence ran with every pattern");
    cr_expect_geq(r->steps, r->runs, "runs took steps");
    cr_expect_eq(r->findings, 0, "%llu runs with findings (see above)", (unsigned long long)r->findings);
    free(r);
}

Test(oracle, generated_seed_1, .timeout = 600) { generated(1); }
Test(oracle, generated_seed_2, .timeout = 600) { generated(2); }
Test(oracle, generated_seed_3, .timeout = 600) { generated(3); }

static int is_elf(const struct dirent *e)
{
    size_t n = strlen(e->d_name);
    return n > 4 && !strcmp(e->d_name + n - 4, ".elf");
}

/* Every `every`-th *.elf (by name) of a build directory, whole. */
static void images_in(const char *sub, unsigned every, unsigned min_images)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/%s", build_dir(), sub);
    struct dirent **names;
    int n = scandir(dir, &names, is_elf, alphasort);
    cr_assert_geq(n, 0, "%s: no such directory (make test builds it)", dir);
    struct vxo_config c;
    vxo_config_init(&c);
    c.patterns = 2;
    struct vxo_report *total = new_report();
    unsigned images = 0;
    for (int i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        free(names[i]);
        if (i % every)
            continue;
        struct vxo_report *r = new_report();
        cr_assert_eq(vxo_run_image_file(&c, path, r), 0, "%s: cannot run", path);
        cr_expect_gt(r->runs, 0, "%s: nothing ran", path);
        if (r->findings)
            vxo_report_print(r, path, c.strict_rsp);
        cr_expect_eq(r->findings, 0, "%s: %llu runs with findings", path, (unsigned long long)r->findings);
        total->runs += r->runs;
        total->steps += r->steps;
        total->findings += r->findings;
        images++;
        free(r);
    }
    free(names);
    printf("oracle %s: %u images, %llu runs, %llu steps, %llu with findings\n", dir, images,
           (unsigned long long)total->runs, (unsigned long long)total->steps,
           (unsigned long long)total->findings);
    cr_expect_geq(images, min_images, "%s: %u images", dir, images);
    free(total);
}

Test(oracle, built_guests, .timeout = 600) { images_in("guests", 1, 5); }
/* A third of the test programs here (they share most of musl); make fuzz runs them all. */
Test(oracle, test_programs, .timeout = 900) { images_in("oracle/programs", 3, 15); }
/* The Linux personality's guests: the Linux call slot, the thread-pointer operands (R-TP). */
Test(oracle, musl_guests, .timeout = 600) { images_in("linux", 1, 3); }

/* Code segments that do not fill their pages: whatever the loader makes
 * executable around them must be verified code too. */
static void crafted(uint64_t vaddr, size_t bundles)
{
    static uint8_t code[4096], image[3 * 4096];
    size_t size = vxo_crafted_code(code, bundles);
    size_t n = vxo_craft_image(image, sizeof image, vaddr, code, size);
    cr_assert_gt(n, 0);
    struct vxo_config c;
    vxo_config_init(&c);
    c.patterns = 4;
    struct vxo_report *r = new_report();
    int st = vxo_run_image(&c, image, n, r);
    if (st == -2) { /* the verifier rejects it: nothing can run, nothing to check */
        free(r);
        return;
    }
    cr_assert_eq(st, 0);
    char title[64];
    snprintf(title, sizeof title, "code at 0x%llx, %zu bytes", (unsigned long long)vaddr, size);
    vxo_report_print(r, title, c.strict_rsp);
    cr_expect_gt(r->runs, 0);
    cr_expect_eq(r->findings, 0, "%s: %llu runs with findings", title, (unsigned long long)r->findings);
    free(r);
}

Test(oracle, crafted_code_ends_mid_page) { crafted(0x200000, 2); }
Test(oracle, crafted_code_starts_past_page_start) { crafted(0x200f00, 4); }
Test(oracle, crafted_code_fills_its_page) { crafted(0x200000, 128); }
