/* THTensor.h — a strided view (sizes, strides, offset, dtype) on a refcounted THStorage.
 * Functions named *new* return an owned reference; release it with THTensor_free. */
#ifndef TH_TENSOR_H
#define TH_TENSOR_H

#include "THDType.h"
#include "THStorage.h"

typedef struct THTensor THTensor;

/* ---- creation and lifetime ---- */
/* A 1-d tensor with no elements. */
TH_API THTensor *THTensor_new(THDType dtype);
/* Contiguous, uninitialised. ndim may be 0 (a scalar). */
TH_API THTensor *THTensor_newWithSize(THDType dtype, int ndim, const int64_t *sizes);
/* A view on `storage` (retained); strides NULL means contiguous. Checks that it fits. */
TH_API THTensor *THTensor_newWithStorage(THStorage *storage, THDType dtype, int64_t offset, int ndim,
                                         const int64_t *sizes, const int64_t *strides);
/* A 0-d tensor holding `value`. */
TH_API THTensor *THTensor_newScalar(THDType dtype, double value);
/* A JS/Python number operand: 0-d, int64 when integral else float64, and flagged so that type
 * promotion looks only at its category (PyTorch's "wrapped number"). */
TH_API THTensor *THTensor_newWrappedNumber(double value);
/* A JS/Python boolean operand: 0-d bool, flagged the same way. */
TH_API THTensor *THTensor_newWrappedBool(int value);
/* Another tensor object sharing the same storage, sizes and strides. */
TH_API THTensor *THTensor_newAlias(const THTensor *t);
TH_API void THTensor_retain(THTensor *t);
TH_API void THTensor_free(THTensor *t);

/* ---- accessors ---- */
TH_API THDType THTensor_dtype(const THTensor *t);
TH_API int THTensor_ndim(const THTensor *t);
TH_API const int64_t *THTensor_sizes(const THTensor *t);
TH_API const int64_t *THTensor_strides(const THTensor *t); /* in elements */
TH_API int64_t THTensor_size(const THTensor *t, int dim);   /* dim must be valid */
TH_API int64_t THTensor_stride(const THTensor *t, int dim);
TH_API int64_t THTensor_numel(const THTensor *t);
TH_API int64_t THTensor_storageOffset(const THTensor *t);
TH_API THStorage *THTensor_storage(const THTensor *t); /* borrowed */
TH_API void *THTensor_data(const THTensor *t);         /* address of the first element */
TH_API int THTensor_isContiguous(const THTensor *t);
/* True when t has shape (ndim, sizes). */
TH_API int THTensor_hasShape(const THTensor *t, int ndim, const int64_t *sizes);
/* PyTorch's resize_output for out= tensors: r keeps its layout when it has the shape already,
 * else it is resized (contiguous). */
TH_API int THTensor_resizeOutput(THTensor *r, int ndim, const int64_t *sizes);
/* True when a and b (either may be NULL: false) share one storage. */
TH_API int THTensor_sharesStorage(const THTensor *a, const THTensor *b);
/* True when a and b are the same view: one storage, offset, dtype, shape and strides. */
TH_API int THTensor_isSameView(const THTensor *a, const THTensor *b);
TH_API int THTensor_isWrappedNumber(const THTensor *t);
/* Bumped by every in-place write; autograd uses it to detect modified saved tensors. */
TH_API uint64_t THTensor_version(const THTensor *t);
TH_API void THTensor_bumpVersion(THTensor *t);
/* Wraps a possibly negative dim into [0, ndim) or fails with PyTorch's message. */
TH_API int THTensor_wrapDim(const THTensor *t, int64_t dim, int *out);
TH_API double THTensor_item(const THTensor *t, int *status);

/* ---- resizing (in place; storage grows if needed, contents unspecified) ---- */
TH_API int THTensor_resize(THTensor *t, int ndim, const int64_t *sizes);
/* Resize to `sizes` with the dimension order `perm` (perm[0] outermost in memory) — used to give
 * elementwise results the memory layout of their inputs. perm NULL means contiguous. */
