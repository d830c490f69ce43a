/* Views: new tensor objects over the same storage, never a copy. */
#include "THInternal.h"

#include <string.h>

THTensor *THTensor_newRawView(const THTensor *t, int ndim, const int64_t *sizes, const int64_t *strides, int64_t offset) {
  THTensor *v = THTensor_alloc(t->dtype);
  if (!v) return NULL;
  THStorage_retain(t->storage);
  v->storage = t->storage;
  v->offset = offset;
  v->ndim = ndim;
  memcpy(v->sizes, sizes, sizeof(int64_t) * (size_t)ndim);
  memcpy(v->strides, strides, sizeof(int64_t) * (size_t)ndim);
  return v;
}

static int inferSize(const THTensor *t, int ndim, const int64_t *sizes, int64_t *out, const char *op) {
  char ba[TH_SHAPE_BUF];
  int64_t numel = THTensor_numel(t), known = 1;
  int infer = -1;
  if (ndim > TH_MAX_DIMS) return THError("%s: at most %d dimensions are supported, got %d", op, TH_MAX_DIMS, ndim);
  for (int i = 0; i < ndim; i++) {
    if (sizes[i] == -1) {
      if (infer >= 0) return THError("%s: only one dimension can be inferred", op);
      infer = i;
    } else if (sizes[i] < 0) {
      return THError("%s: invalid shape dimension %lld", op, (long long)sizes[i]);
    } else {
      known *= sizes[i];
    }
    out[i] = sizes[i];
  }
  if (infer >= 0) {
    if (known == 0 || numel % known != 0)
      return THError("shape '%s' is invalid for input of size %lld", THShapeStr(ba, sizeof ba, ndim, sizes), (long long)numel);
    out[infer] = numel / known;
  } else if (known != numel) {
    return THError("shape '%s' is invalid for input of size %lld", THShapeStr(ba, sizeof ba, ndim, sizes), (long long)numel);
  }
  return TH_OK;
}

