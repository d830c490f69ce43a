/* THSort.h — sorting, selection and search: sort, topk, median, kthvalue, mode, quantile, unique,
 * searchsorted, bucketize, histc, bincount.
 *
 * As everywhere in TH, results come first and are resized as needed (an out= tensor that already
 * has the result's shape keeps its strides). `values` results have the input's dtype, `indices`
 * int64. NaN orders above +inf (last ascending, first descending), as in PyTorch. Every sort is
 * stable, so `stable` only documents the caller's intent; ties keep their input order. */
#ifndef TH_SORT_H
#define TH_SORT_H

#include "THTensor.h"

/* values/indices of a sorted along dim; either result may be NULL (argsort: values NULL). */
TH_API int THTensor_sort(THTensor *values, THTensor *indices, const THTensor *a, int64_t dim, int descending, int stable);
/* The k largest (or smallest) along dim, in sorted order (also when sorted is 0). */
TH_API int THTensor_topk(THTensor *values, THTensor *indices, const THTensor *a, int64_t k, int64_t dim, int largest,
                         int sorted);
/* The k-th smallest (1-based) along dim. */
TH_API int THTensor_kthvalue(THTensor *values, THTensor *indices, const THTensor *a, int64_t k, int64_t dim, int keepdim);
/* The lower median along dim; NaN when the slice has one (index of its first NaN), or, with
 * ignoreNan (nanmedian), the lower median of the slice's other values. */
TH_API int THTensor_median(THTensor *values, THTensor *indices, const THTensor *a, int64_t dim, int keepdim, int ignoreNan);
/* The lower median of all elements, 0-d (NaN for an empty floating tensor). */
TH_API int THTensor_medianAll(THTensor *r, const THTensor *a, int ignoreNan);
/* The most frequent value along dim (the smallest one on a tie) and the last index it occurs at. */
TH_API int THTensor_mode(THTensor *values, THTensor *indices, const THTensor *a, int64_t dim, int keepdim);

typedef enum THQuantileMode {
  TH_QUANTILE_LINEAR = 0,
  TH_QUANTILE_LOWER,
  TH_QUANTILE_HIGHER,
  TH_QUANTILE_MIDPOINT,
  TH_QUANTILE_NEAREST
} THQuantileMode;
/* "linear", "lower", ... -> mode; fails with PyTorch's message for anything else. */
TH_API int THQuantileMode_fromName(const char *name, THQuantileMode *out);
/* Quantiles q (0-d or 1-d, a's dtype, float32/float64) of a along dim (hasDim) or of all elements;
 * a 1-d q adds a leading dim of its size. ignoreNan: nanquantile. */
TH_API int THTensor_quantile(THTensor *r, const THTensor *a, const THTensor *q, int hasDim, int64_t dim, int keepdim,
                             THQuantileMode mode, int ignoreNan);
/* The same for one number q. */
TH_API int THTensor_quantileScalar(THTensor *r, const THTensor *a, double q, int hasDim, int64_t dim, int keepdim,
                                   THQuantileMode mode, int ignoreNan);
/* The sort family's out= checks, for every backend: r (NULL: none) of dtype want; and no r sharing
 * memory with a, except (sameViewOk) a sort's values written over the very same view. */
TH_API int THSort_checkOut(const char *op, const THTensor *r, THDType want);
TH_API int THSort_checkNoAlias(const char *op, const THTensor *r, const THTensor *a, int sameViewOk);
/* quantile's checks that need only metadata, for every backend: a non-empty float32/float64 input
 * and, when q is a tensor (not NULL), a 0-d or 1-d q of a's dtype. */
TH_API int THQuantile_check(const THTensor *a, const THTensor *q);
/* quantile's result shape for nq quantiles: q's dim first (qIsVector), then a's dims less dim (kept
 * as 1 with keepdim; all of them 1 without a dim and with keepdim), into sizes (TH_MAX_DIMS + 1
 * entries) and their count into *m; the wrapped dim into *d (0 without one). Refuses an unknown
 * mode. */
TH_API int THQuantile_shape(const char *op, const THTensor *a, int64_t nq, int qIsVector, int hasDim, int64_t dim, int keepdim,
                            THQuantileMode mode, int *d, int64_t *sizes, int *m);

/* Distinct elements (sorted: always ascending) of a, or distinct slices along dim (hasDim);
 * inverse (a's shape, or [size(dim)]) and counts may be NULL. */
TH_API int THTensor_unique(THTensor *output, THTensor *inverse, THTensor *counts, const THTensor *a, int sorted, int hasDim,
                           int64_t dim);
/* Collapses runs of equal consecutive elements (or slices along dim). */
TH_API int THTensor_uniqueConsecutive(THTensor *output, THTensor *inverse, THTensor *counts, const THTensor *a, int hasDim,
                                      int64_t dim);

/* Insertion points of values into the innermost dim of sortedSequence (1-d, or N-d whose leading
 * dims match values'); sorter (int64, sortedSequence's shape) may be NULL. r: int64, or int32
 * with outInt32. */
TH_API int THTensor_searchsorted(THTensor *r, const THTensor *sortedSequence, const THTensor *values, int outInt32, int right,
                                 const THTensor *sorter);
/* The bucket of each input element for 1-d boundaries (searchsorted with the arguments swapped). */
TH_API int THTensor_bucketize(THTensor *r, const THTensor *input, const THTensor *boundaries, int outInt32, int right);

/* Histogram of a (float32/float64) with `bins` equal bins over [min, max] (min == max: the data's
 * range); the result has a's dtype. */
TH_API int THTensor_histc(THTensor *r, const THTensor *a, int64_t bins, double min, double max);
/* Counts of each value of a (1-d, non-negative integers), or sums of weights; weights may be NULL. */
TH_API int THTensor_bincount(THTensor *r, const THTensor *a, const THTensor *weights, int64_t minlength);
/* bincount's result dtype: int64 without weights, float32 for float32 weights, else float64. */
TH_API THDType THTensor_bincountResultType(const THTensor *weights);

#endif
