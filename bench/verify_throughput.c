/* Verifier throughput: builds one large image from the code segments of
 * real vxcc output (the files named on the command line), repeated until it
 * is at least --min-mib MiB, wraps it in an ELF and times vxv_check_image.
 * Each copy starts on a bundle boundary, so its relative branches stay
 * inside the copy and the image stays valid; the run fails if it is not. */
#include "file_bytes.h"
#include "mini_elf.h"
#include "vxverify.h"
#include "../include/vx/layout.h"
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Appends the verified code segment of one guest ELF to *code. */
static int append_code(const char *path, uint8_t **code, size_t *size, size_t *cap)
{
    size_t n = 0;
    uint8_t *file = NULL;
    read_file_bytes(path, &file, &n);
    struct vxv_policy pol = {0};
    struct vxv_sink sink = {0};
    struct vxv_image img;
    if (!file || vxv_check_image(file, n, &pol, &sink, &img)) {
        fprintf(stderr, "verify_throughput: %s: unreadable or not a valid guest\n", path);
        free(file);
        return -1;
    }
    for (unsigned i = 0; i < img.nsegments; i++) {
        if (!(img.seg[i].flags & PF_X))
            continue;
        while (*size + img.seg[i].filesz > *cap) {
            *cap = *cap ? *cap * 2 : 1 << 20;
            *code = realloc(*code, *cap);
            if (!*code)
                return -1;
        }
        memcpy(*code + *size, file + img.seg[i].offset, img.seg[i].filesz);
        *size += img.seg[i].filesz;
    }
    free(file);
    return 0;
}

/* One executable PT_LOAD at the start of the image area. */
static uint8_t *wrap_elf(const uint8_t *code, size_t size, size_t *out)
{
    size_t off = 4096;
    uint8_t *f = calloc(1, off + size);
    if (!f)
        return NULL;
    Elf64_Ehdr *eh = (Elf64_Ehdr *)f;
    mini_elf_header(eh, 1);
    Elf64_Phdr *ph = (Elf64_Phdr *)(f + sizeof *eh);
    *ph = (Elf64_Phdr){.p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = off,
                       .p_vaddr = VX_IMAGE_MIN, .p_paddr = VX_IMAGE_MIN,
                       .p_filesz = size, .p_memsz = size, .p_align = 4096};
    memcpy(f + off, code, size);
    *out = off + size;
    return f;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median wall time of five full verifications; -1 if the image is rejected. */
static double median_seconds(const uint8_t *elf, size_t size, int full_decode)
{
    enum { RUNS = 5 };
    double secs[RUNS];
    struct vxv_policy pol = {.full_decode = full_decode};
    for (int r = 0; r < RUNS; r++) {
        struct vxv_sink sink = {0};
        double t0 = now();
        unsigned bad = vxv_check_image(elf, size, &pol, &sink, NULL);
        secs[r] = now() - t0;
        if (bad) {
            fprintf(stderr, "verify_throughput: generated image rejected (%u violations)\n", bad);
            return -1;
        }
    }
    qsort(secs, RUNS, sizeof secs[0], by_value);
    return secs[RUNS / 2];
}

int main(int argc, char **argv)
{
    double min_mib = 16;
    int first = 1;
    if (argc > 2 && !strcmp(argv[1], "--min-mib")) {
        min_mib = atof(argv[2]);
        first = 3;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: verify_throughput [--min-mib N] guest.elf...\n");
        return 2;
    }
    uint8_t *sample = NULL;
    size_t sample_size = 0, cap = 0;
    for (int i = first; i < argc; i++)
        if (append_code(argv[i], &sample, &sample_size, &cap))
            return 2;
    size_t copies = (size_t)(min_mib * 1048576 / sample_size) + 1;
    size_t size = copies * sample_size;
    uint8_t *code = malloc(size);
    if (!code)
        return 2;
    for (size_t i = 0; i < copies; i++)
        memcpy(code + i * sample_size, sample, sample_size);
    size_t elf_size;
    uint8_t *elf = wrap_elf(code, size, &elf_size);
    if (!elf)
        return 2;

    double mib = size / 1048576.0;
    printf("verifier: %.1f MiB image (%zu copies of %zu code bytes from %d guests), median of 5 runs\n",
           mib, copies, sample_size, argc - first);
    double fast = median_seconds(elf, elf_size, 0), full = median_seconds(elf, elf_size, 1);
    if (fast < 0 || full < 0)
        return 1;
    printf("  fast path + Capstone: %.3f s = %.1f MiB/s\n", fast, mib / fast);
    printf("  Capstone only:        %.3f s = %.1f MiB/s (fast path speed-up %.1fx)\n", full, mib / full,
           full / fast);
    free(elf);
    free(code);
    free(sample);
    return 0;
}
