/* Verified-image cache: loading the same bytes again skips the verifier.
 * The key is a content hash, but a hit also compares every byte with the
 * cached copy, so no crafted collision can smuggle in unverified code: only
 * an identical image (under the same policy) reuses a verdict. */
#include "prefault.h"
#include "sandbox_internal.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_ENTRIES 32
#define CACHE_MAX_BYTES (256ULL << 20)

struct cache_entry {
    uint64_t hash;
    size_t size;
    int deterministic;
    uint8_t *bytes;
    struct vxv_image image;
};

static struct cache_entry entries[CACHE_ENTRIES];
static unsigned next_victim;
static uint64_t cached_bytes, hits, misses;
static int enabled = 1;
static int constant_hash;  /* test hook: every image collides */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t content_hash(const uint8_t *p, size_t n)
{
    uint64_t h = 0x243f6a8885a308d3ULL ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
        h ^= h >> 29;
    }
    for (; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

static int cache_on(void)
{
    pthread_mutex_lock(&lock);
    int on = enabled;
    pthread_mutex_unlock(&lock);
    return on;
}

int vx_cache_find(const void *file, size_t size, int deterministic, struct vxv_image *image,
                  uint64_t *hash)
{
    if (!cache_on())
        return 0;
    uint64_t h = *hash = constant_hash ? 42 : content_hash(file, size);
    int found = 0;
    pthread_mutex_lock(&lock);
    for (unsigned i = 0; i < CACHE_ENTRIES && !found; i++) {
        const struct cache_entry *e = &entries[i];
        if (e->bytes && e->hash == h && e->size == size && e->deterministic == deterministic &&
            memcmp(e->bytes, file, size) == 0) {
            *image = e->image;
            found = 1;
        }
    }
    found ? hits++ : misses++;
    pthread_mutex_unlock(&lock);
    return found;
}

void vx_cache_add(const void *file, size_t size, uint64_t hash, int deterministic,
                  const struct vxv_image *image)
{
    if (!cache_on() || size > CACHE_MAX_BYTES / 4)
        return;
    uint8_t *copy = malloc(size);
    if (copy)
        prefault(copy, size);
    if (!copy)
        return;
    memcpy(copy, file, size);
    pthread_mutex_lock(&lock);
    struct cache_entry *e = &entries[next_victim];
    next_victim = (next_victim + 1) % CACHE_ENTRIES;
    if (e->bytes) {
        cached_bytes -= e->size;
        free(e->bytes);
    }
    *e = (struct cache_entry){hash, size, deterministic, copy, *image};
    cached_bytes += size;
    /* Over budget: drop others, oldest slot order first. */
    for (unsigned i = 0; i < CACHE_ENTRIES && cached_bytes > CACHE_MAX_BYTES; i++) {
        struct cache_entry *o = &entries[i];
        if (o != e && o->bytes) {
            cached_bytes -= o->size;
            free(o->bytes);
            o->bytes = NULL;
        }
    }
    pthread_mutex_unlock(&lock);
}

void vx_cache_test_constant_hash(int on)
{
    pthread_mutex_lock(&lock);
    constant_hash = on;
    pthread_mutex_unlock(&lock);
}

void vx_image_cache_clear(void)
{
    pthread_mutex_lock(&lock);
    for (unsigned i = 0; i < CACHE_ENTRIES; i++) {
        free(entries[i].bytes);
        entries[i].bytes = NULL;
    }
    cached_bytes = 0;
    pthread_mutex_unlock(&lock);
}

void vx_image_cache_enable(int on)
{
    if (!on)
        vx_image_cache_clear();
    pthread_mutex_lock(&lock);
    enabled = on != 0;
    pthread_mutex_unlock(&lock);
}

void vx_image_cache_stats(uint64_t *hit_count, uint64_t *miss_count)
{
    pthread_mutex_lock(&lock);
    if (hit_count)
        *hit_count = hits;
    if (miss_count)
        *miss_count = misses;
    pthread_mutex_unlock(&lock);
}
