/* Thread-local storage and the stack protector in musl guests (R-TP):
 * tls_guest.c at -O0 and -O2 must see its initial values, its own writes
 * and errno; with -fstack-protector-strong an overrun must stop the guest
 * before the smashed frame returns, and a clean call must not. */
#include "test_shell.h"
#include <criterion/criterion.h>

static int run_guest(const char *level, const char *args)
{
    const char *b = build_dir();
    return sh("%s/vxrun --memory 64M %s/linux/tls_guest%s.elf %s", b, b, level, args);
}

Test(tls, thread_local_data_and_errno_at_O0)
{
    cr_expect_eq(run_guest("-O0", ""), 0, "thread-local data or errno wrong at -O0 (output above)");
}

Test(tls, thread_local_data_and_errno_at_O2)
{
    cr_expect_eq(run_guest("-O2", ""), 0, "thread-local data or errno wrong at -O2 (output above)");
}

Test(tls, the_canary_passes_a_clean_call_and_stops_an_overrun)
{
    cr_expect_eq(run_guest("-O2", "smash"), 0, "a call that stays inside its buffer was stopped");
    int st = run_guest("-O2", "smash overrun > /dev/null 2>&1");
    cr_expect_eq(st, 124, "an overrun past the canary was not stopped (status %d)", st);
    cr_expect_neq(sh("%s/vxrun %s/linux/tls_guest-O2.elf smash overrun 2>/dev/null | grep -q returned",
                     build_dir(), build_dir()), 0, "the smashed frame returned");
}
