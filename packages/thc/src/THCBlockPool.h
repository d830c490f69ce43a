/* THCBlockPool.h — the caching allocators' logic, free of CUDA: it only sees a small table of raw
 * operations (THCBlockPoolOps), so the same code runs over cudaMalloc / cudaHostAlloc in libTHC
 * and over host memory with fake events in test/c/test_block_pool.c (which needs no GPU).
 *
 * THCBlockPool: one device's memory, as PyTorch's CUDACachingAllocator.
 *  - Requests are rounded up to 512 B. Requests <= 1 MiB go to the small pool, carved from 2 MiB
 *    segments; larger ones to the large pool, from 20 MiB segments when the request is < 10 MiB,
 *    else from a segment of the request rounded up to 2 MiB.
 *  - Free blocks are kept per pool in a balanced tree ordered by (stream, size, address): a
 *    request takes the smallest free block of its stream that fits (best fit, O(log n)), and
 *    splits it when the rest is >= 512 B (small pool) or > 1 MiB (large pool).
 *  - A freed block merges with its free neighbours of the same segment.
 *  - When the raw allocation runs out of memory, every cached block that is a whole segment is
 *    released and the allocation is tried once more; then the request fails with PyTorch's
 *    "CUDA out of memory. Tried to allocate ..." message.
 *  - A block used on other streams (recordStream) gets an event recorded on each of them when it
 *    is freed, and returns to its pool when all have completed (checked at each malloc).
 *  - Every function takes the pool's mutex; the ops are called with it held.
 *
 * THCHostPool: pinned host memory, as PyTorch's CachingHostAllocator: whole blocks (sizes rounded
 * up to a power of two, no splitting) cached per size, reused only once the events recorded for
 * their streams (recordEvent) have completed; address lookup for isPinned. */
#ifndef THC_BLOCK_POOL_H
#define THC_BLOCK_POOL_H

#include "THC/THCCachingAllocator.h"

#include <stddef.h>
#include <stdint.h>

#define THC_POOL_MIN_BLOCK ((size_t)512)            /* every size is rounded up to a multiple */
#define THC_POOL_SMALL_SIZE ((size_t)1 << 20)       /* largest request of the small pool: 1 MiB */
#define THC_POOL_SMALL_BUFFER ((size_t)2 << 20)     /* small pool segments: 2 MiB */
#define THC_POOL_LARGE_BUFFER ((size_t)20 << 20)    /* large pool segments for requests < 10 MiB */
#define THC_POOL_MIN_LARGE_ALLOC ((size_t)10 << 20) /* from here, a segment per request ... */
#define THC_POOL_ROUND_LARGE ((size_t)2 << 20)      /* ... rounded up to 2 MiB */

/* Returned by THCBlockPoolOps.rawMalloc when the device is out of memory (no error recorded); and
 * by THCBlockPool_free / THCHostPool_free for a pointer the pool does not own (no error either). */
#define THC_POOL_OOM 1
#define THC_POOL_NOT_FOUND 1

/* What a pool needs from the hardware. `ctx` is the pool's; streams and events are opaque. All
 * return TH_OK or TH_ERR with the reason recorded (THError), except where said otherwise. */
typedef struct THCBlockPoolOps {
  /* *ptr: `size` bytes; THC_POOL_OOM when out of memory (a distinct, expected outcome). */
  int (*rawMalloc)(void *ctx, void **ptr, size_t size);
  int (*rawFree)(void *ctx, void *ptr);
  /* An event that can be recorded on `stream`. */
  int (*eventCreate)(void *ctx, void *stream, void **event);
  int (*eventRecord)(void *ctx, void *event, void *stream);
  /* 1: the work before the event is done, 0: pending, TH_ERR. */
  int (*eventQuery)(void *ctx, void *event);
  int (*eventSynchronize)(void *ctx, void *event);
  void (*eventDestroy)(void *ctx, void *event);
  /* Waits for all work that may use the pool's memory (fallback when an event cannot be recorded). */
  int (*synchronize)(void *ctx);
  /* Free and total memory (for the out-of-memory message); may be NULL. */
  int (*memInfo)(void *ctx, size_t *freeBytes, size_t *totalBytes);
} THCBlockPoolOps;

/* ---- device pool ---- */
typedef struct THCBlockPool THCBlockPool;

/* `device` only names the GPU in messages. NULL when host memory runs out. */
THCBlockPool *THCBlockPool_new(const THCBlockPoolOps *ops, void *ctx, int device);
/* Waits for pending events, then returns every segment to the driver, live blocks included (the
 * owner of the pool guarantees that nothing uses them any more), and frees the pool. */
void THCBlockPool_destroy(THCBlockPool *p);

/* The size a request is served with (512 B multiples; 0 counts as 512). */
size_t THCBlockPool_roundSize(size_t size);
/* The size of the segment a request of (rounded) `size` takes from the driver. */
size_t THCBlockPool_segmentSize(size_t size);

/* A block of at least `size` bytes for use on `stream`. */
int THCBlockPool_malloc(THCBlockPool *p, size_t size, void *stream, void **ptr);
/* ptr: as returned by malloc. THC_POOL_NOT_FOUND when it is not a live block of this pool. */
int THCBlockPool_free(THCBlockPool *p, void *ptr);
/* The live block containing `ptr` is also used on `stream`. THC_POOL_NOT_FOUND as free. */
int THCBlockPool_recordStream(THCBlockPool *p, const void *ptr, void *stream);
/* 1 when ptr lies inside a live block of this pool; *base and *size (may be NULL) describe it. */
int THCBlockPool_lookup(THCBlockPool *p, const void *ptr, void **base, size_t *size);
/* Waits for pending events, then releases every free block that is a whole segment. */
int THCBlockPool_emptyCache(THCBlockPool *p);

void THCBlockPool_stats(THCBlockPool *p, THCMemoryStats *out);
void THCBlockPool_resetPeakStats(THCBlockPool *p);
void THCBlockPool_resetAccumulatedStats(THCBlockPool *p);

/* Verifies the pool's structures (trees ordered and balanced, segments tiled by their blocks,
 * neighbours never both free, and the current values of the stats equal to what the blocks add up
 * to). TH_ERR with a description of the first inconsistency: for tests. */
int THCBlockPool_check(THCBlockPool *p);

/* ---- pinned host pool ---- */
typedef struct THCHostPool THCHostPool;

THCHostPool *THCHostPool_new(const THCBlockPoolOps *ops, void *ctx);
/* Waits for pending events, releases every block (live ones included) and frees the pool. */
void THCHostPool_destroy(THCHostPool *p);
/* The size a request is served with: the next power of two, at least 512 B. */
size_t THCHostPool_roundSize(size_t size);
int THCHostPool_malloc(THCHostPool *p, size_t size, void **ptr);
int THCHostPool_free(THCHostPool *p, void *ptr);                          /* or THC_POOL_NOT_FOUND */
int THCHostPool_recordEvent(THCHostPool *p, const void *ptr, void *stream); /* or THC_POOL_NOT_FOUND */
/* 1 when ptr lies inside a block of the pool (live or cached). */
int THCHostPool_isPinned(THCHostPool *p, const void *ptr);
/* Waits for pending events, then releases every cached (not live) block. */
int THCHostPool_emptyCache(THCHostPool *p);
void THCHostPool_stats(THCHostPool *p, int64_t *reservedBytes, int64_t *allocatedBytes);
/* Raw allocations and frees so far, and blocks waiting for events (for tests). */
void THCHostPool_counts(THCHostPool *p, int64_t *rawAllocs, int64_t *rawFrees, int64_t *pendingBlocks);

#endif
