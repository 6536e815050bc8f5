/* ELF rules, policy switches and robustness of libvxverify. */
#include "file_bytes.h"
#include "mini_elf.h"
#include "test_shell.h"
#include "insn_table.h"
#include "vxverify.h"
#include "vx/layout.h"
#include <criterion/criterion.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>

/* A minimal valid image: one code segment at 0x200000 and one data segment. */
struct image {
    uint8_t bytes[0x3000];
    size_t size;
    Elf64_Ehdr *eh;
    Elf64_Phdr *ph;
};

static void make_image(struct image *im)
{
    memset(im, 0, sizeof *im);
    im->size = 0x3000;
    Elf64_Ehdr *eh = im->eh = (Elf64_Ehdr *)im->bytes;
    mini_elf_header(eh, 2);
    Elf64_Phdr *ph = im->ph = (Elf64_Phdr *)(im->bytes + sizeof *eh);
    ph[0] = (Elf64_Phdr){.p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 0x1000,
                         .p_vaddr = 0x200000, .p_filesz = 64, .p_memsz = 64, .p_align = 0x1000};
    ph[1] = (Elf64_Phdr){.p_type = PT_LOAD, .p_flags = PF_R | PF_W, .p_offset = 0x2000,
                         .p_vaddr = 0x201000, .p_filesz = 16, .p_memsz = 0x2000, .p_align = 0x1000};
    memset(im->bytes + 0x1000, 0x90, 64);
}

/* make_image plus ntls PT_TLS headers describing its .tdata/.tbss, as
 * vx.ld lays them out: only the guest's libc reads them. */
static void make_image_with_tls(struct image *im, int ntls)
{
    make_image(im);
    mini_elf_header(im->eh, 2 + ntls);
    for (int i = 0; i < ntls; i++)
        im->ph[2 + i] = (Elf64_Phdr){.p_type = PT_TLS, .p_flags = PF_R, .p_offset = 0x2000,
                                     .p_vaddr = 0x201000, .p_filesz = 8, .p_memsz = 0x90, .p_align = 16};
}

struct collected {
    unsigned n;
    enum vxv_rule first;
    char text[256];
};

static void collect(void *ctx, const struct vxv_violation *v)
{
    struct collected *c = ctx;
    if (c->n++ == 0) {
        c->first = v->rule;
        snprintf(c->text, sizeof c->text, "%s", v->text);
    }
}

static struct collected check(const uint8_t *bytes, size_t size)
{
    struct collected c = {0};
    struct vxv_policy policy = {0};
    struct vxv_sink sink = {.report = collect, .ctx = &c};
    struct vxv_image img;
    vxv_check_image(bytes, size, &policy, &sink, &img);
    return c;
}

/* An R-ELF error from the check meant: its message must name the cause,
 * so a case cannot pass because some other check happened to fire. */
#define EXPECT_ELF_ERROR_AS(im, what, needle)                                                \
    do {                                                                                     \
        struct collected c = check((im).bytes, (im).size);                                   \
        cr_expect(c.n > 0 && c.first == R_ELF, "%s: expected an R-ELF error, got %u (%s)", \
                  what, c.n, c.text);                                                        \
        cr_expect(strstr(c.text, needle) != NULL, "%s: rejected for another reason: %s",     \
                  what, c.text);                                                             \
    } while (0)

Test(elf, minimal_image_is_safe)
{
    struct image im;
    make_image(&im);
    struct collected c = check(im.bytes, im.size);
    cr_expect_eq(c.n, 0, "unexpected: %s", c.text);
}

Test(elf, one_tls_header_is_accepted_and_never_mapped)
{
    struct image im;
    make_image_with_tls(&im, 1);
    struct vxv_policy policy = {0};
    struct vxv_sink sink = {0};
    struct vxv_image img;
    cr_assert_eq(vxv_check_image(im.bytes, im.size, &policy, &sink, &img), 0);
    cr_expect_eq(img.nsegments, 2, "PT_TLS is not a segment the loader maps");
}

