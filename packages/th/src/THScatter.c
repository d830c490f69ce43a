/* gather, scatter (value or src, with reductions) and scatter_reduce: loops over rows of the index
 * tensor (its last dim innermost); each element addresses self/r along `dim` by its index value. */
#include "THIndexInternal.h"

#include <math.h>
#include <stdlib.h>

/* Geometry of one op: up to four operands (index, out/r, self/src, counts) over the index's shape. */
typedef struct Geo {
  int nd, dim;
  int64_t sizes[TH_MAX_DIMS];     /* the index's shape (0-d as [1]) */
  int64_t st[4][TH_MAX_DIMS];     /* element strides: 0 index, 1 destination, 2 source, 3 counts */
  int64_t dimSize;                /* size of the indexed tensor along dim */
  int64_t rows, inner;
  int64_t rDim, cDim; /* strides of r and counts along dim (their row-walk strides there are 0) */
} Geo;

static void geoDims(const THTensor *t, int64_t *sizes, int64_t *strides) {
  if (t->ndim == 0) {
    sizes[0] = 1;
    strides[0] = 1;
    return;
  }
  memcpy(sizes, t->sizes, sizeof(int64_t) * (size_t)t->ndim);
  memcpy(strides, t->strides, sizeof(int64_t) * (size_t)t->ndim);
}

/* offsets (elements) of row `row` for the first nops operands */
static void rowStart(const Geo *g, int64_t row, int nops, int64_t *off) {
  for (int k = 0; k < nops; k++) off[k] = 0;
  for (int d = g->nd - 2; d >= 0; d--) {
    int64_t c = row % g->sizes[d];
    row /= g->sizes[d];
    for (int k = 0; k < nops; k++) off[k] += c * g->st[k][d];
  }
}

/* validates every index value once: 0 <= v < dimSize */
static int checkIndexValues(const char *op, const Geo *g, const int64_t *idx) {
  int bad = 0;
  int64_t badVal = 0;
  int last = g->nd - 1;
  int64_t is = g->st[0][last];
  for (int64_t row = 0; row < g->rows && !bad; row++) {
    int64_t off[1];
    rowStart(g, row, 1, off);
    const int64_t *ip = idx + off[0];
    uint64_t worst = 0; /* negative values wrap to huge unsigned ones */
    if (is == 1)
      for (int64_t j = 0; j < g->inner; j++) worst = (uint64_t)ip[j] > worst ? (uint64_t)ip[j] : worst;
    else
      for (int64_t j = 0; j < g->inner; j++) worst = (uint64_t)ip[j * is] > worst ? (uint64_t)ip[j * is] : worst;
    if (worst < (uint64_t)g->dimSize) continue;
    for (int64_t j = 0; j < g->inner; j++) {
      int64_t v = ip[j * is];
      if (v < 0 || v >= g->dimSize) {
        bad = 1;
        badVal = v;
        break;
      }
    }
  }
  if (bad)
    return THError("%sindex %lld is out of bounds for dimension %d with size %lld", op, (long long)badVal, g->dim, (long long)g->dimSize);
  return TH_OK;
}

/* one row of gather: o[j*os] = s[j*ss + ip[j*is]*sd], checking each index (0 <= v < lim) as it
 * is used; returns 1 at the first bad one. The contiguous cases are spelled out. */
#define GATHER_ROW(T)                                                                                        \
  static int gatherRow_##T(T *restrict o, const T *restrict s, const int64_t *restrict ip, int64_t n, int64_t is, \
                           int64_t os, int64_t ss, int64_t sd, uint64_t lim) {                              \
    if (is == 1 && os == 1 && ss == 0 && sd == 1) {                                                          \
      for (int64_t j = 0; j < n; j++) {                                                                      \
        int64_t v = ip[j];                                                                                   \
        if ((uint64_t)v >= lim) return 1;                                                                    \
        o[j] = s[v];                                                                                         \
      }                                                                                                      \
    } else if (is == 1 && os == 1) {                                                                         \
      for (int64_t j = 0; j < n; j++) {                                                                      \
        int64_t v = ip[j];                                                                                   \
        if ((uint64_t)v >= lim) return 1;                                                                    \
        o[j] = s[j * ss + v * sd];                                                                           \
      }                                                                                                      \
    } else {                                                                                                 \
      for (int64_t j = 0; j < n; j++) {                                                                      \
        int64_t v = ip[j * is];                                                                              \
        if ((uint64_t)v >= lim) return 1;                                                                    \
        o[j * os] = s[j * ss + v * sd];                                                                      \
      }                                                                                                      \
    }                                                                                                        \
    return 0;                                                                                                \
  }
