/* The execution oracle: runs verifier-accepted code on the real CPU inside a
 * real sandbox window, single-stepped, with every host mapping made
 * inaccessible, and reports anything the spec promises cannot happen.
 * spec/sandbox.md section 9, "Execution oracle". */
#ifndef VXO_ORACLE_H
#define VXO_ORACLE_H
#include <stddef.h>
#include <stdint.h>

/* How a run ended (or what it showed on the way). The table in classes.c
 * says which are findings. */
enum vxo_class {
    VXO_RUNNING = 0,
    /* contained outcomes */
    VXO_TRAP_REACHED,      /* fell through the bundle into the planted trap */
    VXO_WINDOW_JUMP,       /* branched elsewhere inside the window */
    VXO_CALLOUT,           /* reached a runtime-call table target */
    VXO_STEP_LIMIT,
    VXO_FAULT_IN_WINDOW,   /* page fault at an address in the window or its guards */
    VXO_GP_EXPLAINED,      /* #GP of a misaligned vector access in the window, or no memory operand */
    VXO_SIGILL,            /* e.g. AVX-512 on a CPU without it */
    VXO_SIGFPE,
    VXO_TRAP_INSN,         /* int3 executed (a loader's trap filler) */
    VXO_RSP_TRANSIENT,     /* %rsp = 32-bit value between `OP ...,%esp` and `add %r14,%rsp`
                              (the pre-2026-12 R-RSP-WRITE pair) */
    /* findings */
    VXO_ESCAPE_ACCESS,     /* page fault outside the window and its guards */
    VXO_ESCAPE_GP,         /* #GP/#SS that no in-window access explains */
    VXO_ESCAPE_CONTROL,    /* RIP left the window (not to a call-out target) */
    VXO_CPU_LENGTH,        /* the CPU stopped inside what the verifier decoded as one instruction */
    VXO_R14,               /* %r14 != B */
    VXO_GSBASE,            /* %gs base != B */
    VXO_FSBASE,            /* %fs base changed */
    VXO_RSP,               /* %rsp outside [B-8, B+4G] */
    VXO_UNVERIFIED_EXEC,   /* executed bytes of an executable page the verifier never checked */
    VXO_TIMEOUT,           /* the child's alarm fired: single-stepping lost */
    VXO_CHILD_DIED,        /* the child ended without reporting */
    VXO_OTHER_SIGNAL,
    VXO_GP_PENDING,        /* internal: the parent classifies this #GP */
    VXO_NCLASSES
};

const char *vxo_class_name(enum vxo_class c);
/* Is it a finding? RSP_TRANSIENT is one only with strict_rsp. */
int vxo_class_is_finding(enum vxo_class c, int strict_rsp);

struct vxo_config {
    uint64_t seed;
    unsigned patterns;      /* register poison patterns per bundle or entry */
    unsigned max_steps;     /* per run */
    int strict_rsp;         /* the transient %esp value is a finding (default: the
                               `OP ...,%esp ; add %r14,%rsp` pair is no longer valid) */
    int verbose;            /* print each finding to stderr */
};
void vxo_config_init(struct vxo_config *c);

#define VXO_EXAMPLES 4
struct vxo_example {
    uint64_t entry, rip, addr;
    unsigned char bytes[32];   /* the bundle at the entry */
    char text[240];            /* one line: what happened */
};

struct vxo_report {
    uint64_t generated, accepted, runs, steps, children;
    uint64_t ended[VXO_NCLASSES];   /* runs ended by each class */
    uint64_t seen[VXO_NCLASSES];    /* runs that showed each class at all */
    uint64_t findings;              /* runs with at least one finding */
    struct vxo_example example[VXO_NCLASSES][VXO_EXAMPLES];
    unsigned nexample[VXO_NCLASSES];
};
void vxo_report_print(const struct vxo_report *r, const char *title, int strict_rsp);

/* Runs n 32-byte bundles as they are (no verifier verdict). The CPU's
 * instruction boundaries are compared with starts[k] (bit i: byte i begins
 * an instruction) or, when starts is NULL, with the verifier's. */
int vxo_run_bundles(const struct vxo_config *c, const uint8_t (*bundles)[32], const uint32_t *starts,
                    size_t n, struct vxo_report *r);
/* Generates sequences from c->seed until count are generated or seconds
 * pass, keeps those libvxverify accepts and runs them. */
int vxo_fuzz(const struct vxo_config *c, uint64_t count, double seconds, struct vxo_report *r);
/* Loads an image with libvx and enters every bundle start of every
 * executable page of its window. */
int vxo_run_image(const struct vxo_config *c, const void *elf, size_t size, struct vxo_report *r);
int vxo_run_image_file(const struct vxo_config *c, const char *path, struct vxo_report *r);

#endif
