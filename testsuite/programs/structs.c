/* Large structs by value, struct arrays, copies (string ops), unions. */
#include "print.h"
struct big { long v[40]; char tag[16]; };
struct pt { int x, y; };
static struct big make(long seed) { struct big b; for (int i = 0; i < 40; i++) b.v[i] = seed * i; memcpy(b.tag, "big-struct", 11); return b; }
static long sum(struct big b) { long s = 0; for (int i = 0; i < 40; i++) s += b.v[i]; return s + b.tag[0]; }
static struct pt mid(struct pt a, struct pt b) { return (struct pt){(a.x + b.x) / 2, (a.y + b.y) / 2}; }
union bits { double d; unsigned long long u; };
int main(int argc, char **argv)
{
    (void)argv;
    struct big a = make(argc), b;
    b = a;
    b.v[3] = 1000;
    show("sum a", sum(a));
    show("sum b", sum(b));
    struct big arr[8];
    for (int i = 0; i < 8; i++) arr[i] = make(i);
    long t = 0;
    for (int i = 0; i < 8; i++) t += sum(arr[7 - i]) * (i + 1);
    show("array", t);
    struct pt m = mid((struct pt){10, 20}, (struct pt){30, -40});
    show("mid", m.x * 1000 + m.y);
    union bits u = {.d = 1.5};
    vx_put_hex(u.u);
    vx_puts("\n");
    return 0;
}
