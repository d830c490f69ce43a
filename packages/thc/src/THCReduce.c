/* Reductions of CUDA tensors: libTH's THReduce.c (dims, dtypes, out= checks and messages), with
 * one run of the THC reduction engine (THCReduceRun.c) in place of THReduceIter. */
#include "THCInternal.h"
#include "THCReduceImpl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *dn(THDType t) { return THDType_name(t); }
static int floating(THDType t) { return THDType_isFloating(t); }
static int integral(THDType t) { return THDType_isIntegral(t, 1); }

/* ---- devices ---- */

/* a on `device`: a itself (retained), or a device copy of a 0-d host tensor */
static THTensor *onDevice(THCState *state, int device, const THTensor *a) {
  if (THCTensor_device(a) == device) {
    THTensor_retain((THTensor *)a);
    return (THTensor *)a;
  }
  THTensor *d = THCTensor_newWithSize(state, THTensor_dtype(a), device, 0, NULL);
  THCStream *stream = d ? THCState_currentStream(state, device) : NULL;
  if (!stream) {
    THTensor_free(d);
    return NULL;
  }
  THCDeviceGuard g;
  if (THCDeviceGuard_enter(&g, device)) {
    THTensor_free(d);
    return NULL;
  }
  /* on the stream the kernels use (ordered after the work that last used the block); the source is
   * pageable, so the copy has read it when the call returns */
  cudaError_t err = cudaMemcpyAsync(THTensor_data(d), THTensor_data(a), THDType_size(THTensor_dtype(a)),
                                    cudaMemcpyHostToDevice, (cudaStream_t)THCStream_handle(stream));
  THCDeviceGuard_exit(&g);
  if (err != cudaSuccess) {
    THCError(err, "cudaMemcpyAsync");
    THTensor_free(d);
    return NULL;
  }
  return d;
}

/* a converted to compute dtype ct on `device` (a itself, retained, when it already has it) */
static THTensor *asType(THCState *state, int device, const THTensor *a, THDType ct) {
  THTensor *src = onDevice(state, device, a);
  if (!src || THTensor_dtype(src) == ct) return src;
  THTensor *t = THCTensor_newWithSize(state, ct, device, THTensor_ndim(src), THTensor_sizes(src));
  if (t && THCReduce_copy(state, device, t, src)) {
    THTensor_free(t);
    t = NULL;
  }
  THTensor_free(src);
  return t;
}

/* ---- dims: libTH's THReduce_dimMask and THReduce_shape ---- */

/* Runs kind on a into r (and r2), resized to the reduced shape, on `device`. Results that share a's
 * storage are computed into temporaries first. */
static int runReduce(THCState *state, int device, const char *name, THCReduceKind kind, THTensor *r, THTensor *r2,
                     const THTensor *a, const uint8_t *mask, int keepdim, int logical, double p, int flags) {
  if (!THCReduce_hasKernel(kind, THTensor_dtype(a))) return THError("%s: not implemented for '%s'", name, dn(THTensor_dtype(a)));
  if (THCState_checkDevice(state, device)) return TH_ERR;
  int64_t shape[TH_MAX_DIMS];
  int n = THReduce_shape(a, mask, keepdim, shape);
  THTensor *outs[2] = {r, r2}, *tmp[2] = {NULL, NULL}, *in = NULL;
  int status = TH_ERR;
  for (int i = 0; i < 2; i++) {
    if (!outs[i]) continue;
    if (THTensor_resizeOutput(outs[i], n, shape)) goto done;
    THStorage *s = THTensor_storage(outs[i]);
    int shared = r && r2 && THTensor_storage(r) == THTensor_storage(r2);
    if (s == THTensor_storage(a) || (i == 1 && shared)) {
      if (i == 1 && shared) {
        status = THError("%s: the results must not share memory (got the same tensor for both)", name);
        goto done;
      }
      if (!(tmp[i] = THCTensor_newWithSize(state, THTensor_dtype(outs[i]), device, n, shape))) goto done;
    }
  }
  if (!(in = onDevice(state, device, a))) goto done;
  if (THCReduce_run(state, device, name, kind, tmp[0] ? tmp[0] : r, r2 ? (tmp[1] ? tmp[1] : r2) : NULL, in, mask,
                    keepdim, logical, p, flags))
    goto done;
  for (int i = 0; i < 2; i++) {
    if (tmp[i] && THCReduce_copy(state, device, outs[i], tmp[i])) goto done;
    if (outs[i]) THTensor_bumpVersion(outs[i]);
  }
  status = TH_OK;
done:
  THTensor_free(tmp[0]);
  THTensor_free(tmp[1]);
  THTensor_free(in);
  return status;
}

