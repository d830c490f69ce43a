/* Host helpers of the BLAS and random parts: entering an op's device and stream, coalescing
 * strided operands for kernels, and the copies, fills and reshapes the ops need (private to these
 * parts, so that they build and test on their own). */
#include "THCBlasInternal.h"
#include "THCInternal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void THCBlas_coalesce(int nops, int ndim, const int64_t *sizes, const int64_t *const *strides, THCStrided *out) {
  int n = 0;
  for (int k = 0; k < nops; k++) out[k].ndim = 0;
  for (int d = 0; d < ndim; d++) {
    if (sizes[d] == 1) continue;
    int merge = n > 0;
    for (int k = 0; k < nops && merge; k++) merge = out[k].strides[n - 1] == strides[k][d] * sizes[d];
    if (merge) {
      for (int k = 0; k < nops; k++) {
        out[k].sizes[n - 1] *= sizes[d];
        out[k].strides[n - 1] = strides[k][d];
      }
    } else {
      for (int k = 0; k < nops; k++) {
        out[k].sizes[n] = sizes[d];
        out[k].strides[n] = strides[k][d];
      }
      n++;
    }
  }
  for (int k = 0; k < nops; k++) out[k].ndim = n;
}

static int isHostScalar(const THTensor *t) { return t && THCTensor_device(t) < 0 && THTensor_ndim(t) == 0; }

int THCBlas_enter(THCBlasCtx *c, THCState *state, const char *op, THTensor *r, int n, const THTensor *const *ts) {
  memset(c, 0, sizeof *c);
  c->state = state;
  int device;
  if (THCTensor_callDevice(op, n, ts, r ? 1 : 0, &r, &device)) return TH_ERR;
  if (THCState_checkDevice(state, device)) return TH_ERR;
  THCDeviceGuard g;
  if (THCDeviceGuard_enter(&g, device)) return TH_ERR;
  c->guardPrevious = g.previous;
  c->guardChanged = g.changed;
  c->entered = 1;
  c->device = device;
  if (!(c->stream = THCState_currentStream(state, device))) {
    THCBlas_exit(c);
    return TH_ERR;
  }
  c->cs = (cudaStream_t)THCStream_handle(c->stream);
  return TH_OK;
}

void THCBlas_exit(THCBlasCtx *c) {
  if (!c->entered) return;
  THCDeviceGuard g = {c->guardPrevious, c->guardChanged};
  THCDeviceGuard_exit(&g);
  c->entered = 0;
}

THTensor *THCBlas_newTensor(THCBlasCtx *c, THDType dtype, int ndim, const int64_t *sizes) {
  return THCTensor_newWithSize(c->state, dtype, c->device, ndim, sizes);
}

int THCBlas_fill(THCBlasCtx *c, THTensor *t, double value) {
  int64_t n = THTensor_numel(t);
  if (n == 0) return TH_OK;
  if (value == 0 && THTensor_isContiguous(t)) {
    THC_CHECK(cudaMemsetAsync(THTensor_data(t), 0, (size_t)n * THDType_size(THTensor_dtype(t)), c->cs), "cudaMemsetAsync");
  } else {
    THCStrided info;
    const int64_t *st = THTensor_strides(t);
    THCBlas_coalesce(1, THTensor_ndim(t), THTensor_sizes(t), &st, &info);
    THC_CHECK(THCBlasK_fill(THTensor_data(t), THTensor_dtype(t), &info, n, value, c->cs), "fill kernel");
  }
  THTensor_bumpVersion(t);
  return TH_OK;
}

int THCBlas_copy(THCBlasCtx *c, THTensor *dst, const THTensor *src) {
  int64_t n = THTensor_numel(dst);
  if (isHostScalar(src)) {
    int status = TH_OK;
    double v = THTensor_item(src, &status);
    if (status != TH_OK) return TH_ERR;
    return THCBlas_fill(c, dst, v);
  }
  if (THCTensor_device(src) != c->device) {
    char other[32];
    if (THCTensor_device(src) < 0) snprintf(other, sizeof other, "cpu");
    else snprintf(other, sizeof other, "cuda:%d", THCTensor_device(src));
    return THError("Expected all tensors to be on the same device, but found at least two devices, cuda:%d and %s!", c->device,
                   other);
  }
  THTensor *s = THTensor_newExpand(src, THTensor_ndim(dst), THTensor_sizes(dst));
  if (!s) return TH_ERR;
  int st = TH_OK;
  if (n > 0) {
    THDType dt = THTensor_dtype(dst), sdt = THTensor_dtype(s);
    if (dt == sdt && THTensor_isContiguous(dst) && THTensor_isContiguous(s)) {
      cudaError_t err = cudaMemcpyAsync(THTensor_data(dst), THTensor_data(s), (size_t)n * THDType_size(dt),
                                        cudaMemcpyDeviceToDevice, c->cs);
      if (err != cudaSuccess) st = THCError(err, "cudaMemcpyAsync");
    } else {
      THCStrided info[2];
      const int64_t *strides[2] = {THTensor_strides(dst), THTensor_strides(s)};
      THCBlas_coalesce(2, THTensor_ndim(dst), THTensor_sizes(dst), strides, info);
      cudaError_t err = THCBlasK_copy(THTensor_data(dst), dt, &info[0], THTensor_data(s), sdt, &info[1], n, c->cs);
      if (err != cudaSuccess) st = THCError(err, "copy kernel");
    }
  }
  if (st == TH_OK) THTensor_bumpVersion(dst);
  THTensor_free(s);
  return st;
}

int THCBlas_assign(THCBlasCtx *c, THTensor *r, const THTensor *t) {
  if (THTensor_resizeOutput(r, THTensor_ndim(t), THTensor_sizes(t))) return TH_ERR;
  return THCBlas_copy(c, r, t);
}

THTensor *THCBlas_newContiguous(THCBlasCtx *c, const THTensor *t, THDType dtype, int force) {
  if (!force && THTensor_dtype(t) == dtype && THTensor_isContiguous(t) && THCTensor_device(t) == c->device) {
    THTensor_retain((THTensor *)t);
    return (THTensor *)t;
  }
  THTensor *r = THCBlas_newTensor(c, dtype, THTensor_ndim(t), THTensor_sizes(t));
  if (r && THCBlas_copy(c, r, t)) {
    THTensor_free(r);
    return NULL;
  }
  return r;
}

THTensor *THCBlas_newReshape(THCBlasCtx *c, const THTensor *t, int ndim, const int64_t *sizes) {
  THTensor *v = THTensor_newView(t, ndim, sizes);
  if (v) return v;
  THClearError();
  THTensor *cont = THCBlas_newContiguous(c, t, THTensor_dtype(t), 1);
  if (!cont) return NULL;
  v = THTensor_newView(cont, ndim, sizes);
  THTensor_free(cont);
  return v;
}

int THCBlas_selfOverlapping(const THTensor *r) {
  const int64_t *sz = THTensor_sizes(r), *st = THTensor_strides(r);
  for (int d = 0; d < THTensor_ndim(r); d++)
    if (st[d] == 0 && sz[d] > 1) return 1;
  return 0;
}

