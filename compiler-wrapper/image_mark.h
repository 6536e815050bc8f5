/* vxcc marks every image it links as a vx image (include/vx/image_mark.h):
 * the kernel's binfmt_misc then hands it to vxrun. */
#ifndef VXCC_IMAGE_MARK_H
#define VXCC_IMAGE_MARK_H

/* Writes the mark into the ELF header of the linked image at path.
 * Returns 0, or -1 after printing why (not an ELF64 x86-64 executable,
 * I/O error). */
int vx_mark_image(const char *path);

#endif
