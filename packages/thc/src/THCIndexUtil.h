/* THCIndexUtil.h — host helpers shared by the indexing, joining and sorting parts of libTHC
 * (private): device and stream selection, operand geometry, small device/host transfers, and
 * private copies.
 *
 * THCIdx_copy and friends are a private strided copy with dtype conversion (kernel in
 * THCIndexKernels.cu). They exist because THCTensor_copy was not yet on main when this part was
 * written; once it is, these can call it instead. */
#ifndef THC_INDEX_UTIL_H
#define THC_INDEX_UTIL_H

#include "THCIndexLaunch.h"
#include "THCInternal.h"

/* Where an op runs: its device, that device's current stream, and the guard that made the device
 * current (restored by THCIdx_exit). */
typedef struct THCIdxCtx {
  THCState *state;
  int device;
  THCStream *stream;
  void *cs; /* cudaStream_t */
  THCDeviceGuard guard;
  int entered;
} THCIdxCtx;

/* Makes `device` current (restored by THCIdx_exit) and picks its current stream. */
int THCIdx_enter(THCIdxCtx *c, THCState *state, int device);
void THCIdx_exit(THCIdxCtx *c);
/* A launcher's return code as TH_OK / TH_ERR (recording "what: CUDA error ..." when positive). */
int THCIdx_check(int rc, const char *what);

/* ---- geometry ---- */
/* t's sizes and strides (a 0-d tensor: ndim 0). */
void THCIdx_geom(THCIdxGeom *g, const THTensor *t);
void THCIdx_geomCoalesce(THCIdxGeom *g);
/* The element offset of row-major position i. */
int64_t THCIdx_geomOffset(const THCIdxGeom *g, int64_t i);
void THCIdx_iterInit(THCIdxIter *it, int ndim, const int64_t *sizes);
/* Adds an operand with the given strides over the iterator's shape (NULL: all 0). */
void THCIdx_iterAdd(THCIdxIter *it, const int64_t *strides);
/* Drops size-1 dims and merges neighbours that every operand walks as one (keeps row-major order). */
void THCIdx_iterCoalesce(THCIdxIter *it);
/* Strides of t broadcast to shape (nd dims; t's dims align with the trailing ones); 0 where t has
 * size 1 or lacks the dim. t must be broadcastable (not checked). */
void THCIdx_broadcastStrides(const THTensor *t, int nd, const int64_t *shape, int64_t *st);

/* ---- device memory ---- */
void *THCIdx_malloc(THCIdxCtx *c, size_t nbytes);
void THCIdx_free(THCIdxCtx *c, void *p);
/* Device -> host copy of n bytes on the op's stream, then waits for it. */
int THCIdx_toHost(THCIdxCtx *c, void *dst, const void *src, size_t n);
/* Host -> device copy of n bytes on the op's stream (the host memory may be reused on return). */
int THCIdx_toDevice(THCIdxCtx *c, void *dst, const void *src, size_t n);

/* ---- tensors on the op's device ---- */
THTensor *THCIdx_newWithSize(THCIdxCtx *c, THDType dt, int nd, const int64_t *sizes);
THTensor *THCIdx_empty(THCIdxCtx *c, THDType dt);
/* dst = src broadcast to dst's shape and converted to dst's dtype. src is on the device, or a
 * one-element host tensor (a scalar). dst and src must not partially overlap. */
int THCIdx_copy(THCIdxCtx *c, THTensor *dst, const THTensor *src);
/* The elements of shape (nd, sizes) at dst + strides (dtype ddt) = those at src + strides (dtype
 * sdt), converted: any strides, negative too (flip) or 0 on the source (repeat). */
int THCIdx_copyRaw(THCIdxCtx *c, int nd, const int64_t *sizes, char *dst, THDType ddt, const int64_t *dstStrides, const char *src,
                   THDType sdt, const int64_t *srcStrides);
/* t (retained) when it is a contiguous device tensor, else a contiguous device copy. */
THTensor *THCIdx_newContiguous(THCIdxCtx *c, const THTensor *t);
/* t converted to dt, contiguous, on the device (t retained when it already is all that). */
THTensor *THCIdx_newContiguousAs(THCIdxCtx *c, const THTensor *t, THDType dt);
/* t itself (retained) when on the device, else (a host scalar) a 0-d device copy of it. */
THTensor *THCIdx_newDeviceInput(THCIdxCtx *c, const THTensor *t);
/* t (retained), or a contiguous copy of it when it shares memory with r (the tensor an op
 * writes), so that the op reads t's values from before it writes; NULL t gives NULL. */
THTensor *THCIdx_newPrivate(THCIdxCtx *c, const THTensor *t, const THTensor *r, int *status);
/* A contiguous device copy of t (always a new storage). */
THTensor *THCIdx_newClone(THCIdxCtx *c, const THTensor *t);
/* t as a view when it is contiguous, else a contiguous copy, with the new shape (numel must match). */
THTensor *THCIdx_newReshape(THCIdxCtx *c, const THTensor *t, int nd, const int64_t *sizes);
/* The value of a one-element tensor on the host or the device (libTH's THTensor_item rules). */
int THCIdx_item(THCIdxCtx *c, const THTensor *t, double *v);
/* The raw bytes (up to 8) of the one element of t, on the host or the device. */
int THCIdx_itemBits(THCIdxCtx *c, const THTensor *t, uint64_t *bits);
/* The one element of t (host or device) as dtype dt, as raw bits: exact when t has dtype dt,
 * else converted through a double as libTH's one-element conversions. */
int THCIdx_scalarAs(THCIdxCtx *c, const THTensor *t, THDType dt, uint64_t *bits);
/* v stored as dtype dt (libTH's conversion of a double), as raw bits. */
uint64_t THCIdx_scalarBits(THDType dt, double v);
/* r = a copy of self (same shape, self's values) unless r is self; r must have self's dtype and
 * not share memory with it (libTH's THIndex_initFrom). */
int THCIdx_initFrom(THCIdxCtx *c, const char *op, THTensor *r, const THTensor *self);
/* libTH's resize of an out tensor for a result of `sizes`: kept (with its strides) when it already
 * has that shape, else resized contiguous. */
int THCIdx_resizeOut(THTensor *r, int nd, const int64_t *sizes);

#endif