/* PyTorch's computeStride: strides for viewing t as `sizes` without a copy, or 0 if impossible. */
static int viewStrides(const THTensor *t, int ndim, const int64_t *sizes, int64_t *strides) {
  int64_t numel = THTensor_numel(t);
  if (numel == 0 || t->ndim == 0) {
    int64_t s = 1;
    for (int i = ndim - 1; i >= 0; i--) {
      strides[i] = s;
      s *= sizes[i] > 1 ? sizes[i] : 1;
    }
    return 1;
  }
  int viewD = ndim - 1;
  int64_t chunkBase = t->strides[t->ndim - 1], tensorNumel = 1, viewNumel = 1;
  for (int d = t->ndim - 1; d >= 0; d--) {
    tensorNumel *= t->sizes[d];
    if (d == 0 || (t->sizes[d - 1] != 1 && t->strides[d - 1] != tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || sizes[viewD] == 1)) {
        strides[viewD] = viewNumel * chunkBase;
        viewNumel *= sizes[viewD];
        viewD--;
      }
      if (viewNumel != tensorNumel) return 0;
      if (d > 0) {
        chunkBase = t->strides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD == -1;
}

THTensor *THTensor_newView(const THTensor *t, int ndim, const int64_t *sizes) {
  int64_t shape[TH_MAX_DIMS], strides[TH_MAX_DIMS];
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  if (inferSize(t, ndim, sizes, shape, "view")) return NULL;
  if (!viewStrides(t, ndim, shape, strides)) {
    THError("view size is not compatible with input tensor's size and stride (at least one dimension spans across two "
            "contiguous subspaces): viewing a tensor of size %s and stride %s as %s. Use .reshape(...) instead.",
            THShapeStr(ba, sizeof ba, t->ndim, t->sizes), THShapeStr(bb, sizeof bb, t->ndim, t->strides),
            THShapeStr((char[TH_SHAPE_BUF]){0}, TH_SHAPE_BUF, ndim, shape));
    return NULL;
  }
  return THTensor_newRawView(t, ndim, shape, strides, t->offset);
}

static THTensor *hostContiguous(void *ctx, const THTensor *t) {
  (void)ctx;
  return THTensor_newContiguous(t);
}

THTensor *THTensor_newReshapeUsing(const THTensor *t, int ndim, const int64_t *sizes, THContiguousFn contiguous, void *ctx) {
  int64_t shape[TH_MAX_DIMS], strides[TH_MAX_DIMS];
  if (inferSize(t, ndim, sizes, shape, "reshape")) return NULL;
  if (viewStrides(t, ndim, shape, strides)) return THTensor_newRawView(t, ndim, shape, strides, t->offset);
  THTensor *c = contiguous(ctx, t);
  if (!c) return NULL;
  THTensor *v = THTensor_newView(c, ndim, shape);
  THTensor_free(c);
  return v;
}

THTensor *THTensor_newReshape(const THTensor *t, int ndim, const int64_t *sizes) {
  return THTensor_newReshapeUsing(t, ndim, sizes, hostContiguous, NULL);
}

THTensor *THTensor_newFlattenUsing(const THTensor *t, int64_t startDim, int64_t endDim, THContiguousFn contiguous, void *ctx) {
  int s, e;
  if (THTensor_wrapDim(t, startDim, &s) || THTensor_wrapDim(t, endDim, &e)) return NULL;
  if (s > e) return THError("flatten() has invalid args: start_dim cannot come after end_dim"), NULL;
  if (t->ndim == 0) {
    int64_t one = 1;
    return THTensor_newReshapeUsing(t, 1, &one, contiguous, ctx);
  }
  int64_t shape[TH_MAX_DIMS];
  int n = 0;
  for (int i = 0; i < s; i++) shape[n++] = t->sizes[i];
  int64_t prod = 1;
  for (int i = s; i <= e; i++) prod *= t->sizes[i];
  shape[n++] = prod;
  for (int i = e + 1; i < t->ndim; i++) shape[n++] = t->sizes[i];
  return THTensor_newReshapeUsing(t, n, shape, contiguous, ctx);
}

THTensor *THTensor_newFlatten(const THTensor *t, int64_t startDim, int64_t endDim) {
  return THTensor_newFlattenUsing(t, startDim, endDim, hostContiguous, NULL);
}

THTensor *THTensor_newUnflatten(const THTensor *t, int64_t dim, int n, const int64_t *sizes) {
  int d;
  char ba[TH_SHAPE_BUF];
  if (THTensor_wrapDim(t, dim, &d)) return NULL;
  if (t->ndim == 0) return THError("unflatten: Dimension specified as %lld but tensor has no dimensions", (long long)dim), NULL;
  if (n < 1) return THError("unflatten: sizes must be non-empty"), NULL;
  if (t->ndim - 1 + n > TH_MAX_DIMS) return THError("unflatten: too many dimensions"), NULL;
  int64_t part[TH_MAX_DIMS], shape[TH_MAX_DIMS];
  int64_t known = 1;
  int infer = -1;
  for (int i = 0; i < n; i++) {
    if (sizes[i] == -1) {
      if (infer >= 0) return THError("unflatten: only one dimension can be inferred"), NULL;
      infer = i;
    } else {
      known *= sizes[i];
    }
    part[i] = sizes[i];
  }
  if (infer >= 0 && known != 0 && t->sizes[d] % known == 0) part[infer] = t->sizes[d] / known, known *= part[infer];
  if (known != t->sizes[d] || (infer >= 0 && part[infer] == -1))
    return THError("unflatten: Provided sizes %s don't multiply up to the size of dim %d (%lld) in the input tensor",
                   THShapeStr(ba, sizeof ba, n, sizes), d, (long long)t->sizes[d]),
           NULL;
  int k = 0;
  for (int i = 0; i < d; i++) shape[k++] = t->sizes[i];
  for (int i = 0; i < n; i++) shape[k++] = part[i];
  for (int i = d + 1; i < t->ndim; i++) shape[k++] = t->sizes[i];
  return THTensor_newView(t, k, shape);
}

THTensor *THTensor_newTranspose(const THTensor *t, int64_t dim0, int64_t dim1) {
  int a, b;
  if (THTensor_wrapDim(t, dim0, &a) || THTensor_wrapDim(t, dim1, &b)) return NULL;
  THTensor *v = THTensor_newAlias(t);
  if (!v || t->ndim == 0) return v;
  int64_t s = v->sizes[a];
  v->sizes[a] = v->sizes[b];
  v->sizes[b] = s;
  s = v->strides[a];
  v->strides[a] = v->strides[b];
  v->strides[b] = s;
  return v;
}

THTensor *THTensor_newPermute(const THTensor *t, int n, const int64_t *dims) {
  if (n != t->ndim)
    return THError("permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired "
                   "ordering of dimensions i.e. input.dim() = %d is not equal to len(dims) = %d",
                   t->ndim, n),
           NULL;
  int64_t sizes[TH_MAX_DIMS], strides[TH_MAX_DIMS];
  int seen[TH_MAX_DIMS] = {0};
  for (int i = 0; i < n; i++) {
    int d;
    if (THTensor_wrapDim(t, dims[i], &d)) return NULL;
    if (seen[d]) return THError("permute(): duplicate dims are not allowed (dim %d appears twice)", d), NULL;
    seen[d] = 1;
    sizes[i] = t->sizes[d];
    strides[i] = t->strides[d];
  }
  return THTensor_newRawView(t, n, sizes, strides, t->offset);
}

THTensor *THTensor_newT(const THTensor *t) {
  if (t->ndim > 2) return THError("t() expects a tensor with <= 2 dimensions, but self is %dD", t->ndim), NULL;
  if (t->ndim < 2) return THTensor_newAlias(t);
  return THTensor_newTranspose(t, 0, 1);
}

THTensor *THTensor_newMT(const THTensor *t) {
  if (t->ndim < 2) return THError("tensor.mT is only supported on matrices or batches of matrices. Got %dD tensor.", t->ndim), NULL;
  return THTensor_newTranspose(t, -2, -1);
}

THTensor *THTensor_newNarrow(const THTensor *t, int64_t dim, int64_t start, int64_t length) {
  int d;
  if (t->ndim == 0) return THError("narrow() cannot be applied to a 0-dim tensor."), NULL;
  if (THTensor_wrapDim(t, dim, &d)) return NULL;
  int64_t size = t->sizes[d];
  if (start < -size || start > size)
    return THError("start out of range (expected to be in range of [%lld, %lld], but got %lld)", (long long)-size,
                   (long long)size, (long long)start),
           NULL;
  if (start < 0) start += size;
  if (length < 0 || start > size - length)
    return THError("start (%lld) + length (%lld) exceeds dimension size (%lld).", (long long)start, (long long)length,
                   (long long)size),
           NULL;
  THTensor *v = THTensor_newAlias(t);
  if (!v) return NULL;
  v->offset += start * t->strides[d];
  v->sizes[d] = length;
  return v;
}

THTensor *THTensor_newSelect(const THTensor *t, int64_t dim, int64_t index) {
  int d;
  if (t->ndim == 0) return THError("select() cannot be applied to a 0-dim tensor."), NULL;
  if (THTensor_wrapDim(t, dim, &d)) return NULL;
  int64_t size = t->sizes[d];
  if (index < -size || index >= size)
    return THError("select(): index %lld out of range for tensor of size %s at dimension %d", (long long)index,
                   THShapeStr((char[TH_SHAPE_BUF]){0}, TH_SHAPE_BUF, t->ndim, t->sizes), d),
           NULL;
  if (index < 0) index += size;
  int64_t sizes[TH_MAX_DIMS], strides[TH_MAX_DIMS];
  int n = 0;
  for (int i = 0; i < t->ndim; i++)
    if (i != d) sizes[n] = t->sizes[i], strides[n++] = t->strides[i];
  return THTensor_newRawView(t, n, sizes, strides, t->offset + index * t->strides[d]);
}

THTensor *THTensor_newSlice(const THTensor *t, int64_t dim, int64_t start, int64_t end, int64_t step) {
  int d;
  if (t->ndim == 0) return THError("slice() cannot be applied to a 0-dim tensor."), NULL;
  if (THTensor_wrapDim(t, dim, &d)) return NULL;
  if (step <= 0) return THError("slice step must be positive, but got %lld", (long long)step), NULL;
  int64_t size = t->sizes[d];
  if (start < 0) start += size;
  if (end < 0) end += size;
  if (start < 0) start = 0;
  if (start > size) start = size;
  if (end < start) end = start;
  if (end > size) end = size;
  THTensor *v = THTensor_newAlias(t);
  if (!v) return NULL;
  v->offset += start * t->strides[d];
  v->sizes[d] = (end - start + step - 1) / step;
  v->strides[d] = t->strides[d] * step;
  return v;
}

THTensor *THTensor_newExpand(const THTensor *t, int ndim, const int64_t *sizes) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  if (ndim < t->ndim)
    return THError("expand: the number of sizes provided (%d) must be greater or equal to the number of dimensions in the "
                   "tensor (%d)",
                   ndim, t->ndim),
           NULL;
  if (ndim > TH_MAX_DIMS) return THError("expand: at most %d dimensions are supported", TH_MAX_DIMS), NULL;
  int64_t outSizes[TH_MAX_DIMS], outStrides[TH_MAX_DIMS];
  for (int i = ndim - 1; i >= 0; i--) {
    int j = i - (ndim - t->ndim);
    int64_t want = sizes[i];
    if (j < 0) {
      if (want < 0)
        return THError("expand: -1 is not allowed in a leading, non-existing dimension %d (target sizes %s)", i,
                       THShapeStr(ba, sizeof ba, ndim, sizes)),
               NULL;
      outSizes[i] = want;
      outStrides[i] = 0;
      continue;
    }
    int64_t have = t->sizes[j];
    if (want == -1) want = have;
    if (have == want) {
      outSizes[i] = have;
      outStrides[i] = t->strides[j];
    } else if (have == 1 && want >= 0) {
      outSizes[i] = want;
      outStrides[i] = 0;
    } else {
      return THError("The expanded size of the tensor (%lld) must match the existing size (%lld) at non-singleton "
                     "dimension %d.  Target sizes: %s.  Tensor sizes: %s",
                     (long long)want, (long long)have, i, THShapeStr(ba, sizeof ba, ndim, sizes),
                     THShapeStr(bb, sizeof bb, t->ndim, t->sizes)),
             NULL;
    }
  }
  return THTensor_newRawView(t, ndim, outSizes, outStrides, t->offset);
}

THTensor *THTensor_newSqueeze(const THTensor *t) {
  int64_t sizes[TH_MAX_DIMS], strides[TH_MAX_DIMS];
  int n = 0;
  for (int i = 0; i < t->ndim; i++)
    if (t->sizes[i] != 1) sizes[n] = t->sizes[i], strides[n++] = t->strides[i];
  return THTensor_newRawView(t, n, sizes, strides, t->offset);
}

THTensor *THTensor_newSqueezeDim(const THTensor *t, int64_t dim) {
  int d;
  if (THTensor_wrapDim(t, dim, &d)) return NULL;
  if (t->ndim == 0 || t->sizes[d] != 1) return THTensor_newAlias(t);
  return THTensor_newSelect(t, d, 0);
}

THTensor *THTensor_newUnsqueeze(const THTensor *t, int64_t dim) {
  int n = t->ndim + 1, d;
  if (THWrapDim(dim, n, &d)) return NULL;
  if (t->ndim >= TH_MAX_DIMS) return THError("unsqueeze: at most %d dimensions are supported", TH_MAX_DIMS), NULL;
  int64_t sizes[TH_MAX_DIMS], strides[TH_MAX_DIMS];
  for (int i = 0, k = 0; i < n; i++) {
    if (i == d) {
      sizes[i] = 1;
      strides[i] = d < t->ndim ? t->sizes[d] * t->strides[d] : 1;
    } else {
      sizes[i] = t->sizes[k];
      strides[i] = t->strides[k++];
    }
  }
  return THTensor_newRawView(t, n, sizes, strides, t->offset);
}

THTensor *THTensor_newUnfold(const THTensor *t, int64_t dim, int64_t size, int64_t step) {
  int d = 0;
  if (THTensor_wrapDim(t, dim, &d)) return NULL;
  int64_t dimSize = t->ndim ? t->sizes[d] : 1, dimStride = t->ndim ? t->strides[d] : 1;
  if (size > dimSize) return THError("maximum size for tensor at dimension %d is %lld but size is %lld", d, (long long)dimSize, (long long)size), NULL;
  if (size < 0) return THError("unfold: size is %lld but must be >= 0", (long long)size), NULL;
  if (step <= 0) return THError("step is %lld but must be > 0", (long long)step), NULL;
  if (t->ndim >= TH_MAX_DIMS) return THError("unfold: at most %d dimensions are supported", TH_MAX_DIMS), NULL;
  int64_t sizes[TH_MAX_DIMS], strides[TH_MAX_DIMS];
  for (int i = 0; i < t->ndim; i++) sizes[i] = t->sizes[i], strides[i] = t->strides[i];
  if (t->ndim) {
    sizes[d] = (dimSize - size) / step + 1;
    strides[d] = step * dimStride;
  }
  int n = t->ndim ? t->ndim : 0;
  sizes[n] = size;
  strides[n] = dimStride;
  return THTensor_newRawView(t, n + 1, sizes, strides, t->offset);
}

THTensor *THTensor_newAsStrided(const THTensor *t, int ndim, const int64_t *sizes, const int64_t *strides, int64_t storageOffset) {
  return THTensor_newWithStorage(t->storage, t->dtype, storageOffset < 0 ? t->offset : storageOffset, ndim, sizes, strides);
}

THTensor *THTensor_newMovedim(const THTensor *t, int n, const int64_t *src, const int64_t *dst) {
  int nd = t->ndim ? t->ndim : 1;
  int order[TH_MAX_DIMS], used[TH_MAX_DIMS] = {0}, srcTaken[TH_MAX_DIMS] = {0};
  int64_t dims[TH_MAX_DIMS];
  if (n > nd) return THError("movedim: Invalid source or destination dims: source has %d dims and the tensor %d", n, t->ndim), NULL;
  for (int i = 0; i < nd; i++) order[i] = -1;
  for (int i = 0; i < n; i++) {
    int s, d;
    if (THTensor_wrapDim(t, src[i], &s) || THTensor_wrapDim(t, dst[i], &d)) return NULL;
    if (srcTaken[s]) return THError("movedim: repeated dim in `source` (%lld)", (long long)src[i]), NULL;
    if (order[d] >= 0) return THError("movedim: repeated dim in `destination` (%lld)", (long long)dst[i]), NULL;
    srcTaken[s] = 1;
    order[d] = s;
    used[s] = 1;
  }
  int next = 0;
  for (int i = 0; i < nd; i++) {
    if (order[i] >= 0) continue;
    while (used[next]) next++;
    order[i] = next++;
  }
  if (t->ndim == 0) return THTensor_newAlias(t);
  for (int i = 0; i < nd; i++) dims[i] = order[i];
  return THTensor_newPermute(t, nd, dims);
}

THTensor *THTensor_newDiagonal(const THTensor *t, int64_t offset, int64_t dim1, int64_t dim2) {
  int a, b;
  if (t->ndim < 2) return THError("diagonal dimensions requires ndim larger than 1, but got %d", t->ndim), NULL;
  if (THTensor_wrapDim(t, dim1, &a) || THTensor_wrapDim(t, dim2, &b)) return NULL;
  if (a == b) return THError("diagonal dimensions cannot be identical %lld, %lld", (long long)dim1, (long long)dim2), NULL;
  int64_t diagSize, off = t->offset;
  if (offset >= 0) {
    diagSize = t->sizes[a] < t->sizes[b] - offset ? t->sizes[a] : t->sizes[b] - offset;
  } else {
    diagSize = t->sizes[a] + offset < t->sizes[b] ? t->sizes[a] + offset : t->sizes[b];
  }
  if (diagSize < 0) diagSize = 0;
  else if (offset >= 0) off += offset * t->strides[b];
  else off -= offset * t->strides[a];
  int64_t sizes[TH_MAX_DIMS], strides[TH_MAX_DIMS];
  int n = 0;
  for (int i = 0; i < t->ndim; i++)
    if (i != a && i != b) sizes[n] = t->sizes[i], strides[n++] = t->strides[i];
  sizes[n] = diagSize;
  strides[n++] = t->strides[a] + t->strides[b];
  return THTensor_newRawView(t, n, sizes, strides, diagSize ? off : t->offset);
}
