/* gcc's build generates this from the target's libgcc_tm_file list; for
 * x86-64 Linux it only names the unwinder's value-unwind.h, and vx guests
 * have no unwinder. */
