/* THIndex.h — advanced indexing, gather/scatter, masking, joining (cat/stack) and splitting.
 *
 * Conventions (as THTensorMath.h): results come first and are resized as needed. Ops that PyTorch
 * offers in place (index_add_, scatter_, masked_fill_, ...) take `r` and `self`: r becomes a copy
 * of self with the update applied; pass r == self for the in-place form. Index tensors are int64
 * (some ops also take int32, as PyTorch does); masks are bool (or uint8). Functions returning a
 * list of views (split, chunk, unbind, ...) fill out[0..cap) and report the count in *n: call
 * with cap 0 to learn it; each view returned is an owned reference.
 * Inputs (values, source, src, index, mask) that share memory with the tensor being written are
 * read from a private copy, so the result is the one computed from their values before the op
 * (PyTorch raises for some of these overlaps instead). Out-of-range indices fail with PyTorch's
 * message; the scatter family checks them row by row while it writes, as PyTorch does, so an
 * in-place scatter that fails may have written the rows before the bad one. */
#ifndef TH_INDEX_H
#define TH_INDEX_H

#include "THTensor.h"

/* ---- advanced indexing (x[indices], x[indices] = values) ---- */
/* PyTorch's x[i0, i1, ...] with n index tensors applied to dims from 0 on (NULL = a full slice
 * ":"). Index tensors are int64, int32, uint8 or bool (masks expand to their nonzero indices);
 * they broadcast together, and when the indexed dims are not adjacent the result's indexed dims
 * come first. Negative indices count from the end. r gets self's dtype. */
TH_API int THTensor_index(THTensor *r, const THTensor *self, int n, const THTensor *const *indices);
/* self[indices] = values (values broadcast to the indexing result), or += with accumulate (duplicate
 * indices then sum). In place on self. */
TH_API int THTensor_indexPut(THTensor *self, int n, const THTensor *const *indices, const THTensor *values, int accumulate);

/* ---- along one dim with a 1-d index ---- */
TH_API int THTensor_indexSelect(THTensor *r, const THTensor *self, int64_t dim, const THTensor *index);
/* r = self; r[..., index[i], ...] += alpha * source[..., i, ...] */
TH_API int THTensor_indexAdd(THTensor *r, const THTensor *self, int64_t dim, const THTensor *index, const THTensor *source,
                             double alpha);
TH_API int THTensor_indexCopy(THTensor *r, const THTensor *self, int64_t dim, const THTensor *index, const THTensor *source);
/* value: a 0-d tensor (or a wrapped number) */
TH_API int THTensor_indexFill(THTensor *r, const THTensor *self, int64_t dim, const THTensor *index, const THTensor *value);

/* ---- gather / scatter ---- */
typedef enum THScatterReduce {
  TH_SCATTER_NONE = 0, /* assignment */
  TH_SCATTER_SUM,      /* also scatter(reduce='add') */
  TH_SCATTER_PROD,     /* also scatter(reduce='multiply') */
  TH_SCATTER_MEAN,
  TH_SCATTER_AMAX,
  TH_SCATTER_AMIN
} THScatterReduce;
TH_API int THTensor_gather(THTensor *r, const THTensor *self, int64_t dim, const THTensor *index);
/* r = self; r[index[i][j]][j] (op)= src[i][j] (dim 0). src NULL: the 0-d `value` is scattered. */
TH_API int THTensor_scatter(THTensor *r, const THTensor *self, int64_t dim, const THTensor *index, const THTensor *src,
                            double value, THScatterReduce reduce);
/* PyTorch's scatter_reduce (reduce SUM..AMIN); includeSelf 0 leaves self's value out of the
 * reduction at the scattered positions. */
TH_API int THTensor_scatterReduce(THTensor *r, const THTensor *self, int64_t dim, const THTensor *index, const THTensor *src,
                                  THScatterReduce reduce, int includeSelf);
/* The identity of a scatter reduction (0, 1, or dt's lowest or highest value; -inf/inf for floats)
 * stored at dst as one element of dt. */
TH_API void THIndex_storeIdentity(THDType dt, int reduce, char *dst);
/* self.flatten()[index] (negative indices allowed); r has index's shape. */
TH_API int THTensor_take(THTensor *r, const THTensor *self, const THTensor *index);
/* r = self; r.flatten()[index] = source (or += with accumulate). */
TH_API int THTensor_put(THTensor *r, const THTensor *self, const THTensor *index, const THTensor *source, int accumulate);

