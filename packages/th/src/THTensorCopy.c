/* copy_ with broadcasting and dtype conversion, and the copies built on it. */
#include "THKernels.h"

#include <math.h>
#include <string.h>

/* copy_S_to_D for every pair of dtypes; the same-stride case is a plain loop the compiler vectorizes. */
#define COPY_LOOP(S, D)                                                                                     \
  static inline void copy_##S##_to_##D##_row(char **data, const int64_t *strides, int64_t n, void *ctx) {   \
    (void)ctx;                                                                                              \
    char *o = data[0];                                                                                      \
    const char *a = data[1];                                                                                \
    if (strides[0] == sizeof(CT_##D) && strides[1] == sizeof(CT_##S)) {                                     \
      for (int64_t i = 0; i < n; i++) TH_STORE_##D(o + i * sizeof(CT_##D), TH_LOAD_##S(a + i * sizeof(CT_##S))); \
    } else {                                                                                                \
      for (int64_t i = 0; i < n; i++) TH_STORE_##D(o + i * strides[0], TH_LOAD_##S(a + i * strides[1]));   \
    }                                                                                                       \
  } \
  TH_LOOP2D(copy_##S##_to_##D, 2)
#define COPY_LOOPS_FROM(S, unused) TH_ALL_DTYPES2(COPY_LOOP, S)
TH_ALL_DTYPES(COPY_LOOPS_FROM, _)

#define COPY_ENTRY(D, S) [TH_##D] = copy_##S##_to_##D,
#define COPY_ROW(S, unused) [TH_##S] = {TH_ALL_DTYPES2(COPY_ENTRY, S)},
static const THLoop copyLoops[TH_NumDTypes][TH_NumDTypes] = {TH_ALL_DTYPES(COPY_ROW, _)};

static int sameView(const THTensor *a, const THTensor *b) {
  if (a->storage != b->storage || a->offset != b->offset || a->dtype != b->dtype || a->ndim != b->ndim) return 0;
  for (int i = 0; i < a->ndim; i++)
    if (a->sizes[i] != b->sizes[i] || a->strides[i] != b->strides[i]) return 0;
  return 1;
}

int THTensor_copy(THTensor *dst, const THTensor *src) {
  int n;
  int64_t shape[TH_MAX_DIMS];
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  if (THBroadcastShapes(dst->ndim, dst->sizes, src->ndim, src->sizes, &n, shape)) return TH_ERR;
  int same = n == dst->ndim;
  for (int i = 0; same && i < n; i++) same = shape[i] == dst->sizes[i];
  if (!same)
    return THError("copy_: the source of shape %s cannot be broadcast to the destination's shape %s",
                   THShapeStr(ba, sizeof ba, src->ndim, src->sizes), THShapeStr(bb, sizeof bb, dst->ndim, dst->sizes));
  if (sameView(dst, src)) return THTensor_bumpVersion(dst), TH_OK;
  if (THCheckWriteOverlap("copy_", dst, 1, &src)) return TH_ERR;
  THTensor_bumpVersion(dst);
  THIter it;
  const THTensor *ops[2] = {dst, src};
  if (THIter_init(&it, 2, ops)) return TH_ERR;
  THIter_forEach(&it, copyLoops[src->dtype][dst->dtype], NULL, 0);
  return TH_OK;
}

/* A converted copy; keepLayout gives it t's memory order when t is dense (preserve_format). */
static THTensor *newCopy(const THTensor *t, THDType dtype, int keepLayout) {
  /* one element (scalar operands are converted on every op): no iterator; exact through a double
   * except int64 beyond 2^53 */
  int status;
  double v = THTensor_numel(t) == 1 ? THTensor_item(t, &status) : 0;
  if (THTensor_numel(t) == 1 && (t->dtype != TH_Int64 || fabs(v) < 9007199254740992.0)) {
    THTensor *r = THTensor_newWithSize(dtype, t->ndim, t->sizes);
    if (!r) return NULL;
    thStoreAt[dtype](THTensor_bytes(r), 0, v);
    r->wrappedNumber = t->wrappedNumber;
    return r;
  }
  THTensor *r = THTensor_new(dtype);
  int perm[TH_MAX_DIMS];
  if (keepLayout && THTensor_isNonOverlappingAndDense(t)) THIter_outputLayout(1, &t, t->ndim, t->sizes, perm);
  else keepLayout = 0;
  if (!r || THTensor_resizeWithLayout(r, t->ndim, t->sizes, keepLayout ? perm : NULL) || THTensor_copy(r, t)) {
    THTensor_free(r);
    return NULL;
  }
  r->version = 0;
  r->wrappedNumber = t->wrappedNumber;
  return r;
}

static THTensor *retained(const THTensor *t) {
  THTensor_retain((THTensor *)t);
  return (THTensor *)t;
}

THTensor *THTensor_newTo(const THTensor *t, THDType dtype, int forceCopy) {
  return !forceCopy && t->dtype == dtype ? retained(t) : newCopy(t, dtype, 1);
}

THTensor *THTensor_newContiguous(const THTensor *t) { return THTensor_isContiguous(t) ? retained(t) : newCopy(t, t->dtype, 0); }

THTensor *THTensor_newClone(const THTensor *t) { return newCopy(t, t->dtype, 1); }
