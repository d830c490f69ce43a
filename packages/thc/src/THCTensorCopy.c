/* Copies between host and devices (THCTensor.h): one cudaMemcpyAsync when both sides have the same
 * dtype and dense layout, else the pointwise copy kernel (broadcasting, dtype conversion, any
 * strides) on the destination's device, with host operands staged through a contiguous buffer;
 * and the conversions built on it. */
#include "THCApply.h"

#include <stdlib.h>
#include <string.h>

/* The pinned host allocator is THCCachingAllocator.c's; weak references keep libTHC linkable
 * while it is missing (host memory then counts as pageable and pinned results are refused). */
#pragma weak THCCachingHostAllocator_isPinned
#pragma weak THCCachingHostAllocator_recordEvent
#pragma weak THCCachingHostAllocator_get

static int isPinned(THCState *state, const void *p) {
  return THCCachingHostAllocator_isPinned ? THCCachingHostAllocator_isPinned(state, p) != 0 : 0;
}

/* After an asynchronous copy on `st` that reads or writes pinned host memory p: the block is not
 * reused before the copy completes. */
static int recordHostUse(THCState *state, const void *p, THCStream *st) {
  return THCCachingHostAllocator_recordEvent ? THCCachingHostAllocator_recordEvent(state, p, st) : TH_OK;
}

/* dst and src are one block of memory each with the same element order: a plain memcpy. */
static int sameDenseLayout(const THTensor *dst, const THTensor *src) {
  if (THTensor_dtype(dst) != THTensor_dtype(src) || THTensor_ndim(dst) != THTensor_ndim(src)) return 0;
  for (int i = 0; i < THTensor_ndim(dst); i++) {
    if (THTensor_size(dst, i) != THTensor_size(src, i)) return 0;
    if (THTensor_size(dst, i) != 1 && THTensor_stride(dst, i) != THTensor_stride(src, i)) return 0;
  }
  return THTensor_isNonOverlappingAndDense(dst);
}

static size_t nbytesOf(const THTensor *t) { return (size_t)THTensor_numel(t) * THDType_size(THTensor_dtype(t)); }

/* A contiguous uninitialised device tensor, allocated with `device` current. */
static THTensor *newDeviceTensor(THCState *state, THDType dtype, int device, int ndim, const int64_t *sizes) {
  THCDeviceGuard g;
  if (THCDeviceGuard_enter(&g, device)) return NULL;
  THTensor *t = THCTensor_newWithSize(state, dtype, device, ndim, sizes);
  THCDeviceGuard_exit(&g);
  return t;
}

/* The pointwise copy kernel on `device` (dst and src there, or src a host scalar). */
static int copyKernel(THCState *state, THTensor *dst, const THTensor *src, int device) {
  THCApplyIter *it = (THCApplyIter *)malloc(sizeof *it);
  if (!it) return THError("out of memory");
  const THTensor *ops[2] = {dst, src};
  int status = THCApply_init(it, 2, ops);
  if (status == TH_OK) status = THCApply_prepare(state, it, device);
  if (status == TH_OK) status = THCKernel_copy(it);
  free(it);
  return status;
}

/* Both on `device` (or src a host scalar): memcpy or kernel, queued on the device's current stream. */
static int copySameDevice(THCState *state, THTensor *dst, const THTensor *src, int device) {
  THCDeviceGuard g;
  if (THCDeviceGuard_enter(&g, device)) return TH_ERR;
  int status = TH_OK;
  if (THCTensor_device(src) == device && sameDenseLayout(dst, src)) {
    THCStream *st = THCState_currentStream(state, device);
    if (!st) status = TH_ERR;
    else if (nbytesOf(dst)) {
      cudaError_t err = cudaMemcpyAsync(THTensor_data(dst), THTensor_data(src), nbytesOf(dst), cudaMemcpyDeviceToDevice,
                                        (cudaStream_t)THCStream_handle(st));
      if (err != cudaSuccess) status = THCError(err, "cudaMemcpyAsync");
    }
  } else {
    status = copyKernel(state, dst, src, device);
  }
  THCDeviceGuard_exit(&g);
  return status;
}

/* dst on dd, src on sd (both dense, same layout and dtype): a peer copy on dd's current stream,
 * ordered after the work queued on sd's current stream, and sd's stream waits for it (so that src's
 * memory is not reused before it is read). */
