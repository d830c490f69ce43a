/* Helpers shared by THIndex.c, THScatter.c and THJoin.c (private). */
#ifndef TH_INDEX_INTERNAL_H
#define TH_INDEX_INTERNAL_H

#include "THDispatch.h"

#include <stdio.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* Work (elements) above which the index kernels split their loops over threads. */
#define TH_INDEX_GRAIN 32768

static inline int THIndex_threads(int64_t work) {
#ifdef _OPENMP
  if (work <= TH_INDEX_GRAIN || omp_in_parallel()) return 1;
  int t = THGetNumThreads();
  int64_t chunks = work / TH_INDEX_GRAIN;
  return chunks < t ? (int)(chunks > 0 ? chunks : 1) : t;
#else
  (void)work;
  return 1;
#endif
}

/* r becomes a copy of self (same shape, self's values) unless r is self. r must have self's dtype. */
static inline int THIndex_initFrom(const char *op, THTensor *r, const THTensor *self) {
  if (r == self) return TH_OK;
  if (r->dtype != self->dtype)
    return THError("%s: expected out to have dtype %s, but got %s", op, THDType_name(self->dtype), THDType_name(r->dtype));
  if (r->storage == self->storage && THTensor_numel(self) > 0)
    return THError("%s: unsupported operation: the output and the input share memory; clone() the input first", op);
  if (THTensor_resize(r, self->ndim, self->sizes)) return TH_ERR;
  return THTensor_copy(r, self);
}

/* Takes over the reference t: a copy of it when it shares memory with r (the tensor an op writes),
 * so that reading t while writing r is safe (as PyTorch clones overlapping inputs); NULL on error. */
static inline THTensor *THIndex_private(THTensor *t, const THTensor *r) {
  if (!t || t->storage != r->storage) return t;
  THTensor *c = THTensor_newClone(t);
  THTensor_free(t);
  return c;
}

/* Copies n elements of `elem` bytes from src (byte stride ss) to dst (byte stride ds). */
static inline void THIndex_copyRun(char *dst, int64_t ds, const char *src, int64_t ss, int64_t n, size_t elem) {
  if (ds == (int64_t)elem && ss == (int64_t)elem) {
    memcpy(dst, src, (size_t)n * elem);
    return;
  }
  switch (elem) {
    case 1: for (int64_t i = 0; i < n; i++) *(uint8_t *)(dst + i * ds) = *(const uint8_t *)(src + i * ss); break;
    case 2: for (int64_t i = 0; i < n; i++) *(uint16_t *)(dst + i * ds) = *(const uint16_t *)(src + i * ss); break;
    case 4: for (int64_t i = 0; i < n; i++) *(uint32_t *)(dst + i * ds) = *(const uint32_t *)(src + i * ss); break;
    default: for (int64_t i = 0; i < n; i++) *(uint64_t *)(dst + i * ds) = *(const uint64_t *)(src + i * ss); break;
  }
}

/* Reads element i (row-major) of an int64 tensor of any strides. */
static inline int64_t THIndex_offsetOf(const THTensor *t, int64_t i) {
  int64_t off = 0;
  for (int d = t->ndim - 1; d >= 0; d--) {
    int64_t s = t->sizes[d];
    off += (i % s) * t->strides[d];
    i /= s;
  }
  return off;
}

/* index tensor -> contiguous int64 (retained when it already is); op names the caller in errors. */
THTensor *THIndex_newLong(const char *op, const THTensor *index, int allowInt);

/* Reduction of one element into another, computed in the dtype (half types in float32). */
typedef void (*THIndexAccFn)(char *dst, const char *src, int64_t n, int64_t ds, int64_t ss, double alpha);
THIndexAccFn THIndex_accFn(THDType dt, int reduce);
/* One scatter row: r[j*rs + ip[j*is]*rd] (op)= s[j*ss], strides in elements; reduce NONE copies,
 * MEAN sums. Returns 1 at the first index outside [0, lim) (earlier elements written), else 0. */
typedef int (*THIndexRowFn)(char *r, const char *s, const int64_t *ip, int64_t n, int64_t is, int64_t rs, int64_t rd, int64_t ss,
                            uint64_t lim);
THIndexRowFn THIndex_rowFn(THDType dt, int reduce);

#endif
