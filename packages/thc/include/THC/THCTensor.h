/* THCTensor.h — CUDA tensors. A THC tensor is a THTensor whose storage comes from a device
 * allocator (THCCachingAllocator_get), so sizes, strides, views and type promotion are libTH's own:
 * THTensor_newView, newTranspose, newNarrow, ... work on THC tensors unchanged, and never touch
 * their data. What reads or writes elements lives here and in THCTensorMath.h. */
#ifndef THC_TENSOR_H
#define THC_TENSOR_H

#include "THC/THCCachingAllocator.h"

/* On `device` (-1: current), contiguous and uninitialised. */
TH_API THTensor *THCTensor_new(THCState *state, THDType dtype, int device);
TH_API THTensor *THCTensor_newWithSize(THCState *state, THDType dtype, int device, int ndim, const int64_t *sizes);
/* The device of t's storage, -1 for host memory. */
TH_API int THCTensor_device(const THTensor *t);
/* PyTorch's check: every non-NULL tensor in ts is on one CUDA device, except 0-d host tensors
 * (scalars); else "Expected all tensors to be on the same device, but found at least two devices,
 * cuda:0 and cpu!". Sets *device (-1 when all are host tensors). */
TH_API int THCTensor_checkSameDevice(const char *op, int n, const THTensor *const *ts, int *device);
/* The device a call on CUDA tensors runs on: THCTensor_checkSameDevice over its inputs and outputs
 * (NULLs skipped), where only inputs may be 0-d host tensors (scalars); a call whose tensors are
 * all on the host is refused ("<op>: expected CUDA tensors, but every tensor is on the CPU").
 * Metadata only: it touches no device. */
TH_API int THCTensor_callDevice(const char *op, int nin, const THTensor *const *ins, int nout, THTensor *const *outs, int *device);

/* Copies src into dst (either may be on the host or any device), broadcasting and converting the
 * dtype. Same-dtype dense copies are one cudaMemcpyAsync; others run the pointwise copy kernel
 * (host operands are staged through a device buffer). nonBlocking: host<->device copies return
 * before completion when the host memory is pinned (else they are synchronous, as in PyTorch). */
TH_API int THCTensor_copy(THCState *state, THTensor *dst, const THTensor *src, int nonBlocking);
/* t itself (retained) when contiguous, else a contiguous copy on the same device. */
TH_API THTensor *THCTensor_newContiguous(THCState *state, const THTensor *t);
/* A copy with t's layout when t is dense, else contiguous (as THTensor_newClone). */
TH_API THTensor *THCTensor_newClone(THCState *state, const THTensor *t);
/* A copy converted to dtype on t's device (t retained when it has that dtype and !forceCopy). */
TH_API THTensor *THCTensor_newTo(THCState *state, const THTensor *t, THDType dtype, int forceCopy);
/* t moved to `device` (-1: host; pinned: the host copy is in pinned memory), keeping its dtype and
 * dense layout; t itself (retained) when already there. */
TH_API THTensor *THCTensor_newToDevice(THCState *state, const THTensor *t, int device, int nonBlocking, int pinned);
/* A view when THTensor_newView can make one, else a contiguous copy with the new shape. */
TH_API THTensor *THCTensor_newReshape(THCState *state, const THTensor *t, int ndim, const int64_t *sizes);
/* flatten: a view when one fits, else a contiguous copy (as THCTensor_newReshape). */
TH_API THTensor *THCTensor_newFlatten(THCState *state, const THTensor *t, int64_t startDim, int64_t endDim);
/* The one element of t, copied to the host (synchronises the current stream). */
TH_API double THCTensor_item(THCState *state, const THTensor *t, int *status);

#endif
