/* THCReduce.h — reductions and scans of CUDA tensors: libTH's THReduce.h, function for function
 * (THTensor_foo(r, ...) is THCTensor_foo(state, r, ...)), with the same dims, keepdim, dtype=,
 * out= and result-dtype rules, the same empty-tensor rules and the same error messages.
 *
 * Results (r, values, indices, ...) must be tensors on the input's device (THCTensor_new); they are
 * resized to the reduced shape as in TH. The input may also be a 0-d host tensor (a scalar).
 * Kernels run on the current stream of that device.
 *
 * Accuracy: float16/bfloat16/float32 accumulate in float, float64 in double, integers and bools in
 * int64 (sum, prod) — PyTorch's CUDA rules; libTH accumulates floating types in double, so float32
 * results agree with TH's to a few ulps of the sum of magnitudes, not bit for bit. Results never
 * depend on timing: every reduction combines partial results in a fixed order (no float atomics).
 *
 * Ties: argmax/argmin and max(dim)/min(dim) give the first index of the extremum, or of the first
 * NaN; cummax/cummin give the last index among ties (a NaN sticks, with its own index). */
#ifndef THC_REDUCE_H
#define THC_REDUCE_H

#include "THC/THCGeneral.h"

/* THTensor_reduceResultType (metadata only; the same for host and device tensors). */
TH_API int THCTensor_reduceResultType(THCState *state, const char *op, const THTensor *a, THDType dtype, THDType *out);

TH_API int THCTensor_sum(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim,
                         THDType dtype);
TH_API int THCTensor_nansum(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim,
                            THDType dtype);
TH_API int THCTensor_mean(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim,
                          THDType dtype);
TH_API int THCTensor_nanmean(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim,
                             THDType dtype);
TH_API int THCTensor_prod(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim,
                          THDType dtype);

TH_API int THCTensor_amax(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim);
TH_API int THCTensor_amin(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim);
TH_API int THCTensor_max(THCState *state, THTensor *r, const THTensor *a);
TH_API int THCTensor_min(THCState *state, THTensor *r, const THTensor *a);
TH_API int THCTensor_maxDim(THCState *state, THTensor *values, THTensor *indices, const THTensor *a, int64_t dim,
                            int keepdim);
TH_API int THCTensor_minDim(THCState *state, THTensor *values, THTensor *indices, const THTensor *a, int64_t dim,
                            int keepdim);
TH_API int THCTensor_argmax(THCState *state, THTensor *r, const THTensor *a, int hasDim, int64_t dim, int keepdim);
TH_API int THCTensor_argmin(THCState *state, THTensor *r, const THTensor *a, int hasDim, int64_t dim, int keepdim);
TH_API int THCTensor_aminmax(THCState *state, THTensor *rmin, THTensor *rmax, const THTensor *a, int hasDim, int64_t dim,
                             int keepdim);

TH_API int THCTensor_var(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, double correction,
                         int keepdim);
TH_API int THCTensor_std(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, double correction,
                         int keepdim);
TH_API int THCTensor_varMean(THCState *state, THTensor *rvar, THTensor *rmean, const THTensor *a, int ndim,
                             const int64_t *dims, double correction, int keepdim);
TH_API int THCTensor_stdMean(THCState *state, THTensor *rstd, THTensor *rmean, const THTensor *a, int ndim,
                             const int64_t *dims, double correction, int keepdim);

TH_API int THCTensor_norm(THCState *state, THTensor *r, const THTensor *a, double p, int ndim, const int64_t *dims,
                          int keepdim, THDType dtype);
TH_API int THCTensor_logsumexp(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim);

TH_API int THCTensor_all(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim);
TH_API int THCTensor_any(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim);
TH_API int THCTensor_countNonzero(THCState *state, THTensor *r, const THTensor *a, int ndim, const int64_t *dims);

/* ---- scans along one dim; r gets a's shape (r may be a: in place) ---- */
TH_API int THCTensor_cumsum(THCState *state, THTensor *r, const THTensor *a, int64_t dim, THDType dtype);
TH_API int THCTensor_cumprod(THCState *state, THTensor *r, const THTensor *a, int64_t dim, THDType dtype);
TH_API int THCTensor_cummax(THCState *state, THTensor *values, THTensor *indices, const THTensor *a, int64_t dim);
TH_API int THCTensor_cummin(THCState *state, THTensor *values, THTensor *indices, const THTensor *a, int64_t dim);

#endif
