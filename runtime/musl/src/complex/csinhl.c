/* vx: musl computes csinhl in double precision (its FIXME); this is the
 * long double computation, sinh x cos y + i cosh x sin y. Infinities and
 * NaNs take musl's double path, which follows C99 Annex G. */
#define _GNU_SOURCE /* sincosl */
#include "complex_impl.h"

long double complex csinhl(long double complex z)
{
	long double x = creall(z), y = cimagl(z);
	if (!isfinite(x) || !isfinite(y))
		return csinh(z);
	if (y == 0)
		return CMPLXL(sinhl(x), y);
	long double s, c;
	sincosl(y, &s, &c);
	return CMPLXL(sinhl(x) * c, coshl(x) * s);
}
