/* Reverse-Polish calculator over sscanf-tokenised expressions. */
#include <stdio.h>
#include <string.h>
static double eval(const char *expr)
{
    double st[32]; int sp = 0; char tok[32]; int used;
    while (sscanf(expr, "%31s%n", tok, &used) == 1) {
        expr += used;
        double v;
        if (strchr("+-*/", tok[0]) && !tok[1]) {
            double b = st[--sp], a = st[--sp];
            st[sp++] = tok[0] == '+' ? a + b : tok[0] == '-' ? a - b : tok[0] == '*' ? a * b : a / b;
        } else if (sscanf(tok, "%lf", &v) == 1) st[sp++] = v;
    }
    return sp ? st[sp - 1] : 0;
}
int main(void)
{
    const char *e[] = {"3 4 + 2 *", "5 1 2 + 4 * + 3 -", "2 3.5 * 7 /", "1e3 7 / 3 *", "10 3 - 2 - 1 -"};
    for (int i = 0; i < 5; i++) printf("%-20s = %.6g\n", e[i], eval(e[i]));
    return 0;
}