static int copyPeer(THCState *state, THTensor *dst, int dd, const THTensor *src, int sd) {
  THCStream *dst_st = THCState_currentStream(state, dd), *src_st = THCState_currentStream(state, sd);
  if (!dst_st || !src_st) return TH_ERR;
  /* each wait is queued with the waiting stream's device current (a default stream's handle is
   * NULL, which CUDA reads as the current device's) */
  THCDeviceGuard g;
  if (THCDeviceGuard_enter(&g, dd)) return TH_ERR;
  int status = THCStream_waitStream(dst_st, src_st);
  if (status == TH_OK) {
    cudaError_t err = cudaMemcpyPeerAsync(THTensor_data(dst), dd, THTensor_data(src), sd, nbytesOf(dst),
                                          (cudaStream_t)THCStream_handle(dst_st));
    if (err != cudaSuccess) status = THCError(err, "cudaMemcpyPeerAsync");
  }
  THCDeviceGuard_exit(&g);
  if (status == TH_OK && THCDeviceGuard_enter(&g, sd) == TH_OK) {
    status = THCStream_waitStream(src_st, dst_st);
    THCDeviceGuard_exit(&g);
  } else if (status == TH_OK) {
    status = TH_ERR;
  }
  return status;
}

static int copyCrossDevice(THCState *state, THTensor *dst, int dd, const THTensor *src, int sd) {
  if (sameDenseLayout(dst, src)) return nbytesOf(dst) ? copyPeer(state, dst, dd, src, sd) : TH_OK;
  /* src made contiguous on its device, moved whole, then broadcast and converted on dst's */
  THTensor *c = THCTensor_newContiguous(state, src);
  THTensor *tmp = c ? newDeviceTensor(state, THTensor_dtype(src), dd, THTensor_ndim(src), THTensor_sizes(src)) : NULL;
  int status = tmp ? TH_OK : TH_ERR;
  if (status == TH_OK && nbytesOf(tmp)) status = copyPeer(state, tmp, dd, c, sd);
  if (status == TH_OK) status = copySameDevice(state, dst, tmp, dd);
  THTensor_free(tmp);
  THTensor_free(c);
  return status;
}

/* Waits for an H2D/D2H copy on st unless it may stay asynchronous (nonBlocking, pinned host side),
 * in which case the pinned block is marked in use by st. */
static int finishHostCopy(THCState *state, THCStream *st, int nonBlocking, int pinned, const void *host) {
  if (nonBlocking && pinned) return recordHostUse(state, host, st);
  return THCStream_synchronize(st);
}

static int copyHostToDevice(THCState *state, THTensor *dst, int dd, const THTensor *src, int nonBlocking) {
  THCStream *st = THCState_currentStream(state, dd);
  if (!st) return TH_ERR;
  cudaStream_t stream = (cudaStream_t)THCStream_handle(st);
  THCDeviceGuard g;
  if (THCDeviceGuard_enter(&g, dd)) return TH_ERR;
  int status = TH_OK;
  if (sameDenseLayout(dst, src)) {
    cudaError_t err = cudaMemcpyAsync(THTensor_data(dst), THTensor_data(src), nbytesOf(dst), cudaMemcpyHostToDevice, stream);
    status = err == cudaSuccess ? finishHostCopy(state, st, nonBlocking, isPinned(state, THTensor_data(src)), THTensor_data(src))
                                : THCError(err, "cudaMemcpyAsync");
  } else {
    /* staged: src contiguous on the host, moved whole, then broadcast and converted on the device */
    THTensor *c = THTensor_newContiguous(src);
    THTensor *tmp = c ? newDeviceTensor(state, THTensor_dtype(src), dd, THTensor_ndim(src), THTensor_sizes(src)) : NULL;
    status = tmp ? TH_OK : TH_ERR;
    if (status == TH_OK) {
      cudaError_t err = cudaMemcpyAsync(THTensor_data(tmp), THTensor_data(c), nbytesOf(c), cudaMemcpyHostToDevice, stream);
      if (err != cudaSuccess) status = THCError(err, "cudaMemcpyAsync");
    }
    if (status == TH_OK) status = copyKernel(state, dst, tmp, dd);
    if (status == TH_OK) status = finishHostCopy(state, st, nonBlocking, c == src && isPinned(state, THTensor_data(c)), THTensor_data(c));
    THTensor_free(tmp);
    THTensor_free(c);
  }
  THCDeviceGuard_exit(&g);
  return status;
}