Test(elf, image_info_describes_segments)
{
    struct image im;
    make_image(&im);
    struct vxv_policy policy = {0};
    struct vxv_sink sink = {0};
    struct vxv_image img;
    cr_assert_eq(vxv_check_image(im.bytes, im.size, &policy, &sink, &img), 0);
    cr_expect_eq(img.nsegments, 2);
    cr_expect_eq(img.code_vaddr, 0x200000);
    cr_expect_eq(img.code_size, 64);
    cr_expect_eq(img.entry, 0x200000);
    cr_expect_eq(img.image_end, 0x203000);
}

Test(elf, rejects_each_malformation)
{
    struct image im;
    make_image(&im);
    im.bytes[0] = 'X';
    EXPECT_ELF_ERROR_AS(im, "bad magic", "not an ELF file");

    make_image(&im);
    im.eh->e_ident[EI_CLASS] = ELFCLASS32;
    EXPECT_ELF_ERROR_AS(im, "32-bit class", "not a 64-bit");

    make_image(&im);
    im.eh->e_machine = EM_386;
    EXPECT_ELF_ERROR_AS(im, "wrong machine", "little-endian x86-64");

    make_image(&im);
    im.eh->e_type = ET_DYN;
    EXPECT_ELF_ERROR_AS(im, "ET_DYN", "not a static executable");

    make_image(&im);
    im.ph[1].p_type = PT_DYNAMIC;
    EXPECT_ELF_ERROR_AS(im, "PT_DYNAMIC", "PT_INTERP or PT_DYNAMIC");

    make_image(&im);
    im.ph[1].p_type = PT_INTERP;
    EXPECT_ELF_ERROR_AS(im, "PT_INTERP", "PT_INTERP or PT_DYNAMIC");

    make_image_with_tls(&im, 2);
    im.ph[2].p_filesz = im.ph[2].p_memsz + 1;
    EXPECT_ELF_ERROR_AS(im, "PT_TLS filesz > memsz", "p_filesz > p_memsz");

    make_image_with_tls(&im, 3);
    EXPECT_ELF_ERROR_AS(im, "two PT_TLS", "more than one PT_TLS");

    make_image(&im);
    im.ph[1].p_flags = PF_R | PF_W | PF_X;
    EXPECT_ELF_ERROR_AS(im, "W+X segment", "writable and executable");

    make_image(&im);
    im.ph[1].p_flags = PF_R | PF_X;
    EXPECT_ELF_ERROR_AS(im, "two executable segments", "more than one executable");

    make_image(&im);
    im.ph[0].p_flags = PF_R;
    EXPECT_ELF_ERROR_AS(im, "no executable segment", "no executable segment");

    make_image(&im);
    im.eh->e_entry = 0x200010;
    EXPECT_ELF_ERROR_AS(im, "entry not a bundle start", "entry point");

    make_image(&im);
    im.eh->e_entry = 0x300000;
    EXPECT_ELF_ERROR_AS(im, "entry outside code", "entry point");

    make_image(&im);
    im.ph[0].p_memsz = 96;
    EXPECT_ELF_ERROR_AS(im, "code memsz beyond filesz", "code segment at");

    make_image(&im);
    im.ph[0].p_filesz = im.ph[0].p_memsz = 40;
    EXPECT_ELF_ERROR_AS(im, "code size not bundle padded", "code segment at");

    make_image(&im);
    im.ph[0].p_vaddr = 0x100000;
    im.eh->e_entry = 0x100000;
    EXPECT_ELF_ERROR_AS(im, "segment over the runtime table", "outside the image area");

    make_image(&im);
    im.ph[1].p_vaddr = 0x7ffff000;
    EXPECT_ELF_ERROR_AS(im, "segment past 2 GiB", "outside the image area");

    make_image(&im);
    im.ph[1].p_vaddr = 0xfffffffffffff000ULL;
    EXPECT_ELF_ERROR_AS(im, "segment wrapping around", "outside the image area");

    make_image(&im);
    im.ph[1].p_vaddr = 0x200000;
    EXPECT_ELF_ERROR_AS(im, "overlapping segments", "share a page");

    make_image(&im);
    im.ph[1].p_offset = 0x2800;
    EXPECT_ELF_ERROR_AS(im, "offset and vaddr disagree modulo the page", "modulo the page size");

    make_image(&im);
    im.ph[1].p_filesz = im.ph[1].p_memsz = 0x10000; /* memsz too: else filesz > memsz fires first */
    EXPECT_ELF_ERROR_AS(im, "file range past the end", "file range outside the file");

    make_image(&im);
    im.ph[1].p_filesz = 0x3000;
    im.ph[1].p_memsz = 0x1000;
    EXPECT_ELF_ERROR_AS(im, "filesz > memsz", "p_filesz > p_memsz");

    make_image(&im);
    im.eh->e_phoff = 0x2ff0;
    EXPECT_ELF_ERROR_AS(im, "program headers past the end", "program header");

    make_image(&im);
    im.eh->e_phnum = 0;
    EXPECT_ELF_ERROR_AS(im, "no program headers", "program header");

    make_image(&im);
    im.eh->e_ident[EI_DATA] = ELFDATA2MSB;
    EXPECT_ELF_ERROR_AS(im, "big-endian header", "little-endian");

    make_image(&im);
    im.eh->e_phnum = 65;
    EXPECT_ELF_ERROR_AS(im, "too many program headers", "implausible program header table");

    make_image(&im);
    im.ph[1].p_vaddr = 0x200800; /* other bytes than the code, but its page */
    im.ph[1].p_offset = 0x2800;
    im.ph[1].p_memsz = 0x100;
    EXPECT_ELF_ERROR_AS(im, "segments sharing a page", "share a page");

    make_image(&im);
    im.eh->e_phnum = 9;
    for (int i = 1; i < 9; i++)
        im.ph[i] = (Elf64_Phdr){.p_type = PT_LOAD, .p_flags = PF_R, .p_offset = 0x2000,
                                .p_vaddr = 0x201000 + 0x1000 * (uint64_t)i, .p_filesz = 16, .p_memsz = 16};
    EXPECT_ELF_ERROR_AS(im, "more PT_LOADs than a sandbox maps", "PT_LOAD segments");
}

