/* Dense switches (jump tables), sparse switches, computed goto. */
#include "print.h"
static int dense(int x)
{
    switch (x) {
    case 0: return 11; case 1: return 23; case 2: return 37; case 3: return 41;
    case 4: return 53; case 5: return 67; case 6: return 79; case 7: return 83;
    case 8: return 97; case 9: return 101; default: return -1;
    }
}
static int sparse(int x)
{
    switch (x) {
    case 1: return 1; case 100: return 2; case 1000: return 3; case 10000: return 4;
    case -5: return 5; default: return 0;
    }
}
static long interp(const unsigned char *code, int n)
{
    static void *labels[] = {&&op_inc, &&op_dbl, &&op_neg, &&op_end};
    long acc = 1;
    int pc = 0;
    goto *labels[code[pc]];
op_inc: acc++; if (++pc < n) goto *labels[code[pc]]; goto op_end;
op_dbl: acc *= 2; if (++pc < n) goto *labels[code[pc]]; goto op_end;
op_neg: acc = -acc; if (++pc < n) goto *labels[code[pc]]; goto op_end;
op_end: return acc;
}
int main(void)
{
    long s = 0;
    for (int i = -2; i < 12; i++)
        s = s * 3 + dense(i);
    show("dense", s);
    s = 0;
    for (int i = -10; i < 20000; i += 7)
        s += sparse(i) + sparse(i * 10);
    show("sparse", s);
    unsigned char prog[] = {0, 1, 1, 0, 2, 1, 0, 1, 3};
    show("goto", interp(prog, sizeof prog));
    return 0;
}
