/* _Decimal32/64/128 through libgcc's BID helpers: arithmetic that binary
 * floating point rounds (0.1 + 0.2), comparisons, and conversions to and
 * from integers and binary floats. */
#include <stdio.h>

static volatile _Decimal64 tenth = 0.1DD, fifth = 0.2DD;
static volatile _Decimal32 small = 1.5DF;
static volatile _Decimal128 tiny = 1e-30DL, big = 123456789012345678901234567890.0DL;

int main(void)
{
    _Decimal64 sum = tenth + fifth;
    printf("exact: %d %d\n", sum == 0.3DD, (double)tenth + (double)fifth == 0.3);
    printf("ops: %.17g %.17g %.17g\n", (double)(sum * 3), (double)(sum / 7), (double)(sum - 1));
    printf("128: %lld %lld %d\n", (long long)(tiny * 1e32DL), (long long)(big / 1e18DL), big > tiny);
    printf("32: %d %g %d\n", (int)(small * 4), (double)(_Decimal32)(tenth / fifth), small < 2.0DF);
    printf("from: %.17g %.17g\n", (double)(_Decimal64)12345678901LL, (double)(_Decimal128)0.125);
    printf("cross: %.17g %d\n", (double)((_Decimal128)small + (_Decimal128)sum), (_Decimal32)sum != sum);
    return 0;
}
