/* Internal definitions shared by libTH's sources; not part of the public API. */
#ifndef TH_INTERNAL_H
#define TH_INTERNAL_H

#include "TH/TH.h"

/* Storages of a few bytes (scalars, tiny results) keep their data inline: no second allocation. */
#define TH_INLINE_BYTES 32

struct THStorage {
  int refcount;
  void *data;
  size_t nbytes;
  THAllocator *allocator; /* NULL for borrowed memory */
  THReleaseFn release;
  void *releaseCtx;
  _Alignas(16) char inlineData[TH_INLINE_BYTES];
};

struct THTensor {
  int refcount;
  int ndim;
  THDType dtype;
  int wrappedNumber;
  THStorage *storage;
  int64_t offset; /* in elements */
  uint64_t version;
  int64_t sizes[TH_MAX_DIMS];
  int64_t strides[TH_MAX_DIMS];
};

typedef struct THCounters {
  int64_t liveTensors, liveStorages, ownedBytes, cachedBytes, deviceBytes, reportedBytes, lowCalls;
} THCounters;
extern THCounters thCounters;

#define TH_COUNT(field, delta) __atomic_add_fetch(&thCounters.field, (delta), __ATOMIC_RELAXED)

static inline char *THTensor_bytes(const THTensor *t) {
  return (char *)t->storage->data + t->offset * (int64_t)THDType_size(t->dtype);
}

/* Stores v (converted) as element i of a contiguous array of the given dtype. */
extern void (*const thStoreAt[TH_NumDTypes])(void *, int64_t, double);

/* The BLAS library's own thread pool (OpenBLAS; a no-op for other BLAS): GEMMs set it to their
 * thread count, LAPACK calls to 1 (THLinalg.c says why). Only outside parallel regions: inside
 * one it stays as it is, so set 1 before entering a region that calls BLAS. */
void THBlas_setLibraryThreads(int n);

/* dim in [-n, n) to [0, n), or PyTorch's "Dimension out of range" error (for dims of a result
 * with n dims, like unsqueeze's and stack's n = ndim + 1). */
int THWrapDim(int64_t dim, int64_t n, int *out);

/* A new tensor object over t's storage with any geometry, unchecked (negative strides allowed for
 * callers that only read it through THTensor_copy). Owned. */
THTensor *THTensor_newRawView(const THTensor *t, int ndim, const int64_t *sizes, const int64_t *strides, int64_t offset);

/* Allocates a fresh tensor object (refcount 1) on storage s (retained by caller's transfer). */
THTensor *THTensor_alloc(THDType dtype);

#endif