Test(elf, code_violations_surface_through_the_image)
{
    struct image im;
    make_image(&im);
    im.bytes[0x1000] = 0x0f; /* syscall */
    im.bytes[0x1001] = 0x05;
    struct collected c = check(im.bytes, im.size);
    cr_expect_eq(c.first, R_INSN_FORBIDDEN);
}

Test(elf, every_truncation_is_an_error_not_a_crash)
{
    struct image im;
    make_image(&im);
    for (size_t n = 0; n < 0x2010; n += 7) { /* 0x2010: end of the last segment */
        struct collected c = check(im.bytes, n);
        cr_expect(c.n > 0, "truncated to %zu bytes but accepted", n);
    }
}

Test(policy, deterministic_switch)
{
    uint8_t code[32];
    memset(code, 0x90, sizeof code);
    code[0] = 0x0f, code[1] = 0x31; /* rdtsc */
    struct vxv_policy lax = {0}, strict = {.deterministic = 1};
    struct vxv_sink s1 = {0}, s2 = {0};
    cr_expect_eq(vxv_check_code(code, sizeof code, 0x200000, &lax, &s1), 0);
    cr_expect_eq(vxv_check_code(code, sizeof code, 0x200000, &strict, &s2), 1);
}

Test(policy, max_errors_stops_early_but_still_rejects)
{
    uint8_t code[64];
    memset(code, 0xf4, sizeof code); /* 64 hlt instructions */
    struct vxv_policy all = {0}, one = {.max_errors = 1};
    struct vxv_sink s1 = {0}, s2 = {0};
    cr_expect_eq(vxv_check_code(code, sizeof code, 0x200000, &all, &s1), 64);
    cr_expect_eq(vxv_check_code(code, sizeof code, 0x200000, &one, &s2), 1);
}

Test(policy, unaligned_code_address_is_rejected)
{
    uint8_t code[32];
    memset(code, 0x90, sizeof code);
    struct vxv_policy p = {0};
    struct vxv_sink s = {0};
    cr_expect_gt(vxv_check_code(code, sizeof code, 0x200010, &p, &s), 0);
}

Test(tables, every_name_is_known_to_capstone)
{
    csh h;
    cr_assert_eq(cs_open(CS_ARCH_X86, CS_MODE_64, &h), CS_ERR_OK);
    insn_table_init(h);
    const char *const *unknown = insn_table_unknown_names();
    cr_expect_null(unknown[0], "table name unknown to Capstone: %s", unknown[0] ? unknown[0] : "");
    cs_close(&h);
}