/* ---- masks ---- */
/* r = self with value (a 0-d tensor or wrapped number) where mask (broadcast to self) is true. */
TH_API int THTensor_maskedFill(THTensor *r, const THTensor *self, const THTensor *mask, const THTensor *value);
/* The elements of self where mask is true (both broadcast), as a 1-d tensor. */
TH_API int THTensor_maskedSelect(THTensor *r, const THTensor *self, const THTensor *mask);
/* r = self; the positions where mask is true get source's elements in order. */
TH_API int THTensor_maskedScatter(THTensor *r, const THTensor *self, const THTensor *mask, const THTensor *source);
/* The indices of the nonzero elements: int64 [count, ndim]. */
TH_API int THTensor_nonzero(THTensor *r, const THTensor *self);

/* ---- joining ---- */
/* PyTorch's cat: result dtype the promotion of the inputs' dtypes; 1-d empty tensors are skipped. */
TH_API int THTensor_cat(THTensor *r, int n, const THTensor *const *tensors, int64_t dim);
TH_API int THTensor_stack(THTensor *r, int n, const THTensor *const *tensors, int64_t dim);
/* The dtype cat gives (PyTorch's result_type over the inputs). */
TH_API THDType THTensor_catResultType(int n, const THTensor *const *tensors);

/* ---- reordering and repetition (copies) ---- */
TH_API int THTensor_flip(THTensor *r, const THTensor *self, int n, const int64_t *dims);
/* nDims 0: rolled as a flattened tensor (one shift). */
TH_API int THTensor_roll(THTensor *r, const THTensor *self, int nShifts, const int64_t *shifts, int nDims, const int64_t *dims);
TH_API int THTensor_rot90(THTensor *r, const THTensor *self, int64_t k, int64_t dim0, int64_t dim1);
TH_API int THTensor_repeat(THTensor *r, const THTensor *self, int n, const int64_t *repeats);
/* repeat's layout, for every backend (checks PyTorch's rules on n and the repeats): r's shape (n
 * dims), and a walk over 2n dims [reps0, size0, reps1, size1, ...] of the given sizes, along which
 * self steps by srcStrides (staying put along reps_i) and a contiguous r by dstStrides. */
typedef struct THRepeatPlan {
  int64_t shape[TH_MAX_DIMS];
  int64_t sizes[TH_MAX_DIMS], srcStrides[TH_MAX_DIMS], dstStrides[TH_MAX_DIMS];
} THRepeatPlan;
TH_API int THRepeat_plan(THRepeatPlan *p, const THTensor *self, int n, const int64_t *repeats);
/* repeats: a tensor of int64 (0-d or 1-d); hasDim 0: self is flattened. self NULL: r gets the
 * indices repeat_interleave(repeats) (torch.repeat_interleave(repeats)). */
TH_API int THTensor_repeatInterleave(THTensor *r, const THTensor *self, const THTensor *repeats, int hasDim, int64_t dim);
TH_API int THTensor_narrowCopy(THTensor *r, const THTensor *self, int64_t dim, int64_t start, int64_t length);

/* ---- splitting (views, no copy) ---- */
TH_API int THTensor_split(const THTensor *t, int64_t splitSize, int64_t dim, THTensor **out, int cap, int *n);
TH_API int THTensor_splitWithSizes(const THTensor *t, int nSizes, const int64_t *sizes, int64_t dim, THTensor **out, int cap,
                                   int *n);
TH_API int THTensor_chunk(const THTensor *t, int64_t chunks, int64_t dim, THTensor **out, int cap, int *n);
/* tensor_split into `sections` parts, or at the nIdx indices. */
TH_API int THTensor_tensorSplit(const THTensor *t, int64_t sections, int64_t dim, THTensor **out, int cap, int *n);
TH_API int THTensor_tensorSplitIndices(const THTensor *t, int nIdx, const int64_t *indices, int64_t dim, THTensor **out,
                                       int cap, int *n);
TH_API int THTensor_unbind(const THTensor *t, int64_t dim, THTensor **out, int cap, int *n);

#endif
