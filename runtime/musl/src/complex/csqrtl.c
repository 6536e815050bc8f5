/* vx: musl computes csqrtl in double precision (its FIXME); this is the
 * long double computation. Kahan's form: t = sqrt((|x| + |z|) / 2) never
 * cancels, and the other part is y / 2t. Infinities and NaNs take musl's
 * double path, which follows C99 Annex G. */
#include "complex_impl.h"

long double complex csqrtl(long double complex z)
{
	long double x = creall(z), y = cimagl(z);
	if (!isfinite(x) || !isfinite(y))
		return csqrt(z);
	if (x == 0 && y == 0)
		return CMPLXL(0, y);
	/* scaled so that |x| + |z| neither overflows nor loses subnormal bits */
	int scale = 0;
	if (fabsl(x) > 0x1p16000L || fabsl(y) > 0x1p16000L) {
		x *= 0x1p-64L, y *= 0x1p-64L, scale = 32;
	} else if (fabsl(x) < 0x1p-16000L && fabsl(y) < 0x1p-16000L) {
		x *= 0x1p64L, y *= 0x1p64L, scale = -32;
	}
	long double t = sqrtl((fabsl(x) + hypotl(x, y)) * 0.5L);
	long double re, im;
	if (x >= 0) {
		re = t;
		im = y / (2 * t);
	} else {
		re = fabsl(y) / (2 * t);
		im = copysignl(t, y);
	}
	return CMPLXL(scalbnl(re, scale), scalbnl(im, scale));
}
