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

/* A same-dtype copy whose two iterator dims are each contiguous on one side only (dst along dim 0,
 * src along dim 1) is a transpose: copied through a square tile so that both sides are read and
 * written a row at a time (contiguous() of a transposed 512x512 float32 matrix: 295 us element by
 * element, ~140 us tiled, PyTorch 133 us; linalg's column-major copies go through here too). */
#define TH_TRANSPOSE_TILE 64
#define TRANSPOSE_TILES(T)                                                                                     \
  static void transposeTiles_##T(const THIter *it, int64_t t0, int64_t t1) {                                   \
    const int64_t n0 = it->shape[0], n1 = it->shape[1], tiles0 = (n0 + TH_TRANSPOSE_TILE - 1) / TH_TRANSPOSE_TILE; \
    const int64_t od = it->strides[1][0] / (int64_t)sizeof(T), is = it->strides[0][1] / (int64_t)sizeof(T);    \
    T buf[TH_TRANSPOSE_TILE * TH_TRANSPOSE_TILE];                                                             \
    for (int64_t t = t0; t < t1; t++) {                                                                        \
      int64_t b0 = (t % tiles0) * TH_TRANSPOSE_TILE, b1 = (t / tiles0) * TH_TRANSPOSE_TILE;                    \
      int64_t w0 = n0 - b0 < TH_TRANSPOSE_TILE ? n0 - b0 : TH_TRANSPOSE_TILE;                                  \
      int64_t w1 = n1 - b1 < TH_TRANSPOSE_TILE ? n1 - b1 : TH_TRANSPOSE_TILE;                                  \
      const T *a = (const T *)it->data[1] + b0 * is + b1;                                                      \
      T *o = (T *)it->data[0] + b1 * od + b0;                                                                  \
      /* read src rows whole into the tile, then write dst rows whole from it: strides of a power of */       \
      /* two never make both sides fight over the same cache sets */                                          \
      for (int64_t i0 = 0; i0 < w0; i0++)                                                                      \
        for (int64_t i1 = 0; i1 < w1; i1++) buf[i0 * TH_TRANSPOSE_TILE + i1] = a[i0 * is + i1];                 \
      for (int64_t i1 = 0; i1 < w1; i1++)                                                                      \
        for (int64_t i0 = 0; i0 < w0; i0++) o[i1 * od + i0] = buf[i0 * TH_TRANSPOSE_TILE + i1];                 \
    }                                                                                                          \
  }
TRANSPOSE_TILES(uint8_t)
TRANSPOSE_TILES(uint16_t)
TRANSPOSE_TILES(uint32_t)
TRANSPOSE_TILES(uint64_t)

static int isTranspose(const THIter *it, size_t es) {
  return it->ndim == 2 && it->shape[0] >= 16 && it->shape[1] >= 16 &&
         it->strides[0][0] == (int64_t)es && it->strides[1][1] == (int64_t)es && it->strides[1][0] % (int64_t)es == 0 &&
         it->strides[0][1] % (int64_t)es == 0 && it->strides[0][1] > (int64_t)es && it->strides[1][0] > (int64_t)es;
}

static void copyTranspose(const THIter *it, size_t es) {
  int64_t tiles = ((it->shape[0] + TH_TRANSPOSE_TILE - 1) / TH_TRANSPOSE_TILE) *
                  ((it->shape[1] + TH_TRANSPOSE_TILE - 1) / TH_TRANSPOSE_TILE);
  int threads = it->numel > 32768 ? THGetNumThreads() : 1;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int64_t t = 0; t < tiles; t++) {
    switch (es) {
      case 1: transposeTiles_uint8_t(it, t, t + 1); break;
      case 2: transposeTiles_uint16_t(it, t, t + 1); break;
      case 4: transposeTiles_uint32_t(it, t, t + 1); break;
      default: transposeTiles_uint64_t(it, t, t + 1); break;
    }
  }
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
  if (THTensor_isSameView(dst, src)) return THTensor_bumpVersion(dst), TH_OK;
  if (THCheckWriteOverlap("copy_", dst, 1, &src)) return TH_ERR;
  THTensor_bumpVersion(dst);
  THIter it;
  const THTensor *ops[2] = {dst, src};
  if (THIter_init(&it, 2, ops)) return TH_ERR;
  size_t es = THDType_size(dst->dtype);
  if (src->dtype == dst->dtype && isTranspose(&it, es)) copyTranspose(&it, es);
  else THIter_forEach(&it, copyLoops[src->dtype][dst->dtype], NULL, 0);
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
