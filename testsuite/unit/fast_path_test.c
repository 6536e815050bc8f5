/* The verifier's fast path against the full Capstone rules: whatever the
 * fast path accepts, Capstone must decode to the same length and the full
 * rules must accept with the same facts. Systematic over opcode x ModRM x
 * prefixes, then random bytes; and whole images must verify the same both ways. */
#include "fast_insn.h"
#include "file_bytes.h"
#include "fuzz_one.h"
#include <dirent.h>
#include "vxverify.h"
#include "vx/layout.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const legacy[] = {
    "", "\x66", "\x67", "\x65\x67", "\x67\x65", "\x66\x65\x67", "\xf2", "\xf3", "\x66\xf3", "\xf3\x66",
    "\x2e", "\x66\x2e", "\x66\x66", "\x65", "\xf0", "\x3e", "\x64", "\xf2\xf3", "\x65\x65\x67", NULL};
static const unsigned char rexes[] = {0, 0x40, 0x41, 0x42, 0x44, 0x48, 0x49, 0x4c, 0x4f};

static unsigned long long rng_state = 0x9e3779b97f4a7c15ull;
static unsigned char rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned char)(rng_state >> 24);
}

static unsigned long checked, accepted;

static void probe(const unsigned char *bytes, size_t n, uint64_t addr)
{
    char why[512];
    struct insn_facts f;
    checked++;
    if (fast_check(bytes, n, addr, &f))
        accepted++;
    if (fast_disagrees(bytes, n, addr, why, sizeof why)) {
        char hex[64] = "";
        for (size_t i = 0; i < n && i < 15; i++)
            snprintf(hex + strlen(hex), sizeof hex - strlen(hex), "%02x ", bytes[i]);
        cr_assert_fail("fast path disagrees on %s at 0x%llx: %s", hex, (unsigned long long)addr, why);
    }
}

/* Every prefix set x REX x opcode (one- and two-byte) x ModRM, with random
 * SIB, displacement and immediate bytes; two addresses so %rip targets
 * near both ends of the sandbox are exercised. */
Test(fast_path, agrees_with_capstone_systematically, .timeout = 300)
{
    for (int l = 0; legacy[l]; l++)
        for (size_t r = 0; r < sizeof rexes; r++)
            for (int map = 0; map < 2; map++)
                for (int opc = 0; opc < 256; opc++)
                    for (int modrm = 0; modrm < 256; modrm += (map || opc < 0x80) ? 1 : 1) {
                        unsigned char b[32];
                        size_t n = 0;
                        for (const char *p = legacy[l]; *p; p++)
                            b[n++] = (unsigned char)*p;
                        if (rexes[r])
                            b[n++] = rexes[r];
                        if (map)
                            b[n++] = 0x0f;
                        b[n++] = (unsigned char)opc;
                        b[n++] = (unsigned char)modrm;
                        while (n < sizeof b)
                            b[n++] = rnd();
                        uint64_t addr = (modrm & 1) ? 0x200000 : 0xffffffe0ull - (rnd() & 0x1f);
                        probe(b, sizeof b, addr);
                        probe(b, 1 + rnd() % 15, 0x200000); /* truncated */
                    }
    cr_log_info("fast path: %lu encodings probed, %lu accepted by the fast path", checked, accepted);
}

/* The sequences vxcc emits most must take the fast path (that is where the
 * speed comes from), with the facts the locked-sequence rules need. */
