/* THCInternal.h — what libTHC's files share and users do not see. */
#ifndef THC_INTERNAL_H
#define THC_INTERNAL_H

#include "THC/THC.h"

#include <cuda_runtime_api.h>

struct THCStream {
  THCState *state;
  cudaStream_t handle; /* NULL: the device's default (legacy) stream */
  int device;
  int priority;
  int isDefault;
};

/* The CUDA event is made at the first record, on the recording stream's device (CUDA records an
 * event only on its own device's streams), as PyTorch's CUDAEvent. */
struct THCEvent {
  THCState *state;
  cudaEvent_t handle; /* NULL before the first record */
  unsigned flags;
  int device; /* of the records; -1 before */
};

struct THCState {
  int deviceCount;
  char unavailableReason[256];
  THCStream defaultStreams[THC_MAX_DEVICES];
  struct THCDeviceAllocators *allocators; /* THCCachingAllocator.c */
  struct THCBlasState *blas;              /* THCBlas.c, created on first use */
};
void THCCachingAllocator_freeState(THCState *state); /* returns every device and pinned block (THCState_free) */

void THCBlas_freeState(THCState *state); /* THCBlas.c: frees `blas` (cuBLAS handles, default generators) */

/* Records "what: CUDA error N (name): message", clears CUDA's sticky last error, returns TH_ERR. */
int THCError(cudaError_t err, const char *what);
#define THC_CHECK(call, what)               \
  do {                                      \
    cudaError_t thc_err_ = (call);          \
    if (thc_err_ != cudaSuccess) return THCError(thc_err_, what); \
  } while (0)

/* Runs `call` on `device`, restoring the current device after (CUDA's current device is per thread). */
typedef struct THCDeviceGuard {
  int previous;
  int changed;
} THCDeviceGuard;
int THCDeviceGuard_enter(THCDeviceGuard *g, int device);
void THCDeviceGuard_exit(THCDeviceGuard *g);

#endif
