/* PLACEHOLDER (replaced by the caching allocator): cudaMalloc/cudaFree per call. */
#include "THCInternal.h"

#include <stdlib.h>

typedef struct THCDeviceAllocators {
  THAllocator device[THC_MAX_DEVICES];
  THCState *state;
} THCDeviceAllocators;

static void *devMalloc(void *ctx, size_t n) {
  void *p = NULL;
  if (cudaMalloc(&p, n) != cudaSuccess) {
    THCError(cudaGetLastError(), "cudaMalloc");
    return NULL;
  }
  return p;
}
static void devFree(void *ctx, void *p, size_t n) { cudaFree(p); }
static int devCopy(void *ctx, void *dst, const void *src, size_t n) {
  THC_CHECK(cudaMemcpy(dst, src, n, cudaMemcpyDeviceToDevice), "cudaMemcpy");
  return TH_OK;
}

THAllocator *THCCachingAllocator_get(THCState *state, int device) {
  if (device == -1 && THCState_currentDevice(state, &device)) return NULL;
  if (THCState_checkDevice(state, device)) return NULL;
  if (!state->allocators) {
    state->allocators = calloc(1, sizeof *state->allocators);
    if (!state->allocators) return THError("out of memory"), NULL;
  }
  THAllocator *a = &state->allocators->device[device];
  *a = (THAllocator){devMalloc, devFree, state, 1, device, devCopy};
  return a;
}

void *THCCachingAllocator_malloc(THCState *state, size_t nbytes, THCStream *stream) {
  return devMalloc(state, nbytes);
}
void THCCachingAllocator_free(THCState *state, void *ptr) { cudaFree(ptr); }
/* PLACEHOLDER stubs until the caching allocator lands */
int THCCachingAllocator_stats(THCState *s, int d, THCMemoryStats *out) { return THError("not implemented"); }
int THCCachingAllocator_resetPeakStats(THCState *s, int d) { return THError("not implemented"); }
int THCCachingAllocator_resetAccumulatedStats(THCState *s, int d) { return THError("not implemented"); }
int THCCachingAllocator_emptyCache(THCState *s) { return TH_OK; }
int THCCachingHostAllocator_emptyCache(THCState *s) { return TH_OK; }
void THCCachingHostAllocator_stats(THCState *s, int64_t *r, int64_t *a) { *r = *a = 0; }
int THCCachingHostAllocator_isPinned(THCState *s, const void *p) { return 0; }
