/* vxcc marks every image it links as a vx image (include/vx/image_mark.h):
 * the kernel's binfmt_misc then hands it to vxrun. */
#ifndef VXCC_IMAGE_MARK_H
#define VXCC_IMAGE_MARK_H

/* Writes the mark into the ELF header of the file at path if it is an
 * x86-64 ELF64 executable; anything else the link produced (a partial
 * link with -Wl,-r, output to /dev/null) is left as it is. Returns 0, or
 * -1 after printing why (the file cannot be opened or written). */
int vx_mark_image(const char *path);

#endif