/* Real compiler output: every guest vxcc built for the tests verifies, and
 * random byte flips in its code never crash the verifier. */
static const char *guest_path(const char *name, char *buf, size_t size)
{
    const char *b = getenv("VX_BUILD") ? getenv("VX_BUILD") : "build";
    snprintf(buf, size, "%s/guests/%s", b, name);
    return buf;
}

Test(guests, built_guests_verify)
{
    static const char *const names[] = {"hostile.elf", "calls.elf", NULL};
    for (int i = 0; names[i]; i++) {
        char path[512];
        uint8_t *data;
        size_t size;
        cr_assert_eq(read_file_bytes(guest_path(names[i], path, sizeof path), &data, &size), 0,
                     "missing %s (run make test)", path);
        struct collected c = check(data, size);
        cr_expect_eq(c.n, 0, "%s: %s: %s", names[i], vxv_rule_name(c.first), c.text);
        free(data);
    }
}

Test(guests, byte_flips_never_crash)
{
    char path[512];
    uint8_t *data;
    size_t size;
    cr_assert_eq(read_file_bytes(guest_path("hostile.elf", path, sizeof path), &data, &size), 0);
    srand(1234);
    unsigned rejected = 0;
    for (int round = 0; round < 300; round++) {
        uint8_t *copy = malloc(size);
        memcpy(copy, data, size);
        for (int k = 0; k < 4; k++)
            copy[(size_t)rand() % size] ^= (uint8_t)(1 + rand() % 255);
        rejected += check(copy, size).n > 0;
        free(copy);
    }
    free(data);
    cr_expect_gt(rejected, 0, "no flipped image was rejected");
}

/* ---- the vxverify command: output formats and exit codes ------------------- */

