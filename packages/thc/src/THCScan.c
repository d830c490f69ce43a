/* Scans of CUDA tensors along one dim: libTH's THScan.c (dtypes, out= and in-place rules, messages)
 * on the THC scan kernels (THCScanKernels.cu). */
#include "THCInternal.h"
#include "THCReduceImpl.h"

#include <stdio.h>
#include <string.h>

/* a converted to dtype ct on `device` (a itself, retained, when it is there with that dtype) */
static THTensor *inputAs(THCState *state, int device, const THTensor *a, THDType ct) {
  const THTensor *src = a;
  THTensor *staged = NULL;
  if (THCTensor_device(a) != device) { /* a 0-d host tensor */
    THCStream *stream = THCState_currentStream(state, device);
    if (!stream || !(staged = THCTensor_newWithSize(state, THTensor_dtype(a), device, 0, NULL))) return NULL;
    THCDeviceGuard g;
    if (THCDeviceGuard_enter(&g, device)) {
      THTensor_free(staged);
      return NULL;
    }
    /* on the kernels' stream; the pageable source has been read when the call returns */
    cudaError_t err = cudaMemcpyAsync(THTensor_data(staged), THTensor_data(a), THDType_size(THTensor_dtype(a)),
                                      cudaMemcpyHostToDevice, (cudaStream_t)THCStream_handle(stream));
    THCDeviceGuard_exit(&g);
    if (err != cudaSuccess) {
      THTensor_free(staged);
      THCError(err, "cudaMemcpyAsync");
      return NULL;
    }
    src = staged;
  }
  if (THTensor_dtype(src) == ct) {
    if (!staged) THTensor_retain((THTensor *)a);
    return staged ? staged : (THTensor *)a;
  }
  THTensor *t = THCTensor_newWithSize(state, ct, device, THTensor_ndim(src), THTensor_sizes(src));
  if (t && THCReduce_copy(state, device, t, src)) {
    THTensor_free(t);
    t = NULL;
  }
  THTensor_free(staged);
  return t;
}

/* r (and r2) resized to a's shape; computed in dtype ct, through temporaries where r has another
 * dtype or overlaps a other than exactly (in place). */
static int scan(THCState *state, int device, const char *name, int op, THTensor *r, THTensor *r2, const THTensor *a,
                int64_t dim64, THDType ct) {
  int dim;
  if (THTensor_wrapDim(a, dim64, &dim)) return TH_ERR;
  if (THCState_checkDevice(state, device)) return TH_ERR;
  int status = TH_ERR;
  const int ndim = THTensor_ndim(a);
  const int64_t *sizes = THTensor_sizes(a);
  THTensor *in = NULL, *out = NULL, *idx = NULL;
  if (!THTensor_hasShape(r, ndim, sizes)) {
    int perm[TH_MAX_DIMS];
    THIter_outputLayout(1, &a, ndim, sizes, perm);
    if (THTensor_resizeWithLayout(r, ndim, sizes, perm)) return TH_ERR;
  }
  if (r2 && THTensor_resizeOutput(r2, ndim, sizes)) return TH_ERR;
  if (!(in = inputAs(state, device, a, ct))) goto done;
  int inPlace = THTensor_isSameView(r, a) && THTensor_dtype(r) == ct;
  if (THTensor_dtype(r) == ct && (inPlace || THTensor_storage(r) != THTensor_storage(a))) {
    out = r;
    THTensor_retain(r);
  } else if (!(out = THCTensor_newWithSize(state, ct, device, ndim, sizes))) {
    goto done;
  }
  if (r2) {
    if (THTensor_storage(r2) != THTensor_storage(a) && THTensor_storage(r2) != THTensor_storage(r)) {
      idx = r2;
      THTensor_retain(r2);
    } else if (!(idx = THCTensor_newWithSize(state, TH_Int64, device, ndim, sizes))) {
      goto done;
    }
  }
  if (THCScan_run(state, device, op, out, idx, in, ndim ? dim : 0)) goto done;
  if (out != r && THCReduce_copy(state, device, r, out)) goto done;
  if (idx && idx != r2 && THCReduce_copy(state, device, r2, idx)) goto done;
  THTensor_bumpVersion(r);
  if (r2) THTensor_bumpVersion(r2);
  status = TH_OK;
done:
  THTensor_free(in);
  THTensor_free(out);
  THTensor_free(idx);
  return status;
}

static int cumAccum(THCState *state, const char *name, int op, THTensor *r, const THTensor *a, int64_t dim,
                    THDType dtype) {
  int device;
  if (THCTensor_callDevice(name, 1, &a, 1, &r, &device)) return TH_ERR;
  if (dtype != TH_DTYPE_NONE && THCheckOutDtype(name, r, dtype)) return TH_ERR;
  THDType ct = dtype != TH_DTYPE_NONE ? dtype : THTensor_dtype(r);
  return scan(state, device, name, op, r, NULL, a, dim, ct);
}

int THCTensor_cumsum(THCState *state, THTensor *r, const THTensor *a, int64_t dim, THDType dtype) {
  return cumAccum(state, "cumsum", THC_SCAN_SUM, r, a, dim, dtype);
}
int THCTensor_cumprod(THCState *state, THTensor *r, const THTensor *a, int64_t dim, THDType dtype) {
  return cumAccum(state, "cumprod", THC_SCAN_PROD, r, a, dim, dtype);
}

static int cumExtremum(THCState *state, const char *name, int op, THTensor *values, THTensor *indices, const THTensor *a,
                       int64_t dim) {
  int device;
  if (THCTensor_callDevice(name, 1, &a, 2, (THTensor *const[]){values, indices}, &device)) return TH_ERR;
  if (THCheckOutDtype(name, values, THTensor_dtype(a)) || THCheckOutDtype(name, indices, TH_Int64)) return TH_ERR;
  return scan(state, device, name, op, values, indices, a, dim, THTensor_dtype(a));
}

int THCTensor_cummax(THCState *state, THTensor *values, THTensor *indices, const THTensor *a, int64_t dim) {
  return cumExtremum(state, "cummax", THC_SCAN_MAX, values, indices, a, dim);
}
int THCTensor_cummin(THCState *state, THTensor *values, THTensor *indices, const THTensor *a, int64_t dim) {
  return cumExtremum(state, "cummin", THC_SCAN_MIN, values, indices, a, dim);
}