Test(fast_path, takes_common_compiler_output)
{
    static const struct {
        const char *bytes;
        unsigned len;
        int role, reg;
    } common[] = {
        {"\x41\x83\xe3\xe0", 4, ROLE_W32, 11},             /* and $-32, %r11d */
        {"\x4d\x01\xf3", 3, ROLE_ADDBASE, 11},              /* add %r14, %r11 */
        {"\x41\xff\xe3", 3, ROLE_IBRANCH, 11},              /* jmp *%r11 */
        {"\x41\xff\xd3", 3, ROLE_IBRANCH, 11},              /* call *%r11 */
        {"\x41\x5b", 2, ROLE_NONE, -1},                      /* pop %r11 */
        {"\x44\x8d\x5c\x24\xf0", 5, ROLE_W32, 11},        /* lea -16(%rsp), %r11d */
        {"\x41\x89\xeb", 3, ROLE_W32, 11},                 /* mov %ebp, %r11d */
        {"\x4b\x8d\x24\x1e", 4, ROLE_RSP_SET, -1},         /* lea (%r14,%r11), %rsp */
        {"\x89\xf6", 2, ROLE_W32, 6},                        /* mov %esi, %esi */
        {"\x65\x67\x8b\x07", 4, ROLE_W32, 0},              /* mov %gs:(%edi), %eax */
        {"\x65\x67\x48\x89\x44\x24\x08", 7, ROLE_NONE, -1}, /* mov %rax, %gs:8(%esp) */
        {"\x48\x8b\x44\x24\x08", 5, ROLE_NONE, -1},       /* mov 8(%rsp), %rax */
        {"\x48\x8d\x05\x00\x10\x00\x00", 7, ROLE_NONE, -1}, /* lea 0x1000(%rip), %rax */
        {"\xe8\x00\x00\x00\x00", 5, ROLE_NONE, -1},       /* call .+5 */
        {"\x66\x2e\x0f\x1f\x84\x00\x00\x00\x00\x00", 10, ROLE_NONE, -1}, /* nopw %cs:0(%rax,%rax) */
        {"\x66\x90", 2, ROLE_NONE, -1},                      /* xchg %ax, %ax */
        {"\x65\x67\xf2\x0f\x10\x04\x24", 7, ROLE_NONE, -1}, /* movsd %gs:(%esp), %xmm0 */
        {"\x65\x67\x66\x0f\x6f\x06", 6, ROLE_NONE, -1},  /* movdqa %gs:(%esi), %xmm0 */
        {"\x0f\xb6\xc0", 3, ROLE_NONE, -1},                 /* movzbl %al, %eax */
        {"\x48\x63\xd0", 3, ROLE_NONE, -1},                 /* movslq %eax, %rdx */
        {"\x0f\x94\xc0", 3, ROLE_NONE, -1},                 /* sete %al */
        {"\x41\xbb\xe0\xff\xff\xff", 6, ROLE_W32, 11},     /* mov $0xffffffe0, %r11d */
        {"\x4c\x21\x1c\x24", 4, ROLE_RET_AND, -1},          /* and %r11, (%rsp) */
        {"\x4c\x09\x34\x24", 4, ROLE_RET_OR, -1},           /* or %r14, (%rsp) */
        {"\xc3", 1, ROLE_RET, -1},                          /* ret */
    };
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++) {
        struct insn_facts f;
        unsigned len = fast_check((const uint8_t *)common[i].bytes, common[i].len, 0x200000, &f);
        cr_expect_eq(len, common[i].len, "common encoding %zu: fast path length %u", i, len);
        if (len) {
            cr_expect_eq(f.role, common[i].role, "common encoding %zu: role %d", i, f.role);
            cr_expect_eq(f.reg, common[i].reg, "common encoding %zu: reg %d", i, f.reg);
        }
        char why[256];
        cr_expect_eq(fast_disagrees((const uint8_t *)common[i].bytes, common[i].len, 0x200000, why, sizeof why), 0,
                     "common encoding %zu: %s", i, why);
    }
}

Test(fast_path, agrees_with_capstone_on_random_bytes, .timeout = 300)
{
    static const unsigned char bias[] = {0x66, 0x67, 0x65, 0xf2, 0xf3, 0x48, 0x41, 0x4c, 0x0f, 0x2e};
    for (int k = 0; k < 2000000; k++) {
        unsigned char b[16];
        for (size_t i = 0; i < sizeof b; i++)
            b[i] = (rnd() & 3) == 0 ? bias[rnd() % sizeof bias] : rnd();
        probe(b, sizeof b, 0x200000 + (rnd() & 0x1f));
    }
}

/* Whole guests, intact and with byte flips: identical violation counts. */
Test(fast_path, same_verdicts_on_guests_and_flips, .timeout = 300)
{
    const char *dir = getenv("VX_BUILD") ? getenv("VX_BUILD") : "build";
    const char *names[] = {"demo", "hostile", "calls", NULL};
    for (int g = 0; names[g]; g++) {
        char path[512];
        snprintf(path, sizeof path, "%s/guests/%s.elf", dir, names[g]);
        size_t n = 0;
        uint8_t *file;
        cr_assert_eq(read_file_bytes(path, &file, &n), 0, "missing %s (make test builds it)", path);
        struct vxv_policy fast = {0}, full = {.full_decode = 1};
        for (int flip = 0; flip < 400; flip++) {
            unsigned char *copy = malloc(n);
            memcpy(copy, file, n);
            if (flip)
                for (int k = 0; k < 3; k++)
                    copy[4096 + (size_t)(rnd() | rnd() << 8 | rnd() << 16) % (n - 4096)] ^= (unsigned char)(1 << (rnd() & 7));
            struct vxv_sink a = {0}, b = {0};
            unsigned va = vxv_check_image(copy, n, &fast, &a, NULL);
            unsigned vb = vxv_check_image(copy, n, &full, &b, NULL);
            cr_expect_eq(va, vb, "%s flip %d: fast path %u violations, Capstone only %u", names[g], flip, va, vb);
            free(copy);
        }
        free(file);
    }
}

