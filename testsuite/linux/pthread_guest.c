/* musl's pthread.h in a one-thread sandbox: mutexes (plain, recursive,
 * error-checking), once, keys, condition variables and rwlocks work;
 * pthread_create fails with EAGAIN (no guest threads yet), never hangs. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static int failures, once_runs;
#define EXPECT(c) ((c) ? (void)0 : (void)(failures++, printf("FAIL line %d: %s\n", __LINE__, #c)))

static void run_once(void) { once_runs++; }
static void *never(void *arg) { return arg; }

int main(void)
{
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    EXPECT(pthread_mutex_lock(&m) == 0 && pthread_mutex_trylock(&m) == EBUSY && pthread_mutex_unlock(&m) == 0);
    pthread_mutexattr_t a;
    pthread_mutex_t r, e;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    EXPECT(pthread_mutex_init(&r, &a) == 0);
    EXPECT(pthread_mutex_lock(&r) == 0 && pthread_mutex_lock(&r) == 0);
    EXPECT(pthread_mutex_unlock(&r) == 0 && pthread_mutex_unlock(&r) == 0);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
    EXPECT(pthread_mutex_init(&e, &a) == 0 && pthread_mutex_lock(&e) == 0 && pthread_mutex_lock(&e) == EDEADLK);
    EXPECT(pthread_mutex_unlock(&e) == 0 && pthread_mutex_unlock(&e) == EPERM);

    pthread_once_t once = PTHREAD_ONCE_INIT;
    EXPECT(pthread_once(&once, run_once) == 0 && pthread_once(&once, run_once) == 0 && once_runs == 1);

    pthread_key_t key;
    int value = 7;
    EXPECT(pthread_key_create(&key, NULL) == 0 && pthread_getspecific(key) == NULL);
    EXPECT(pthread_setspecific(key, &value) == 0 && pthread_getspecific(key) == &value);
    EXPECT(pthread_key_delete(key) == 0);

    pthread_cond_t c = PTHREAD_COND_INITIALIZER;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 5 * 1000 * 1000;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&m);
    EXPECT(pthread_cond_timedwait(&c, &m, &until) == ETIMEDOUT);
    pthread_mutex_unlock(&m);
    EXPECT(pthread_cond_signal(&c) == 0 && pthread_cond_broadcast(&c) == 0);

    pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
    EXPECT(pthread_rwlock_rdlock(&rw) == 0 && pthread_rwlock_tryrdlock(&rw) == 0);
    EXPECT(pthread_rwlock_trywrlock(&rw) == EBUSY);
    EXPECT(pthread_rwlock_unlock(&rw) == 0 && pthread_rwlock_unlock(&rw) == 0);

    EXPECT(pthread_self() != 0);
    pthread_t t;
    EXPECT(pthread_create(&t, NULL, never, NULL) == EAGAIN);
    printf("pthread: %d failures\n", failures);
    return failures != 0;
}
