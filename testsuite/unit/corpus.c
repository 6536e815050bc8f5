#define _GNU_SOURCE
#include "corpus.h"
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

/* Assembled cases are kept by the hash of their text (and the assembler's
 * version), so a run assembles only what changed: clang per case made the
 * corpus the slowest part of make mutate. */
static void cache_path(const char *text, char *out, size_t size)
{
    static char version[256];
    if (!version[0]) {
        FILE *p = popen("clang --version 2>/dev/null | head -1", "r");
        if (!p || !fgets(version, sizeof version, p))
            snprintf(version, sizeof version, "unknown");
        if (p)
            pclose(p);
    }
    uint64_t h = 1469598103934665603ULL; /* FNV-1a over version and text */
    for (const char *s = version; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    for (const char *s = text; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    snprintf(out, size, "/tmp/vxcorpus-cache-%u/%016llx.bin", (unsigned)getuid(), (unsigned long long)h);
}

static int from_cache(const char *path, struct corpus_case *c)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    c->size = fread(c->code, 1, sizeof c->code, f);
    fclose(f);
    return 0;
}

static void to_cache(const char *path, const struct corpus_case *c)
{
    char dir[256], tmp[340];
    snprintf(dir, sizeof dir, "%.*s", (int)(strrchr(path, '/') - path), path);
    mkdir(dir, 0700);
    snprintf(tmp, sizeof tmp, "%s.%d", path, (int)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return;
    int ok = fwrite(c->code, 1, c->size, f) == c->size;
    if (fclose(f) == 0 && ok)
        rename(tmp, path); /* atomic: parallel runs never read half a file */
    else
        unlink(tmp);
}

/* Assembles text with clang and returns the .text bytes. */
static int assemble(const char *text, struct corpus_case *c)
{
    char cached[300];
    cache_path(text, cached, sizeof cached);
    if (from_cache(cached, c) == 0)
        return 0;
    char dir[] = "/tmp/vxcorpus-XXXXXX";
    if (!mkdtemp(dir))
        return -1;
    char src[128], obj[128], bin[128], cmd[1024];
    snprintf(src, sizeof src, "%s/c.s", dir);
    snprintf(obj, sizeof obj, "%s/c.o", dir);
    snprintf(bin, sizeof bin, "%s/c.bin", dir);
    FILE *f = fopen(src, "w");
    if (!f)
        return -1;
    fprintf(f, "\t.text\n%s\n", text);
    fclose(f);
    snprintf(cmd, sizeof cmd, "clang -c %s -o %s 2>%s/err && objcopy -O binary -j .text %s %s", src, obj,
             dir, obj, bin);
    int rc = system(cmd);
    if (rc == 0 && (f = fopen(bin, "rb"))) {
        c->size = fread(c->code, 1, sizeof c->code, f);
        fclose(f);
        to_cache(cached, c);
    } else {
        snprintf(c->error, sizeof c->error, "assembly failed");
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        return -1;
    return rc == 0 ? 0 : -1;
}

static void parse_hex(const char *s, struct corpus_case *c)
{
    while (*s) {
        while (isspace((unsigned char)*s))
            s++;
        if (!*s)
            break;
        unsigned v;
        if (sscanf(s, "%2x", &v) != 1 || c->size >= sizeof c->code) {
            snprintf(c->error, sizeof c->error, "bad hex near '%.10s'", s);
            return;
        }
        c->code[c->size++] = (unsigned char)v;
        s += 2;
    }
}

static void finish(struct corpus_case *c, char *asm_text)
{
    if (asm_text && asm_text[0] && !c->error[0])
        assemble(asm_text, c);
    if (!c->expect[0] && !c->error[0])
        snprintf(c->error, sizeof c->error, "no expect: line");
    while (c->size % 32)
        c->code[c->size++] = 0x90;
}

/* Truncating copy; case names longer than the field are cut, not rejected. */
static void copy_text(char *dst, size_t size, const char *src)
{
    size_t len = strnlen(src, size - 1);
    memcpy(dst, src, len);
    dst[len] = 0;
}

static int load_file(const char *path, const char *short_name, struct corpus_case **cases, int *n, int *cap)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[512];
    struct corpus_case *cur = NULL;
    char asm_text[8192] = "";
    int in_asm = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (!strncmp(line, "== ", 3)) {
            if (cur)
                finish(cur, asm_text);
            if (*n == *cap) {
                *cap = *cap ? 2 * *cap : 64;
                *cases = realloc(*cases, (size_t)*cap * sizeof **cases);
                if (!*cases)
                    return -1;
            }
            cur = &(*cases)[(*n)++];
            memset(cur, 0, sizeof *cur);
            copy_text(cur->name, sizeof cur->name, line + 3);
            copy_text(cur->file, sizeof cur->file, short_name);
            asm_text[0] = 0;
            in_asm = 0;
            continue;
        }
        if (!cur)
            continue;
        int key = !strncmp(line, "expect:", 7) || !strncmp(line, "policy:", 7) || !strncmp(line, "hex:", 4);
        if (in_asm && !key) {
            strncat(asm_text, line, sizeof asm_text - strlen(asm_text) - 2);
            strcat(asm_text, "\n");
            continue;
        }
        in_asm = 0;
        char *hash = strstr(line, " #");
        if (hash && strncmp(line, "asm:", 4))
            *hash = 0;
        if (!strncmp(line, "expect:", 7))
            sscanf(line + 7, "%31s", cur->expect);
        else if (!strncmp(line, "policy:", 7))
            cur->deterministic = strstr(line, "deterministic") != NULL;
        else if (!strncmp(line, "hex:", 4))
            parse_hex(line + 4, cur);
        else if (!strncmp(line, "asm:", 4))
            in_asm = 1;
    }
    if (cur)
        finish(cur, asm_text);
    fclose(f);
    return 0;
}

int corpus_load(const char *dir, struct corpus_case **cases)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0, cap = 0;
    *cases = NULL;
    struct dirent *e;
    char names[64][64];
    int nnames = 0;
    while ((e = readdir(d)) && nnames < 64) {
        size_t len = strlen(e->d_name);
        if (len > 4 && len < 64 && !strcmp(e->d_name + len - 4, ".vxt"))
            snprintf(names[nnames++], 64, "%s", e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)nnames, 64, (int (*)(const void *, const void *))strcmp);
    for (int i = 0; i < nnames; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%.4000s/%.63s", dir, names[i]);
        if (load_file(path, names[i], cases, &n, &cap) != 0)
            return -1;
    }
    return n;
}
