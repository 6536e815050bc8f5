/* libvx: run verified guest code inside the host process.
 *
 *   struct vx_options o; vx_options_init(&o);
 *   vx_sandbox *sb; if (vx_create(&o, &sb) != VX_OK) ...
 *   if (vx_load_file(sb, "plugin.elf") != VX_OK) puts(vx_error(sb)->message);
 *   int code; vx_status st = vx_run_main(sb, argc, argv, &code);
 *   vx_destroy(sb);
 *
 * Independent sandboxes may be used from different threads at once; one
 * sandbox is used by one thread at a time. */
#ifndef VX_H
#define VX_H
#include <stddef.h>
#include <stdint.h>

typedef enum vx_status {
    VX_OK = 0,
    VX_EXITED,          /* run finished: the guest called exit */
    VX_ERR_ARG,         /* bad argument to the API */
    VX_ERR_NOMEM,       /* no address space or memory for a sandbox */
    VX_ERR_IO,          /* cannot read the image file */
    VX_ERR_VERIFY,      /* the verifier rejected the image */
    VX_ERR_STATE,       /* call out of order (run before load, load twice) */
    VX_ERR_GSBASE,      /* the %gs base cannot be set on this system */
    VX_FAULT_SEGV,      /* guest memory fault (guard pages, protections) */
    VX_FAULT_BUS,
    VX_FAULT_ILL,       /* ud2 or an illegal instruction */
    VX_FAULT_FPE,       /* divide error */
    VX_FAULT_TRAP,
    VX_TIMEOUT,         /* CPU-time limit reached */
    VX_MEMORY_LIMIT,    /* heap growth beyond the memory limit */
} vx_status;

struct vx_options {
    uint64_t memory_limit;   /* bytes of guest image + heap + stack; default 1 GiB */
    uint64_t stack_size;     /* default 8 MiB */
    double cpu_seconds;      /* CPU-time limit per run; 0 = none */
    int stdin_fd, stdout_fd, stderr_fd; /* host fds behind guest 0, 1, 2; -1 = closed */
    int deterministic;       /* reject nondeterministic instructions; virtual clocks;
                                a fixed base (spec section 9, promise 5): at most
                                16 live at once, else vx_create fails (VX_ERR_NOMEM) */
    const char *const *env;  /* the guest's environment ("NAME=VALUE" strings, then NULL),
                                copied by vx_create; NULL = empty. More than
                                VX_ENV_MAX_STRINGS strings or VX_ENV_MAX_BYTES bytes
                                (each string with its NUL) is VX_ERR_ARG */
    int private_tmp;         /* nonzero: vx_create makes a fresh directory (mkdtemp under
                                $TMPDIR, else /tmp; VX_ERR_IO if it cannot) and preopens
                                it read-write at guest /tmp (one of the VX_MAX_PREOPENS);
                                vx_destroy removes it and everything in it, whatever the
                                guest left there and however its run ended, unlinking
                                symlinks rather than following them */
};
#define VX_ENV_MAX_STRINGS 4096
#define VX_ENV_MAX_BYTES (256 * 1024)

struct vx_error {
    vx_status status;
    uint64_t guest_addr;     /* faulting data address (sandbox offset), if any */
    uint64_t guest_pc;       /* faulting instruction (sandbox offset), if any */
    char message[512];
};

/* Host functions callable by the guest through vx_hostcall(index). Pointer
 * arguments are guest addresses: check them with vx_guest_ptr. */
typedef struct vx_sandbox vx_sandbox;
typedef uint64_t (*vx_host_fn)(vx_sandbox *sb, void *user, const uint64_t args[5]);

void vx_options_init(struct vx_options *o);
vx_status vx_create(const struct vx_options *o, vx_sandbox **out);
vx_status vx_load_file(vx_sandbox *sb, const char *path);
/* The image may change under the call (a shared mapping, another thread):
 * vx_load_memory reads it exactly once, into a private copy, and verifies
 * and maps only that copy. Images larger than the memory limit (or 2 GiB)
 * are refused with VX_MEMORY_LIMIT before any work; so is an image whose
 * segments and stack need more than the limit. vx_load_file reads only
 * regular files (a FIFO or device fails at once with VX_ERR_IO). */
