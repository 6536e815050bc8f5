/* The guest's memory calls, all inside its window: the break grows up from
 * the image, anonymous mappings are placed top-down below the stack's
 * guard, above the break. Nothing is ever mapped executable (code is only
 * what the loader verified). Heap and mappings together are held to what
 * the memory limit leaves (brk_limit - brk_start): past it the call fails
 * with ENOMEM (brk returns the old break), so malloc returns NULL. The
 * mapping list is what vx_guest_ptr trusts, so it holds exact protections. */
#define _GNU_SOURCE
#include "linux.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096ULL
#define PAGE_UP(x) (((x) + PAGE - 1) & ~(PAGE - 1))

static uint64_t budget(const vx_sandbox *sb)
{
    return sb->brk_limit - sb->brk_start;
}

static uint64_t used(const vx_sandbox *sb)
{
    return (sb->brk - sb->brk_start) + sb->mapped_bytes;
}

static void account(vx_sandbox *sb)
{
    sb->stats.heap_bytes = used(sb);
    if (sb->stats.heap_bytes > sb->stats.peak_heap_bytes)
        sb->stats.peak_heap_bytes = sb->stats.heap_bytes;
}

/* Lowest address a mapping may take: a gap above what the break has mapped. */
static uint64_t floor_of(const vx_sandbox *sb)
{
    return PAGE_UP(sb->brk_mapped) + 16 * PAGE;
}

static uint64_t lowest_mapping(const vx_sandbox *sb)
{
    return sb->nmaps ? sb->maps[0].lo : sb->mmap_top;
}

