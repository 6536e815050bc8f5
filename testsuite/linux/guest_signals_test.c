/* Signal handlers inside musl guests (signal_guest.c): they run for the
 * signals the guest raises itself and return to where it raised them;
 * SA_RESETHAND and abort() end the guest with the signal's status. */
#include "test_shell.h"
#include <criterion/criterion.h>

static int run_guest(const char *args)
{
    const char *b = build_dir();
    return sh("%s/vxrun --memory 64M %s/linux/signal_guest.elf %s", b, b, args);
}

Test(guest_signals, handlers_run_in_the_guest_and_return_where_it_raised)
{
    cr_expect_eq(run_guest(""), 0, "a guest signal handler misbehaved (output above)");
}

Test(guest_signals, resethand_then_the_default_action_ends_the_guest)
{
    cr_expect_eq(run_guest("resethand > /tmp/vx-sig-$$.txt 2>&1; rc=$?; grep -q 'handled: 1' /tmp/vx-sig-$$.txt "
                           "&& ! grep -q survived /tmp/vx-sig-$$.txt; ok=$?; rm -f /tmp/vx-sig-$$.txt; "
                           "test $ok = 0 && exit $rc"), 128 + 10, "SA_RESETHAND: not handled once then SIGUSR1");
}

Test(guest_signals, abort_ends_the_guest_even_if_its_handler_returns)
{
    cr_expect_eq(run_guest("abort 2>/dev/null"), 128 + 6, "abort() with a returning handler did not end as SIGABRT");
}
