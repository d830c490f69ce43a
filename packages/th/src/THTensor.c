/* Tensor objects: creation, lifetime, accessors and resizing. */
#include "THInternal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *THShapeStr(char *buf, size_t n, int ndim, const int64_t *sizes) {
  size_t len = 0;
  len += (size_t)snprintf(buf, n, "[");
  for (int i = 0; i < ndim && len < n; i++) len += (size_t)snprintf(buf + len, n - len, i ? ", %lld" : "%lld", (long long)sizes[i]);
  if (len < n) snprintf(buf + len, n - len, "]");
  return buf;
}

THTensor *THTensor_alloc(THDType dtype) {
  THTensor *t = calloc(1, sizeof *t);
  if (!t) return THError("out of memory allocating a tensor"), NULL;
  t->refcount = 1;
  t->dtype = dtype;
  TH_COUNT(liveTensors, 1);
  return t;
}

static int checkSizes(int ndim, const int64_t *sizes, int64_t *numel) {
  char buf[TH_SHAPE_BUF];
  if (ndim < 0 || ndim > TH_MAX_DIMS) return THError("tensors may have at most %d dimensions, but got %d", TH_MAX_DIMS, ndim);
  int64_t n = 1;
  for (int i = 0; i < ndim; i++) {
    if (sizes[i] < 0)
      return THError("Trying to create tensor with negative dimension %lld: %s", (long long)sizes[i],
                     THShapeStr(buf, sizeof buf, ndim, sizes));
    if (sizes[i] && n > INT64_MAX / sizes[i]) return THError("tensor of shape %s is too large", THShapeStr(buf, sizeof buf, ndim, sizes));
    n *= sizes[i];
  }
  *numel = n;
  return TH_OK;
}

static void setContiguous(THTensor *t, int ndim, const int64_t *sizes) {
  int64_t stride = 1;
  t->ndim = ndim;
  for (int i = ndim - 1; i >= 0; i--) {
    t->sizes[i] = sizes[i];
    t->strides[i] = stride;
    stride *= sizes[i] > 1 ? sizes[i] : 1;
  }
}

THTensor *THTensor_new(THDType dtype) {
  int64_t zero = 0;
  return THTensor_newWithSize(dtype, 1, &zero);
}

THTensor *THTensor_newWithSize(THDType dtype, int ndim, const int64_t *sizes) {
  int64_t numel;
  if ((unsigned)dtype >= TH_NumDTypes) return THError("invalid dtype %d", (int)dtype), NULL;
  if (checkSizes(ndim, sizes, &numel)) return NULL;
  if ((uint64_t)numel > (uint64_t)INT64_MAX / THDType_size(dtype)) return THError("tensor is too large"), NULL;
  THStorage *s = THStorage_new((size_t)numel * THDType_size(dtype), NULL);
  if (!s) return NULL;
  THTensor *t = THTensor_alloc(dtype);
  if (!t) {
    THStorage_free(s);
    return NULL;
  }
  t->storage = s;
  setContiguous(t, ndim, sizes);
  return t;
}

THTensor *THTensor_newWithStorage(THStorage *storage, THDType dtype, int64_t offset, int ndim, const int64_t *sizes,
                                  const int64_t *strides) {
  int64_t numel;
  char buf[TH_SHAPE_BUF];
  if ((unsigned)dtype >= TH_NumDTypes) return THError("invalid dtype %d", (int)dtype), NULL;
  if (checkSizes(ndim, sizes, &numel)) return NULL;
  if (offset < 0) return THError("storage offset must be non-negative, but got %lld", (long long)offset), NULL;
  THTensor *t = THTensor_alloc(dtype);
  if (!t) return NULL;
  if (strides) {
    t->ndim = ndim;
    for (int i = 0; i < ndim; i++) {
      if (strides[i] < 0) {
        THTensor_free(t);
        return THError("as_strided: negative strides are not supported, got %lld", (long long)strides[i]), NULL;
      }
      t->sizes[i] = sizes[i];
      t->strides[i] = strides[i];
    }
  } else {
    setContiguous(t, ndim, sizes);
  }
  /* the highest element addressed must lie inside the storage */
  int64_t last = offset;
  for (int i = 0; i < ndim; i++) last += (t->sizes[i] - 1) * t->strides[i];
  size_t need = numel ? (size_t)(last + 1) * THDType_size(dtype) : 0;
  if (need > storage->nbytes) {
    THTensor_free(t);
    THError("setStorage: sizes %s, strides %s and offset %lld need %zu bytes but the storage has %zu",
            THShapeStr(buf, sizeof buf, ndim, sizes), strides ? "given" : "contiguous", (long long)offset, need, storage->nbytes);
    return NULL;
  }
  THStorage_retain(storage);
  t->storage = storage;
  t->offset = offset;
  return t;
}

