/* Constructors run before main, atexit handlers in reverse order, exit flushes stdio. */
#include <stdio.h>
#include <stdlib.h>
static int ready;
__attribute__((constructor)) static void early(void) { ready = 41; }
__attribute__((constructor(200))) static void earlier(void) { ready = 1; }
static void bye1(void) { printf("bye 1\n"); }
static void bye2(void) { printf("bye 2 (registered last, runs first)\n"); }
static void finish(int depth) { if (depth == 0) { printf("exiting from depth 5 without newline flush..."); exit(7); } finish(depth - 1); }
int main(void)
{
    printf("ready=%d\n", ready);
    atexit(bye1);
    atexit(bye2);
    finish(5);
    return 0;
}
