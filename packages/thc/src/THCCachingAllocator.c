/* The caching device allocator: one THCBlockPool (THCBlockPool.c, the algorithm) per device over
 * cudaMalloc / cudaFree and THC's events, kept in the THCState; THAllocators for THStorage. */
#include "THCAllocatorState.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- raw operations ---- */

static int devRawMalloc(void *ctx, void **ptr, size_t size) {
  THCPoolContext *c = ctx;
  THCDeviceGuard g;
  if (THCDeviceGuard_enter(&g, c->device)) return TH_ERR;
  cudaError_t err = cudaMalloc(ptr, size);
  THCDeviceGuard_exit(&g);
  if (err == cudaErrorMemoryAllocation) {
    cudaGetLastError(); /* expected: the pool frees its cache and retries, or reports it */
    *ptr = NULL;
    return THC_POOL_OOM;
  }
  if (err != cudaSuccess) return THCError(err, "cudaMalloc");
  return TH_OK;
}

static int devRawFree(void *ctx, void *ptr) {
  THCPoolContext *c = ctx;
  THCDeviceGuard g;
  if (THCDeviceGuard_enter(&g, c->device)) return TH_ERR;
  cudaError_t err = cudaFree(ptr);
  THCDeviceGuard_exit(&g);
  return err == cudaSuccess ? TH_OK : THCError(err, "cudaFree");
}

/* Events are THCEvents made on the device of the stream they will be recorded on (CUDA requires
 * it), since recordStream may name a stream of another device. */
int THCPoolOps_eventCreate(void *ctx, void *stream, void **event) {
  THCPoolContext *c = ctx;
  THCStream *st = stream;
  THCDeviceGuard g;
  if (THCDeviceGuard_enter(&g, st->device)) return TH_ERR;
  THCEvent *ev = THCEvent_new(c->state, 0, 0, 0);
  THCDeviceGuard_exit(&g);
  *event = ev;
  return ev ? TH_OK : TH_ERR;
}

int THCPoolOps_eventRecord(void *ctx, void *event, void *stream) { return THCEvent_record(event, stream); }
int THCPoolOps_eventQuery(void *ctx, void *event) { return THCEvent_query(event); }
int THCPoolOps_eventSynchronize(void *ctx, void *event) { return THCEvent_synchronize(event); }
void THCPoolOps_eventDestroy(void *ctx, void *event) { THCEvent_free(event); }

/* Every device: a block's other streams may be on any of them. */
int THCPoolOps_synchronize(void *ctx) {
  THCPoolContext *c = ctx;
  int rc = TH_OK;
  for (int d = 0; d < c->state->deviceCount; d++)
    if (THCState_synchronize(c->state, d) != TH_OK) rc = TH_ERR;
  return rc;
}

static int devMemInfo(void *ctx, size_t *freeBytes, size_t *totalBytes) {
  THCPoolContext *c = ctx;
  return THCState_memGetInfo(c->state, c->device, freeBytes, totalBytes);
}

static const THCBlockPoolOps deviceOps = {
    devRawMalloc,
    devRawFree,
    THCPoolOps_eventCreate,
    THCPoolOps_eventRecord,
    THCPoolOps_eventQuery,
    THCPoolOps_eventSynchronize,
    THCPoolOps_eventDestroy,
    THCPoolOps_synchronize,
    devMemInfo,
};

/* ---- the THAllocator of a device ---- */

static void *allocMalloc(void *ctx, size_t nbytes) {
  THCPoolContext *c = ctx;
  if (nbytes == 0) return NULL; /* THStorage keeps no memory for empty storages */
  THCStream *st = THCState_currentStream(c->state, c->device);
  void *p = NULL;
  if (!st || THCBlockPool_malloc(c->pool, nbytes, st, &p) != TH_OK) return NULL;
  return p;
}

static void allocFree(void *ctx, void *ptr, size_t nbytes) {
  THCPoolContext *c = ctx;
  if (ptr && THCBlockPool_free(c->pool, ptr) == THC_POOL_NOT_FOUND)
    THError("invalid device pointer: %p (not from the caching allocator of cuda:%d)", ptr, c->device);
}

/* Growing a storage: the old contents are copied on the current stream; the old block (freed right
 * after) must not be reused by its own stream before that copy has read it. */
static int allocCopy(void *ctx, void *dst, const void *src, size_t nbytes) {
  THCPoolContext *c = ctx;
  if (nbytes == 0) return TH_OK;
  THCStream *st = THCState_currentStream(c->state, c->device);
  THCDeviceGuard g;
  if (!st || THCDeviceGuard_enter(&g, c->device)) return TH_ERR;
  cudaError_t err = cudaMemcpyAsync(dst, src, nbytes, cudaMemcpyDeviceToDevice, st->handle);
  THCDeviceGuard_exit(&g);
  if (err != cudaSuccess) return THCError(err, "cudaMemcpyAsync");
  int rc = THCBlockPool_recordStream(c->pool, src, st);
  return rc == THC_POOL_NOT_FOUND ? TH_OK : rc; /* src from elsewhere: nothing to protect */
}

/* ---- the state's allocators ---- */

static pthread_mutex_t initMutex = PTHREAD_MUTEX_INITIALIZER;

