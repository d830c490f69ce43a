/* THCAllocatorState.h — what THCCachingAllocator.c and THCCachingHostAllocator.c share: the
 * allocators a THCState holds (state->allocators), made on first use. */
#ifndef THC_ALLOCATOR_STATE_H
#define THC_ALLOCATOR_STATE_H

#include "THCBlockPool.h"
#include "THCInternal.h"

/* The context of one pool's raw operations and of its THAllocator. */
typedef struct THCPoolContext {
  THCState *state;
  int device; /* -1: the pinned host pool */
  THCBlockPool *pool;
  THAllocator allocator;
} THCPoolContext;

struct THCDeviceAllocators {
  THCPoolContext devices[THC_MAX_DEVICES]; /* [0, deviceCount) */
  THCPoolContext host;
  THCHostPool *hostPool;
};

/* The state's allocators, made (thread-safely) on the first call; NULL (error recorded) when CUDA
 * is unavailable or host memory runs out. */
struct THCDeviceAllocators *THCAllocators_get(THCState *state);
/* The state's allocators if they were made, else NULL (no error). */
struct THCDeviceAllocators *THCAllocators_peek(THCState *state);
/* The raw operations on pinned host memory, events and synchronisation (THCCachingHostAllocator.c). */
extern const THCBlockPoolOps THCHostPoolOps;
/* Sets c->allocator to the pinned host THAllocator (THCCachingHostAllocator.c). */
void THCHostAllocator_setup(THCPoolContext *c);
/* Raw operations on events and synchronisation, shared by the device and host ops tables. */
int THCPoolOps_eventCreate(void *ctx, void *stream, void **event);
int THCPoolOps_eventRecord(void *ctx, void *event, void *stream);
int THCPoolOps_eventQuery(void *ctx, void *event);
int THCPoolOps_eventSynchronize(void *ctx, void *event);
void THCPoolOps_eventDestroy(void *ctx, void *event);
int THCPoolOps_synchronize(void *ctx);

#endif
