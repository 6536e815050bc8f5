/* Thread-local storage in a musl guest (R-TP): __thread and _Thread_local
 * data with initial values and zeroed, reached in every operand shape gcc
 * emits (direct, indexed, through a pointer, with an offset), errno, and
 * the %fs:0x28 canary of -fstack-protector-strong. "smash" overruns a
 * buffer: the canary must stop the guest before main returns. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static __thread int counter = 41;
_Thread_local long squares[32];
__thread char name[16] = "tls-initial";
extern __thread int shared_tls;
__thread int shared_tls = -7;
static int failures;

#define EXPECT(c) ((c) ? (void)0 : (void)(failures++, printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c)))

__attribute__((noinline)) static long square_at(int i) { return squares[i]; }
__attribute__((noinline)) static int *counter_address(void) { return &counter; }
__attribute__((noinline)) static char *name_at(int i) { return &name[i]; }

__attribute__((noinline)) static void copy_in(const char *s, size_t n)
{
    char buf[16];
    memcpy(buf, s, n);
    printf("copied %zu bytes, first %c\n", n, buf[0]);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "smash")) {
        copy_in("0123456789abcdefghijklmnopqrstuvwxyz0123456789", argc > 2 ? 46 : 16);
        puts("returned");
        return 0;
    }
    EXPECT(counter == 41);
    counter++;
    EXPECT(*counter_address() == 42);
    *counter_address() += 8;
    EXPECT(counter == 50);
    for (int i = 0; i < 32; i++)
        EXPECT(squares[i] == 0);
    for (int i = 0; i < 32; i++)
        squares[i] = (long)i * i;
    for (int i = 0; i < 32; i += 5)
        EXPECT(square_at(i) == (long)i * i);
    EXPECT(!strcmp(name, "tls-initial"));
    *name_at(3) = '_';
    EXPECT(!strcmp(name, "tls_initial"));
    EXPECT(shared_tls == -7);
    errno = 0;
    EXPECT(fopen("/no/such/file", "r") == NULL && errno == ENOENT);
    EXPECT(strtol("99999999999999999999999", NULL, 10) == LONG_MAX && errno == ERANGE);
    copy_in("abcdefgh", 8);
    printf("tls: %d failures\n", failures);
    return failures != 0;
}