/* Inputs the fuzzer (or a reviewer) found hostile, replayed through every
 * entry point; each must be rejected as an image, without a crash. */
Test(fuzz, regressions_replay_and_are_rejected)
{
    DIR *d = opendir("testsuite/fuzz/regressions");
    cr_assert_not_null(d, "testsuite/fuzz/regressions missing");
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[512];
        snprintf(path, sizeof path, "testsuite/fuzz/regressions/%.400s", e->d_name);
        size_t size = 0;
        uint8_t *data;
        cr_assert_eq(read_file_bytes(path, &data, &size), 0, "cannot read %s", path);
        vx_fuzz_one(data, size);
        struct vxv_policy policy = {0};
        struct vxv_sink sink = {0};
        cr_expect_gt(vxv_check_image(data, size, &policy, &sink, NULL), 0, "%s accepted as an image", path);
        free(data);
        n++;
    }
    closedir(d);
    cr_expect_geq(n, 8, "only %d regression inputs", n);
}

/* Forms the spec forbids must never be taken by the fast path (it can only
 * accept): each was accepted by it, or by the full rules, before 2026-12. */
Test(fast_path, declines_what_the_spec_forbids)
{
    static const struct {
        const char *bytes;
        unsigned len;
        const char *what;
    } bad[] = {
        {"\x83\xec\x10", 3, "sub $16, %esp (bare %esp)"},
        {"\x4c\x01\xf4", 3, "add %r14, %rsp"},
        {"\x89\xec", 2, "mov %ebp, %esp"},
        {"\x0f\xa3\x04\x24", 4, "bt %eax, (%rsp) (register bit offset)"},
        {"\x48\x0f\xa3\x05\x00\x10\x00\x00", 8, "bt %rax, 0x1000(%rip)"},
        {"\x65\x67\x0f\xa3\x03", 5, "bt %eax, %gs:(%ebx)"},
        {"\x4d\x8d\x1c\x1e", 4, "lea (%r14,%rbx), %r11 (base %r14 is Capstone's)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct insn_facts f;
        cr_expect_eq(fast_check((const uint8_t *)bad[i].bytes, bad[i].len, 0x200000, &f), 0,
                     "fast path accepts %s", bad[i].what);
    }
}

/* The %rip-relative bound at the top of the window, exactly: the fast path
 * takes an 8-byte load whose target is 64 bytes below 4 GiB and declines
 * one byte further (it does not know operand sizes, so it keeps 64 bytes);
 * the full rules then decide by the operand's own size. */
Test(fast_path, rip_targets_at_the_top_of_the_window)
{
    /* disp32 is signed: only code at 2 GiB or above reaches the top. */
    const uint64_t at = 0x80000000;
    const unsigned len = 7; /* mov disp32(%rip), %rax */
    struct {
        uint64_t target;
        int fast, full_ok;
    } cases[] = {
        {VX_SANDBOX_SIZE - 64, 1, 1},
        {VX_SANDBOX_SIZE - 63, 0, 1},
        {VX_SANDBOX_SIZE - 8, 0, 1},
        {VX_SANDBOX_SIZE - 7, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t disp = (uint32_t)(cases[i].target - (at + len));
        uint8_t code[32];
        memset(code, 0x90, sizeof code);
        code[0] = 0x48, code[1] = 0x8b, code[2] = 0x05;
        memcpy(code + 3, &disp, 4);
        struct insn_facts f;
        unsigned got = fast_check(code, len, at, &f);
        cr_expect_eq(got != 0, cases[i].fast, "target 4G-%llu: fast path %s", (unsigned long long)(VX_SANDBOX_SIZE - cases[i].target),
                     got ? "accepts" : "declines");
        struct vxv_policy full = {.full_decode = 1};
        struct vxv_sink sink = {0};
        cr_expect_eq(vxv_check_code(code, sizeof code, at, &full, &sink) == 0, cases[i].full_ok,
                     "target 4G-%llu: full rules", (unsigned long long)(VX_SANDBOX_SIZE - cases[i].target));
    }
}
