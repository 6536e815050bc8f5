/* The sandbox's own /tmp (struct vx_options.private_tmp): a fresh host
 * directory from mkdtemp, preopened read-write at guest /tmp like any
 * --dir, and removed with everything in it by vx_destroy, however the run
 * ended. The removal acts only through descriptors: each directory is
 * opened O_NOFOLLOW | O_DIRECTORY in its parent's descriptor and every
 * entry is unlinked by name there, so a symlink left inside (by the guest,
 * which cannot make one today, or by anyone else) goes itself and its
 * target is never touched. What cannot be removed stays. */
#define _GNU_SOURCE
#include "sandbox_internal.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Directories open at once while removing. A directory found deeper is
 * first moved up into the top one, so any depth is removed with bounded
 * descriptors and stack. */
#define MAX_DEPTH 32

vx_status vx_private_tmp_create(vx_sandbox *sb)
{
    const char *parent = secure_getenv("TMPDIR"); /* not in a set-user-ID host */
    char path[4096];
    if (!parent || parent[0] != '/')
        parent = "/tmp";
    if ((size_t)snprintf(path, sizeof path, "%s/vx-tmp-XXXXXX", parent) >= sizeof path || !mkdtemp(path))
        return VX_ERR_IO;
    if (!(sb->private_tmp = strdup(path))) {
        rmdir(path);
        return VX_ERR_NOMEM;
    }
    return vx_preopen(sb, "/tmp", path, 0);
}

/* Moves the directory name (in the directory open as from) into the top
 * directory under a name nothing there has; 0 or -1. */
static int hoist(int from, const char *name, int top, unsigned long *counter)
{
    char fresh[32];
    for (;;) {
        snprintf(fresh, sizeof fresh, ".vx-deep-%lu", (*counter)++);
        if (renameat2(from, name, top, fresh, RENAME_NOREPLACE) == 0)
            return 0;
        if (errno != EEXIST)
            return -1;
    }
}

static DIR *open_child(int parent, const char *name)
{
    int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    /* A directory made without permissions: glibc's fchmodat refuses a symlink here. */
    if (fd < 0 && errno == EACCES && fchmodat(parent, name, 0700, AT_SYMLINK_NOFOLLOW) == 0)
        fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d && fd >= 0)
        close(fd);
    return d;
}

/* Removes everything inside the directory open as top; 0 when all went. */
static int empty_tree(int top)
{
    struct level {
        DIR *dir;
        char name[256]; /* this directory's name in the level above */
    } lv[MAX_DEPTH];
    unsigned long counter = 0;
    int depth = 0, failed = 0, hoisted = 0, fd = dup(top);
    if (fd < 0 || !(lv[0].dir = fdopendir(fd))) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    for (;;) {
        struct dirent *e = readdir(lv[depth].dir);
        if (!e) {
            if (depth == 0) {
                if (!hoisted)
                    break;
                hoisted = 0; /* the moved directories are new entries up here */
                rewinddir(lv[0].dir);
                continue;
            }
            closedir(lv[depth].dir);
            depth--;
            if (unlinkat(dirfd(lv[depth].dir), lv[depth + 1].name, AT_REMOVEDIR) != 0)
                failed = 1;
            continue;
        }
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        int here = dirfd(lv[depth].dir);
        if (unlinkat(here, e->d_name, 0) == 0)
            continue; /* not a directory (a symlink goes, never its target) */
        if (errno != EISDIR) {
            failed = 1;
            continue;
        }
        if (unlinkat(here, e->d_name, AT_REMOVEDIR) == 0)
            continue; /* empty, even if unreadable */
        if (depth + 1 == MAX_DEPTH) {
            if (hoist(here, e->d_name, dirfd(lv[0].dir), &counter) == 0)
                hoisted = 1;
            else
                failed = 1;
            continue;
        }
        DIR *child = open_child(here, e->d_name);
        if (!child) {
            failed = 1;
            continue;
        }
        depth++;
        lv[depth].dir = child;
        snprintf(lv[depth].name, sizeof lv[depth].name, "%s", e->d_name);
    }
    closedir(lv[0].dir);
    return failed ? -1 : 0;
}

void vx_private_tmp_remove(vx_sandbox *sb)
{
    if (!sb->private_tmp)
        return;
    int top = open(sb->private_tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (top >= 0) {
        if (empty_tree(top) == 0)
            rmdir(sb->private_tmp);
        close(top);
    }
    free(sb->private_tmp);
    sb->private_tmp = NULL;
}
