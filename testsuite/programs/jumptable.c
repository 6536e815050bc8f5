/* Dense switches (jump tables) and function-pointer dispatch. */
#include <stdio.h>
static int op(int code, int a, int b)
{
    switch (code) {
    case 0: return a + b;
    case 1: return a - b;
    case 2: return a * b;
    case 3: return b ? a / b : 0;
    case 4: return b ? a % b : 0;
    case 5: return a & b;
    case 6: return a | b;
    case 7: return a ^ b;
    case 8: return a << (b & 7);
    case 9: return a >> (b & 7);
    case 10: return a > b;
    case 11: return a == b;
    default: return -1;
    }
}
static int add(int a, int b) { return a + b; }
static int mul(int a, int b) { return a * b; }
static int neg(int a, int b) { return -a - b; }
static int (*const table[])(int, int) = {add, mul, neg};
int main(void)
{
    long acc = 0;
    for (int i = 0; i < 100000; i++)
        acc += op(i % 13, i, i % 17 + 1) + table[i % 3](i & 255, 3);
    printf("acc=%ld\n", acc);
    return 0;
}
