/* The sandbox object, shared by the loader's files (not part of the API). */
#ifndef VX_SANDBOX_INTERNAL_H
#define VX_SANDBOX_INTERNAL_H
#include "vx.h"
#include "symtab.h"
#include "vxverify.h"
#include "vx/layout.h"
#include <stdint.h>

/* Fields read by trampoline.S at fixed offsets: keep in sync with CTX_* there. */
struct vx_ctx {
    uint64_t host_rsp;   /* 0: host stack inside vx_enter */
    uint64_t guest_rsp;  /* 8: guest stack at the call-out */
    uint64_t base;       /* 16: sandbox base B */
    uint64_t entry;      /* 24: where vx_enter jumps */
    uint64_t arg[6];     /* 32: guest %rdi %rsi %rdx %rcx %r8 %r9 */
    uint64_t number;     /* 80: guest %eax at the call-out */
    uint64_t slot;       /* 88: runtime-call table slot used */
    uint32_t host_mxcsr; /* 96: the host's, saved by vx_enter, back on every way out */
    uint16_t host_fcw;   /* 100: the host's x87 control word, likewise */
    uint16_t guest_fcw;  /* 102: the guest's, saved at a call-out, back on its return */
    uint32_t guest_mxcsr;/* 104: likewise */
    uint32_t expired;    /* 108: the CPU-time limit expired while host code ran */
    uint32_t deliver;    /* 112: the call-out returns into a guest signal handler with
                            arg[0..2] as %rdi %rsi %rdx (loader/linux/signal_frame.c) */
};
_Static_assert(__builtin_offsetof(struct vx_ctx, deliver) == 112, "trampoline.S's CTX_DELIVER");

/* A guest signal handler running (loader/linux/signal_frame.c): where its
 * interrupted call-out returns to once the handler calls rt_sigreturn.
 * Kept in host memory: the guest can rewrite its stack, not these. */
struct vx_sigframe {
    uint64_t return_rsp;      /* the guest %rsp of the interrupted call-out (B + offset) */
    int64_t result;           /* that call-out's result */
    uint64_t ucontext;        /* guest offset of the ucontext_t given to the handler */
};
#define VX_MAX_SIGFRAMES 8

struct vx_fd {
    int host;                 /* -1: no host descriptor (free, or a built-in device) */
    int owned;                /* opened by us, closed by us */
    int readonly;             /* under a read-only preopen: no writing call */
    char *dir;                /* a directory's normalised guest path (for *at calls), or NULL */
    int device;               /* a built-in /dev node served by libvx (linux/devices.c), 0: none */
    int flags;                /* a built-in device's open flags (F_GETFL) */
    uint64_t pos;             /* a built-in directory's next entry (getdents64, lseek) */
};

/* A slot holds a descriptor when it has a host one or is a built-in device. */
static inline int vx_fd_in_use(const struct vx_fd *f)
{
    return f->host >= 0 || f->device;
}

/* An anonymous mapping of the Linux personality (sandbox offsets). */
struct vx_mapping { uint64_t lo, hi; int prot; };
#define VX_MAX_MAPPINGS 8192

struct vx_preopen {
    char guest[256];          /* normalised guest path, e.g. "/data" */
    int dirfd;                /* O_PATH directory fd on the host */
    int readonly;
};

struct vx_sandbox {
    struct vx_ctx ctx;        /* first: trampolines reach it through TLS */
    struct vx_options opt;
    uint8_t *base;            /* B */
    int slot;                 /* pool slot */
    int loaded;
    struct vxv_image image;
    uint64_t brk, brk_start, brk_mapped, brk_limit; /* heap, sandbox offsets */
    uint64_t stack_lo;
    vx_status run_status;     /* why the last run ended */
    int exit_code;
    int end_signal;           /* the signal that ended the run (Linux personality), or 0 */
    struct vx_error err;
    struct vx_stats stats;
    struct {
        vx_host_fn fn;
        void *user;
    } host[VX_MAX_HOST_FNS];
    struct vx_fd fds[VX_MAX_FDS];
    struct vx_preopen preopens[VX_MAX_PREOPENS];
    unsigned npreopens;
    struct vx_symtab symtab;  /* exported functions (symbols.c) */
    uint64_t return_stub;     /* __vx_return, 0 if the image has none */
    /* Linux personality (loader/linux/): cwd, anonymous mappings (sorted,
     * below mmap_top and above the break), the guest's signal mask. */
    char cwd[VX_PATH_MAX];
    struct vx_mapping *maps;
    unsigned nmaps;
    uint64_t mapped_bytes, mmap_top;
    uint64_t sigmask, sigpending;
    unsigned umask_bits;
    uint64_t random_state;    /* deterministic getrandom */
    uint8_t sigaction[64][32]; /* the guest's struct k_sigaction per signal */
    struct vx_sigframe sigframes[VX_MAX_SIGFRAMES];
    unsigned nsigframes;
    uint64_t call_result;
    char *env;                /* the guest's environment: env_count NUL-terminated strings (env.c) */
    uint64_t env_bytes;
    unsigned env_count;
    char *private_tmp;        /* host path of the sandbox's own /tmp, or NULL (private_tmp.c) */
};

