/* libvxverify: proves a guest image obeys spec/sandbox.md. The loader runs
 * only images this library accepts. */
#ifndef VXVERIFY_H
#define VXVERIFY_H
#include <stddef.h>
#include <stdint.h>
#include "rules.h"

struct vxv_policy {
    int deterministic;    /* reject rdtsc, rdrand, cpuid, ... (R-INSN-NONDET) */
    unsigned max_errors;  /* stop after this many violations; 0 = report all */
    int full_decode;      /* decode everything with Capstone, skipping the fast
                             path (same verdicts, slower; for differential tests) */
};

struct vxv_violation {
    uint64_t addr;            /* sandbox offset of the instruction */
    enum vxv_rule rule;
    unsigned len;             /* bytes[0..len) are the offending bytes */
    unsigned char bytes[16];
    char text[256];           /* disassembly, or an ELF message */
};

typedef void (*vxv_report_fn)(void *ctx, const struct vxv_violation *v);

struct vxv_sink {
    vxv_report_fn report;     /* may be NULL: count only */
    void *ctx;
    unsigned count;           /* violations found so far */
};

#define VXV_MAX_SEGMENTS 8
struct vxv_segment {
    uint64_t vaddr, memsz, offset, filesz;
    unsigned flags;           /* PF_R | PF_W | PF_X */
};

struct vxv_image {
    uint64_t entry;
    unsigned nsegments;
    struct vxv_segment seg[VXV_MAX_SEGMENTS];
    uint64_t code_vaddr, code_size;  /* the single executable segment */
    uint64_t code_offset;            /* its file offset */
    uint64_t image_end;              /* highest vaddr + memsz, page aligned */
    uint64_t mapped_bytes;           /* sum of the segments' page-rounded sizes */
    /* The PT_TLS header, if any (tls.p_type == PT_TLS): never mapped, only
     * handed to the guest's libc through AT_PHDR (R-ELF). */
    struct {
        uint32_t p_type, p_flags;
        uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
    } tls;
};

/* Checks raw code bytes loaded at sandbox offset vaddr (a multiple of 32).
 * Returns the number of violations (0 = safe). */
unsigned vxv_check_code(const uint8_t *code, size_t size, uint64_t vaddr,
                        const struct vxv_policy *policy, struct vxv_sink *sink);

/* vxv_check_code, and starts[i] = 1 for each byte i that begins a decoded
 * instruction (the walker's own boundaries; the execution oracle compares
 * them with the CPU's). starts has size bytes; NULL = none wanted. */
unsigned vxv_check_code_starts(const uint8_t *code, size_t size, uint64_t vaddr,
                               const struct vxv_policy *policy, struct vxv_sink *sink,
                               uint8_t *starts);

/* Checks the ELF rules only (headers and segments, not the code): the
 * loader uses it to learn an image's memory needs before verifying its
 * code. Cost: constant per program header, no allocation. Fills *image when
 * it returns 0. */
unsigned vxv_check_elf(const uint8_t *file, size_t size, struct vxv_sink *sink,
                       struct vxv_image *image);

/* Checks a whole ELF image held in memory (vxv_check_elf, then the code
 * segment). Fills *image when it returns 0. */
unsigned vxv_check_image(const uint8_t *file, size_t size,
                         const struct vxv_policy *policy, struct vxv_sink *sink,
                         struct vxv_image *image);

/* The vx mark's format version (include/vx/image_mark.h), or 0 when the
 * image carries none. Not a verdict: marked or not, images are judged by
 * their bytes. */
int vxv_image_mark(const uint8_t *file, size_t size);

#endif