/* ---- result types ---- */

int THCTensor_reduceResultType(THCState *state, const char *op, const THTensor *a, THDType dtype, THDType *out) {
  (void)state;
  return THTensor_reduceResultType(op, a, dtype, out);
}

/* ---- sum, nansum, mean, nanmean, prod ---- */

/* The dtype a sum-like reduction computes in: dtype= when given (r must have it), else r's. */
static int computeDtype(const char *name, const THTensor *r, THDType dtype, THDType *ct) {
  if (dtype != TH_DTYPE_NONE) {
    if (THCheckOutDtype(name, r, dtype)) return TH_ERR;
    *ct = dtype;
  } else {
    *ct = THTensor_dtype(r);
  }
  return TH_OK;
}

enum { OP_SUM, OP_NANSUM, OP_PROD, OP_NANMEAN };

static int sumLike(THCState *state, const char *name, int op, THTensor *r, const THTensor *a, int ndim,
                   const int64_t *dims, int keepdim, THDType dtype, int mean) {
  int device;
  if (THCTensor_callDevice(name, 1, &a, 1, &r, &device)) return TH_ERR;
  uint8_t mask[TH_MAX_DIMS];
  if (THReduce_dimMask(name, a, ndim, dims, mask)) return TH_ERR;
  THDType ct = TH_DTYPE_NONE, at = THTensor_dtype(a);
  if (computeDtype(name, r, dtype, &ct)) return TH_ERR;
  /* integers reduce in int64 and wrap to r's width exactly as a narrower sum would */
  int direct = at == ct || (integral(at) && integral(ct) && ct != TH_Bool && op != OP_PROD) ||
               (integral(at) && ct == TH_Int64);
  if (op == OP_NANSUM && !floating(ct)) op = OP_SUM;
  if (THCState_checkDevice(state, device)) return TH_ERR;
  THTensor *in = direct ? onDevice(state, device, a) : asType(state, device, a, ct);
  if (!in) return TH_ERR;
  THCReduceKind kind = op == OP_PROD ? THC_RK_PROD : op == OP_NANMEAN ? THC_RK_NANMEAN : THC_RK_SUM;
  int flags = (op == OP_NANSUM ? THC_RF_SKIPNAN : 0) | (mean ? THC_RF_MEAN : 0);
  int status = runReduce(state, device, name, kind, r, NULL, in, mask, keepdim, 0, 0, flags);
  THTensor_free(in);
  return status;
}

int THCTensor_sum(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim,
                  THDType dtype) {
  return sumLike(state, "sum", OP_SUM, r, a, ndim, dims, keepdim, dtype, 0);
}

int THCTensor_nansum(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim,
                     THDType dtype) {
  return sumLike(state, "nansum", OP_NANSUM, r, a, ndim, dims, keepdim, dtype, 0);
}

int THCTensor_prod(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim,
                   THDType dtype) {
  if (ndim > 1) return THError("prod: expected one dim or none, got %d dims", ndim);
  return sumLike(state, "prod", OP_PROD, r, a, ndim, dims, keepdim, dtype, 0);
}

int THCTensor_mean(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim,
                   THDType dtype) {
  THDType rt;
  if (THTensor_reduceResultType("mean", a, dtype, &rt)) return TH_ERR;
  if (!floating(THTensor_dtype(r)))
    return THError("mean(): result type %s can't be cast to the desired output type %s", dn(rt), dn(THTensor_dtype(r)));
  return sumLike(state, "mean", OP_SUM, r, a, ndim, dims, keepdim, dtype, 1);
}