/* pool.c: 4 GiB windows with guards around them; deterministic ones at a
 * fixed address (NULL when that range is taken or all its slots are). */
uint8_t *vx_pool_acquire(int deterministic, int *slot);
void vx_pool_release(uint8_t *base, int slot);

/* trampoline.S */
uint64_t vx_enter(struct vx_ctx *ctx);
_Noreturn void vx_leave(struct vx_ctx *ctx);
extern const char vx_tramp_service[], vx_tramp_hostcall[], vx_tramp_linux[], vx_tramp_start[], vx_tramp_end[];

/* cpu_state.c: picks the trampolines' register scrub for this CPU. */
void vx_cpu_state_init(void);

/* services.c: called by the trampolines on the host stack. */
__attribute__((visibility("hidden"))) uint64_t vx_dispatch(struct vx_ctx *ctx);
/* Ends the current run with st (from host code on the host stack). */
_Noreturn void vx_abort_run(vx_sandbox *sb, vx_status st);
/* The call-out trampoline found ctx->expired set: ends the run, VX_TIMEOUT. */
__attribute__((visibility("hidden"))) _Noreturn void vx_timeout_at_return(struct vx_ctx *ctx);

/* fault.c */
int vx_faults_install(void);   /* process-wide handlers; again if the host replaced one */
int vx_pc_in_guest(const vx_sandbox *sb, uint64_t pc); /* window or trampolines */
int vx_faults_thread(void);    /* this thread's alternate signal stack */
int vx_timer_signal(void);     /* the real-time signal of the CPU-time timer */
extern __thread vx_sandbox *vx_running __attribute__((tls_model("initial-exec")));

/* signals.c: the host's handlers, wrapped so they never run on guest memory. */
int vx_signals_thread(void);   /* this thread's deferral record */
/* Nonzero when a host signal was deferred during guest code on this thread. */
extern __thread unsigned char vx_signals_deferred __attribute__((tls_model("initial-exec")));
void vx_signals_deliver(void); /* re-sends the deferred signals, restores the host's mask */
/* The first vx_signals_refresh of the process (it installs the fault
 * handlers too), for the run path: vx_call must not pay the queries. */
int vx_signals_take_once(void);
/* vx_signals_refresh, with its failure as sb's error. */
vx_status vx_signals_take(vx_sandbox *sb);

/* files.c: the guest's descriptors and the file services. */
void vx_files_init(vx_sandbox *sb);
void vx_files_close_all(vx_sandbox *sb);
int vx_host_fd(const vx_sandbox *sb, uint64_t guest_fd);
int64_t vx_guest_errno(int host_errno);   /* negative VX_E* */
int64_t vx_linux_errno(int64_t neg_vx);    /* negative VX_E* back to -errno */
/* A guest path resolved into its preopen and the rest under it. */
struct vx_resolved {
    const struct vx_preopen *pre;
    char norm[VX_PATH_MAX];
    const char *rel;              /* "." for the preopen itself */
};
/* Relative paths are taken from cwd (normalised, absolute); negative VX_E*. */
int vx_resolve_at(vx_sandbox *sb, const char *cwd, uint64_t path_addr, struct vx_resolved *r);
/* The two halves of vx_resolve_at: the guest's path joined to cwd and
 * normalised into r->norm, then r->norm matched to its preopen. */