static void destroyAllocators(struct THCDeviceAllocators *a, int deviceCount) {
  for (int d = 0; d < deviceCount; d++) THCBlockPool_destroy(a->devices[d].pool);
  THCHostPool_destroy(a->hostPool);
  free(a);
}

struct THCDeviceAllocators *THCAllocators_peek(THCState *state) {
  return __atomic_load_n(&state->allocators, __ATOMIC_ACQUIRE);
}

struct THCDeviceAllocators *THCAllocators_get(THCState *state) {
  struct THCDeviceAllocators *a = THCAllocators_peek(state);
  if (a) return a;
  if (state->deviceCount == 0) return THError("CUDA is not available: %s", state->unavailableReason), NULL;
  pthread_mutex_lock(&initMutex);
  a = state->allocators;
  if (!a && (a = calloc(1, sizeof *a))) {
    int ok = 1;
    for (int d = 0; d < state->deviceCount; d++) {
      THCPoolContext *c = &a->devices[d];
      c->state = state;
      c->device = d;
      c->pool = THCBlockPool_new(&deviceOps, c, d);
      c->allocator = (THAllocator){allocMalloc, allocFree, c, 1, d, allocCopy};
      if (!c->pool) ok = 0;
    }
    a->host.state = state;
    a->host.device = -1;
    THCHostAllocator_setup(&a->host);
    a->hostPool = THCHostPool_new(&THCHostPoolOps, &a->host);
    if (!a->hostPool) ok = 0;
    if (ok) {
      __atomic_store_n(&state->allocators, a, __ATOMIC_RELEASE);
    } else {
      destroyAllocators(a, state->deviceCount);
      a = NULL;
    }
  } else if (!a) {
    THError("out of host memory creating the caching allocators");
  }
  pthread_mutex_unlock(&initMutex);
  return a;
}

void THCCachingAllocator_freeState(THCState *state) {
  struct THCDeviceAllocators *a = THCAllocators_peek(state);
  if (!a) return;
  destroyAllocators(a, state->deviceCount);
  state->allocators = NULL;
}

/* The pool of `device` (-1: current), checked. */
static THCPoolContext *devicePool(THCState *state, int device) {
  if (device == -1 && THCState_currentDevice(state, &device)) return NULL;
  if (THCState_checkDevice(state, device)) return NULL;
  struct THCDeviceAllocators *a = THCAllocators_get(state);
  return a ? &a->devices[device] : NULL;
}

/* ---- public API ---- */

THAllocator *THCCachingAllocator_get(THCState *state, int device) {
  THCPoolContext *c = devicePool(state, device);
  return c ? &c->allocator : NULL;
}

void *THCCachingAllocator_malloc(THCState *state, size_t nbytes, THCStream *stream) {
  if (!stream && !(stream = THCState_currentStream(state, -1))) return NULL;
  if (stream->state != state) return THError("THCCachingAllocator_malloc: the stream belongs to another THC state"), NULL;
  THCPoolContext *c = devicePool(state, stream->device);
  void *p = NULL;
  if (!c || THCBlockPool_malloc(c->pool, nbytes, stream, &p) != TH_OK) return NULL;
  return p;
}

void THCCachingAllocator_free(THCState *state, void *ptr) {
  if (!ptr) return;
  struct THCDeviceAllocators *a = THCAllocators_peek(state);
  for (int d = 0; a && d < state->deviceCount; d++)
    if (THCBlockPool_free(a->devices[d].pool, ptr) != THC_POOL_NOT_FOUND) return;
  THError("invalid device pointer: %p (not from the caching allocator)", ptr);
}

int THCCachingAllocator_recordStream(THCState *state, const void *ptr, THCStream *stream) {
  if (!ptr) return TH_OK; /* empty storages have no block */
  if (!stream && !(stream = THCState_currentStream(state, -1))) return TH_ERR;
  struct THCDeviceAllocators *a = THCAllocators_peek(state);
  for (int d = 0; a && d < state->deviceCount; d++) {
    int rc = THCBlockPool_recordStream(a->devices[d].pool, ptr, stream);
    if (rc != THC_POOL_NOT_FOUND) return rc;
  }
  return THError("recordStream: %p is not memory from the caching allocator", ptr);
}

int THCCachingAllocator_emptyCache(THCState *state) {
  struct THCDeviceAllocators *a = THCAllocators_peek(state);
  int rc = TH_OK;
  for (int d = 0; a && d < state->deviceCount; d++)
    if (THCBlockPool_emptyCache(a->devices[d].pool) != TH_OK) rc = TH_ERR;
  return rc;
}

int THCCachingAllocator_stats(THCState *state, int device, THCMemoryStats *out) {
  THCPoolContext *c = devicePool(state, device);
  if (!c) return TH_ERR;
  THCBlockPool_stats(c->pool, out);
  return TH_OK;
}

int THCCachingAllocator_resetPeakStats(THCState *state, int device) {
  THCPoolContext *c = devicePool(state, device);
  if (!c) return TH_ERR;
  THCBlockPool_resetPeakStats(c->pool);
  return TH_OK;
}

int THCCachingAllocator_resetAccumulatedStats(THCState *state, int device) {
  THCPoolContext *c = devicePool(state, device);
  if (!c) return TH_ERR;
  THCBlockPool_resetAccumulatedStats(c->pool);
  return TH_OK;
}