GATHER_ROW(uint8_t)
GATHER_ROW(uint16_t)
GATHER_ROW(uint32_t)
GATHER_ROW(uint64_t)

/* the largest index of a row as unsigned (negative values wrap to huge ones): valid when < size */
static inline uint64_t rowWorst(const int64_t *ip, int64_t n, int64_t is) {
  uint64_t worst = 0;
  if (is == 1)
    for (int64_t j = 0; j < n; j++) worst = (uint64_t)ip[j] > worst ? (uint64_t)ip[j] : worst;
  else
    for (int64_t j = 0; j < n; j++) worst = (uint64_t)ip[j * is] > worst ? (uint64_t)ip[j * is] : worst;
  return worst;
}

static int wrapDimNonEmpty(const THTensor *t, int64_t dim, int *d) { return THTensor_wrapDim(t, dim, d); }

int THTensor_gather(THTensor *r, const THTensor *self, int64_t dim, const THTensor *index) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  int d;
  if (wrapDimNonEmpty(self, dim, &d)) return TH_ERR;
  if (index->dtype != TH_Int64) return THError("gather(): Expected dtype int64 for index, but got %s", THDType_name(index->dtype));
  int nd = self->ndim ? self->ndim : 1;
  if ((index->ndim ? index->ndim : 1) != nd)
    return THError("Index tensor must have the same number of dimensions as input tensor (index %s, input %s)",
                   THShapeStr(ba, sizeof ba, index->ndim, index->sizes), THShapeStr(bb, sizeof bb, self->ndim, self->sizes));
  if (r->dtype != self->dtype)
    return THError("gather(): Expected out tensor to have dtype %s, but got %s instead", THDType_name(self->dtype), THDType_name(r->dtype));
  Geo g = {.nd = nd, .dim = d};
  int64_t ssz[TH_MAX_DIMS], sst[TH_MAX_DIMS];
  geoDims(index, g.sizes, g.st[0]);
  geoDims(self, ssz, sst);
  for (int i = 0; i < nd; i++)
    if (i != d && g.sizes[i] > ssz[i])
      return THError("Size does not match at dimension %d expected index %s to be smaller than self %s apart from dimension %d", i,
                     THShapeStr(ba, sizeof ba, index->ndim, index->sizes), THShapeStr(bb, sizeof bb, self->ndim, self->sizes), d);
  g.dimSize = ssz[d];
  memcpy(g.st[2], sst, sizeof sst);
  int64_t n = THTensor_numel(index);
  g.inner = g.sizes[nd - 1];
  g.rows = g.inner ? n / g.inner : 0;
  THTensor *target = r->storage == self->storage || r->storage == index->storage ? THTensor_new(self->dtype) : r;
  if (!target || THTensor_resize(target, index->ndim, index->sizes)) {
    if (target != r) THTensor_free(target);
    return TH_ERR;
  }
  int status = TH_OK;
  if (n > 0) {
    int64_t tsz[TH_MAX_DIMS];
    geoDims(target, tsz, g.st[1]);
    const int64_t *iv = (const int64_t *)THTensor_bytes(index);
    int bad = 0; /* index values are checked row by row, in the same pass */
    {
      size_t elem = THDType_size(self->dtype);
      const char *sb = THTensor_bytes(self);
      char *ob = THTensor_bytes(target);
      int last = nd - 1;
      int64_t sDim = g.st[2][d];
      g.st[2][d] = 0; /* the row walk must not move self along dim: the index value does */
      int64_t is = g.st[0][last], os = g.st[1][last], ssLast = last == d ? 0 : g.st[2][last];
      int threads = THIndex_threads(n);
      (void)threads;
#define GATHER_LOOP(T)                                                                                      \
  {                                                                                                         \
    _Pragma("omp parallel for num_threads(threads) schedule(static) if (threads > 1)") for (int64_t row = 0; row < g.rows; row++) { \
      int64_t off[3];                                                                                       \
      rowStart(&g, row, 3, off);                                                                            \
      if (gatherRow_##T((T *)ob + off[1], (const T *)sb + off[2], iv + off[0], g.inner, is, os, ssLast, sDim, \
                        (uint64_t)g.dimSize))                                                               \
        __atomic_store_n(&bad, 1, __ATOMIC_RELAXED);                                                        \
    }                                                                                                       \
  }
      switch (elem) {
        case 1: GATHER_LOOP(uint8_t) break;
        case 2: GATHER_LOOP(uint16_t) break;
        case 4: GATHER_LOOP(uint32_t) break;
        default: GATHER_LOOP(uint64_t) break;
      }
      if (bad) status = checkIndexValues("", &g, iv); /* names the first bad index */
    }
  }
  if (status == TH_OK && target != r)
    status = THTensor_resize(r, index->ndim, index->sizes) || THTensor_copy(r, target) ? TH_ERR : TH_OK;
  if (target != r) THTensor_free(target);
  if (status == TH_OK) THTensor_bumpVersion(r);
  return status;
}

