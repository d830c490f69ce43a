/* THCCachingAllocator.h — device memory without cudaMalloc/cudaFree on the hot path, as THC's
 * caching allocator: freed blocks are kept per device in a small-block pool (<= 1 MiB, carved
 * from 2 MiB segments) and a large-block pool, requests are rounded (512 B), the best-fitting free
 * block of the same stream is reused and split, neighbours merge when freed, and when the driver
 * is out of memory every cached block is released and the allocation retried once. A block used
 * on other streams (THCCachingAllocator_recordStream) is reused only after events recorded on
 * those streams complete. */
#ifndef THC_CACHING_ALLOCATOR_H
#define THC_CACHING_ALLOCATOR_H

#include "THC/THCGeneral.h"

/* A THAllocator for `device` (-1: current), for THStorage_new: malloc takes a block on the
 * current stream of that device; free returns it. Borrowed; lives as long as the state. */
TH_API THAllocator *THCCachingAllocator_get(THCState *state, int device);

/* Direct use (kernels' scratch space): a block of at least `nbytes` for `stream` (NULL: current). */
TH_API void *THCCachingAllocator_malloc(THCState *state, size_t nbytes, THCStream *stream);
TH_API void THCCachingAllocator_free(THCState *state, void *ptr);
/* `ptr` (any address inside a live block) is also used on `stream`: its block is not reused for
 * another stream's allocation until that stream's work queued so far is done. */
TH_API int THCCachingAllocator_recordStream(THCState *state, const void *ptr, THCStream *stream);
/* Returns every unused cached block of every device to the driver. */
TH_API int THCCachingAllocator_emptyCache(THCState *state);

/* PyTorch's torch.cuda.memory_stats counters ("all" pools), per device. */
typedef struct THCMemoryStat {
  int64_t current, peak, allocated, freed;
} THCMemoryStat;
typedef struct THCMemoryStats {
  THCMemoryStat allocatedBytes;    /* requested sizes rounded, in live blocks */
  THCMemoryStat reservedBytes;     /* held from the driver (segments) */
  THCMemoryStat activeBytes;       /* live blocks, and blocks waiting on other streams' events */
  THCMemoryStat inactiveSplitBytes;/* free parts of split segments */
  THCMemoryStat allocation;        /* counts of live blocks */
  THCMemoryStat segment;           /* counts of segments */
  THCMemoryStat activeCount;
  THCMemoryStat inactiveSplit;
  int64_t numAllocRetries;         /* cache flushes after the driver ran out of memory */
  int64_t numOOMs;                 /* requests that failed even after a flush */
  int64_t numDeviceAllocs;         /* cudaMalloc calls */
  int64_t numDeviceFrees;          /* cudaFree calls */
} THCMemoryStats;
TH_API int THCCachingAllocator_stats(THCState *state, int device, THCMemoryStats *out);
/* Peaks restart from the current values (PyTorch's reset_peak_memory_stats). */
TH_API int THCCachingAllocator_resetPeakStats(THCState *state, int device);
/* The `allocated`/`freed` totals restart from zero (reset_accumulated_memory_stats). */
TH_API int THCCachingAllocator_resetAccumulatedStats(THCState *state, int device);

/* ---- pinned (page-locked) host memory, for fast and asynchronous copies ---- */
/* A THAllocator of pinned host memory (cached as the device allocator; a block freed while a copy
 * on some stream still reads it is reused only after that copy completes). onDevice is 0: pinned
 * storages are host storages that TH can compute on. */
TH_API THAllocator *THCCachingHostAllocator_get(THCState *state);
/* 1 when ptr is inside a block of the pinned allocator. */
TH_API int THCCachingHostAllocator_isPinned(THCState *state, const void *ptr);
/* The block holding ptr is in use by `stream` (an async copy): reused only after it completes. */
TH_API int THCCachingHostAllocator_recordEvent(THCState *state, const void *ptr, THCStream *stream);
TH_API int THCCachingHostAllocator_emptyCache(THCState *state);
/* Bytes held (cached and live) and bytes live. */
TH_API void THCCachingHostAllocator_stats(THCState *state, int64_t *reservedBytes, int64_t *allocatedBytes);

#endif