int THCTensor_nanmean(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim,
                      THDType dtype) {
  THDType rt;
  if (THTensor_reduceResultType("nanmean", a, dtype, &rt)) return TH_ERR;
  if (!floating(THTensor_dtype(r)))
    return THError("nanmean(): result type %s can't be cast to the desired output type %s", dn(rt), dn(THTensor_dtype(r)));
  return sumLike(state, "nanmean", OP_NANMEAN, r, a, ndim, dims, keepdim, dtype, 0);
}

/* ---- max, min, argmax, argmin, aminmax ---- */

static int extremum(THCState *state, const char *name, THCReduceKind kind, THTensor *r, const THTensor *a, int ndim,
                    const int64_t *dims, int keepdim, int all) {
  int device;
  if (THCTensor_callDevice(name, 1, &a, 1, &r, &device)) return TH_ERR;
  uint8_t mask[TH_MAX_DIMS];
  if (THReduce_dimMask(name, a, ndim, dims, mask)) return TH_ERR;
  if (THCheckReduceNonEmpty(name, a, ndim, mask, all)) return TH_ERR;
  if (THCheckOutDtype(name, r, THTensor_dtype(a))) return TH_ERR;
  return runReduce(state, device, name, kind, r, NULL, a, mask, keepdim, 0, 0, 0);
}

int THCTensor_amax(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim) {
  return extremum(state, "amax", THC_RK_MAX, r, a, ndim, dims, keepdim, 0);
}
int THCTensor_amin(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim) {
  return extremum(state, "amin", THC_RK_MIN, r, a, ndim, dims, keepdim, 0);
}
int THCTensor_max(THCState *state, THTensor *r, const THTensor *a) {
  return extremum(state, "max", THC_RK_MAX, r, a, 0, NULL, 0, 1);
}
int THCTensor_min(THCState *state, THTensor *r, const THTensor *a) {
  return extremum(state, "min", THC_RK_MIN, r, a, 0, NULL, 0, 1);
}

static int argReduce(THCState *state, const char *name, THCReduceKind kind, THTensor *values, THTensor *indices,
                     const THTensor *a, int hasDim, int64_t dim, int keepdim) {
  int device;
  THTensor *outs[2] = {values, indices};
  if (THCTensor_callDevice(name, 1, &a, 2, outs, &device)) return TH_ERR;
  uint8_t mask[TH_MAX_DIMS];
  if (hasDim ? THReduce_dimMask(name, a, 1, &dim, mask) : THReduce_dimMask(name, a, 0, NULL, mask)) return TH_ERR;
  if (THCheckReduceNonEmpty(name, a, hasDim, mask, !hasDim)) return TH_ERR;
  if (!values && THTensor_dtype(a) == TH_Bool && THTensor_numel(a) > 0)
    return THError("\"%s_cuda\" not implemented for '%s'", name, dn(THTensor_dtype(a)));
  if (values && THCheckOutDtype(name, values, THTensor_dtype(a))) return TH_ERR;
  if (THCheckOutDtype(name, indices, TH_Int64)) return TH_ERR;
  /* indices only: the values are not written at all */
  return runReduce(state, device, name, kind, values, indices, a, mask, keepdim, 1, 0, 0);
}

int THCTensor_maxDim(THCState *state, THTensor *values, THTensor *indices, const THTensor *a, int64_t dim, int keepdim) {
  return argReduce(state, "max", THC_RK_ARGMAX, values, indices, a, 1, dim, keepdim);
}
int THCTensor_minDim(THCState *state, THTensor *values, THTensor *indices, const THTensor *a, int64_t dim, int keepdim) {
  return argReduce(state, "min", THC_RK_ARGMIN, values, indices, a, 1, dim, keepdim);
}
int THCTensor_argmax(THCState *state, THTensor *r, const THTensor *a, int hasDim, int64_t dim, int keepdim) {
  return argReduce(state, "argmax", THC_RK_ARGMAX, NULL, r, a, hasDim, dim, keepdim);
}
int THCTensor_argmin(THCState *state, THTensor *r, const THTensor *a, int hasDim, int64_t dim, int keepdim) {
  return argReduce(state, "argmin", THC_RK_ARGMIN, NULL, r, a, hasDim, dim, keepdim);
}

