/* SSE2 intrinsics (baseline x86-64): packed integer and double arithmetic. */
#include <emmintrin.h>
#include <stdio.h>
int main(void)
{
    static double a[1024], b[1024];
    static int ia[1024];
    for (int i = 0; i < 1024; i++) { a[i] = i * 0.25; b[i] = 1024 - i; ia[i] = i * 3 - 500; }
    __m128d acc = _mm_setzero_pd();
    for (int i = 0; i < 1024; i += 2)
        acc = _mm_add_pd(acc, _mm_mul_pd(_mm_loadu_pd(a + i), _mm_loadu_pd(b + i)));
    double out[2];
    _mm_storeu_pd(out, acc);
    __m128i m = _mm_setzero_si128();
    for (int i = 0; i < 1024; i += 4)
        m = _mm_max_epi16(m, _mm_packs_epi32(_mm_loadu_si128((const __m128i *)(ia + i)), _mm_setzero_si128()));
    short s[8];
    _mm_storeu_si128((__m128i *)s, m);
    printf("%.2f %.2f %d %d\n", out[0], out[1], s[0], s[3]);
    return 0;
}
