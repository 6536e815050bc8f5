/* Helpers shared by the test suites: where the build is, and a printf-style
 * shell runner returning the command's exit status. */
#ifndef VX_TEST_SHELL_H
#define VX_TEST_SHELL_H
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* Suites name sources relative to the repository root: run from there,
 * wherever they are started, so a suite cannot pass having found nothing. */
#ifdef VX_SRC_DIR
__attribute__((constructor)) static void vx_test_to_source_dir(void)
{
    if (chdir(VX_SRC_DIR) != 0) {
        perror(VX_SRC_DIR);
        exit(2);
    }
}
#endif

static inline const char *build_dir(void)
{
#ifdef VX_SRC_DIR
    const char *fallback = VX_SRC_DIR "/build"; /* absolute: tests cd elsewhere */
#else
    const char *fallback = "build";
#endif
    return getenv("VX_BUILD") ? getenv("VX_BUILD") : fallback;
}

__attribute__((format(printf, 1, 2))) static inline int sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

#endif