vx_status vx_load_memory(vx_sandbox *sb, const void *image, size_t size);
vx_status vx_register(vx_sandbox *sb, unsigned index, vx_host_fn fn, void *user);
/* Makes host_dir visible to the guest as guest_path (absolute, e.g. "/data";
 * "/" for the whole guest namespace). The guest cannot reach anything outside
 * its preopens: not through "..", symlinks or absolute paths. A musl guest
 * also has libvx's own /dev/null, /dev/zero, /dev/random, /dev/urandom,
 * /dev/std{in,out,err} and /dev/fd/N (spec: "Built-in devices"): they win
 * over any preopen, and a guest_path already preopened, or one of those
 * names or beneath one, is VX_ERR_ARG. */
#define VX_PREOPEN_READONLY 1
#define VX_MAX_PREOPENS 8
vx_status vx_preopen(vx_sandbox *sb, const char *guest_path, const char *host_dir, int flags);
/* The guest's working directory (an absolute guest path; default "/"):
 * relative paths are taken from it. Like any path it reaches only what the
 * preopens show. */
vx_status vx_chdir(vx_sandbox *sb, const char *guest_path);
/* Runs the image's entry point; *exit_code gets the guest's exit status. */
vx_status vx_run_main(vx_sandbox *sb, int argc, const char *const *argv, int *exit_code);
/* Calls the image's exported function name(args[0..nargs)) (at most 6
 * integer or guest-pointer arguments) and stores its integer result. Works
 * before or after vx_run_main; VX_OK when the function returned. */
vx_status vx_call(vx_sandbox *sb, const char *name, unsigned nargs, const uint64_t *args, uint64_t *result);
/* Address (sandbox offset) of an exported function. */
vx_status vx_lookup(vx_sandbox *sb, const char *name, uint64_t *addr);
/* Bounds-checked copies between host memory and guest memory. */
vx_status vx_copy_in(vx_sandbox *sb, uint64_t guest_addr, const void *src, size_t len);
vx_status vx_copy_out(vx_sandbox *sb, void *dst, uint64_t guest_addr, size_t len);
void vx_destroy(vx_sandbox *sb);

const struct vx_error *vx_error(const vx_sandbox *sb);
const char *vx_status_name(vx_status st);

/* Host view of guest memory [addr, addr+len), or NULL when any byte is not
 * mapped for the guest (writable too, if want_write). */
void *vx_guest_ptr(vx_sandbox *sb, uint64_t addr, uint64_t len, int want_write);

/* Loads of byte-identical images skip the verifier (a process-wide cache
 * that compares every byte on a hit). Clearing it forces re-verification. */
void vx_image_cache_clear(void);
void vx_image_cache_stats(uint64_t *hits, uint64_t *misses);
/* On by default. A process that loads each image once (vxrun) turns it
 * off: hashing and copying the file can only cost it time. Off clears it. */
void vx_image_cache_enable(int on);

struct vx_stats {
    uint64_t callouts, hostcalls;
    uint64_t heap_bytes, peak_heap_bytes;
};
void vx_get_stats(const vx_sandbox *sb, struct vx_stats *out);

#define VX_MAX_HOST_FNS 64

/* Host signal handlers (spec section 10). libvx wraps every host handler
 * it finds at vx_create, vx_load_*, vx_run_main and here, so that none
 * runs on guest memory: the wrapper runs on the thread's alternate signal
 * stack; a signal that interrupts guest code is held (blocked, its siginfo
 * kept; a second instance of a standard signal may coalesce with it) and
 * delivered to the host's handler at the next call-out or when the run
 * returns, on the host stack, with the host's mask. A handler installed
 * while sandboxes exist is not wrapped until one of those calls: call
 * vx_signals_refresh() after sigaction() (or before the next vx_call). A
 * host handler installed over libvx's own SIGSEGV/SIGBUS/SIGILL/SIGFPE/
 * SIGTRAP becomes the one libvx chains to for faults in host code. */
vx_status vx_signals_refresh(void);

#endif
