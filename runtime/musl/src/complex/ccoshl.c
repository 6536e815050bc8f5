/* vx: musl computes ccoshl in double precision (its FIXME); this is the
 * long double computation, cosh x cos y + i sinh x sin y. Infinities and
 * NaNs take musl's double path, which follows C99 Annex G. */
#define _GNU_SOURCE /* sincosl */
#include "complex_impl.h"

long double complex ccoshl(long double complex z)
{
	long double x = creall(z), y = cimagl(z);
	if (!isfinite(x) || !isfinite(y))
		return ccosh(z);
	if (y == 0)
		return CMPLXL(coshl(x), x * y);
	long double s, c;
	sincosl(y, &s, &c);
	return CMPLXL(coshl(x) * c, sinhl(x) * s);
}
