/* The default allocator: aligned malloc with a cache of large freed blocks.
 * Fresh large buffers cost page faults (the kernel zeroes every 4 KiB page on first touch); a
 * result made and dropped every step of a loop would pay them every step. Freed blocks of
 * 64 KiB or more go to per-size-class free lists instead, bounded in total. */
#include "THInternal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define SMALL_LIMIT ((size_t)64 << 10)
#define HUGE_PAGE ((size_t)2 << 20)
#define CACHE_LIMIT ((int64_t)1 << 30)
#define NUM_CLASSES 256

/* Size classes: four per power of two, so a block wastes at most 25%. n >= SMALL_LIMIT (64 KiB):
 * log2 = floor(log2(n - 1)) is 15 for n = 64 KiB itself, whose class is then 3. */
static int sizeClass(size_t n, size_t *rounded) {
  int log2 = 63 - __builtin_clzll((unsigned long long)(n - 1));
  size_t base = (size_t)1 << log2, quarter = base >> 2;
  size_t steps = (n - base + quarter - 1) / quarter; /* 1..4 */
  *rounded = base + steps * quarter;
  return (log2 - 15) * 4 + (int)steps - 1;
}

typedef struct FreeBlock {
  struct FreeBlock *next;
} FreeBlock;

static FreeBlock *freeLists[NUM_CLASSES];
static pthread_mutex_t cacheLock = PTHREAD_MUTEX_INITIALIZER;
static int cachingState = -1; /* -1: not read from the environment yet */

static int cachingEnabled(void) {
  if (cachingState < 0) {
    const char *env = getenv("TH_CPU_CACHE");
    cachingState = !(env && env[0] == '0');
  }
  return cachingState;
}

static void *systemAlloc(size_t n) {
  void *p = NULL;
  size_t align = n >= HUGE_PAGE ? HUGE_PAGE : 64;
  if (posix_memalign(&p, align, n ? n : 1) != 0) return NULL;
#ifdef MADV_HUGEPAGE
  if (n >= HUGE_PAGE) madvise(p, n, MADV_HUGEPAGE);
#endif
  return p;
}

static void *cachedMalloc(void *ctx, size_t n) {
  (void)ctx;
  if (n < SMALL_LIMIT || !cachingEnabled()) return systemAlloc(n);
  size_t rounded;
  int c = sizeClass(n, &rounded);
  if (c >= NUM_CLASSES) return systemAlloc(n);
  pthread_mutex_lock(&cacheLock);
  FreeBlock *b = freeLists[c];
  if (b) {
    freeLists[c] = b->next;
    TH_COUNT(cachedBytes, -(int64_t)rounded);
  }
  pthread_mutex_unlock(&cacheLock);
  return b ? (void *)b : systemAlloc(rounded);
}

static void cachedFree(void *ctx, void *p, size_t n) {
  (void)ctx;
  size_t rounded;
  int c;
  if (n < SMALL_LIMIT || !cachingEnabled() || (c = sizeClass(n, &rounded)) >= NUM_CLASSES ||
      __atomic_load_n(&thCounters.cachedBytes, __ATOMIC_RELAXED) + (int64_t)rounded > CACHE_LIMIT) {
    free(p);
    return;
  }
  FreeBlock *b = p;
  pthread_mutex_lock(&cacheLock);
  b->next = freeLists[c];
  freeLists[c] = b;
  TH_COUNT(cachedBytes, (int64_t)rounded);
  pthread_mutex_unlock(&cacheLock);
}

void THEmptyCache(void) {
  pthread_mutex_lock(&cacheLock);
  for (int c = 0; c < NUM_CLASSES; c++) {
    while (freeLists[c]) {
      FreeBlock *b = freeLists[c];
      freeLists[c] = b->next;
      free(b);
    }
  }
  __atomic_store_n(&thCounters.cachedBytes, 0, __ATOMIC_RELAXED);
  pthread_mutex_unlock(&cacheLock);
}

static THAllocator defaultAllocator = {cachedMalloc, cachedFree, NULL, 0, 0, NULL};

THAllocator *THDefaultAllocator(void) { return &defaultAllocator; }
