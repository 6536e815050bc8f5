/* binfmt_misc registration. The entry matches the ELF identification of an
 * x86-64 ELF64 executable with the vx mark in EI_PAD, and nothing else:
 * ordinary ELF files leave EI_PAD zero, so they never reach vxrun. */
#define _GNU_SOURCE
#include "vxrun_binfmt.h"
#include "vx/image_mark.h"
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mount.h>
#include <unistd.h>

#define REGISTER VXRUN_BINFMT_DIR "/register"
#define ENTRY VXRUN_BINFMT_DIR "/" VXRUN_BINFMT_NAME
#define MATCHED 20 /* e_ident, e_type, e_machine */

/* What binfmt_misc compares: (file byte & mask) == magic. EI_OSABI,
 * EI_ABIVERSION, the mark's version and the rest of EI_PAD are not
 * compared: vxrun verifies whatever it is given, and a newer format then
 * fails with the verifier's reason rather than running natively. */
static const unsigned char magic[MATCHED] = {
    ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT, 0, 0,
    VX_MARK_BYTE0, VX_MARK_BYTE1, 0, 0, 0, 0, 0, ET_EXEC, 0, EM_X86_64, 0};
static const unsigned char mask[MATCHED] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0,
    0xff, 0xff, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff};

static int fail(const char *what, const char *path, int err)
{
    fprintf(stderr, "vxrun: %s: %s: %s%s\n", what, path, strerror(err),
            err == EACCES || err == EPERM ? " (registering a binfmt_misc handler needs root)" : "");
    return 125;
}

/* One write(2): binfmt_misc parses each write as a whole command. */
static int write_command(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, text, strlen(text));
    int err = errno;
    close(fd);
    errno = err;
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* binfmt_misc is mounted on demand by most distributions (systemd's
 * proc-sys-fs-binfmt_misc.automount); where nothing did, mount it. */
static int ensure_mounted(void)
{
    if (access(REGISTER, F_OK) == 0)
        return 0;
    if (mount("binfmt_misc", VXRUN_BINFMT_DIR, "binfmt_misc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0)
        return 0;
    return fail("cannot mount binfmt_misc", VXRUN_BINFMT_DIR, errno);
}

static void hex_bytes(char *out, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 4 * i, "\\x%02x", b[i]);
}

static int remove_entry(void)
{
    if (write_command(ENTRY, "-1") == 0 || errno == ENOENT)
        return 0;
    return fail("cannot remove the binfmt_misc entry", ENTRY, errno);
}

/* The whole of binfmt_misc can be switched off; the entry then waits. */
static void warn_if_disabled(void)
{
    char state[16] = "";
    FILE *f = fopen(VXRUN_BINFMT_DIR "/status", "r");
    if (f && fgets(state, sizeof state, f) && !strncmp(state, "disabled", 8))
        fprintf(stderr, "vxrun: binfmt_misc is disabled on this machine, so the entry has no effect until "
                        "root writes 1 to %s/status\n", VXRUN_BINFMT_DIR);
    if (f)
        fclose(f);
}

int vxrun_register(void)
{
    char self[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len < 0)
        return fail("cannot find its own executable", "/proc/self/exe", errno);
    self[len] = 0;
    if (strpbrk(self, ":\n")) {
        fprintf(stderr, "vxrun: --register: the path %s contains ':' or a newline, which binfmt_misc "
                        "cannot store; install vxrun elsewhere\n", self);
        return 125;
    }
    int rc = ensure_mounted();
    if (rc)
        return rc;
    char m[4 * MATCHED + 1], k[4 * MATCHED + 1], command[2 * sizeof m + PATH_MAX + 32];
    hex_bytes(m, magic, MATCHED);
    hex_bytes(k, mask, MATCHED);
    snprintf(command, sizeof command, ":%s:M::%s:%s:%s:%s", VXRUN_BINFMT_NAME, m, k, self, VXRUN_BINFMT_FLAGS);
    /* Always replaced: with F the kernel holds the vxrun it opened, so an
     * entry left in place would keep running an older vxrun. */
    for (int attempt = 0; attempt < 2; attempt++) {
        if ((rc = remove_entry()) != 0)
            return rc;
        if (write_command(REGISTER, command) == 0) {
            printf("vxrun: registered %s for vx images (binfmt_misc entry %s, flags %s)\n", self, ENTRY,
                   VXRUN_BINFMT_FLAGS);
            warn_if_disabled();
            return 0;
        }
        if (errno != EEXIST) /* EEXIST: another --register won the race; replace its entry */
            break;
    }
    return fail("binfmt_misc refused the entry", REGISTER, errno);
}

int vxrun_unregister(void)
{
    if (access(ENTRY, F_OK) != 0) {
        printf("vxrun: no binfmt_misc entry %s: nothing to remove\n", ENTRY);
        return 0;
    }
    int rc = remove_entry();
    if (rc == 0)
        printf("vxrun: removed the binfmt_misc entry %s\n", ENTRY);
    return rc;
}

int vxrun_binfmt_execfd(void)
{
    errno = 0;
    unsigned long fd = getauxval(AT_EXECFD);
    return errno == ENOENT || fd > INT_MAX ? -1 : (int)fd;
}
