/* Runs the image's constructor tables before main (crt0.S calls this);
 * newlib's own __libc_init_array is not configured in our build. */
typedef void (*vx_ctor)(void);
extern vx_ctor __preinit_array_start[] __attribute__((weak)), __preinit_array_end[] __attribute__((weak));
extern vx_ctor __init_array_start[] __attribute__((weak)), __init_array_end[] __attribute__((weak));

void vx_run_constructors(void)
{
    for (vx_ctor *c = __preinit_array_start; c < __preinit_array_end; c++)
        (*c)();
    for (vx_ctor *c = __init_array_start; c < __init_array_end; c++)
        (*c)();
}
