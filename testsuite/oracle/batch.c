/* Parent side of a batch: fork a child per stretch of runs, wait for it
 * (with a watchdog), and restart after any run that killed its child. */
#define _GNU_SOURCE
#include "lockdown.h"
#include "oracle.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct vxo_shared *vxo_shared_new(void)
{
    void *p = mmap(NULL, sizeof(struct vxo_shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void vxo_shared_free(struct vxo_shared *s)
{
    if (s)
        munmap(s, sizeof *s);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* Waits for pid; kills it when the watchdog runs out. Returns its status. */
static int wait_child(pid_t pid, double limit)
{
    double end = now() + limit;
    int status = 0;
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid || (r < 0 && errno == ECHILD))
            return status;
        if (now() > end) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return status;
        }
        struct timespec t = {0, 1000000};
        nanosleep(&t, NULL);
    }
}

int vxo_batch_run(struct vxo_shared *s, const struct vxo_lockdown *l)
{
    int children = 0;
    for (uint32_t i = 0; i < s->nruns; i++)
        s->out[i].done = 0;
    s->current = 0;
    while (s->current < s->nruns) {
        s->started = 0;
        s->locked = 0;
        s->protect_failed = 0;
        uint32_t first = s->current;
        fflush(NULL);
        pid_t pid = fork();
        if (pid < 0)
            return children ? children : -1;
        if (pid == 0)
            vxo_child_start(s, l);
        children++;
        int status = wait_child(pid, l->alarm_seconds + 30.0);
        if (s->current < s->nruns && !s->out[s->current].done) {
            /* The run in progress killed its child (or the child never got going). */
            struct vxo_outcome *o = &s->out[s->current];
            memset(o, 0, sizeof *o);
            o->cls = VXO_CHILD_DIED;
            o->signo = WIFSIGNALED(status) ? WTERMSIG(status) : -WEXITSTATUS(status);
            o->done = 1;
            if (!s->started && s->current == first && !s->locked)
                return -1; /* setup itself failed: nothing can run */
            s->current++;
        }
    }
    return children;
}