int THCTensor_aminmax(THCState *state, THTensor *rmin, THTensor *rmax, const THTensor *a, int hasDim, int64_t dim,
                      int keepdim) {
  int device;
  THTensor *outs[2] = {rmin, rmax};
  if (THCTensor_callDevice("aminmax", 1, &a, 2, outs, &device)) return TH_ERR;
  uint8_t mask[TH_MAX_DIMS];
  if (hasDim ? THReduce_dimMask("aminmax", a, 1, &dim, mask) : THReduce_dimMask("aminmax", a, 0, NULL, mask)) return TH_ERR;
  for (int d = 0; d < THTensor_ndim(a); d++)
    if (mask[d] && THTensor_size(a, d) == 0)
      return THError("aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.");
  if (THCheckOutDtype("aminmax", rmin, THTensor_dtype(a)) || THCheckOutDtype("aminmax", rmax, THTensor_dtype(a)))
    return TH_ERR;
  return runReduce(state, device, "aminmax", THC_RK_MINMAX, rmin, rmax, a, mask, keepdim, 0, 0, 0);
}

/* ---- var, std ---- */

static int moments(THCState *state, const char *name, THTensor *r, THTensor *rmean, const THTensor *a, int ndim,
                   const int64_t *dims, double correction, int keepdim, int isStd) {
  int device;
  THTensor *outs[2] = {r, rmean};
  if (THCTensor_callDevice(name, 1, &a, 2, outs, &device)) return TH_ERR;
  uint8_t mask[TH_MAX_DIMS];
  THDType rt;
  if (THTensor_reduceResultType(isStd ? "std" : "var", a, TH_DTYPE_NONE, &rt)) return TH_ERR;
  if (THReduce_dimMask(name, a, ndim, dims, mask)) return TH_ERR;
  /* out= of another floating dtype: computed in that dtype (as PyTorch) */
  THDType t = THTensor_dtype(r);
  if (!floating(t) || (rmean && !floating(THTensor_dtype(rmean))))
    return THError("%s: Expected out tensor to have a floating point dtype like %s, but got %s instead", name, dn(rt),
                   dn(floating(t) ? THTensor_dtype(rmean) : t));
  if (THCState_checkDevice(state, device)) return TH_ERR;
  THTensor *in = asType(state, device, a, t);
  if (!in) return TH_ERR;
  int status = runReduce(state, device, name, THC_RK_MOMENTS, r, rmean, in, mask, keepdim, 0, correction,
                         isStd ? THC_RF_STD : 0);
  THTensor_free(in);
  return status;
}

int THCTensor_var(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, double correction,
                  int keepdim) {
  return moments(state, "var", r, NULL, a, ndim, dims, correction, keepdim, 0);
}
int THCTensor_std(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, double correction,
                  int keepdim) {
  return moments(state, "std", r, NULL, a, ndim, dims, correction, keepdim, 1);
}
int THCTensor_varMean(THCState *state, THTensor *rvar, THTensor *rmean, const THTensor *a, int ndim,
                      const int64_t *dims, double correction, int keepdim) {
  return moments(state, "var_mean", rvar, rmean, a, ndim, dims, correction, keepdim, 0);
}
int THCTensor_stdMean(THCState *state, THTensor *rstd, THTensor *rmean, const THTensor *a, int ndim,
                      const int64_t *dims, double correction, int keepdim) {
  return moments(state, "std_mean", rstd, rmean, a, ndim, dims, correction, keepdim, 1);
}

/* ---- norm ---- */

