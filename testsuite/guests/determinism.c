/* Prints everything a guest can learn about where and when it runs: stack,
 * heap, code and argv addresses, the clocks, a file's times. In
 * deterministic mode two runs must print the same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>

int main(int argc, char **argv)
{
    struct stat st;
    int f = fstat(0, &st);
    int local = argc;
    void *heap = malloc(100);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tms t;
    clock_t c = times(&t);
    printf("fstat=%d mtime=%lld atime=%lld ctime=%lld\n", f, (long long)st.st_mtime,
           (long long)st.st_atime, (long long)st.st_ctime);
    printf("time=%lld tv=%lld.%06ld times=%lld\n", (long long)time(NULL), (long long)tv.tv_sec,
           (long)tv.tv_usec, (long long)c);
    printf("stack=%p argv=%p argv0=%p heap=%p main=%p\n", (void *)&local, (void *)argv,
           (void *)argv[0], heap, (void *)main);
    return 0;
}