THTensor *THTensor_newScalar(THDType dtype, double value) {
  THTensor *t = THTensor_newWithSize(dtype, 0, NULL);
  if (t) thStoreAt[dtype](THTensor_bytes(t), 0, value);
  return t;
}

THTensor *THTensor_newWrappedNumber(double value) {
  int integral = value == value && value >= -9.2233720368547758e18 && value < 9.2233720368547758e18 && (double)(int64_t)value == value;
  THTensor *t = THTensor_newScalar(integral ? TH_Int64 : TH_Float64, value);
  if (t) t->wrappedNumber = 1;
  return t;
}

THTensor *THTensor_newWrappedBool(int value) {
  THTensor *t = THTensor_newScalar(TH_Bool, value != 0);
  if (t) t->wrappedNumber = 1;
  return t;
}

THTensor *THTensor_newAlias(const THTensor *src) {
  THTensor *t = THTensor_alloc(src->dtype);
  if (!t) return NULL;
  THStorage_retain(src->storage);
  t->storage = src->storage;
  t->offset = src->offset;
  t->ndim = src->ndim;
  memcpy(t->sizes, src->sizes, sizeof(int64_t) * (size_t)src->ndim);
  memcpy(t->strides, src->strides, sizeof(int64_t) * (size_t)src->ndim);
  return t;
}

void THTensor_retain(THTensor *t) { __atomic_add_fetch(&t->refcount, 1, __ATOMIC_RELAXED); }

void THTensor_free(THTensor *t) {
  if (!t || __atomic_sub_fetch(&t->refcount, 1, __ATOMIC_ACQ_REL) != 0) return;
  THStorage_free(t->storage);
  TH_COUNT(liveTensors, -1);
  free(t);
}

THDType THTensor_dtype(const THTensor *t) { return t->dtype; }
int THTensor_ndim(const THTensor *t) { return t->ndim; }
const int64_t *THTensor_sizes(const THTensor *t) { return t->sizes; }
const int64_t *THTensor_strides(const THTensor *t) { return t->strides; }
int64_t THTensor_size(const THTensor *t, int dim) { return t->sizes[dim]; }
int64_t THTensor_stride(const THTensor *t, int dim) { return t->strides[dim]; }
int64_t THTensor_storageOffset(const THTensor *t) { return t->offset; }
THStorage *THTensor_storage(const THTensor *t) { return t->storage; }
void *THTensor_data(const THTensor *t) { return THTensor_bytes(t); }
int THTensor_isWrappedNumber(const THTensor *t) { return t->wrappedNumber; }
uint64_t THTensor_version(const THTensor *t) { return t->version; }
void THTensor_bumpVersion(THTensor *t) { t->version++; }

int64_t THTensor_numel(const THTensor *t) {
  int64_t n = 1;
  for (int i = 0; i < t->ndim; i++) n *= t->sizes[i];
  return n;
}

int THTensor_hasShape(const THTensor *t, int ndim, const int64_t *sizes) {
  return t->ndim == ndim && (ndim == 0 || memcmp(t->sizes, sizes, sizeof(int64_t) * (size_t)ndim) == 0);
}

int THTensor_resizeOutput(THTensor *r, int ndim, const int64_t *sizes) {
  return THTensor_hasShape(r, ndim, sizes) ? TH_OK : THTensor_resize(r, ndim, sizes);
}

int THTensor_sharesStorage(const THTensor *a, const THTensor *b) { return a && b && a->storage == b->storage; }

int THTensor_isSameView(const THTensor *a, const THTensor *b) {
  if (a->storage != b->storage || a->offset != b->offset || a->dtype != b->dtype || a->ndim != b->ndim) return 0;
  for (int i = 0; i < a->ndim; i++)
    if (a->sizes[i] != b->sizes[i] || a->strides[i] != b->strides[i]) return 0;
  return 1;
}