int THCTensor_norm(THCState *state, THTensor *r, const THTensor *a, double p, int ndim, const int64_t *dims,
                   int keepdim, THDType dtype) {
  const char *name = "linalg.vector_norm";
  int device;
  if (THCTensor_callDevice(name, 1, &a, 1, &r, &device)) return TH_ERR;
  THDType rt;
  if (THTensor_reduceResultType("norm", a, dtype, &rt)) return TH_ERR;
  uint8_t mask[TH_MAX_DIMS];
  if (THReduce_dimMask(name, a, ndim, dims, mask) || THReduce_checkNorm(a, p, ndim, mask)) return TH_ERR;
  if (THCheckOutDtype(name, r, rt)) return TH_ERR;
  int kind = p == 0 ? THC_NORM_0 : p == 1 ? THC_NORM_1 : p == 2 ? THC_NORM_2 : p == INFINITY ? THC_NORM_INF
             : p == -INFINITY ? THC_NORM_NINF : THC_NORM_P;
  if (THCState_checkDevice(state, device)) return TH_ERR;
  THTensor *in = asType(state, device, a, rt);
  if (!in) return TH_ERR;
  int status = runReduce(state, device, name, THC_RK_NORM, r, NULL, in, mask, keepdim, 0, p, kind);
  THTensor_free(in);
  return status;
}

/* ---- logsumexp: one pass (THCReduceStats.cu), TH's results for infinities and NaN ---- */

int THCTensor_logsumexp(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim) {
  int device;
  if (THCTensor_callDevice("logsumexp", 1, &a, 1, &r, &device)) return TH_ERR;
  THDType rt;
  if (THTensor_reduceResultType("logsumexp", a, TH_DTYPE_NONE, &rt)) return TH_ERR;
  uint8_t mask[TH_MAX_DIMS];
  if (THReduce_dimMask("logsumexp", a, ndim, dims, mask)) return TH_ERR;
  if (!floating(THTensor_dtype(r)))
    return THError("logsumexp(): Expected floating point type for result tensor, but got: %s", dn(THTensor_dtype(r)));
  if (THCState_checkDevice(state, device)) return TH_ERR;
  THTensor *x = asType(state, device, a, rt);
  if (!x) return TH_ERR;
  int status = runReduce(state, device, "logsumexp", THC_RK_LOGSUMEXP, r, NULL, x, mask, keepdim, 0, 0, 0);
  THTensor_free(x);
  return status;
}

/* ---- all, any, count_nonzero ---- */

static int logical(THCState *state, const char *name, int kind, THTensor *r, const THTensor *a, int ndim,
                   const int64_t *dims, int keepdim) {
  int device;
  if (THCTensor_callDevice(name, 1, &a, 1, &r, &device)) return TH_ERR;
  uint8_t mask[TH_MAX_DIMS];
  if (ndim > 1) return THError("%s: expected one dim or none, got %d dims", name, ndim);
  if (THReduce_dimMask(name, a, ndim, dims, mask)) return TH_ERR;
  if (THTensor_dtype(r) != TH_Bool && THTensor_dtype(r) != TH_UInt8)
    return THError("%s only supports bool tensor for result, got: %s", name, dn(THTensor_dtype(r)));
  return runReduce(state, device, name, THC_RK_COUNT, r, NULL, a, mask, keepdim, 0, 0, kind);
}

int THCTensor_all(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim) {
  return logical(state, "all", THC_COUNT_ALL, r, a, ndim, dims, keepdim);
}
int THCTensor_any(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim) {
  return logical(state, "any", THC_COUNT_ANY, r, a, ndim, dims, keepdim);
}

int THCTensor_countNonzero(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims) {
  int device;
  if (THCTensor_callDevice("count_nonzero", 1, &a, 1, &r, &device)) return TH_ERR;
  uint8_t mask[TH_MAX_DIMS];
  if (THReduce_dimMask("count_nonzero", a, ndim, dims, mask)) return TH_ERR;
  if (THCheckOutDtype("count_nonzero", r, TH_Int64)) return TH_ERR;
  return runReduce(state, device, "count_nonzero", THC_RK_COUNT, r, NULL, a, mask, 0, 0, 0, THC_COUNT_NONZERO);
}
