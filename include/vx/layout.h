/* Sandbox layout constants shared by the verifier, the loader, the guest
 * runtime and vxcc. spec/sandbox.md explains each number; change them there
 * first. All addresses below are offsets from the sandbox base B. */
#ifndef VX_LAYOUT_H
#define VX_LAYOUT_H

#define VX_SANDBOX_SIZE      0x100000000ULL /* 4 GiB window, B is 4 GiB aligned */
#define VX_GUARD_SIZE        0x100000ULL    /* unmapped at each end of the window */
#define VX_BUNDLE_SIZE       32             /* indirect targets are multiples of this */

/* Read-only runtime-call table: host trampoline addresses, one per slot.
 * It is the page right below the image so that it shares a kernel memory
 * area with the read-only segment that the linker script puts first. */
#define VX_TABLE_OFFSET      0x1ff000 /* no suffix: also used from assembly */
#define VX_TABLE_SIZE        0x1000ULL
#define VX_TABLE_SLOT_SERVICE 0             /* numbered services, number in %eax */
#define VX_TABLE_SLOT_HOSTCALL 1            /* host-registered functions, index in %eax */
#define VX_TABLE_SLOT_LINUX  2              /* Linux system calls, number in %eax (loader/linux/) */
#define VX_TABLE_SLOTS       3

/* Every PT_LOAD segment of a guest image lies in [IMAGE_MIN, IMAGE_MAX):
 * gcc's small code model needs static addresses below 2 GiB. */
#define VX_IMAGE_MIN         0x200000ULL
#define VX_IMAGE_MAX         0x80000000ULL

/* Deterministic sandboxes (spec section 9, promise 5) live at fixed bases
 * VX_DET_POOL_BASE + k * 4 GiB, k < VX_DET_POOL_SLOTS the lowest free slot
 * (64 TiB: far from where Linux puts the heap, mmap area and stack). */
#define VX_DET_POOL_BASE     0x400000000000ULL
#define VX_DET_POOL_SLOTS    16

/* The stack ends at the top guard. */
#define VX_STACK_TOP         (VX_SANDBOX_SIZE - VX_GUARD_SIZE)

/* Largest |displacement| admitted for disp(%rsp) operands. With %rsp always
 * in [B-8, B+4G] and at most 64-byte operands, every such access stays within
 * the guard bands around the window (|disp| + 64 + 8 < VX_GUARD_SIZE). */
#define VX_RSP_DISP_MAX      0x80000LL

/* Used by crt0's __vx_return: vx_call's function returned %rdi. */
#define VX_SVC_RETURN_NR 16

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Guest services, numbered; passed in %eax to the SERVICE slot. */
enum vx_service {
    VX_SVC_EXIT = 0,
    VX_SVC_WRITE = 1,
    VX_SVC_READ = 2,
    VX_SVC_OPEN = 3,
    VX_SVC_CLOSE = 4,
    VX_SVC_LSEEK = 5,
    VX_SVC_FSTAT = 6,
    VX_SVC_ISATTY = 7,
    VX_SVC_BRK = 8,
    VX_SVC_CLOCK_GETTIME = 9,
    VX_SVC_GETPID = 10,
    VX_SVC_KILL = 11,
    VX_SVC_UNLINK = 12,
    VX_SVC_RENAME = 13,
    VX_SVC_MKDIR = 14,
    VX_SVC_TIMES = 15,
    VX_SVC_RETURN = VX_SVC_RETURN_NR,
    VX_SVC_COUNT
};

/* File services (spec section 8, "Files"). Paths are guest paths: only the
 * directories the host preopened are visible. Open flags and error numbers
 * are the guest ABI's own; they equal newlib's, so its syscall layer passes
 * them through unchanged. Services return a negative VX_E* on failure. */
enum {
    VX_O_RDONLY = 0, VX_O_WRONLY = 1, VX_O_RDWR = 2, VX_O_ACCMODE = 3,
    VX_O_APPEND = 0x0008, VX_O_CREAT = 0x0200, VX_O_TRUNC = 0x0400, VX_O_EXCL = 0x0800,
};

enum {
    VX_EPERM = 1, VX_ENOENT = 2, VX_EIO = 5, VX_EBADF = 9, VX_EAGAIN = 11, VX_ENOMEM = 12,
    VX_EACCES = 13, VX_EFAULT = 14, VX_EBUSY = 16, VX_EEXIST = 17, VX_EXDEV = 18,
    VX_ENOTDIR = 20, VX_EISDIR = 21, VX_EINVAL = 22, VX_EMFILE = 24, VX_EFBIG = 27,
    VX_ENOSPC = 28, VX_ESPIPE = 29, VX_EROFS = 30, VX_EPIPE = 32, VX_ERANGE = 34,
    VX_ENOSYS = 88, VX_ENOTEMPTY = 90, VX_ENAMETOOLONG = 91, VX_ELOOP = 92,
};

#define VX_PATH_MAX 4096
#define VX_MAX_FDS 64

/* What VX_SVC_FSTAT fills in: fixed 64-bit fields, mode bits as in POSIX. */
struct vx_stat {
    uint64_t dev, ino, mode, nlink, uid, gid, rdev;
    int64_t size, blksize, blocks;
    int64_t atime_ns, mtime_ns, ctime_ns;
};
#endif

#endif
