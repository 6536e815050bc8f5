/* vxrun and the kernel's binfmt_misc: `vxrun --register` makes the kernel
 * run every marked vx image (include/vx/image_mark.h) as
 * `vxrun-path image-path argv0 args...`, with the image open on AT_EXECFD. */
#ifndef VXRUN_BINFMT_H
#define VXRUN_BINFMT_H

/* Where the kernel's binfmt_misc lives, and vx's entry in it. */
#define VXRUN_BINFMT_DIR "/proc/sys/fs/binfmt_misc"
#define VXRUN_BINFMT_NAME "vx"
/* P: keep the argv[0] the user typed; O: hand over the image the kernel
 * opened (AT_EXECFD); F: open vxrun now, so chroots and containers that
 * lack it still run images. spec/sandbox.md section 11 argues each. */
#define VXRUN_BINFMT_FLAGS "POF"

/* Exit statuses: 0 done (registered; or removed, or nothing to remove),
 * 125 not possible (not root, binfmt_misc unavailable), with a message. */
int vxrun_register(void);
int vxrun_unregister(void);

/* The image descriptor binfmt_misc passed (AT_EXECFD), or -1 when vxrun
 * was started by hand. */
int vxrun_binfmt_execfd(void);

#endif
