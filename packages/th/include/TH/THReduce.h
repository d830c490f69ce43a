/* THReduce.h — reductions and scans over dims (sum, mean, max, var, norm, cumsum, ...), on one
 * reduction iterator.
 *
 * Conventions (as THTensorMath.h): results first; each result is resized to the reduced shape
 * (a's shape without the reduced dims, or with them kept as size 1 when keepdim), so the same
 * call serves out= and fresh results. For a fresh result pass THTensor_new(t) with t from
 * THTensor_reduceResultType.
 *
 * Dims: `ndim` entries of `dims`, each in [-a.ndim, a.ndim) (a 0-d tensor takes -1 and 0);
 * ndim == 0 (dims may be NULL) reduces every dim, as PyTorch does for dim=None and dim=[].
 * Repeating a dim is an error.
 *
 * dtype: TH_DTYPE_NONE, or the dtype the input is converted to before reducing (PyTorch's
 * `dtype=` keyword); the result then has that dtype. Without it, sums and products of integers
 * and bools are int64 and everything else keeps a's dtype. When r's dtype differs from the
 * default result type, the reduction is computed in r's dtype (PyTorch's out= rule for sum,
 * prod, nansum, mean, ...). Floating reductions accumulate in double (float32 in float lanes
 * over blocks, combined in double); half types compute in float32.
 *
 * Results never depend on the number of threads. */
#ifndef TH_REDUCE_H
#define TH_REDUCE_H

#include "THTensor.h"

#define TH_DTYPE_NONE ((THDType)-1)

/* The dtype PyTorch gives the result of reduction `op` ("sum", "prod", "nansum", "mean",
 * "nanmean", "amax", "amin", "max", "min", "argmax", "argmin", "aminmax", "var", "std", "norm",
 * "logsumexp", "all", "any", "count_nonzero", "cumsum", "cumprod", "cummax", "cummin") of a
 * with the given dtype= (or TH_DTYPE_NONE); fails as PyTorch does (mean of an integer tensor). */
TH_API int THTensor_reduceResultType(const char *op, const THTensor *a, THDType dtype, THDType *out);
/* The dims a reduction over dims (ndim of them; none: all) takes, as a mask of TH_MAX_DIMS bytes;
 * each dim wrapped, one named twice refused in op's name. For every backend's reductions. */
TH_API int THReduce_dimMask(const char *op, const THTensor *a, int ndim, const int64_t *dims, uint8_t *mask);
/* The result shape of a reduced over mask (those dims dropped, or 1 with keepdim); returns its ndim. */
TH_API int THReduce_shape(const THTensor *a, const uint8_t *mask, int keepdim, int64_t *shape);
/* The same over the one dim `dim` (a wrapped dim; any for a 0-d a). */
TH_API int THReduce_shapeDim(const THTensor *a, int dim, int keepdim, int64_t *shape);
/* linalg.vector_norm's checks of p against a: a number, and no infinite order over an empty range
 * (mask from THReduce_dimMask, ndim as given to it). */
TH_API int THReduce_checkNorm(const THTensor *a, double p, int ndim, const uint8_t *mask);
/* A dim of an iteration: its size and its strides (elements) in up to three tensors. */
typedef struct THReduceDim {
  int64_t size, s[3];
} THReduceDim;
/* Orders dims (innermost first) by s[0], then by s[key] (key <= 0: by s[0] alone); stable. */
TH_API void THReduceDim_sort(THReduceDim *d, int n, int key);
/* Merges neighbours that step as one dim in all three strides; returns how many dims are left. */
TH_API int THReduceDim_coalesce(THReduceDim *d, int n);
/* A reduction's iteration space, for every backend: in's dims of size > 1 split into kept ones (kd:
 * strides in in, out0 and out1, a NULL output giving 0) and reduced ones (rd: strides in in), each
 * innermost first, ordered by memory (reduced dims stay in dim order when `logical`, for reductions
 * whose result depends on the order) and coalesced; an empty list gets one dim of size 1. nout and
 * nred count the kept and the reduced elements. */