/* checks shared by scatter and scatter_reduce; fills g (operands: 0 index, 1 r (filled later), 2 src) */
static int scatterCheck(const char *op, Geo *g, const THTensor *self, int64_t dim, const THTensor *index, const THTensor *src) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF], bc[TH_SHAPE_BUF];
  int d;
  if (THTensor_wrapDim(self, dim, &d)) return TH_ERR;
  if (index->dtype != TH_Int64) return THError("%s(): Expected dtype int64 for index, but got %s", op, THDType_name(index->dtype));
  if (src && src->dtype != self->dtype)
    return THError("%s(): Expected self.dtype to be equal to src.dtype (got self %s and src %s)", op, THDType_name(self->dtype),
                   THDType_name(src->dtype));
  int nd = self->ndim ? self->ndim : 1;
  if ((index->ndim ? index->ndim : 1) != nd)
    return THError("Index tensor must have the same number of dimensions as self tensor (index %s, self %s)",
                   THShapeStr(ba, sizeof ba, index->ndim, index->sizes), THShapeStr(bb, sizeof bb, self->ndim, self->sizes));
  if (src && (src->ndim ? src->ndim : 1) != nd)
    return THError("Index tensor must have the same number of dimensions as src tensor (index %s, src %s)",
                   THShapeStr(ba, sizeof ba, index->ndim, index->sizes), THShapeStr(bb, sizeof bb, src->ndim, src->sizes));
  memset(g, 0, sizeof *g);
  g->nd = nd;
  g->dim = d;
  int64_t ssz[TH_MAX_DIMS], sst[TH_MAX_DIMS], csz[TH_MAX_DIMS];
  geoDims(index, g->sizes, g->st[0]);
  geoDims(self, ssz, sst);
  if (src) geoDims(src, csz, g->st[2]);
  for (int i = 0; i < nd; i++) {
    int bad = (i != d && g->sizes[i] > ssz[i]) || (src && g->sizes[i] > csz[i]);
    if (!bad) continue;
    if (src)
      return THError("Expected index %s to be smaller than self %s apart from dimension %d and to be smaller size than src %s",
                     THShapeStr(ba, sizeof ba, index->ndim, index->sizes), THShapeStr(bb, sizeof bb, self->ndim, self->sizes), d,
                     THShapeStr(bc, sizeof bc, src->ndim, src->sizes));
    return THError("Expected index %s to be smaller than self %s apart from dimension %d",
                   THShapeStr(ba, sizeof ba, index->ndim, index->sizes), THShapeStr(bb, sizeof bb, self->ndim, self->sizes), d);
  }
  g->dimSize = ssz[d];
  int64_t n = THTensor_numel(index);
  g->inner = g->sizes[nd - 1];
  g->rows = g->inner ? n / g->inner : 0;
  return TH_OK; /* index values are checked row by row as the scatter runs (as PyTorch does) */
}

