/* The complex long double functions newlib's libm.a has but its complex.h
 * declares only on Cygwin; they call the long double functions the
 * guest's libm.a gets from musl (runtime/ldmath.mk). The guest's complex.h
 * includes this file at its end. */
#ifndef VX_LDCOMPLEX_H
#define VX_LDCOMPLEX_H

#ifdef __cplusplus
extern "C" {
#endif

long double complex cacosl(long double complex);
long double complex ccosl(long double complex);
long double complex csinl(long double complex);
long double complex ctanl(long double complex);
long double complex cacoshl(long double complex);
long double complex casinhl(long double complex);
long double complex catanhl(long double complex);
long double complex ccoshl(long double complex);
long double complex csinhl(long double complex);
long double complex ctanhl(long double complex);
long double complex cexpl(long double complex);
long double complex cpowl(long double complex, long double complex);
long double complex conjl(long double complex);
long double complex cprojl(long double complex);

#ifdef __cplusplus
}
#endif

#endif