/* Runs a shell command, capturing stdout into out; returns the exit status. */
static int run(char *out, size_t out_size, const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t n = fread(out, 1, out_size - 1, p);
    out[n] = 0;
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Writes the minimal image with code at 0x200000 replaced by bytes. */
static void write_image(const char *path, const char *code, size_t n)
{
    struct image im;
    make_image(&im);
    memcpy(im.bytes + 0x1000, code, n);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fwrite(im.bytes, 1, im.size, f);
    fclose(f);
}

Test(cli, verdicts_diagnostics_and_exit_codes)
{
    char out[8192];
    write_image("/tmp/vxv-cli-safe.elf", "\x90", 1);
    /* syscall at 0x200000, then four int3 at 0x200002.. */
    write_image("/tmp/vxv-cli-bad.elf", "\x0f\x05\xcc\xcc\xcc\xcc", 6);
    const char *b = build_dir();
    cr_expect_eq(run(out, sizeof out, "%s/vxverify /tmp/vxv-cli-safe.elf", b), 0);
    cr_expect(strstr(out, "/tmp/vxv-cli-safe.elf: safe") != NULL, "%s", out);

    cr_expect_eq(run(out, sizeof out, "%s/vxverify /tmp/vxv-cli-bad.elf", b), 1);
    cr_expect(strstr(out, "/tmp/vxv-cli-bad.elf: 0x200000: 0f 05  syscall") != NULL, "%s", out);
    cr_expect(strstr(out, "R-INSN-FORBIDDEN") != NULL && strstr(out, "UNSAFE") != NULL, "%s", out);

    cr_expect_eq(run(out, sizeof out, "%s/vxverify --max-errors 2 /tmp/vxv-cli-bad.elf | grep -c 0x20000", b), 0);
    cr_expect_eq(atoi(out), 2, "--max-errors 2 printed %s violations", out);
    cr_expect_eq(run(out, sizeof out, "%s/vxverify --max-errors 0 /tmp/vxv-cli-bad.elf | grep -c 0x20000", b), 0);
    cr_expect_eq(atoi(out), 5, "--max-errors 0 printed %s violations, want all 5", out);

    cr_expect_eq(run(out, sizeof out, "%s/vxverify -q /tmp/vxv-cli-bad.elf", b), 1);
    cr_expect_str_empty(out, "-q printed: %s", out);
    cr_expect_eq(run(out, sizeof out, "%s/vxverify -q /tmp/vxv-cli-safe.elf", b), 0);

    cr_expect_eq(run(out, sizeof out, "%s/vxverify /tmp/vxv-cli-safe.elf /tmp/vxv-cli-bad.elf", b), 1);
    cr_expect(strstr(out, "safe.elf: safe") && strstr(out, "bad.elf: UNSAFE"), "%s", out);

    cr_expect_eq(run(out, sizeof out, "%s/vxverify 2>/dev/null", b), 2, "no files");
    cr_expect_eq(run(out, sizeof out, "%s/vxverify --bogus x 2>/dev/null", b), 2, "unknown flag");
    cr_expect_eq(run(out, sizeof out, "%s/vxverify --max-errors x y 2>/dev/null", b), 2, "bad number");
    cr_expect_eq(run(out, sizeof out, "%s/vxverify /nonexistent/x.elf 2>/dev/null", b), 2, "missing file");
    cr_expect_eq(run(out, sizeof out, "%s/vxverify /tmp 2>/dev/null", b), 2, "a directory");
}

Test(cli, json_has_one_object_per_file)
{
    char out[8192];
    write_image("/tmp/vxv-json-safe.elf", "\x90", 1);
    write_image("/tmp/vxv-json-bad.elf", "\x0f\x05", 2);
    int st = run(out, sizeof out, "%s/vxverify --json /tmp/vxv-json-safe.elf /tmp/vxv-json-bad.elf /nonexistent 2>/dev/null",
                 build_dir());
    cr_expect_eq(st, 2, "an unreadable file makes the exit status 2");
    cr_expect(strstr(out, "{\"file\":\"/tmp/vxv-json-safe.elf\",\"violations\":[],\"verdict\":\"safe\",\"mark\":0}"), "%s", out);
    cr_expect(strstr(out, "{\"file\":\"/tmp/vxv-json-bad.elf\",\"violations\":[{\"addr\":2097152,\"bytes\":\"0f 05\","
                          "\"insn\":\"syscall\",\"rule\":\"R-INSN-FORBIDDEN\""), "%s", out);
    cr_expect(strstr(out, "\"file\":\"/nonexistent\",\"verdict\":\"error\""), "%s", out);
    cr_expect(out[0] == '[' && strstr(out, "]\n") == out + strlen(out) - 2, "not one JSON array: %s", out);
    /* A real JSON parser must accept it (python3 is among make deps' packages). */
    cr_assert_eq(system("command -v python3 >/dev/null"), 0, "python3 is missing: run make deps");
    cr_expect_eq(run(out, sizeof out, "%s/vxverify --json /tmp/vxv-json-bad.elf | python3 -m json.tool >/dev/null",
                     build_dir()), 0, "python3 rejects the JSON");
}

/* The mark routes images to vxrun; vxverify reports it, and judges marked
 * and unmarked bytes alike. */
Test(cli, reports_the_vx_mark_and_judges_alike)
{
    char out[8192];
    write_image("/tmp/vxv-mark-plain.elf", "\x90", 1);
    cr_assert_eq(sh("cp /tmp/vxv-mark-plain.elf /tmp/vxv-mark.elf && printf 'VX\\001' | "
                    "dd of=/tmp/vxv-mark.elf bs=1 seek=9 conv=notrunc status=none"), 0);
    const char *b = build_dir();
    cr_expect_eq(run(out, sizeof out, "%s/vxverify /tmp/vxv-mark.elf /tmp/vxv-mark-plain.elf", b), 0);
    cr_expect(strstr(out, "/tmp/vxv-mark.elf: safe (vx mark, format 1)\n"), "%s", out);
    cr_expect(strstr(out, "/tmp/vxv-mark-plain.elf: safe (no vx mark)\n"), "%s", out);
    cr_expect_eq(run(out, sizeof out, "%s/vxverify --json /tmp/vxv-mark.elf", b), 0);
    cr_expect(strstr(out, "\"verdict\":\"safe\",\"mark\":1}"), "%s", out);

    uint8_t *data;
    size_t size;
    cr_assert_eq(read_file_bytes("/tmp/vxv-mark.elf", &data, &size), 0);
    cr_expect_eq(vxv_image_mark(data, size), 1);
    cr_expect_eq(vxv_image_mark(data, 11), 0, "a file too short for e_ident has no mark");
    data[11] = 0;
    cr_expect_eq(vxv_image_mark(data, size), 0, "\"VX\" without a version is no mark");
    free(data);
}
