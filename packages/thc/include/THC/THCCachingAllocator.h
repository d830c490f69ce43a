/* THCCachingAllocator.h — device memory without cudaMalloc/cudaFree on the hot path, as THC's
 * caching allocator (PyTorch's CUDACachingAllocator): freed blocks are kept per device in a
 * small-block pool (requests <= 1 MiB, carved from 2 MiB segments) and a large-block pool
 * (segments of 20 MiB for requests < 10 MiB, else the request rounded up to 2 MiB); requests are
 * rounded up to 512 B, the best-fitting free block of the same stream is reused and split, free
 * neighbours merge, and when the driver is out of memory every cached whole segment is released
 * and the allocation retried once; after that the request fails with "CUDA out of memory. Tried to
 * allocate X (GPU d; Y total capacity; Z already allocated; W reserved in total by TypeTorch)".
 * A block used on other streams (THCCachingAllocator_recordStream) is reused only after events
 * recorded on those streams when it was freed have completed. One mutex per device.
 * The algorithm is src/THCBlockPool.c (tested without a GPU by test/c/test_block_pool.c). */
#ifndef THC_CACHING_ALLOCATOR_H
#define THC_CACHING_ALLOCATOR_H

#include "THC/THCGeneral.h"

/* A THAllocator for `device` (-1: current), for THStorage_new: onDevice 1, deviceIndex `device`;
 * malloc takes a block for the current stream of that device (NULL for 0 bytes, which THStorage
 * expects), free returns it, and copy (used when a storage grows) is a device-to-device
 * cudaMemcpyAsync on the current stream (the old block then waits for that stream before reuse).
 * Borrowed; lives as long as the state: free every storage before THCState_free. */
TH_API THAllocator *THCCachingAllocator_get(THCState *state, int device);

/* Direct use (kernels' scratch space): a block of at least `nbytes` for `stream` (NULL: the
 * current stream of the current device), on the stream's device. 0 bytes still give a (512 B)
 * block, so NULL always means failure (with the reason in THGetLastError()). */
TH_API void *THCCachingAllocator_malloc(THCState *state, size_t nbytes, THCStream *stream);
/* NULL is ignored; a pointer that is not a live block records "invalid device pointer". */
TH_API void THCCachingAllocator_free(THCState *state, void *ptr);
/* `ptr` (any address inside a live block; NULL: nothing to do) is also used on `stream` (NULL:
 * current): when the block is freed, an event is recorded on `stream`, and the block is not reused
 * until the work queued there so far is done. Uses on the block's own stream need nothing. */
TH_API int THCCachingAllocator_recordStream(THCState *state, const void *ptr, THCStream *stream);
/* Waits for the events of freed blocks, then returns every cached whole segment of every device
 * to the driver (segments that still hold a live block stay). */
TH_API int THCCachingAllocator_emptyCache(THCState *state);

/* PyTorch's torch.cuda.memory_stats counters ("all" pools), per device. Each counter has its
 * current value, its peak, and the totals added (allocated) and removed (freed) since the last
 * reset. */
typedef struct THCMemoryStat {
  int64_t current, peak, allocated, freed;
} THCMemoryStat;
typedef struct THCMemoryStats {
  THCMemoryStat allocatedBytes;    /* sizes of the live blocks (requests rounded up to 512 B, or the
                                      whole block when the rest was too small to split off) */
  THCMemoryStat reservedBytes;     /* held from the driver (segments) */
  THCMemoryStat activeBytes;       /* live blocks, and blocks waiting on other streams' events */
  THCMemoryStat inactiveSplitBytes;/* free parts of split segments */
  THCMemoryStat allocation;        /* counts of live blocks */
  THCMemoryStat segment;           /* counts of segments */
  THCMemoryStat activeCount;       /* counts of the same */
  THCMemoryStat inactiveSplit;
  int64_t numAllocRetries;         /* cache flushes after the driver ran out of memory */
  int64_t numOOMs;                 /* requests that failed even after a flush */
  int64_t numDeviceAllocs;         /* cudaMalloc calls */
  int64_t numDeviceFrees;          /* cudaFree calls */
} THCMemoryStats;
/* device -1: current. All zero before the first allocation. */
TH_API int THCCachingAllocator_stats(THCState *state, int device, THCMemoryStats *out);
/* Peaks restart from the current values (PyTorch's reset_peak_memory_stats). */
TH_API int THCCachingAllocator_resetPeakStats(THCState *state, int device);
/* The `allocated`/`freed` totals and numAllocRetries, numOOMs, numDeviceAllocs, numDeviceFrees
 * restart from zero (reset_accumulated_memory_stats). */
TH_API int THCCachingAllocator_resetAccumulatedStats(THCState *state, int device);

/* ---- pinned (page-locked) host memory, for fast and asynchronous copies ---- */
/* A THAllocator of pinned host memory (cudaHostAlloc), as PyTorch's CachingHostAllocator: sizes
 * are rounded up to a power of two (at least 512 B) and freed blocks are cached per size, whole;
 * a block freed while a copy on some stream still uses it (recordEvent) is reused only after that
 * copy completes; when cudaHostAlloc runs out, the cache is released and the call retried once.
 * onDevice is 0: pinned storages are host storages that TH can compute on. Note that TH keeps
 * storages of <= 32 bytes inline, so those are not pinned (isPinned says so). NULL without a GPU. */
TH_API THAllocator *THCCachingHostAllocator_get(THCState *state);
/* 1 when ptr is inside a block of the pinned allocator (live or cached). */
TH_API int THCCachingHostAllocator_isPinned(THCState *state, const void *ptr);
/* The live block holding ptr is in use by `stream` (NULL: current; an async copy): once freed, it is
 * reused only after the work queued there so far completes. TH_OK and nothing to do when ptr is not
 * pinned memory of this allocator. */
TH_API int THCCachingHostAllocator_recordEvent(THCState *state, const void *ptr, THCStream *stream);
/* Waits for the events of freed blocks, then returns every cached (not live) block. */
TH_API int THCCachingHostAllocator_emptyCache(THCState *state);
/* Bytes held (cached and live) and bytes live, in rounded block sizes; 0 before first use. */
TH_API void THCCachingHostAllocator_stats(THCState *state, int64_t *reservedBytes, int64_t *allocatedBytes);

#endif
