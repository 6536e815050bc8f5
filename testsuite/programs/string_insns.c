/* The rewrites no compiler output reaches on its own, compared with native:
 * string instructions (scas, lods, cmps, movs, stos) in inline assembly
 * whose pointer and flag results the C code goes on using, a stack frame
 * larger than the %rsp displacement limit, and calls through memory. */
#include "print.h"
#include <stdlib.h>
#include <string.h>

static const char global_text[] = "a string in .rodata, addressed absolutely";

/* repne scasb: the pointer after the match, compared with C's own. */
static long scan_len(const char *s)
{
    const char *p = s;
    long n = -1;
    __asm__ volatile("repne scasb" : "+D"(p), "+c"(n) : "a"(0) : "memory", "cc");
    return (p == s + strlen(s) + 1) ? (long)(p - s) - 1 : -1000;
}

/* lodsb until zero: %rsi walks the string. */
static long sum_bytes(const char *s)
{
    long sum = 0;
    unsigned char c;
    do {
        __asm__ volatile("lodsb" : "=a"(c), "+S"(s) : : "memory");
        sum += c;
    } while (c);
    return sum;
}

/* repe cmpsb: flags and both pointers are results. */
static int compare(const char *a, const char *b, long n, const char **ea, const char **eb)
{
    int ne;
    __asm__ volatile("repe cmpsb" : "+S"(a), "+D"(b), "+c"(n), "=@ccne"(ne) : : "memory");
    *ea = a;
    *eb = b;
    return ne;
}

/* rep movsb / rep stosb: end pointers equal the C arithmetic. */
static int copy_and_check(char *dst, const char *src, long n)
{
    char *d = dst;
    const char *s = src;
    long c = n;
    __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(c) : : "memory");
    return d == dst + n && s == src + n && memcmp(dst, src, (size_t)n) == 0;
}

/* Flags set before rep stos are still live after it: the rewrite around
 * the string instruction must not write them. */
static int flags_survive_stos(char *dst, long a, long b)
{
    long c = 16;
    unsigned char less;
    __asm__ volatile("cmpq %[b], %[a]\n\trep stosb\n\tsetl %[l]"
                     : "+D"(dst), "+c"(c), [l] "=q"(less)
                     : [a] "r"(a), [b] "r"(b), "a"(0x5a)
                     : "memory", "cc");
    return less;
}

/* More than VX_RSP_DISP_MAX (512 KiB) of locals: disp(%rsp) goes through %gs. */
static long big_frame(int k)
{
    volatile char big[700000];
    for (int i = 0; i < 700000; i += 4096)
        big[i] = (char)(i * k);
    big[699999] = (char)k;
    long s = 0;
    for (int i = 0; i < 700000; i += 4096)
        s += big[i];
    return s + big[699999];
}

static int twice(int x) { return 2 * x; }
static int square(int x) { return x * x; }
static int negate(int x) { return -x; }
static int (*const table[])(int) = {twice, square, negate};
struct ops {
    int (*fn)(int);
};

int main(void)
{
    char stack_text[] = "text on the stack";
    char *heap_text = malloc(64);
    strcpy(heap_text, "text on the heap, somewhat longer");
    show("scan_global", scan_len(global_text));
    show("scan_stack", scan_len(stack_text));
    show("scan_heap", scan_len(heap_text));
    show("lods_global", sum_bytes(global_text));
    show("lods_heap", sum_bytes(heap_text));

    const char *ea, *eb;
    char other[] = "text on the stuck";
    int ne = compare(stack_text, other, (long)sizeof other, &ea, &eb);
    show("cmps_ne", ne);
    show("cmps_ends", (ea - stack_text) * 100 + (eb - other));
    ne = compare(heap_text, heap_text, 10, &ea, &eb);
    show("cmps_same_ne", ne);
    show("cmps_same_end", ea == heap_text + 10 && eb == heap_text + 10);

    char *heap_dst = malloc(4096);
    char stack_dst[128];
    show("movs_heap", copy_and_check(heap_dst, global_text, (long)sizeof global_text));
    show("movs_stack", copy_and_check(stack_dst, heap_text, 30));
    show("movs_big", copy_and_check(heap_dst, heap_dst + 2048, 2000));

    show("stos_flags_lt", flags_survive_stos(stack_dst, 1, 2));
    show("stos_flags_ge", flags_survive_stos(heap_dst, 5, 2));
    show("stos_wrote", stack_dst[0] == 0x5a && stack_dst[15] == 0x5a && heap_dst[15] == 0x5a);

    show("big_frame", big_frame(3));

    long acc = 0;
    for (int i = 0; i < 30; i++)
        acc += table[i % 3](i);
    show("table_calls", acc);
    struct ops o[2] = {{square}, {negate}};
    struct ops *volatile po = o;
    acc = 0;
    for (int i = 0; i < 10; i++)
        acc += po[i & 1].fn(i);
    show("struct_calls", acc);
    free(heap_text);
    free(heap_dst);
    return 0;
}
