/* THCSort.h — sorting, selection and search of CUDA tensors: libTH's THSort.h with a THCState
 * first. Semantics, result dtypes and messages are libTH's (read THSort.h): every sort is stable,
 * NaN orders above +inf (last ascending, first descending), -0 == +0, ties keep input order;
 * topk returns the k largest (smallest) in sorted order with ties in input order. argsort is sort
 * with values NULL; msort is sort along dim 0.
 *
 * On the GPU: slices of up to THC_SORT_BLOCK_MAX elements are sorted in shared memory (a
 * bitonic network over (key, index) pairs, several short slices per block), longer ones by a
 * stable radix sort (CUB) over all slices at once; keys are libTH's order-preserving integer
 * keys. topk, kthvalue, median, mode and quantile sort and then pick. Unlike libTH (CPU), topk,
 * kthvalue, median and unique also take float16, as PyTorch's CUDA kernels do. Ops whose result
 * size depends on the data (unique, bincount, histc with min == max) synchronise the current
 * stream to read it; so do searchsorted's sorter check and bincount's input check. histc and
 * bincount count with atomics (exact for counts; bincount's float weight sums round in an
 * unspecified order, as in PyTorch's CUDA bincount). */
#ifndef THC_SORT_H
#define THC_SORT_H

#include "THC/THCGeneral.h"

TH_API int THCTensor_sort(THCState *state, THTensor *values, THTensor *indices, const THTensor *a, int64_t dim, int descending,
                          int stable);
TH_API int THCTensor_topk(THCState *state, THTensor *values, THTensor *indices, const THTensor *a, int64_t k, int64_t dim,
                          int largest, int sorted);
TH_API int THCTensor_kthvalue(THCState *state, THTensor *values, THTensor *indices, const THTensor *a, int64_t k, int64_t dim,
                              int keepdim);
TH_API int THCTensor_median(THCState *state, THTensor *values, THTensor *indices, const THTensor *a, int64_t dim, int keepdim,
                            int ignoreNan);
TH_API int THCTensor_medianAll(THCState *state, THTensor *r, const THTensor *a, int ignoreNan);
TH_API int THCTensor_mode(THCState *state, THTensor *values, THTensor *indices, const THTensor *a, int64_t dim, int keepdim);

/* q: 0-d or 1-d, a's dtype, on the device or the host (it is read on the host). */
TH_API int THCTensor_quantile(THCState *state, THTensor *r, const THTensor *a, const THTensor *q, int hasDim, int64_t dim,
                              int keepdim, THQuantileMode mode, int ignoreNan);
TH_API int THCTensor_quantileScalar(THCState *state, THTensor *r, const THTensor *a, double q, int hasDim, int64_t dim,
                                    int keepdim, THQuantileMode mode, int ignoreNan);

TH_API int THCTensor_unique(THCState *state, THTensor *output, THTensor *inverse, THTensor *counts, const THTensor *a, int sorted,
                            int hasDim, int64_t dim);
TH_API int THCTensor_uniqueConsecutive(THCState *state, THTensor *output, THTensor *inverse, THTensor *counts, const THTensor *a,
                                       int hasDim, int64_t dim);

TH_API int THCTensor_searchsorted(THCState *state, THTensor *r, const THTensor *sortedSequence, const THTensor *values, int outInt32,
                                  int right, const THTensor *sorter);
TH_API int THCTensor_bucketize(THCState *state, THTensor *r, const THTensor *input, const THTensor *boundaries, int outInt32,
                               int right);

TH_API int THCTensor_histc(THCState *state, THTensor *r, const THTensor *a, int64_t bins, double min, double max);
TH_API int THCTensor_bincount(THCState *state, THTensor *r, const THTensor *a, const THTensor *weights, int64_t minlength);

#endif
