/* What loading an image may cost the host (spec "Loading cost"): memory
 * and time a small constant times the file size, the memory limit checked
 * from the program headers before any per-byte work, holes never mapped.
 * Each load runs in a child process that reports its peak RSS growth, so
 * one test's memory cannot hide another's. */
#define _GNU_SOURCE
#include "image_builder.h"
#include "vx.h"
#include "vx/layout.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct cost {
    vx_status status;
    long rss_kib;             /* peak RSS growth during the load */
    double seconds;
    char message[200];
};

static long peak_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Loads file (from memory, or from path when path is set) in a child with
 * the given memory limit. The child's heap is capped (RLIMIT_DATA) so that a
 * regression costs the machine at most that much. */
static struct cost measure(const uint8_t *file, size_t size, const char *path, uint64_t limit)
{
    int fd[2];
    cr_assert_eq(pipe(fd), 0);
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        struct rlimit rl = {768ULL << 20, 768ULL << 20};
        setrlimit(RLIMIT_DATA, &rl);
        struct cost c = {0};
        struct vx_options o;
        vx_options_init(&o);
        o.memory_limit = limit;
        vx_image_cache_enable(0);
        vx_sandbox *sb;
        if (vx_create(&o, &sb) != VX_OK)
            _exit(1);
        long before = peak_kib();
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        c.status = path ? vx_load_file(sb, path) : vx_load_memory(sb, file, size);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        c.rss_kib = peak_kib() - before;
        c.seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        snprintf(c.message, sizeof c.message, "%.190s", vx_error(sb)->message);
        if (write(fd[1], &c, sizeof c) != sizeof c)
            _exit(1);
        _exit(0);
    }
    close(fd[1]);
    struct cost c = {.status = VX_ERR_STATE, .rss_kib = -1};
    ssize_t n = read(fd[0], &c, sizeof c);
    close(fd[0]);
    int st;
    waitpid(pid, &st, 0);
    cr_assert(n == sizeof c && WIFEXITED(st) && WEXITSTATUS(st) == 0, "the loading child died (status 0x%x)", st);
    cr_log_info("load: %s, peak RSS +%ld KiB, %.4f s", vx_status_name(c.status), c.rss_kib, c.seconds);
    return c;
}

static const uint8_t nops[] = {IB_NOP32};

Test(load_cost, a_far_segment_maps_only_its_own_pages, .timeout = 60)
{
    static const uint8_t data[64] = "far away";
    struct ib_image im = {0};
    ib_add(&im, VX_IMAGE_MIN, PF_R | PF_X, nops, sizeof nops, sizeof nops);
    ib_add(&im, 0x20000000, PF_R | PF_W, data, sizeof data, 0x1000); /* 510 MiB past the code */
    size_t size;
    uint8_t *file = ib_build(&im, NULL, 0, &size);
    struct cost c = measure(file, size, NULL, 16 << 20);
    cr_expect_eq(c.status, VX_OK, "%s", c.message);
    cr_expect_lt(c.rss_kib, 4096, "loading a 2-page image grew the host by %ld KiB", c.rss_kib);
    free(file);
}

Test(load_cost, the_limit_is_checked_before_the_code_is_verified)
{
    const uint8_t bad[32] = {0x0f, 0x05}; /* syscall: unsafe */
    struct ib_image im = {0};
    ib_add(&im, VX_IMAGE_MIN, PF_R | PF_X, bad, sizeof bad, sizeof bad);
    ib_add(&im, 0x300000, PF_R | PF_W, NULL, 0, 64ULL << 20); /* 64 MiB of bss */
    size_t size;
    uint8_t *file = ib_build(&im, NULL, 0, &size);
    struct cost c = measure(file, size, NULL, 16 << 20);
    cr_expect_eq(c.status, VX_MEMORY_LIMIT, "got %s: %s", vx_status_name(c.status), c.message);
    free(file);
}

Test(load_cost, an_image_file_over_the_limit_costs_nothing_to_refuse, .timeout = 60)
{
    size_t code_size = 32ULL << 20;
    uint8_t *code = malloc(code_size);
    memset(code, 0x90, code_size);
    struct ib_image im = {0};
    ib_add(&im, VX_IMAGE_MIN, PF_R | PF_X, code, code_size, code_size);
    size_t size;
    uint8_t *file = ib_build(&im, NULL, 0, &size);
    free(code);
    struct cost c = measure(file, size, NULL, 16 << 20);
    cr_expect_eq(c.status, VX_MEMORY_LIMIT, "got %s: %s", vx_status_name(c.status), c.message);
    cr_expect_lt(c.rss_kib, 2048, "refusing a 32 MiB image grew the host by %ld KiB", c.rss_kib);
    cr_expect_lt(c.seconds, 0.2, "refusing took %.3f s", c.seconds); /* 2 s before the fix */
    char path[] = "/tmp/vx_big_imageXXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, file, size), (ssize_t)size);
    close(fd);
    c = measure(NULL, 0, path, 16 << 20);
    unlink(path);
    cr_expect_eq(c.status, VX_MEMORY_LIMIT, "from a file: got %s: %s", vx_status_name(c.status), c.message);
    cr_expect_lt(c.rss_kib, 2048, "refusing a 32 MiB file grew the host by %ld KiB", c.rss_kib);
    free(file);
}

