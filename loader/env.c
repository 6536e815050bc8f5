/* The guest's environment (struct vx_options.env). vx_create copies the
 * host's strings into one block, so the caller's array need not outlive
 * the call; each vx_run_main lays the block on the entry stack above the
 * argv strings, as Linux does, and points envp at it. */
#include "sandbox_internal.h"
#include <stdlib.h>
#include <string.h>

vx_status vx_env_copy(vx_sandbox *sb, const char *const *env)
{
    uint64_t count = 0, bytes = 0;
    for (; env && env[count]; count++) {
        if (count == VX_ENV_MAX_STRINGS)
            return VX_ERR_ARG;
        bytes += strnlen(env[count], VX_ENV_MAX_BYTES) + 1;
        if (bytes > VX_ENV_MAX_BYTES)
            return VX_ERR_ARG;
    }
    if (!count)
        return VX_OK;
    char *block = malloc(bytes);
    if (!block)
        return VX_ERR_NOMEM;
    char *at = block;
    for (uint64_t i = 0; i < count; i++) {
        size_t n = strlen(env[i]) + 1;
        memcpy(at, env[i], n);
        at += n;
    }
    sb->env = block;
    sb->env_bytes = bytes;
    sb->env_count = (unsigned)count;
    return VX_OK;
}

void vx_env_free(vx_sandbox *sb)
{
    free(sb->env);
    sb->env = NULL;
    sb->env_bytes = 0;
    sb->env_count = 0;
}

int vx_env_push_strings(vx_sandbox *sb, uint64_t *top, uint64_t *strings)
{
    *strings = *top;
    if (!sb->env_bytes)
        return 0;
    if (sb->env_bytes > *top - sb->stack_lo - 4096)
        return -1;
    *top -= sb->env_bytes;
    memcpy(sb->base + *top, sb->env, sb->env_bytes);
    *strings = *top;
    return 0;
}

void vx_env_fill_pointers(const vx_sandbox *sb, uint64_t strings, uint64_t *envp)
{
    const char *s = sb->env;
    for (unsigned i = 0; i < sb->env_count; i++) {
        envp[i] = strings + (uint64_t)(s - sb->env);
        s += strlen(s) + 1;
    }
    envp[sb->env_count] = 0;
}
