/* vxrun's sandbox options, read from its command line or, for runs the
 * kernel starts through binfmt_misc, from VXRUN_OPTIONS. */
#ifndef VXRUN_OPTIONS_H
#define VXRUN_OPTIONS_H
#include "vx.h"

struct vxrun_options {
    struct vx_options vx;
    int stats;
    int ndirs;
    const char *dirs[VX_MAX_PREOPENS]; /* GUEST=HOST[:ro], GUEST absolute */
    const char *cwd;                   /* the guest's working directory; NULL: "/" */
    int inherit_env;                   /* --inherit-env: vxrun's environment first */
    int nsets;
    const char **sets;                 /* --env NAME=VALUE, in order (malloc'd) */
};

void vxrun_options_init(struct vxrun_options *o);
void vxrun_options_free(struct vxrun_options *o);
/* Reads options from argv[*i] on, up to the first word that is not one
 * (or past "--"), and leaves *i there. NULL, or what is wrong. */
const char *vxrun_parse_options(int argc, char **argv, int *i, struct vxrun_options *o);
/* The same for a whitespace-separated list (no quoting), which must hold
 * options only. The words point into text, which must outlive o. */
const char *vxrun_parse_option_text(char *text, struct vxrun_options *o);

#endif
