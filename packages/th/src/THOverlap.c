/* Memory-overlap checks for writes, with PyTorch's rules (ATen's MemoryOverlap.cpp): only
 * layouts that are provably dense are compared; anything else is "too hard" and allowed. */
#include "THInternal.h"

/* True when t's elements fill a block of memory exactly once in some dimension order. */
int THTensor_isNonOverlappingAndDense(const THTensor *t) {
  int dims[TH_MAX_DIMS], n = 0;
  for (int i = 0; i < t->ndim; i++) {
    if (t->sizes[i] == 0) return 1;
    if (t->sizes[i] != 1) dims[n++] = i;
  }
  for (int i = 1; i < n; i++) /* insertion sort by stride */
    for (int j = i; j > 0 && t->strides[dims[j - 1]] > t->strides[dims[j]]; j--) {
      int tmp = dims[j];
      dims[j] = dims[j - 1];
      dims[j - 1] = tmp;
    }
  int64_t expected = 1;
  for (int i = 0; i < n; i++) {
    if (t->strides[dims[i]] != expected) return 0;
    expected *= t->sizes[dims[i]];
  }
  return 1;
}

static int sameStrides(const THTensor *a, const THTensor *b) {
  if (a->ndim != b->ndim) return 0;
  for (int i = 0; i < a->ndim; i++)
    if (a->strides[i] != b->strides[i]) return 0;
  return 1;
}

int THCheckWriteOverlap(const char *op, const THTensor *r, int nin, const THTensor *const *in) {
  int rDense = THTensor_isNonOverlappingAndDense(r);
  if (!rDense)
    for (int i = 0; i < r->ndim; i++)
      if (r->strides[i] == 0 && r->sizes[i] > 1)
        return THError("%s: unsupported operation: more than one element of the written-to tensor refers to a single "
                       "memory location. Please clone() the tensor before performing the operation.",
                       op);
  int64_t rNumel = THTensor_numel(r);
  if (!rDense || rNumel == 0) return TH_OK;
  size_t elem = THDType_size(r->dtype);
  const char *rLo = THTensor_bytes(r), *rHi = rLo + rNumel * (int64_t)elem;
  for (int k = 0; k < nin; k++) {
    const THTensor *t = in[k];
    if (!t) continue;
    int64_t n = THTensor_numel(t);
    if (t->storage != r->storage || n == 0 || !THTensor_isNonOverlappingAndDense(t)) continue;
    const char *lo = THTensor_bytes(t), *hi = lo + n * (int64_t)THDType_size(t->dtype);
    if (lo == rLo && hi == rHi && sameStrides(t, r)) continue; /* full overlap: an in-place op */
    if (lo < rHi && rLo < hi)
      return THError("%s: unsupported operation: some elements of the input tensor and the written-to tensor refer to a "
                     "single memory location. Please clone() the tensor before performing the operation.",
                     op);
  }
  return TH_OK;
}