/* Section headers, symbol and string tables: nshdr section headers that all
 * claim to be the symbol table, nsym global functions in it, every one
 * named by the same long string. */
static uint8_t *symbol_bomb(unsigned nshdr, unsigned nsym, uint64_t bss, size_t *size)
{
    struct ib_image im = {0};
    ib_add(&im, VX_IMAGE_MIN, PF_R | PF_X, nops, sizeof nops, sizeof nops);
    if (bss)
        ib_add(&im, VX_IMAGE_MIN + 0x10000, PF_R | PF_W, NULL, 0, bss);
    size_t base = ib_segments_end(&im);
    size_t str_len = 256, sym_off = 0, str_off = nsym * sizeof(Elf64_Sym);
    size_t sh_off = str_off + str_len, tail_len = sh_off + (size_t)nshdr * sizeof(Elf64_Shdr);
    uint8_t *tail = calloc(1, tail_len);
    Elf64_Sym *syms = (Elf64_Sym *)(tail + sym_off);
    for (unsigned i = 0; i < nsym; i++)
        syms[i] = (Elf64_Sym){.st_name = 1, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC),
                              .st_shndx = 1, .st_value = VX_IMAGE_MIN};
    memset(tail + str_off + 1, 'f', 250); /* "" then a 250-byte name */
    Elf64_Shdr *sh = (Elf64_Shdr *)(tail + sh_off);
    sh[1] = (Elf64_Shdr){.sh_type = SHT_STRTAB, .sh_offset = base + str_off, .sh_size = str_len};
    for (unsigned i = 2; i < nshdr; i++)
        sh[i] = (Elf64_Shdr){.sh_type = SHT_SYMTAB, .sh_offset = base + sym_off,
                             .sh_size = nsym * sizeof(Elf64_Sym), .sh_link = 1,
                             .sh_entsize = sizeof(Elf64_Sym)};
    uint8_t *file = ib_build(&im, tail, tail_len, size);
    Elf64_Ehdr *eh = (Elf64_Ehdr *)file;
    eh->e_shoff = base + sh_off;
    eh->e_shnum = (Elf64_Half)nshdr;
    eh->e_shentsize = sizeof(Elf64_Shdr);
    eh->e_shstrndx = 1;
    free(tail);
    return file;
}

Test(load_cost, adversarial_symbol_tables_cost_a_constant_times_the_size, .timeout = 120)
{
    size_t size;
    uint8_t *file = symbol_bomb(1500, 10000, 0, &size);
    struct cost c = measure(file, size, NULL, 16 << 20);
    cr_expect_eq(c.status, VX_OK, "%s", c.message);
    long file_kib = (long)(size / 1024);
    cr_expect_lt(c.rss_kib, 4 * file_kib + 1024, "a %ld KiB image grew the host by %ld KiB",
                 file_kib, c.rss_kib);
    cr_expect_lt(c.seconds, 0.5, "loading a %ld KiB image took %.3f s", file_kib, c.seconds);
    free(file);
}

Test(load_cost, the_symbol_table_still_exports_functions)
{
    size_t size;
    uint8_t *file = symbol_bomb(4, 3, 0, &size);
    vx_sandbox *sb;
    cr_assert_eq(vx_create(NULL, &sb), VX_OK);
    cr_assert_eq(vx_load_memory(sb, file, size), VX_OK, "%s", vx_error(sb)->message);
    char name[251];
    memset(name, 'f', 250);
    name[250] = 0;
    uint64_t addr = 0;
    cr_expect_eq(vx_lookup(sb, name, &addr), VX_OK);
    cr_expect_eq(addr, VX_IMAGE_MIN);
    cr_expect_neq(vx_lookup(sb, "f", &addr), VX_OK);
    vx_destroy(sb);
    free(file);
}

/* The symbol table a sandbox keeps lives as long as it does: it counts
 * against the memory limit with the image's pages. An image whose pages
 * (1 MiB of bss) and file (~1 MiB of symbols) each fit the limit, but not
 * together with the table the host keeps for it, is refused. */
Test(load_cost, the_kept_symbol_table_counts_against_the_limit, .timeout = 60)
{
    size_t size;
    uint8_t *file = symbol_bomb(4, 40000, 1 << 20, &size);
    struct vx_options def;
    vx_options_init(&def);
    uint64_t budget = (1 << 20) + (64 << 10) + 4096; /* pages fit, and so does the file */
    cr_assert_lt(size, budget);
    struct cost c = measure(file, size, NULL, def.stack_size + budget);
    cr_expect_eq(c.status, VX_MEMORY_LIMIT, "loaded (%s): the symbol table was not charged", c.message);
    cr_expect(strstr(c.message, "symbol") != NULL, "%s", c.message);
    struct cost roomy = measure(file, size, NULL, def.stack_size + 4 * budget);
    cr_expect_eq(roomy.status, VX_OK, "with room for it, the image does not load: %s", roomy.message);
    free(file);
}
