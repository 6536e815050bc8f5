/* What the oracle's parent and its locked-down child share: one MAP_SHARED
 * block with the runs to do (filled before fork), what the child must keep
 * mapped, and one outcome per run (filled by the child's signal handler). */
#ifndef VXO_CHILD_H
#define VXO_CHILD_H
#include <stdint.h>

#define VXO_MAX_RUNS 8192
#define VXO_MAX_PROTECT 512      /* host ranges the child makes PROT_NONE */
#define VXO_MAX_EXEC 8           /* executable ranges of the window */
#define VXO_MAX_CODE (8u << 20)  /* verified code bytes covered by the starts bitmap */
#define VXO_VEC_PATTERNS 4
#define VXO_NGREG 23             /* gregs of the x86-64 ucontext */

enum vxo_mode { VXO_MODE_BUNDLES, VXO_MODE_IMAGE };

struct vxo_run_in {
    uint64_t entry;              /* sandbox offset where the run starts */
    uint64_t gpr[16];            /* REG_R8..REG_RSP order of <sys/ucontext.h> */
    uint32_t vec;                /* vector poison pattern */
    uint32_t tag;                /* caller's index (bundle or entry number) */
};

struct vxo_outcome {
    uint32_t cls;                /* enum vxo_class that ended the run */
    uint32_t seen;               /* bit per class noticed on the way (non-ending) */
    uint32_t steps;
    int32_t signo, si_code;
    uint32_t done;
    uint64_t rip, addr;          /* where it ended; fault address */
    uint64_t gregs[VXO_NGREG];   /* CPU state at the end */
};

struct vxo_shared {
    /* set by the parent */
    uint64_t base, fs_base;
    uint32_t mode, max_steps, nruns, ymm_offset;
    uint32_t fsgsbase, pad0;     /* rd/wrgsbase usable; else arch_prctl */
    uint64_t code_lo, code_hi;   /* verified code, sandbox offsets */
    uint64_t exec_lo[VXO_MAX_EXEC], exec_hi[VXO_MAX_EXEC];
    uint32_t nexec, ncallout;
    uint64_t callout[4];         /* host addresses in the runtime-call table */
    uint64_t prot_lo[VXO_MAX_PROTECT], prot_len[VXO_MAX_PROTECT];
    uint32_t nprot, first;       /* first = first run for this child */
    uint8_t vec[VXO_VEC_PATTERNS][16][32];
    /* child progress */
    volatile uint32_t current, started, locked, protect_failed;
    uint32_t steps, seen;
    uint32_t unverified;         /* the next instruction is at an unverified address */
    uint32_t pad;
    struct vxo_run_in runs[VXO_MAX_RUNS];
    struct vxo_outcome out[VXO_MAX_RUNS];
    uint8_t starts[VXO_MAX_CODE / 8]; /* bit per code byte: verifier instruction start */
};

/* child.c: never returns; runs s->runs[s->first..nruns) and exits. */
__attribute__((noreturn)) void vxo_child_launch(struct vxo_shared *s, void *stack_top);
void vxo_child_handler(int sig, void *info, void *uc);
extern const char vxo_restorer[], vxo_callout_target[];
extern const char __start_vxo_text[], __stop_vxo_text[];
extern char __start_vxo_data[], __stop_vxo_data[];

#endif
