/* vx: musl computes cexpl in double precision (its FIXME); this is the
 * long double computation, e^x (cos y + i sin y). A zero imaginary part
 * stays an exact zero; infinities and NaNs take musl's double path, which
 * follows C99 Annex G. */
#define _GNU_SOURCE /* sincosl */
#include "complex_impl.h"

long double complex cexpl(long double complex z)
{
	long double x = creall(z), y = cimagl(z);
	if (!isfinite(x) || !isfinite(y))
		return cexp(z);
	if (y == 0)
		return CMPLXL(expl(x), y);
	long double s, c;
	sincosl(y, &s, &c);
	if (x > 11356.0L) { /* e^x overflows where e^x cos y may not */
		long double h = expl(x * 0.5L);
		return CMPLXL(c * h * h, s * h * h);
	}
	long double e = expl(x);
	return CMPLXL(e * c, e * s);
}
