/* Handlers a musl guest installs for signals it raises itself run inside
 * the guest, as on Linux: plain and SA_SIGINFO handlers, the handler's
 * mask, nesting, a blocked signal delivered when unblocked, SA_RESETHAND,
 * signal(), kill's SI_USER, siglongjmp out of a handler (many times), and
 * abort() ending the guest even when its handler returns. "resethand" and
 * "abort" end the guest; the rest report failures and exit 0. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures;
#define EXPECT(c) ((c) ? (void)0 : (void)(failures++, printf("FAIL line %d: %s\n", __LINE__, #c)))

static volatile sig_atomic_t plain_runs, usr2_runs, order[64], norder;
static volatile int seen_signo, seen_code, seen_pid, blocked_inside, had_context;
static sigjmp_buf back;

static void plain(int sig)
{
    plain_runs++;
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    blocked_inside = sigismember(&now, sig);
    order[norder++] = sig;
    if (plain_runs == 2)
        raise(SIGUSR2); /* nested: runs before this handler returns */
    order[norder++] = -sig;
}

static void with_info(int sig, siginfo_t *info, void *uc)
{
    usr2_runs++;
    seen_signo = info->si_signo;
    seen_code = info->si_code;
    seen_pid = info->si_pid;
    had_context = uc != NULL;
    order[norder++] = sig;
}

static void jump_out(int sig) { siglongjmp(back, sig); }

static void install(int sig, void (*h)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    EXPECT(sigaction(sig, &sa, NULL) == 0);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "resethand")) {
        install(SIGUSR1, plain, SA_RESETHAND);
        raise(SIGUSR1);
        printf("first raise handled: %d\n", plain_runs);
        raise(SIGUSR1); /* the default action now: the guest ends with SIGUSR1 */
        puts("survived");
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "abort")) {
        install(SIGABRT, plain, 0);
        abort(); /* the handler returns; abort still ends the guest */
    }
    install(SIGUSR1, plain, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = with_info;
    sa.sa_flags = SA_SIGINFO;
    EXPECT(sigaction(SIGUSR2, &sa, NULL) == 0);

    EXPECT(raise(SIGUSR1) == 0);
    EXPECT(plain_runs == 1 && blocked_inside == 1);
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    EXPECT(!sigismember(&now, SIGUSR1)); /* the mask is back after the handler */

    norder = 0;
    EXPECT(raise(SIGUSR1) == 0); /* this time the handler raises SIGUSR2 */
    EXPECT(plain_runs == 2 && usr2_runs == 1);
    EXPECT(norder == 3 && order[0] == SIGUSR1 && order[1] == SIGUSR2 && order[2] == -SIGUSR1);
    EXPECT(seen_signo == SIGUSR2 && seen_code == SI_TKILL && seen_pid == 1 && had_context);

    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR2);
    sigprocmask(SIG_BLOCK, &block, NULL);
    EXPECT(raise(SIGUSR2) == 0 && usr2_runs == 1); /* pending while blocked */
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    EXPECT(usr2_runs == 2);

    EXPECT(kill(getpid(), SIGUSR2) == 0);
    EXPECT(usr2_runs == 3);
    EXPECT(seen_code == SI_USER);

    EXPECT(signal(SIGUSR1, SIG_IGN) == plain);
    EXPECT(raise(SIGUSR1) == 0 && plain_runs == 2);

    install(SIGTERM, jump_out, 0);
    int jumps = 0;
    for (int i = 0; i < 40; i++)
        if (sigsetjmp(back, 1) == 0)
            raise(SIGTERM);
        else
            jumps++;
    EXPECT(jumps == 40);
    sigprocmask(SIG_BLOCK, NULL, &now);
    EXPECT(!sigismember(&now, SIGTERM)); /* siglongjmp restored the mask */
    printf("signals: %d failures\n", failures);
    return failures != 0;
}
