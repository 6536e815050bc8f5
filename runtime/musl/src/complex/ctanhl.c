/* vx: musl computes ctanhl in double precision (its FIXME); this is the
 * long double computation (Kahan's): with t = tan y, b = 1 + t^2 and
 * s = sinh x, tanh z = (b s sqrt(1 + s^2) + i t) / (1 + b s^2). For
 * |x| > 23, tanh x is 1 to 64 bits and the imaginary part is
 * 4 sin y cos y e^-2|x|. Infinities and NaNs take musl's double path,
 * which follows C99 Annex G. */
#define _GNU_SOURCE /* sincosl */
#include "complex_impl.h"

long double complex ctanhl(long double complex z)
{
	long double x = creall(z), y = cimagl(z);
	if (!isfinite(x) || !isfinite(y))
		return ctanh(z);
	if (fabsl(x) > 23) {
		long double s, c;
		sincosl(y, &s, &c);
		long double e = expl(-2 * fabsl(x));
		return CMPLXL(copysignl(1, x), 4 * s * c * e);
	}
	long double t = tanl(y), b = 1 + t * t, s = sinhl(x), r = sqrtl(1 + s * s);
	long double d = 1 + b * s * s;
	return CMPLXL(b * r * s / d, t / d);
}