enum { PASS_IDENTITY, PASS_APPLY };

/* walks every index element: dst = r at (coords with dim replaced by the index value) */
static int scatterPass(const Geo *g, const THTensor *index, THTensor *r, const THTensor *src, const char *valueBytes, int pass,
                        int reduce, int64_t *counts) {
  size_t elem = THDType_size(r->dtype);
  const int64_t *iv = (const int64_t *)THTensor_bytes(index);
  char *rb = THTensor_bytes(r);
  const char *sb = src ? THTensor_bytes(src) : valueBytes;
  int last = g->nd - 1, d = g->dim;
  /* r and counts move along dim by the index value only */
  int64_t rDim = g->rDim, cDim = g->cDim;
  int64_t is = g->st[0][last], rsLast = last == d ? 0 : g->st[1][last];
  int64_t ssLast = src ? g->st[2][last] : 0, csLast = last == d ? 0 : g->st[3][last];
  THIndexRowFn rowFn = THIndex_rowFn(r->dtype, reduce == TH_SCATTER_MEAN ? TH_SCATTER_SUM : reduce);
  int64_t n = g->rows * g->inner;
  /* rows write disjoint elements only when dim is the innermost dim */
  int threads = last == d ? THIndex_threads(n) : 1;
  int bad = 0;
  (void)threads;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int64_t row = 0; row < g->rows; row++) {
    if (__atomic_load_n(&bad, __ATOMIC_RELAXED)) continue;
    int64_t off[4];
    rowStart(g, row, 4, off);
    const int64_t *ip = iv + off[0];
    char *rrow = rb + off[1] * (int64_t)elem;
    if (pass == PASS_IDENTITY) {
      if (rowWorst(ip, g->inner, is) >= (uint64_t)g->dimSize) {
        __atomic_store_n(&bad, 1, __ATOMIC_RELAXED);
        continue;
      }
      for (int64_t j = 0; j < g->inner; j++)
        THIndex_storeIdentity(r->dtype, reduce, rrow + (j * rsLast + ip[j * is] * rDim) * (int64_t)elem);
      continue;
    }
    if (rowFn(rrow, sb + (src ? off[2] * (int64_t)elem : 0), ip, g->inner, is, rsLast, rDim, src ? ssLast : 0, (uint64_t)g->dimSize)) {
      __atomic_store_n(&bad, 1, __ATOMIC_RELAXED);
      continue;
    }
    if (counts)
      for (int64_t j = 0; j < g->inner; j++) counts[off[3] + j * csLast + ip[j * is] * cDim]++;
  }
  return bad ? checkIndexValues("", g, iv) : TH_OK; /* names the first bad index */
}

static int scatterApply(Geo *gp, THTensor *r, const THTensor *index, const THTensor *src, double value, int reduce, int includeSelf);

static int scatterImpl(const char *op, THTensor *r, const THTensor *self, int64_t dim, const THTensor *index, const THTensor *src,
                       double value, int reduce, int includeSelf) {
  Geo g;
  if (scatterCheck(op, &g, self, dim, index, src)) return TH_ERR;
  if (THIndex_initFrom(op, r, self)) return TH_ERR;
  if (r == self && THCheckWriteOverlap(op, r, 0, NULL)) return TH_ERR;
  /* inputs sharing memory with r are read from copies */
  THTensor *ownIndex = THIndex_private(THTensor_newAlias(index), r);
  THTensor *ownSrc = src ? THIndex_private(THTensor_newAlias(src), r) : NULL;
  if (!ownIndex || (src && !ownSrc)) {
    THTensor_free(ownIndex);
    THTensor_free(ownSrc);
    return TH_ERR;
  }
  int status = scatterApply(&g, r, ownIndex, ownSrc, value, reduce, includeSelf);
  THTensor_free(ownIndex);
  THTensor_free(ownSrc);
  return status;
}