static int copyDeviceToHost(THCState *state, THTensor *dst, const THTensor *src, int sd, int nonBlocking) {
  THCStream *st = THCState_currentStream(state, sd);
  if (!st) return TH_ERR;
  cudaStream_t stream = (cudaStream_t)THCStream_handle(st);
  THCDeviceGuard g;
  if (THCDeviceGuard_enter(&g, sd)) return TH_ERR;
  int status = TH_OK;
  if (sameDenseLayout(dst, src)) {
    cudaError_t err = cudaMemcpyAsync(THTensor_data(dst), THTensor_data(src), nbytesOf(dst), cudaMemcpyDeviceToHost, stream);
    status = err == cudaSuccess ? finishHostCopy(state, st, nonBlocking, isPinned(state, THTensor_data(dst)), THTensor_data(dst))
                                : THCError(err, "cudaMemcpyAsync");
  } else {
    /* converted on the device into a contiguous buffer of src's shape, moved whole, then broadcast
     * into dst's layout on the host (or moved straight into dst when that is all there is to do) */
    THTensor *tmp = newDeviceTensor(state, THTensor_dtype(dst), sd, THTensor_ndim(src), THTensor_sizes(src));
    status = tmp ? copyKernel(state, tmp, src, sd) : TH_ERR;
    if (status == TH_OK && sameDenseLayout(dst, tmp)) {
      cudaError_t err = cudaMemcpyAsync(THTensor_data(dst), THTensor_data(tmp), nbytesOf(tmp), cudaMemcpyDeviceToHost, stream);
      status = err == cudaSuccess ? finishHostCopy(state, st, nonBlocking, isPinned(state, THTensor_data(dst)), THTensor_data(dst))
                                  : THCError(err, "cudaMemcpyAsync");
    } else if (status == TH_OK) {
      THTensor *h = THTensor_newWithSize(THTensor_dtype(dst), THTensor_ndim(src), THTensor_sizes(src));
      status = h ? TH_OK : TH_ERR;
      if (status == TH_OK && nbytesOf(h)) {
        cudaError_t err = cudaMemcpyAsync(THTensor_data(h), THTensor_data(tmp), nbytesOf(h), cudaMemcpyDeviceToHost, stream);
        if (err != cudaSuccess) status = THCError(err, "cudaMemcpyAsync");
      }
      if (status == TH_OK) status = THCStream_synchronize(st);
      if (status == TH_OK) status = THTensor_copy(dst, h);
      THTensor_free(h);
    }
    THTensor_free(tmp);
  }
  THCDeviceGuard_exit(&g);
  return status;
}

static int copy(THCState *state, THTensor *dst, const THTensor *src, int nonBlocking) {
  int n;
  int64_t shape[TH_MAX_DIMS];
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  if (THBroadcastShapes(THTensor_ndim(dst), THTensor_sizes(dst), THTensor_ndim(src), THTensor_sizes(src), &n, shape)) return TH_ERR;
  int same = n == THTensor_ndim(dst);
  for (int i = 0; same && i < n; i++) same = shape[i] == THTensor_size(dst, i);
  if (!same)
    return THError("copy_: the source of shape %s cannot be broadcast to the destination's shape %s",
                   THShapeStr(ba, sizeof ba, THTensor_ndim(src), THTensor_sizes(src)),
                   THShapeStr(bb, sizeof bb, THTensor_ndim(dst), THTensor_sizes(dst)));
  if (THTensor_isSameView(dst, src)) return TH_OK;
  if (THCheckWriteOverlap("copy_", dst, 1, &src)) return TH_ERR;
  int dd = THCTensor_device(dst), sd = THCTensor_device(src);
  if (dd < 0 && sd < 0) return THTensor_copy(dst, src);
  if (THTensor_numel(dst) == 0) return TH_OK;
  if (dd >= 0 && (sd == dd || THCTensor_isHostScalar(src))) return copySameDevice(state, dst, src, dd);
  if (dd >= 0 && sd >= 0) return copyCrossDevice(state, dst, dd, src, sd);
  if (dd >= 0) return copyHostToDevice(state, dst, dd, src, nonBlocking);
  return copyDeviceToHost(state, dst, src, sd, nonBlocking);
}

int THCTensor_copy(THCState *state, THTensor *dst, const THTensor *src, int nonBlocking) {
  int status = copy(state, dst, src, nonBlocking);
  if (status == TH_OK) THTensor_bumpVersion(dst);
  return status;
}

/* ---- copies into fresh tensors ---- */

/* An uninitialised tensor of t's shape on `device` (-1: host; pinned: from the pinned allocator),
 * with t's memory layout when keepLayout and t is dense, else contiguous. */
static THTensor *newLike(THCState *state, const THTensor *t, THDType dtype, int device, int pinned, int keepLayout) {
  THTensor *r = NULL;
  if (device >= 0) {
    r = newDeviceTensor(state, dtype, device, THTensor_ndim(t), THTensor_sizes(t));
  } else if (pinned) {
    THAllocator *a = THCCachingHostAllocator_get ? THCCachingHostAllocator_get(state) : NULL;
    if (!a) return THError("pinned memory is not available (no pinned host allocator)"), NULL;
    THStorage *s = THStorage_new((size_t)THTensor_numel(t) * THDType_size(dtype), a);
    if (!s) return NULL;
    r = THTensor_newWithStorage(s, dtype, 0, THTensor_ndim(t), THTensor_sizes(t), NULL);
    THStorage_free(s);
  } else {
    r = THTensor_newWithSize(dtype, THTensor_ndim(t), THTensor_sizes(t));
  }
  if (r && keepLayout && THTensor_isNonOverlappingAndDense(t)) {
    int perm[TH_MAX_DIMS];
    THIter_outputLayout(1, &t, THTensor_ndim(t), THTensor_sizes(t), perm);
    if (THTensor_resizeWithLayout(r, THTensor_ndim(t), THTensor_sizes(t), perm)) { /* restrides only: no allocation */
      THTensor_free(r);
      return NULL;
    }
  }
  return r;
}

