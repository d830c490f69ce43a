/* THCIndex.h — advanced indexing, gather/scatter, masking, joining (cat/stack), reordering and
 * repetition of CUDA tensors: libTH's THIndex.h with a THCState first (tril/triu are in THCBlas.h).
 *
 * Semantics, result dtypes and error messages are libTH's, op for op; read THIndex.h for each
 * function. What differs on the GPU:
 * - Index values are checked before anything is written: an index out of range fails with
 *   libTH's message (the first bad index in libTH's order) and leaves the tensors and the device
 *   usable (no device-side assert). The check reads one word back, so these ops synchronise the
 *   current stream once; so do the ops whose result size depends on the data (masked_select,
 *   nonzero, a boolean mask index, repeat_interleave) to learn that size.
 * - Reductions into one element from several positions (index_add_, index_put_ with accumulate,
 *   put_ with accumulate, scatter_add_ and scatter_reduce_) use atomics, as PyTorch's CUDA kernels
 *   do: integer results and max/min are exact, but float sums and products round in an order that
 *   may change from run to run. Assignments to one element from several positions (index_copy_,
 *   index_put_, put_, scatter_ with duplicate indices) keep one of the values, unspecified which
 *   (as PyTorch's CUDA kernels).
 * - Operands must be on one device (0-d host tensors are scalars); results on that device.
 * The views that split a tensor (split, chunk, tensor_split, unbind) and catResultType touch no
 * data: libTH's THTensor_* functions work on CUDA tensors unchanged. */
#ifndef THC_INDEX_H
#define THC_INDEX_H

#include "THC/THCGeneral.h"

/* ---- advanced indexing ---- */
TH_API int THCTensor_index(THCState *state, THTensor *r, const THTensor *self, int n, const THTensor *const *indices);
TH_API int THCTensor_indexPut(THCState *state, THTensor *self, int n, const THTensor *const *indices, const THTensor *values,
                              int accumulate);

/* ---- along one dim with a 1-d index ---- */
TH_API int THCTensor_indexSelect(THCState *state, THTensor *r, const THTensor *self, int64_t dim, const THTensor *index);
TH_API int THCTensor_indexAdd(THCState *state, THTensor *r, const THTensor *self, int64_t dim, const THTensor *index,
                              const THTensor *source, double alpha);
TH_API int THCTensor_indexCopy(THCState *state, THTensor *r, const THTensor *self, int64_t dim, const THTensor *index,
                               const THTensor *source);
TH_API int THCTensor_indexFill(THCState *state, THTensor *r, const THTensor *self, int64_t dim, const THTensor *index,
                               const THTensor *value);

/* ---- gather / scatter ---- */
TH_API int THCTensor_gather(THCState *state, THTensor *r, const THTensor *self, int64_t dim, const THTensor *index);
TH_API int THCTensor_scatter(THCState *state, THTensor *r, const THTensor *self, int64_t dim, const THTensor *index,
                             const THTensor *src, double value, THScatterReduce reduce);
TH_API int THCTensor_scatterReduce(THCState *state, THTensor *r, const THTensor *self, int64_t dim, const THTensor *index,
                                   const THTensor *src, THScatterReduce reduce, int includeSelf);
TH_API int THCTensor_take(THCState *state, THTensor *r, const THTensor *self, const THTensor *index);
TH_API int THCTensor_put(THCState *state, THTensor *r, const THTensor *self, const THTensor *index, const THTensor *source,
                         int accumulate);

/* ---- masks ---- */
TH_API int THCTensor_maskedFill(THCState *state, THTensor *r, const THTensor *self, const THTensor *mask, const THTensor *value);
TH_API int THCTensor_maskedSelect(THCState *state, THTensor *r, const THTensor *self, const THTensor *mask);
TH_API int THCTensor_maskedScatter(THCState *state, THTensor *r, const THTensor *self, const THTensor *mask,
                                   const THTensor *source);
TH_API int THCTensor_nonzero(THCState *state, THTensor *r, const THTensor *self);

/* ---- joining ---- */
TH_API int THCTensor_cat(THCState *state, THTensor *r, int n, const THTensor *const *tensors, int64_t dim);
TH_API int THCTensor_stack(THCState *state, THTensor *r, int n, const THTensor *const *tensors, int64_t dim);

/* ---- reordering and repetition (copies) ---- */
TH_API int THCTensor_flip(THCState *state, THTensor *r, const THTensor *self, int n, const int64_t *dims);
TH_API int THCTensor_roll(THCState *state, THTensor *r, const THTensor *self, int nShifts, const int64_t *shifts, int nDims,
                          const int64_t *dims);
TH_API int THCTensor_rot90(THCState *state, THTensor *r, const THTensor *self, int64_t k, int64_t dim0, int64_t dim1);
TH_API int THCTensor_repeat(THCState *state, THTensor *r, const THTensor *self, int n, const int64_t *repeats);
TH_API int THCTensor_repeatInterleave(THCState *state, THTensor *r, const THTensor *self, const THTensor *repeats, int hasDim,
                                      int64_t dim);
TH_API int THCTensor_narrowCopy(THCState *state, THTensor *r, const THTensor *self, int64_t dim, int64_t start, int64_t length);


#endif
