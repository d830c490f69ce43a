/* THAllocator.h — where storage memory comes from. */
#ifndef TH_ALLOCATOR_H
#define TH_ALLOCATOR_H

#include "THGeneral.h"

typedef struct THAllocator {
  void *(*malloc)(void *ctx, size_t nbytes);
  void (*free)(void *ctx, void *ptr, size_t nbytes); /* nbytes: as passed to malloc */
  void *ctx;
  /* Device memory (THC's allocators set these; host allocators leave them zero). Storages on a
   * device never use their inline buffer, are not counted as host memory, and keep their contents
   * when they grow with `copy` (dst, src: this allocator's memory) instead of memcpy. */
  int onDevice;
  int deviceIndex;
  int (*copy)(void *ctx, void *dst, const void *src, size_t nbytes);
} THAllocator;

/* 64-byte aligned memory. Blocks of 64 KiB and more are cached when freed and reused for
 * allocations of the same size class, so loops that make fresh results every step do not pay
 * the kernel's page faults again (set TH_CPU_CACHE=0 in the environment to turn this off,
 * e.g. under AddressSanitizer). Counted in THMemoryStats.ownedBytes / cachedBytes. */
TH_API THAllocator *THDefaultAllocator(void);
/* Returns every cached block to the system. */
TH_API void THEmptyCache(void);

/* Called when borrowed memory is no longer used by any storage (e.g. to release a JS buffer). */
typedef void (*THReleaseFn)(void *ctx, void *data);

#endif