/* The guest's NUL-terminated string at addr, every byte checked; 0 or -VX_E*. */
int vx_guest_string(vx_sandbox *sb, uint64_t addr, char *out, size_t size);
int vx_normalise_at(vx_sandbox *sb, const char *cwd, uint64_t path_addr, struct vx_resolved *r);
int vx_match_preopen(const vx_sandbox *sb, struct vx_resolved *r);
int vx_open_beneath(int dirfd, const char *rel, uint64_t flags, uint64_t mode); /* -1, errno */
int vx_open_parent(const struct vx_resolved *r, const char **base);            /* fd or -VX_E* */
int64_t vx_new_fd(vx_sandbox *sb, int host);  /* lowest free guest fd >= 3, or -VX_EMFILE */
int64_t vx_svc_open(vx_sandbox *sb, const uint64_t *a);
int64_t vx_svc_close(vx_sandbox *sb, const uint64_t *a);
int64_t vx_svc_lseek(vx_sandbox *sb, const uint64_t *a);
int64_t vx_svc_fstat(vx_sandbox *sb, const uint64_t *a);
int64_t vx_svc_unlink(vx_sandbox *sb, const uint64_t *a);
int64_t vx_svc_mkdir(vx_sandbox *sb, const uint64_t *a);
int64_t vx_svc_rename(vx_sandbox *sb, const uint64_t *a);

/* linux/syscalls.c: the Linux system-call personality (slot VX_TABLE_SLOT_LINUX). */
int64_t vx_linux_syscall(vx_sandbox *sb, uint64_t nr, const uint64_t *a);
void vx_linux_init(vx_sandbox *sb);
void vx_linux_free(vx_sandbox *sb);
/* linux/devices.c: whether a normalised guest path is a built-in /dev name
 * or lies beneath one (no preopen may be mounted there). */
int vx_dev_reserved(const char *norm);
/* linux/memory.c: whether [off, off+len) lies in one anonymous mapping. */
int vx_linux_mapped(const vx_sandbox *sb, uint64_t off, uint64_t len, int want_write);

/* image_cache.c: 1 and *image filled if these exact bytes were verified. */
/* *hash is set for vx_cache_add when the cache is on. */
int vx_cache_find(const void *file, size_t size, int deterministic, struct vxv_image *image,
                  uint64_t *hash);
void vx_cache_add(const void *file, size_t size, uint64_t hash, int deterministic,
                  const struct vxv_image *image);
/* Test hook (not API): on, every image hashes alike, so the byte comparison
 * alone must tell images apart. */
__attribute__((visibility("hidden"))) void vx_cache_test_constant_hash(int on);

/* symbols.c */
/* -1 when host memory runs out; a malformed table just exports nothing. */
int vx_symbols_load(vx_sandbox *sb, const uint8_t *file, size_t size, const struct vxv_image *img);
void vx_symbols_free(vx_sandbox *sb);
/* Sandbox offset of an exported function, 0 if there is none. */
uint64_t vx_symbol_addr(const vx_sandbox *sb, const char *name);

/* run.c: runs guest code from entry (sandbox offset) on the prepared stack. */
vx_status vx_run(vx_sandbox *sb, uint64_t entry, uint64_t rsp, const uint64_t args[6]);

/* env.c: the guest's environment, copied from the options at vx_create
 * (VX_ERR_ARG past the limits of vx.h) and laid on the entry stack. */
vx_status vx_env_copy(vx_sandbox *sb, const char *const *env);
void vx_env_free(vx_sandbox *sb);
/* Copies the strings below *top (moving it down); -1 if they do not fit
 * above stack_lo plus a page. *strings is the lowest string's offset. */
int vx_env_push_strings(vx_sandbox *sb, uint64_t *top, uint64_t *strings);
/* envp[0..env_count) point at the strings pushed at strings; envp[env_count] = 0. */
void vx_env_fill_pointers(const vx_sandbox *sb, uint64_t strings, uint64_t *envp);

/* private_tmp.c: the sandbox's own /tmp (vx_options.private_tmp). */
vx_status vx_private_tmp_create(vx_sandbox *sb);
void vx_private_tmp_remove(vx_sandbox *sb);

/* sandbox.c */
void vx_set_error(vx_sandbox *sb, vx_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vx_map(vx_sandbox *sb, uint64_t off, uint64_t len, int prot);

#endif
