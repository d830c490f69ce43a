/* Internal definitions shared by libTH's sources; not part of the public API. */
#ifndef TH_INTERNAL_H
#define TH_INTERNAL_H

#include "TH/TH.h"

struct THStorage {
  int refcount;
  void *data;
  size_t nbytes;
  THAllocator *allocator; /* NULL for borrowed memory */
  THReleaseFn release;
  void *releaseCtx;
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
  int64_t liveTensors, liveStorages, ownedBytes, cachedBytes;
} THCounters;
extern THCounters thCounters;

#define TH_COUNT(field, delta) __atomic_add_fetch(&thCounters.field, (delta), __ATOMIC_RELAXED)

static inline char *THTensor_bytes(const THTensor *t) {
  return (char *)t->storage->data + t->offset * (int64_t)THDType_size(t->dtype);
}

/* "[2, 3]" into buf. */
const char *THShapeStr(char *buf, size_t n, int ndim, const int64_t *sizes);
#define TH_SHAPE_BUF 256

/* Allocates a fresh tensor object (refcount 1) on storage s (retained by caller's transfer). */
THTensor *THTensor_alloc(THDType dtype);

#endif
