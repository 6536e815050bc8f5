/* vx: musl's catanl returns its result through CMPLXF, so both parts are
 * rounded to float. This is the long double computation:
 * Re = atan2(2x, (1 - x)(1 + x) - y^2) / 2,
 * Im = log1p(4y / (x^2 + (1 - y)^2)) / 4, the second form keeping the
 * digits that log((x^2 + (1+y)^2) / (x^2 + (1-y)^2)) loses when the ratio
 * is near 1. Infinities and NaNs take musl's double path (Annex G). */
#include "complex_impl.h"

long double complex catanl(long double complex z)
{
	long double x = creall(z), y = cimagl(z);
	if (!isfinite(x) || !isfinite(y))
		return catan(z);
	long double re = 0.5L * atan2l(2 * x, (1 - x) * (1 + x) - y * y);
	long double d = x * x + (1 - y) * (1 - y);
	long double im = d == 0 ? copysignl(INFINITY, y) : 0.25L * log1pl(4 * y / d);
	return CMPLXL(re, im);
}
