/* The caching pinned host allocator: THCHostPool (THCBlockPool.c) over cudaHostAlloc /
 * cudaFreeHost and THC's events. */
#include "THCAllocatorState.h"

static int hostRawMalloc(void *ctx, void **ptr, size_t size) {
  cudaError_t err = cudaHostAlloc(ptr, size, cudaHostAllocDefault); /* portable under UVA */
  if (err == cudaErrorMemoryAllocation) {
    cudaGetLastError();
    *ptr = NULL;
    return THC_POOL_OOM;
  }
  return err == cudaSuccess ? TH_OK : THCError(err, "cudaHostAlloc");
}

static int hostRawFree(void *ctx, void *ptr) {
  cudaError_t err = cudaFreeHost(ptr);
  return err == cudaSuccess ? TH_OK : THCError(err, "cudaFreeHost");
}

const THCBlockPoolOps THCHostPoolOps = {
    hostRawMalloc,
    hostRawFree,
    THCPoolOps_eventCreate,
    THCPoolOps_eventRecord,
    THCPoolOps_eventQuery,
    THCPoolOps_eventSynchronize,
    THCPoolOps_eventDestroy,
    THCPoolOps_synchronize,
    NULL,
};

static void *hostAllocMalloc(void *ctx, size_t nbytes) {
  THCPoolContext *c = ctx;
  struct THCDeviceAllocators *a = THCAllocators_peek(c->state);
  void *p = NULL;
  if (THCHostPool_malloc(a->hostPool, nbytes, &p) != TH_OK) return NULL;
  return p;
}

static void hostAllocFree(void *ctx, void *ptr, size_t nbytes) {
  THCPoolContext *c = ctx;
  struct THCDeviceAllocators *a = THCAllocators_peek(c->state);
  if (ptr && THCHostPool_free(a->hostPool, ptr) == THC_POOL_NOT_FOUND)
    THError("invalid pinned memory pointer: %p (not from the caching host allocator)", ptr);
}

void THCHostAllocator_setup(THCPoolContext *c) {
  c->allocator = (THAllocator){hostAllocMalloc, hostAllocFree, c, 0, 0, NULL};
}

THAllocator *THCCachingHostAllocator_get(THCState *state) {
  struct THCDeviceAllocators *a = THCAllocators_get(state);
  if (!a) return NULL;
  return &a->host.allocator;
}

int THCCachingHostAllocator_isPinned(THCState *state, const void *ptr) {
  struct THCDeviceAllocators *a = THCAllocators_peek(state);
  return a && ptr && THCHostPool_isPinned(a->hostPool, ptr);
}

int THCCachingHostAllocator_recordEvent(THCState *state, const void *ptr, THCStream *stream) {
  struct THCDeviceAllocators *a = THCAllocators_peek(state);
  if (!a || !ptr) return TH_OK; /* not pinned memory of ours: nothing to protect */
  if (!stream && !(stream = THCState_currentStream(state, -1))) return TH_ERR;
  int rc = THCHostPool_recordEvent(a->hostPool, ptr, stream);
  return rc == THC_POOL_NOT_FOUND ? TH_OK : rc;
}

int THCCachingHostAllocator_emptyCache(THCState *state) {
  struct THCDeviceAllocators *a = THCAllocators_peek(state);
  return a ? THCHostPool_emptyCache(a->hostPool) : TH_OK;
}

void THCCachingHostAllocator_stats(THCState *state, int64_t *reservedBytes, int64_t *allocatedBytes) {
  struct THCDeviceAllocators *a = THCAllocators_peek(state);
  if (a) {
    THCHostPool_stats(a->hostPool, reservedBytes, allocatedBytes);
  } else {
    if (reservedBytes) *reservedBytes = 0;
    if (allocatedBytes) *allocatedBytes = 0;
  }
}
