/* Arbitrary-precision arithmetic: 1000! and 2^4000 in decimal. */
#include <stdio.h>
#include <string.h>
static int digits[10000];
static int multiply(int n, int len, int by)
{
    int carry = 0;
    for (int i = 0; i < len; i++) { int v = digits[i] * by + carry; digits[i] = v % 10; carry = v / 10; }
    while (carry) { digits[len++] = carry % 10; carry /= 10; }
    (void)n;
    return len;
}
static void show(int len)
{
    int sum = 0;
    for (int i = 0; i < len; i++) sum += digits[i];
    printf("%d digits, digit sum %d, leading ", len, sum);
    for (int i = len - 1; i >= len - 20 && i >= 0; i--) putchar('0' + digits[i]);
    putchar('\n');
}
int main(void)
{
    int len = 1;
    digits[0] = 1;
    for (int i = 2; i <= 1000; i++) len = multiply(i, len, i);
    show(len);
    memset(digits, 0, sizeof digits);
    digits[0] = 1; len = 1;
    for (int i = 0; i < 4000; i++) len = multiply(i, len, 2);
    show(len);
    return 0;
}