static int scatterApply(Geo *gp, THTensor *r, const THTensor *index, const THTensor *src, double value, int reduce, int includeSelf) {
  Geo g = *gp;
  int64_t tmp[TH_MAX_DIMS];
  geoDims(index, tmp, g.st[0]); /* index and src may be copies now: their own strides */
  if (src) geoDims(src, tmp, g.st[2]);
  int64_t tsz[TH_MAX_DIMS];
  geoDims(r, tsz, g.st[1]);
  g.rDim = g.st[1][g.dim];
  g.st[1][g.dim] = 0;
  char vb[8] = {0};
  if (!src) thStoreAt[r->dtype](vb, 0, value);
  THTensor *counts = NULL;
  if (reduce == TH_SCATTER_MEAN) {
    if (!(counts = THTensor_newWithSize(TH_Int64, r->ndim, r->sizes)) || THTensor_fill(counts, includeSelf ? 1 : 0)) {
      THTensor_free(counts);
      return TH_ERR;
    }
    geoDims(counts, tsz, g.st[3]);
    g.cDim = g.st[3][g.dim];
    g.st[3][g.dim] = 0;
  }
  if (g.rows * g.inner > 0) {
    if ((!includeSelf && scatterPass(&g, index, r, src, vb, PASS_IDENTITY, reduce, NULL)) ||
        scatterPass(&g, index, r, src, vb, PASS_APPLY, reduce, counts ? (int64_t *)THTensor_bytes(counts) : NULL)) {
      THTensor_free(counts);
      return TH_ERR;
    }
  }
  if (counts) { /* divide by the counts (integers: floor division, as PyTorch) */
    int64_t n = THTensor_numel(r);
    const int64_t *cv = (const int64_t *)THTensor_bytes(counts);
    int contig = THTensor_isContiguous(r), floating = THDType_isFloating(r->dtype);
    size_t elem = THDType_size(r->dtype);
    char *rb = THTensor_bytes(r);
    for (int64_t i = 0; i < n; i++) {
      if (cv[i] <= 1) continue;
      char *p = rb + (contig ? i : THIndex_offsetOf(r, i)) * (int64_t)elem;
      double x;
      switch (r->dtype) {
        case TH_UInt8: x = *(uint8_t *)p; break;
        case TH_Int8: x = *(int8_t *)p; break;
        case TH_Int16: x = *(int16_t *)p; break;
        case TH_Int32: x = *(int32_t *)p; break;
        case TH_Int64: x = (double)*(int64_t *)p; break;
        case TH_Float16: x = THHalf_toFloat(*(uint16_t *)p); break;
        case TH_BFloat16: x = THBFloat16_toFloat(*(uint16_t *)p); break;
        case TH_Float32: x = *(float *)p; break;
        case TH_Float64: x = *(double *)p; break;
        default: x = *(uint8_t *)p; break;
      }
      double q = x / (double)cv[i];
      if (r->dtype == TH_Float32) *(float *)p = (float)x / (float)cv[i];
      else thStoreAt[r->dtype](p, 0, floating ? q : floor(q));
    }
    THTensor_free(counts);
  }
  THTensor_bumpVersion(r);
  return TH_OK;
}

int THTensor_scatter(THTensor *r, const THTensor *self, int64_t dim, const THTensor *index, const THTensor *src, double value,
                     THScatterReduce reduce) {
  if (reduce != TH_SCATTER_NONE && reduce != TH_SCATTER_SUM && reduce != TH_SCATTER_PROD)
    return THError("reduce argument must be either add or multiply.");
  return scatterImpl(reduce == TH_SCATTER_SUM && src ? "scatter_add" : "scatter", r, self, dim, index, src, value, reduce, 1);
}

int THTensor_scatterReduce(THTensor *r, const THTensor *self, int64_t dim, const THTensor *index, const THTensor *src,
                           THScatterReduce reduce, int includeSelf) {
  if (reduce < TH_SCATTER_SUM || reduce > TH_SCATTER_AMIN) return THError("reduce argument must be either sum, prod, mean, amax or amin.");
  if (!src) return THError("scatter_reduce(): src must be a tensor");
  return scatterImpl("scatter_reduce", r, self, dim, index, src, 0, reduce, includeSelf);
}
