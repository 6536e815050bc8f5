/* A guest for the host API: exercises host calls and exits with a checksum. */
#include <vx/guest.h>

int main(int argc, char **argv)
{
    (void)argv;
    /* host function 0: add its arguments; 1: copy a string into guest memory */
    long sum = vx_hostcall(1, 2, 3, 4, 5, 0);
    char buf[32];
    long n = vx_hostcall((long)buf, sizeof buf, 0, 0, 0, 1);
    vx_puts(n > 0 ? buf : "(no string)");
    vx_puts("\n");
    long missing = vx_hostcall(0, 0, 0, 0, 0, 63); /* never registered */
    return (int)(sum + argc * 100 + (missing == -VX_ENOSYS ? 1000 : 0)) & 0xffff;
}
