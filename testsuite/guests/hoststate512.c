/* The AVX-512 part of hoststate.c's register dump (zmm0-31 in full,
 * k0-k7), for host_state_test.c on CPUs with AVX-512F; a separate image so
 * the others need no AVX-512 decoding. */
#include <vx/guest.h>

unsigned char regs512[32 * 64 + 8 * 8] __attribute__((aligned(64)));
unsigned char *regs512_area(void) { return regs512; }

#define Z(n, off) "vmovdqu64 %zmm" #n ", regs512+" #off "(%rip)\n"
/* kmovw: Capstone 4 decodes no kmovq, so a guest reads k registers 16 bits at a time */
#define K(n, off) "kmovw %k" #n ", %eax\n movl %eax, regs512+" #off "(%rip)\n"
#define DUMP512                                                                                  \
    Z(0, 0) Z(1, 64) Z(2, 128) Z(3, 192) Z(4, 256) Z(5, 320) Z(6, 384) Z(7, 448) Z(8, 512)       \
    Z(9, 576) Z(10, 640) Z(11, 704) Z(12, 768) Z(13, 832) Z(14, 896) Z(15, 960) Z(16, 1024)      \
    Z(17, 1088) Z(18, 1152) Z(19, 1216) Z(20, 1280) Z(21, 1344) Z(22, 1408) Z(23, 1472)         \
    Z(24, 1536) Z(25, 1600) Z(26, 1664) Z(27, 1728) Z(28, 1792) Z(29, 1856) Z(30, 1920)         \
    Z(31, 1984) K(0, 2048) K(1, 2056) K(2, 2064) K(3, 2072) K(4, 2080) K(5, 2088) K(6, 2096)    \
    K(7, 2104)

__asm__(".text\n .globl dump512_entry\n .type dump512_entry, @function\n"
        "dump512_entry:\n" DUMP512 "xorl %eax, %eax\n ret\n"
        ".size dump512_entry, .-dump512_entry\n");

/* Host function 1 fills the registers; then the dump. */
__asm__(".text\n .globl dump512_after_call\n .type dump512_after_call, @function\n"
        "dump512_after_call:\n"
        "xorl %edi, %edi\n movl $1, %r9d\n call vx_hostcall\n" DUMP512 "xorl %eax, %eax\n ret\n"
        ".size dump512_after_call, .-dump512_after_call\n");

int main(void) { return 0; }
