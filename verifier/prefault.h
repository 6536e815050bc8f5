/* Faulting in fresh memory in one system call instead of one trap per page. */
#ifndef VXV_PREFAULT_H
#define VXV_PREFAULT_H
#include <stddef.h>

/* Makes the whole pages inside [p, p+n) present and writable. Contents are
 * unchanged; failure (an old kernel) only means the pages fault later. */
void prefault(void *p, size_t n);

#endif