int vx_linux_mapped(const vx_sandbox *sb, uint64_t off, uint64_t len, int want_write)
{
    unsigned lo = 0, hi = sb->nmaps;
    while (lo < hi) { /* the last mapping starting at or below off */
        unsigned mid = (lo + hi) / 2;
        if (sb->maps[mid].lo <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return 0;
    const struct vx_mapping *m = &sb->maps[lo - 1];
    int need = PROT_READ | (want_write ? PROT_WRITE : 0);
    return off < m->hi && len <= m->hi - off && (m->prot & need) == need;
}

static int insert(vx_sandbox *sb, uint64_t lo, uint64_t hi, int prot)
{
    if (sb->nmaps == VX_MAX_MAPPINGS)
        return -1;
    if (!sb->maps) {
        sb->maps = malloc(VX_MAX_MAPPINGS * sizeof *sb->maps);
        if (!sb->maps)
            return -1;
    }
    unsigned i = 0;
    while (i < sb->nmaps && sb->maps[i].lo < lo)
        i++;
    memmove(&sb->maps[i + 1], &sb->maps[i], (sb->nmaps - i) * sizeof *sb->maps);
    sb->maps[i] = (struct vx_mapping){lo, hi, prot};
    sb->nmaps++;
    return 0;
}

/* Splits the mapping holding addr (strictly inside it) at addr. */
static int split_at(vx_sandbox *sb, uint64_t addr)
{
    for (unsigned i = 0; i < sb->nmaps; i++) {
        struct vx_mapping *m = &sb->maps[i];
        if (m->lo < addr && addr < m->hi) {
            uint64_t hi = m->hi;
            m->hi = addr;
            return insert(sb, addr, hi, m->prot);
        }
    }
    return 0;
}

/* Drops [lo, hi) from the mappings, returning the pages to the window's
 * reservation; other memory (image, break, stack) is never touched. */
static int unmap_range(vx_sandbox *sb, uint64_t lo, uint64_t hi)
{
    if (split_at(sb, lo) || split_at(sb, hi))
        return -1;
    unsigned out = 0;
    for (unsigned i = 0; i < sb->nmaps; i++) {
        struct vx_mapping m = sb->maps[i];
        if (m.lo >= lo && m.hi <= hi) {
            mmap(sb->base + m.lo, m.hi - m.lo, PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
            sb->mapped_bytes -= m.hi - m.lo;
            continue;
        }
        sb->maps[out++] = m;
    }
    sb->nmaps = out;
    return 0;
}

/* The highest free [x, x+len) below mmap_top and above the floor, or 0. */
static uint64_t find_gap(const vx_sandbox *sb, uint64_t len)
{
    uint64_t top = sb->mmap_top, floor = floor_of(sb);
    for (int i = (int)sb->nmaps - 1; i >= -1; i--) {
        uint64_t bottom = i >= 0 ? sb->maps[i].hi : floor;
        if (bottom < floor)
            bottom = floor;
        if (top >= bottom && top - bottom >= len)
            return top - len;
        if (i >= 0)
            top = sb->maps[i].lo;
    }
    return 0;
}

int64_t vx_linux_brk(vx_sandbox *sb, const uint64_t *a)
{
    uint64_t want = a[0];
    if (want < sb->brk_start || want > 0xffffffffULL)
        return (int64_t)sb->brk;
    uint64_t need = PAGE_UP(want);
    if (want > sb->brk && (want - sb->brk_start + sb->mapped_bytes > budget(sb) ||
                           need + 16 * PAGE > lowest_mapping(sb)))
        return (int64_t)sb->brk; /* musl's malloc then uses mmap, and that fails with ENOMEM */
    if (need > sb->brk_mapped) {
        if (vx_map(sb, sb->brk_mapped, need - sb->brk_mapped, PROT_READ | PROT_WRITE) != 0)
            return (int64_t)sb->brk;
    } else if (need < sb->brk_mapped) {
        /* Shrinking: the pages go, so growing again gives zeros, as on Linux. */
        mmap(sb->base + need, sb->brk_mapped - need, PROT_NONE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
    }
    sb->brk_mapped = need;
    sb->brk = want;
    account(sb);
    return (int64_t)want;
}

/* Fills an anonymous mapping from a file, as a private copy. */
static int64_t fill_from(vx_sandbox *sb, uint64_t fd, uint64_t lo, uint64_t len, uint64_t off)
{
    int host = vx_host_fd(sb, fd);
    if (host < 0)
        return -EBADF;
    uint64_t done = 0;
    while (done < len) {
        ssize_t n = pread(host, sb->base + lo + done, len - done, (off_t)(off + done));
        if (n < 0)
            return vx_linux_host_errno();
        if (n == 0)
            break; /* past the end: zeros, as the kernel gives within the last page */
        done += (uint64_t)n;
    }
    return 0;
}

int64_t vx_linux_mmap(vx_sandbox *sb, const uint64_t *a)
{
    uint64_t addr = a[0], len = PAGE_UP(a[1]), prot = a[2], flags = a[3], off = a[5];
    int anonymous = flags & MAP_ANONYMOUS, fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
    if (!a[1] || a[1] > 0xffffffffULL || (off & (PAGE - 1)) || (fixed && (addr & (PAGE - 1))))
        return -EINVAL;
    if (prot & PROT_EXEC)
        return -EPERM; /* code is only what the loader verified */
    if (prot & ~(uint64_t)(PROT_READ | PROT_WRITE))
        return -EINVAL;
    uint64_t type = flags & MAP_TYPE;
    if (type != MAP_PRIVATE && type != MAP_SHARED)
        return -EINVAL;
    const struct vx_fd *dev = anonymous || a[4] >= VX_MAX_FDS ? NULL : &sb->fds[a[4]];
    if (dev && dev->device) {
        int64_t e = vx_dev_mmap(dev); /* /dev/zero: fresh zero pages; one process, so shared is private */
        if (e < 0)
            return e;
        anonymous = 1;
    }
    if (type == MAP_SHARED && !anonymous && (prot & PROT_WRITE))
        return -ENODEV; /* a shared writable file mapping cannot be a private copy */
    if (used(sb) + len > budget(sb))
        return -ENOMEM;
    uint64_t lo;
    if (fixed) {
        lo = (uint32_t)addr;
        if (lo < floor_of(sb) || lo + len > sb->mmap_top)
            return flags & MAP_FIXED_NOREPLACE ? -EEXIST : -ENOMEM;
        for (unsigned i = 0; i < sb->nmaps; i++)
            if (sb->maps[i].lo < lo + len && lo < sb->maps[i].hi && (flags & MAP_FIXED_NOREPLACE))
                return -EEXIST;
        if (unmap_range(sb, lo, lo + len))
            return -ENOMEM;
    } else if (!(lo = find_gap(sb, len))) {
        return -ENOMEM;
    }
    if (vx_map(sb, lo, len, PROT_READ | PROT_WRITE) != 0 || insert(sb, lo, lo + len, PROT_READ | PROT_WRITE)) {
        mmap(sb->base + lo, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
        return -ENOMEM;
    }
    sb->mapped_bytes += len;
    if (!anonymous) {
        int64_t e = fill_from(sb, a[4], lo, a[1], off);
        if (e) {
            unmap_range(sb, lo, lo + len);
            return e;
        }
    }
    if (prot != (PROT_READ | PROT_WRITE)) {
        const uint64_t b[6] = {lo, len, prot};
        vx_linux_mprotect(sb, b);
    }
    account(sb);
    return (int64_t)lo;
}

int64_t vx_linux_munmap(vx_sandbox *sb, const uint64_t *a)
{
    uint64_t lo = (uint32_t)a[0], len = PAGE_UP(a[1]);
    if ((a[0] & (PAGE - 1)) || !a[1] || a[1] > 0xffffffffULL)
        return -EINVAL;
    if (unmap_range(sb, lo, lo + len))
        return -ENOMEM;
    account(sb);
    return 0;
}

int64_t vx_linux_mprotect(vx_sandbox *sb, const uint64_t *a)
{
    uint64_t lo = (uint32_t)a[0], hi = lo + PAGE_UP(a[1]);
    int prot = (int)a[2];
    if (a[0] & (PAGE - 1))
        return -EINVAL;
    if (prot & PROT_EXEC)
        return -EPERM;
    if (prot & ~(PROT_READ | PROT_WRITE))
        return -EINVAL;
    if (prot == PROT_WRITE)
        prot |= PROT_READ; /* as x86 pages are */
    /* The whole range must be mapped by the guest (Linux says ENOMEM). */
    uint64_t at = lo;
    for (unsigned i = 0; i < sb->nmaps && at < hi; i++)
        if (sb->maps[i].lo <= at && at < sb->maps[i].hi)
            at = sb->maps[i].hi;
    if (at < hi)
        return -ENOMEM;
    if (split_at(sb, lo) || split_at(sb, hi))
        return -ENOMEM;
    if (mprotect(sb->base + lo, hi - lo, prot) != 0)
        return vx_linux_host_errno();
    for (unsigned i = 0; i < sb->nmaps; i++)
        if (sb->maps[i].lo >= lo && sb->maps[i].hi <= hi)
            sb->maps[i].prot = prot;
    return 0;
}

/* Moving mappings is left to the caller: musl's realloc then copies. */
int64_t vx_linux_mremap(vx_sandbox *sb, const uint64_t *a)
{
    (void)sb;
    (void)a;
    return -ENOMEM;
}

int64_t vx_linux_madvise(vx_sandbox *sb, const uint64_t *a)
{
    uint64_t lo = (uint32_t)a[0], len = PAGE_UP(a[1]);
    if (a[0] & (PAGE - 1))
        return -EINVAL;
    if (a[2] != MADV_DONTNEED)
        return 0; /* advice only */
    /* DONTNEED makes private anonymous pages read as zeros again. */
    for (unsigned i = 0; i < sb->nmaps; i++) {
        struct vx_mapping *m = &sb->maps[i];
        uint64_t s = m->lo > lo ? m->lo : lo, e = m->hi < lo + len ? m->hi : lo + len;
        if (s < e && vx_map(sb, s, e - s, m->prot) != 0)
            return -ENOMEM;
    }
    return 0;
}