int THTensor_isContiguous(const THTensor *t) {
  int64_t expected = 1;
  for (int i = t->ndim - 1; i >= 0; i--) {
    if (t->sizes[i] == 1) continue;
    if (t->sizes[i] == 0) return 1;
    if (t->strides[i] != expected) return 0;
    expected *= t->sizes[i];
  }
  return 1;
}

int THWrapDim(int64_t dim, int64_t n, int *out) {
  if (dim < -n || dim >= n)
    return THError("Dimension out of range (expected to be in range of [%lld, %lld], but got %lld)", (long long)-n,
                   (long long)(n - 1), (long long)dim);
  *out = (int)(dim < 0 ? dim + n : dim);
  return TH_OK;
}

int THTensor_wrapDim(const THTensor *t, int64_t dim, int *out) {
  return THWrapDim(dim, t->ndim > 0 ? t->ndim : 1, out); /* a 0-d tensor accepts dims -1 and 0 */
}

double THTensor_item(const THTensor *t, int *status) {
  int64_t n = THTensor_numel(t);
  *status = TH_OK;
  if (n != 1) {
    *status = THError("a Tensor with %lld elements cannot be converted to Scalar", (long long)n);
    return 0;
  }
  const char *p = THTensor_bytes(t);
  switch (t->dtype) {
    case TH_Bool: return *(const uint8_t *)p != 0;
    case TH_UInt8: return *(const uint8_t *)p;
    case TH_Int8: return *(const int8_t *)p;
    case TH_Int16: return *(const int16_t *)p;
    case TH_Int32: return *(const int32_t *)p;
    case TH_Int64: return (double)*(const int64_t *)p;
    case TH_Float16: return THHalf_toFloat(*(const uint16_t *)p);
    case TH_BFloat16: return THBFloat16_toFloat(*(const uint16_t *)p);
    case TH_Float32: return *(const float *)p;
    case TH_Float64: return *(const double *)p;
    default: *status = THError("invalid dtype"); return 0;
  }
}

int THTensor_resizeWithLayout(THTensor *t, int ndim, const int64_t *sizes, const int *perm) {
  int64_t numel;
  if (checkSizes(ndim, sizes, &numel)) return TH_ERR;
  size_t need = (size_t)(t->offset + numel) * THDType_size(t->dtype);
  if (need > t->storage->nbytes) {
    /* a storage shared with other views keeps its memory for them; this tensor gets a new one */
    if (t->storage->refcount > 1 || !t->storage->allocator) {
      /* from the same allocator, so that a device tensor stays on its device */
      THStorage *s = THStorage_new((size_t)numel * THDType_size(t->dtype), t->storage->allocator);
      if (!s) return TH_ERR;
      THStorage_free(t->storage);
      t->storage = s;
      t->offset = 0;
    } else if (THStorage_resize(t->storage, need)) {
      return TH_ERR;
    }
  }
  t->ndim = ndim;
  if (!perm) {
    setContiguous(t, ndim, sizes);
    return TH_OK;
  }
  int64_t stride = 1;
  for (int k = ndim - 1; k >= 0; k--) {
    int d = perm[k];
    t->sizes[d] = sizes[d];
    t->strides[d] = stride;
    stride *= sizes[d] > 1 ? sizes[d] : 1;
  }
  return TH_OK;
}

int THTensor_resize(THTensor *t, int ndim, const int64_t *sizes) { return THTensor_resizeWithLayout(t, ndim, sizes, NULL); }

int THBroadcastShapes(int na, const int64_t *a, int nb, const int64_t *b, int *nout, int64_t *out) {
  int n = na > nb ? na : nb;
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  for (int i = 0; i < n; i++) {
    int ia = na - n + i, ib = nb - n + i;
    int64_t sa = ia >= 0 ? a[ia] : 1, sb = ib >= 0 ? b[ib] : 1;
    if (sa != sb && sa != 1 && sb != 1)
      return THError("The size of tensor a (%lld) must match the size of tensor b (%lld) at non-singleton dimension %d "
                     "(shapes %s and %s)",
                     (long long)sa, (long long)sb, i, THShapeStr(ba, sizeof ba, na, a), THShapeStr(bb, sizeof bb, nb, b));
    out[i] = sa == 1 ? sb : sa;
  }
  *nout = n;
  return TH_OK;
}