TH_API int THTensor_resizeWithLayout(THTensor *t, int ndim, const int64_t *sizes, const int *perm);

/* ---- views: no copy; each returns a new tensor object or NULL ---- */
TH_API THTensor *THTensor_newView(const THTensor *t, int ndim, const int64_t *sizes); /* one size may be -1 */
TH_API THTensor *THTensor_newReshape(const THTensor *t, int ndim, const int64_t *sizes); /* view if possible, else copy */
TH_API THTensor *THTensor_newFlatten(const THTensor *t, int64_t startDim, int64_t endDim);
/* reshape and flatten with the copy (when no view fits) made by `contiguous`: a device library
 * passes its own, since libTH's copies only host memory */
typedef THTensor *(*THContiguousFn)(void *ctx, const THTensor *t);
TH_API THTensor *THTensor_newReshapeUsing(const THTensor *t, int ndim, const int64_t *sizes, THContiguousFn contiguous, void *ctx);
TH_API THTensor *THTensor_newFlattenUsing(const THTensor *t, int64_t startDim, int64_t endDim, THContiguousFn contiguous, void *ctx);
TH_API THTensor *THTensor_newUnflatten(const THTensor *t, int64_t dim, int n, const int64_t *sizes);
TH_API THTensor *THTensor_newTranspose(const THTensor *t, int64_t dim0, int64_t dim1);
TH_API THTensor *THTensor_newPermute(const THTensor *t, int n, const int64_t *dims);
TH_API THTensor *THTensor_newT(const THTensor *t);  /* <= 2-d transpose */
TH_API THTensor *THTensor_newMT(const THTensor *t); /* transposes the last two dims */
TH_API THTensor *THTensor_newNarrow(const THTensor *t, int64_t dim, int64_t start, int64_t length);
TH_API THTensor *THTensor_newSelect(const THTensor *t, int64_t dim, int64_t index);
/* Python slice semantics: start/end are clamped; step > 0. */
TH_API THTensor *THTensor_newSlice(const THTensor *t, int64_t dim, int64_t start, int64_t end, int64_t step);
TH_API THTensor *THTensor_newExpand(const THTensor *t, int ndim, const int64_t *sizes); /* -1 keeps a size */
TH_API THTensor *THTensor_newSqueeze(const THTensor *t);
TH_API THTensor *THTensor_newSqueezeDim(const THTensor *t, int64_t dim);
TH_API THTensor *THTensor_newUnsqueeze(const THTensor *t, int64_t dim);
TH_API THTensor *THTensor_newUnfold(const THTensor *t, int64_t dim, int64_t size, int64_t step);
TH_API THTensor *THTensor_newAsStrided(const THTensor *t, int ndim, const int64_t *sizes, const int64_t *strides,
                                       int64_t storageOffset);
TH_API THTensor *THTensor_newMovedim(const THTensor *t, int n, const int64_t *src, const int64_t *dst);
TH_API THTensor *THTensor_newDiagonal(const THTensor *t, int64_t offset, int64_t dim1, int64_t dim2);

/* ---- copies ---- */
/* t itself (retained) when contiguous, else a contiguous copy. */
TH_API THTensor *THTensor_newContiguous(const THTensor *t);
/* A copy with t's memory layout when t is dense (PyTorch's preserve_format), else contiguous. */
TH_API THTensor *THTensor_newClone(const THTensor *t);
/* Copies src into dst, broadcasting src to dst's shape and converting dtypes. */
TH_API int THTensor_copy(THTensor *dst, const THTensor *src);
/* A copy converted to dtype, laid out as newClone does (t itself, retained, when it already has
 * that dtype and forceCopy is 0). */
TH_API THTensor *THTensor_newTo(const THTensor *t, THDType dtype, int forceCopy);

/* ---- shapes ---- */
/* PyTorch's broadcast of two shapes; fails with a message naming both. */
TH_API int THBroadcastShapes(int na, const int64_t *a, int nb, const int64_t *b, int *nout, int64_t *out);

#endif
