/* Loops the compiler vectorizes (SSE/AVX at -O3 -march=native). */
#include "print.h"
#define N 4096
static float a[N], b[N], c[N];
static int ia[N], ib[N];
int main(void)
{
    for (int i = 0; i < N; i++) { a[i] = (float)i * 0.5f; b[i] = (float)(N - i); ia[i] = i * 3; ib[i] = i ^ 0x55; }
    for (int r = 0; r < 200; r++)
        for (int i = 0; i < N; i++)
            c[i] = a[i] * b[i] + c[i] * 0.25f;
    double s = 0;
    for (int i = 0; i < N; i++) s += c[i];
    show("saxpy", (long long)s);
    long long dot = 0;
    for (int i = 0; i < N; i++) dot += (long long)ia[i] * ib[i];
    show("dot", dot);
    int mx = 0;
    for (int i = 0; i < N; i++) { int v = (ia[i] * 7) ^ ib[i]; mx = v > mx ? v : mx; }
    show("max", mx);
    unsigned char bytes[N];
    for (int i = 0; i < N; i++) bytes[i] = (unsigned char)(i * 13);
    unsigned hist = 0;
    for (int i = 0; i < N; i++) hist += bytes[i] > 128;
    show("hist", hist);
    return 0;
}