typedef struct THReduceLayout {
  int nk, nr;
  int64_t nout, nred;
  THReduceDim kd[TH_MAX_DIMS], rd[TH_MAX_DIMS];
} THReduceLayout;
TH_API void THReduce_layout(THReduceLayout *l, const THTensor *in, const uint8_t *reduced, int keepdim, const THTensor *out0,
                            const THTensor *out1, int logical);

TH_API int THTensor_sum(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim, THDType dtype);
/* sum that treats NaN as zero */
TH_API int THTensor_nansum(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim, THDType dtype);
/* floating (or dtype= floating) only; mean over no elements is NaN */
TH_API int THTensor_mean(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim, THDType dtype);
TH_API int THTensor_nanmean(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim, THDType dtype);
/* product over one dim (ndim 1) or all (ndim 0) */
TH_API int THTensor_prod(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim, THDType dtype);

/* Maximum / minimum values over dims; NaN propagates. A reduced dim of size 0 is an error. */
TH_API int THTensor_amax(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim);
TH_API int THTensor_amin(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim);
/* max()/min() of every element, a 0-d result */
TH_API int THTensor_max(THTensor *r, const THTensor *a);
TH_API int THTensor_min(THTensor *r, const THTensor *a);
/* max(dim)/min(dim): values (a's dtype) and int64 indices of the first maximum (or first NaN). */
TH_API int THTensor_maxDim(THTensor *values, THTensor *indices, const THTensor *a, int64_t dim, int keepdim);
TH_API int THTensor_minDim(THTensor *values, THTensor *indices, const THTensor *a, int64_t dim, int keepdim);
/* int64 index of the first maximum (minimum) along dim, or in the flattened tensor when !hasDim. */
TH_API int THTensor_argmax(THTensor *r, const THTensor *a, int hasDim, int64_t dim, int keepdim);
TH_API int THTensor_argmin(THTensor *r, const THTensor *a, int hasDim, int64_t dim, int keepdim);
TH_API int THTensor_aminmax(THTensor *rmin, THTensor *rmax, const THTensor *a, int hasDim, int64_t dim, int keepdim);

/* Variance and standard deviation with Bessel's correction `correction` (1: unbiased, 0: biased):
 * sum((x - mean)^2) / max(0, N - correction). Floating only. */
TH_API int THTensor_var(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, double correction, int keepdim);
TH_API int THTensor_std(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, double correction, int keepdim);
TH_API int THTensor_varMean(THTensor *rvar, THTensor *rmean, const THTensor *a, int ndim, const int64_t *dims,
                            double correction, int keepdim);
TH_API int THTensor_stdMean(THTensor *rstd, THTensor *rmean, const THTensor *a, int ndim, const int64_t *dims,
                            double correction, int keepdim);

/* The vector p-norm over dims (linalg.vector_norm): p any real incl. 0 (count of nonzeros), 1, 2,
 * INFINITY (max |x|), -INFINITY (min |x|). Floating inputs (or a floating dtype=); the result is
 * a's dtype (or dtype). */
TH_API int THTensor_norm(THTensor *r, const THTensor *a, double p, int ndim, const int64_t *dims, int keepdim,
                         THDType dtype);
/* log(sum(exp(a))) over dims, computed stably; integer inputs give float32. */
TH_API int THTensor_logsumexp(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim);

/* all/any: bool result (uint8 for uint8 inputs), over one dim (ndim 1) or all (ndim 0). */
TH_API int THTensor_all(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim);
TH_API int THTensor_any(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim);
/* int64 count of nonzero elements over dims (never keepdim, as PyTorch). */
TH_API int THTensor_countNonzero(THTensor *r, const THTensor *a, int ndim, const int64_t *dims);

/* ---- scans along one dim; r gets a's shape (r may be a: in place) ---- */
TH_API int THTensor_cumsum(THTensor *r, const THTensor *a, int64_t dim, THDType dtype);
TH_API int THTensor_cumprod(THTensor *r, const THTensor *a, int64_t dim, THDType dtype);
/* running max/min with the index where it was reached (the last index among ties; NaN sticks) */
TH_API int THTensor_cummax(THTensor *values, THTensor *indices, const THTensor *a, int64_t dim);
TH_API int THTensor_cummin(THTensor *values, THTensor *indices, const THTensor *a, int64_t dim);

#endif