static THTensor *newCopy(THCState *state, const THTensor *t, THDType dtype, int device, int pinned, int keepLayout,
                         int nonBlocking) {
  THTensor *r = newLike(state, t, dtype, device, pinned, keepLayout);
  if (r && copy(state, r, t, nonBlocking)) {
    THTensor_free(r);
    return NULL;
  }
  return r;
}

static THTensor *retained(const THTensor *t) {
  THTensor_retain((THTensor *)t);
  return (THTensor *)t;
}

THTensor *THCTensor_newContiguous(THCState *state, const THTensor *t) {
  if (THTensor_isContiguous(t)) return retained(t);
  int device = THCTensor_device(t);
  if (device < 0) return THTensor_newContiguous(t);
  return newCopy(state, t, THTensor_dtype(t), device, 0, 0, 0);
}

THTensor *THCTensor_newClone(THCState *state, const THTensor *t) {
  int device = THCTensor_device(t);
  if (device < 0) return THTensor_newClone(t);
  return newCopy(state, t, THTensor_dtype(t), device, 0, 1, 0);
}

THTensor *THCTensor_newTo(THCState *state, const THTensor *t, THDType dtype, int forceCopy) {
  if ((unsigned)dtype >= TH_NumDTypes) return THError("invalid dtype %d", (int)dtype), NULL;
  if (!forceCopy && THTensor_dtype(t) == dtype) return retained(t);
  int device = THCTensor_device(t);
  if (device < 0) return THTensor_newTo(t, dtype, forceCopy);
  return newCopy(state, t, dtype, device, 0, 1, 0);
}

THTensor *THCTensor_newToDevice(THCState *state, const THTensor *t, int device, int nonBlocking, int pinned) {
  int cur = THCTensor_device(t);
  if (device < -1) return THError("Invalid device ordinal: %d", device), NULL;
  if (device >= 0 && THCState_checkDevice(state, device)) return NULL;
  if (device == cur && (device >= 0 || !pinned || isPinned(state, THTensor_data(t)))) return retained(t);
  return newCopy(state, t, THTensor_dtype(t), device, device < 0 && pinned, 1, nonBlocking);
}

static THTensor *deviceContiguous(void *state, const THTensor *t) { return THCTensor_newContiguous((THCState *)state, t); }

THTensor *THCTensor_newReshape(THCState *state, const THTensor *t, int ndim, const int64_t *sizes) {
  return THTensor_newReshapeUsing(t, ndim, sizes, deviceContiguous, state);
}

THTensor *THCTensor_newFlatten(THCState *state, const THTensor *t, int64_t startDim, int64_t endDim) {
  return THTensor_newFlattenUsing(t, startDim, endDim, deviceContiguous, state);
}

double THCTensor_item(THCState *state, const THTensor *t, int *status) {
  int device = THCTensor_device(t);
  if (device < 0) return THTensor_item(t, status);
  int64_t n = THTensor_numel(t);
  *status = TH_OK;
  if (n != 1) {
    *status = THError("a Tensor with %lld elements cannot be converted to Scalar", (long long)n);
    return 0;
  }
  THTensor *h = THTensor_newWithSize(THTensor_dtype(t), 0, NULL);
  if (!h) return *status = TH_ERR, 0;
  THCDeviceGuard g;
  THCStream *st = THCState_currentStream(state, device);
  int rc = st ? THCDeviceGuard_enter(&g, device) : TH_ERR;
  if (rc == TH_OK) {
    cudaError_t err = cudaMemcpyAsync(THTensor_data(h), THTensor_data(t), THDType_size(THTensor_dtype(t)),
                                      cudaMemcpyDeviceToHost, (cudaStream_t)THCStream_handle(st));
    rc = err == cudaSuccess ? THCStream_synchronize(st) : THCError(err, "cudaMemcpyAsync");
    THCDeviceGuard_exit(&g);
  }
  double v = rc == TH_OK ? THTensor_item(h, status) : 0;
  if (rc != TH_OK) *status = TH_ERR;
  THTensor_free(h);
  return v;
}
