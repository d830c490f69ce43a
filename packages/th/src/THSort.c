/* Sorting and selection along a dim: sort, topk, kthvalue, median, nanmedian, mode, quantile.
 * Each slice along dim is copied into per-thread scratch, mapped to order-preserving unsigned
 * keys (THSortUtil.h) and sorted stably by an LSD radix sort; topk with a small k selects with a
 * k-element insertion buffer instead. Slices run in parallel (OpenMP). */
#include "THSortUtil.h"

#include <math.h>
#include <stdio.h>

static int notImplemented(const char *kernel, THDType t) { return THError("\"%s\" not implemented for '%s'", kernel, THDType_torchName(t)); }

int THSort_checkOut(const char *op, const THTensor *r, THDType want) {
  if (r && r->dtype != want)
    return THError("%s: expected out tensor to have dtype %s, but got %s instead", op, THDType_name(want), THDType_name(r->dtype));
  return TH_OK;
}

/* An out= tensor that shares memory with the input would be read after being written (or
 * resized under the reader). */
int THSort_checkNoAlias(const char *op, const THTensor *r, const THTensor *a, int sameViewOk) {
  if (!r || r->storage != a->storage || (sameViewOk && THTensor_isSameView(r, a))) return TH_OK;
  return THError("%s: unsupported operation: the output tensor shares memory with the input; pass a separate out tensor", op);
}

/* dim wrapped and the slice length along it (1 for a 0-d tensor). */
static int sliceDim(const THTensor *a, int64_t dim, int *d, int64_t *n) {
  if (THTensor_wrapDim(a, dim, d)) return TH_ERR;
  *n = a->ndim > 0 ? a->sizes[*d] : 1;
  if (*n > (int64_t)UINT32_MAX) return THError("sort: slices of more than %u elements are not supported (got %lld)", UINT32_MAX, (long long)*n);
  return TH_OK;
}

/* ---- the slice driver ---- */

typedef struct Job Job;
typedef void (*SliceFn)(const Job *j, THSortScratch *s, char **ptrs);
struct Job {
  THDType dt;
  size_t es, kw;
  int64_t n;      /* slice length */
  THSliceIter it; /* slot 0: the input; then values, indices (see vs, is) */
  int vs, is;     /* slots of values / indices, -1 when absent */
  int64_t k;
  int flag;       /* descending / largest / ignoreNan */
  int isFloat;
  int readInPlace; /* fn only reads the slice: a contiguous one is used where it lies, not copied */
  int cost;        /* work per element, for the parallel grain */
  SliceFn fn;
};

#define TH_SORT_TILE 16
/* Work (element-steps) below which a job runs on one thread: about 2 ms of selection. A sort
 * costs ~16 steps per element, a selection (topk, kthvalue, median) ~1. */
#define TH_SORT_GRAIN ((int64_t)1 << 21)

/* Runs j->fn on every slice, s->raw holding the slice's elements. Slices along a strided dim
 * whose neighbours are the next elements in memory (e.g. sorting a row-major matrix along dim
 * 0) are gathered TH_SORT_TILE at a time. */
static int runJob(Job *j) {
  int failed = 0;
  int64_t count = j->it.count, n = j->n;
  int nd = j->it.nd;
  int tiled = nd > 0 && j->it.step[0] != (int64_t)j->es && j->it.strides[0][nd - 1] == (int64_t)j->es && n > 1;
  int64_t inner = tiled ? j->it.sizes[nd - 1] : 1;           /* neighbouring slices per run */
  int64_t perRun = tiled ? (inner + TH_SORT_TILE - 1) / TH_SORT_TILE : 1;
  int64_t units = tiled ? (count / inner) * perRun : count;  /* tiles, or single slices */
  int nt = THSort_threads(units, n * (tiled ? TH_SORT_TILE : 1) * j->cost, TH_SORT_GRAIN);
  /* dynamic chunks: a thread the OS preempts does not hold back the others at the barrier */
  int64_t chunk = units / ((int64_t)nt * 8);
  if (chunk < 1) chunk = 1;
#pragma omp parallel num_threads(nt) if (nt > 1)
  {
    THSortScratch s = {0};
    int ok = THSortScratch_allocRaw(&s, n, j->es, j->kw, tiled ? TH_SORT_TILE : 1) == TH_OK;
    char *rawBase = ok ? s.raw : NULL;
#pragma omp for schedule(dynamic, chunk)
    for (int64_t u = 0; u < units; u++) {
      if (!ok) {
        failed = 1;
        continue;
      }
      char *p[TH_SLICE_MAX];
      if (!tiled) {
        THSliceIter_ptrs(&j->it, u, p);
        if (j->readInPlace && j->it.step[0] == (int64_t)j->es) {
          s.raw = p[0];
        } else {
          s.raw = rawBase;
          THSort_gather(s.raw, p[0], j->it.step[0], n, j->es);
        }
        j->fn(j, &s, p);
        continue;
      }
      int64_t m0 = (u / perRun) * inner + (u % perRun) * TH_SORT_TILE;
      int b = (int)(inner - (u % perRun) * TH_SORT_TILE < TH_SORT_TILE ? inner - (u % perRun) * TH_SORT_TILE : TH_SORT_TILE);
      THSliceIter_ptrs(&j->it, m0, p);
      THSort_gatherTile(rawBase, p[0], j->it.step[0], n, j->es, b);
      for (int c = 0; c < b; c++) {
        if (c) THSliceIter_ptrs(&j->it, m0 + c, p);
        s.raw = rawBase + (size_t)c * (size_t)n * j->es;
        j->fn(j, &s, p);
      }
    }
    s.raw = rawBase;
    if (ok) THSortScratch_free(&s);
  }
  if (failed) return THError("sort: out of memory for a slice of %lld elements", (long long)j->n);
  return TH_OK;
}

static void jobInit(Job *j, const THTensor *a, int dim, int64_t n) {
  memset(j, 0, sizeof *j);
  j->dt = a->dtype;
  j->es = THDType_size(a->dtype);
  j->kw = THSort_keyWidth(a->dtype);
  j->n = n;
  j->isFloat = THDType_isFloating(a->dtype);
  THSliceIter_init(&j->it, a, dim);
  THSliceIter_add(&j->it, a, dim, 0);
  j->vs = j->is = -1;
  j->cost = 16; /* a sort; selections set 1 */
}

/* Sorts the slice in s->raw: idx[i] is the position of the i-th element in order. */
static void sortSliceKeys(const Job *j, THSortScratch *s, int invert, void **keys, uint32_t **idx) {
  THSort_keys(j->dt, s->raw, j->n, s->ka, invert);
  THSort_sortKeys(s, j->kw, j->n, keys, idx);
}

/* ---- sort ---- */

static void sortSlice(const Job *j, THSortScratch *s, char **p) {
  void *keys;
  uint32_t *idx;
  sortSliceKeys(j, s, j->flag, &keys, &idx);
  if (j->vs >= 0) THSort_scatterValues(p[j->vs], j->it.step[j->vs], s->raw, idx, j->n, j->es);
  if (j->is >= 0) THSort_scatterIndices(p[j->is], j->it.step[j->is], idx, j->n);
}

int THTensor_sort(THTensor *values, THTensor *indices, const THTensor *a, int64_t dim, int descending, int stable) {
  (void)stable; /* always stable */
  int d;
  int64_t n;
  if (sliceDim(a, dim, &d, &n) || THSort_checkOut("sort", values, a->dtype) || THSort_checkOut("sort", indices, TH_Int64)) return TH_ERR;
  if (THSort_checkNoAlias("sort", values, a, 1) || THSort_checkNoAlias("sort", indices, a, 0)) return TH_ERR;
  if (values && THSort_resizeOut(values, a->ndim, a->sizes)) return TH_ERR;
  if (indices && THSort_resizeOut(indices, a->ndim, a->sizes)) return TH_ERR;
  if (THTensor_numel(a) > 0) {
    Job j;
    jobInit(&j, a, d, n);
    if (values) j.vs = THSliceIter_add(&j.it, values, d, 0);
    if (indices) j.is = THSliceIter_add(&j.it, indices, d, 0);
    j.flag = descending;
    j.fn = sortSlice;
    if (runJob(&j)) return TH_ERR;
  }
  if (values) THTensor_bumpVersion(values);
  if (indices) THTensor_bumpVersion(indices);
  return TH_OK;
}

/* ---- topk ---- */

/* The k smallest keys, ascending, ties in input order: a sorted k-element buffer. */
#define TH_SORT_SELECT(KT)                                                                        \
  static void selectK_##KT(const KT *keys, int64_t n, int64_t k, KT *bk, uint32_t *bi) {           \
    int64_t c = 0;                                                                                 \
    KT thr = 0;                                                                                    \
    for (int64_t i = 0; i < n; i++) {                                                              \
      KT v = keys[i];                                                                              \
      if (c == k) {                                                                                \
        if (!(v < thr)) continue;                                                                  \
        c--;                                                                                       \
      }                                                                                            \
      int64_t q = c;                                                                               \
      while (q > 0 && bk[q - 1] > v) {                                                             \
        bk[q] = bk[q - 1];                                                                         \
        bi[q] = bi[q - 1];                                                                         \
        q--;                                                                                       \
      }                                                                                            \
      bk[q] = v;                                                                                   \
      bi[q] = (uint32_t)i;                                                                         \
      c++;                                                                                         \
      thr = bk[c - 1];                                                                             \
    }                                                                                              \
  }
TH_SORT_SELECT(uint8_t)
TH_SORT_SELECT(uint16_t)
TH_SORT_SELECT(uint32_t)
TH_SORT_SELECT(uint64_t)

/* Radix selection helpers: the input position of the element of rank r (0-based, ties in input
 * order, as a stable sort would place them), and the k smallest keys sorted (topk with a large k). */
#define TH_SORT_RANK(KT)                                                                           \
  static uint32_t rankIndex_##KT(const KT *keys, int64_t n, int64_t r, KT *buf) {                   \
    int64_t occ;                                                                                    \
    KT t = THSort_select_##KT(keys, n, r, buf, &occ);                                               \
    for (int64_t i = 0; i < n; i++)                                                                 \
      if (keys[i] == t && occ-- == 0) return (uint32_t)i;                                           \
    return 0;                                                                                       \
  }                                                                                                 \
  static int64_t countEq_##KT(const KT *keys, int64_t n, KT v) {                                    \
    int64_t c = 0;                                                                                  \
    for (int64_t i = 0; i < n; i++) c += keys[i] == v;                                              \
    return c;                                                                                       \
  }                                                                                                 \
  /* The k smallest keys, sorted. A sample of the keys gives a threshold a little above the k-th \
   * smallest, so one pass keeps only about k candidates; the exact k-th is selected among them  \
   * (or among all keys when the sample was unlucky). */                                          \
  static uint32_t *topkLarge_##KT(KT *ka, KT *kb, uint32_t *ia, uint32_t *ib, int64_t n, int64_t k) { \
    int64_t c = n;                                                                                \
    const KT *cand = ka;                                                                          \
    if (n >= 16384 && k <= n / 16) {                                                              \
      int64_t step = n / 4096, m = 0;                                                             \
      for (int64_t i = 0; i < n; i += step) kb[m++] = ka[i];                                      \
      int64_t rs = (int64_t)((double)k * (double)m / (double)n * 1.25) + 16, eq;                  \
      if (rs > m - 1) rs = m - 1;                                                                 \
      KT thr = THSort_select_##KT(kb, m, rs, kb + m, &eq);                                        \
      int64_t j = 0;                                                                              \
      for (int64_t i = 0; i < n; i++) {                                                           \
        KT v = ka[i];                                                                             \
        if (v <= thr) {                                                                           \
          kb[j] = v;                                                                              \
          ia[j++] = (uint32_t)i;                                                                  \
        }                                                                                         \
      }                                                                                           \
      if (j >= k) {                                                                               \
        c = j;                                                                                    \
        cand = kb;                                                                                \
      }                                                                                           \
    }                                                                                             \
    int64_t need;                                                                                 \
    KT *selBuf = cand == ka ? kb : ka;                                                            \
    KT t = THSort_select_##KT(cand, c, k - 1, selBuf, &need);                                     \
    need++; /* keys equal to t to take, the first ones in input order */                         \
    int64_t j = 0;                                                                                \
    for (int64_t i = 0; i < c && j < k; i++) {                                                    \
      KT v = cand[i];                                                                             \
      if (v < t || (v == t && need > 0)) {                                                        \
        need -= v == t;                                                                           \
        uint32_t at = cand == ka ? (uint32_t)i : ia[i];                                           \
        kb[j] = v;                                                                                \
        ia[j++] = at;                                                                             \
      }                                                                                           \
    }                                                                                             \
    KT *kout;                                                                                     \
    uint32_t *iout;                                                                               \
    THSort_radix_##KT(kb, ia, ka, ib, k, &kout, &iout);                                           \
    return iout;                                                                                  \
  }
TH_SORT_RANK(uint8_t)
TH_SORT_RANK(uint16_t)
TH_SORT_RANK(uint32_t)
TH_SORT_RANK(uint64_t)

#define TH_SORT_KW_SWITCH(kw, CALL)   \
  switch (kw) {                       \
    case 1: CALL(uint8_t); break;     \
    case 2: CALL(uint16_t); break;    \
    case 4: CALL(uint32_t); break;    \
    default: CALL(uint64_t); break;   \
  }

#define TH_TOPK_SELECT_MAX 64

static void topkSlice(const Job *j, THSortScratch *s, char **p) {
  int64_t n = j->n, k = j->k;
  uint32_t *idx;
  THSort_keys(j->dt, s->raw, n, s->ka, j->flag);
  if (k <= TH_TOPK_SELECT_MAX && n >= 8 * k) {
    idx = s->ib;
#define CALL(KT) selectK_##KT((const KT *)s->ka, n, k, (KT *)s->kb, idx)
    TH_SORT_KW_SWITCH(j->kw, CALL)
#undef CALL
  } else if (n > 256 && k <= n / 2) {
#define CALL(KT) idx = topkLarge_##KT((KT *)s->ka, (KT *)s->kb, s->ia, s->ib, n, k)
    TH_SORT_KW_SWITCH(j->kw, CALL)
#undef CALL
  } else {
    void *keys;
    THSort_sortKeys(s, j->kw, n, &keys, &idx);
  }
  THSort_scatterValues(p[j->vs], j->it.step[j->vs], s->raw, idx, k, j->es);
  THSort_scatterIndices(p[j->is], j->it.step[j->is], idx, k);
}

int THTensor_topk(THTensor *values, THTensor *indices, const THTensor *a, int64_t k, int64_t dim, int largest, int sorted) {
  (void)sorted; /* results always come sorted */
  int d;
  int64_t n;
  if (sliceDim(a, dim, &d, &n)) return TH_ERR;
  if (a->dtype == TH_Bool || a->dtype == TH_Float16) return notImplemented("topk_cpu", a->dtype);
  if (k < 0 || k > n) return THError("selected index k out of range (k = %lld, dimension %d has size %lld)", (long long)k, d, (long long)n);
  if (THSort_checkOut("topk", values, a->dtype) || THSort_checkOut("topk", indices, TH_Int64)) return TH_ERR;
  if (THSort_checkNoAlias("topk", values, a, 0) || THSort_checkNoAlias("topk", indices, a, 0)) return TH_ERR;
  int64_t sizes[TH_MAX_DIMS];
  memcpy(sizes, a->sizes, sizeof(int64_t) * (size_t)a->ndim);
  if (a->ndim > 0) sizes[d] = k;
  if (THSort_resizeOut(values, a->ndim, sizes) || THSort_resizeOut(indices, a->ndim, sizes)) return TH_ERR;
  if (THTensor_numel(values) > 0) {
    Job j;
    jobInit(&j, a, d, n);
    j.vs = THSliceIter_add(&j.it, values, d, 0);
    j.is = THSliceIter_add(&j.it, indices, d, 0);
    j.k = k;
    j.flag = largest;
    j.readInPlace = 1; /* outputs never alias the input (THSort_checkNoAlias) */
    j.cost = k <= TH_TOPK_SELECT_MAX || k <= n / 16 ? 1 : 16;
    j.fn = topkSlice;
    if (runJob(&j)) return TH_ERR;
  }
  THTensor_bumpVersion(values);
  THTensor_bumpVersion(indices);
  return TH_OK;
}

/* ---- kthvalue, median, mode: one element per slice ---- */

static void putOne(const Job *j, THSortScratch *s, char **p, uint32_t at) {
  memcpy(p[j->vs], s->raw + (size_t)at * j->es, j->es);
  *(int64_t *)p[j->is] = at;
}

/* The input position of the element of rank r (0-based) of the slice whose keys are in s->ka. */
static uint32_t rankIndex(const Job *j, THSortScratch *s, int64_t r) {
  uint32_t at = 0;
#define CALL(KT) at = rankIndex_##KT((const KT *)s->ka, j->n, r, (KT *)s->kb)
  TH_SORT_KW_SWITCH(j->kw, CALL)
#undef CALL
  return at;
}

static void loadKeys(const Job *j, THSortScratch *s) {
  THSort_keys(j->dt, s->raw, j->n, s->ka, 0);
}

static void kthSlice(const Job *j, THSortScratch *s, char **p) {
  loadKeys(j, s);
  putOne(j, s, p, rankIndex(j, s, j->k - 1));
}

/* Number of NaN keys at the end of an ascending key array. */
static int64_t trailingNaNs(const Job *j, const void *keys) {
  if (!j->isFloat) return 0;
  uint64_t nanKey = THSort_nanKey(j->kw);
  int64_t c = 0;
  while (c < j->n && THSort_keyAt(keys, j->kw, j->n - 1 - c) == nanKey) c++;
  return c;
}

static void medianSlice(const Job *j, THSortScratch *s, char **p) {
  loadKeys(j, s);
  int64_t nans = 0, n = j->n, pos;
  if (j->isFloat) {
#define CALL(KT) nans = countEq_##KT((const KT *)s->ka, n, (KT)THSort_nanKey(j->kw))
    TH_SORT_KW_SWITCH(j->kw, CALL)
#undef CALL
  }
  if (!j->flag && nans > 0) pos = n - nans; /* the first NaN (they keep their order) */
  else if (n - nans == 0) pos = 0;
  else pos = (n - nans - 1) / 2;
  putOne(j, s, p, rankIndex(j, s, pos));
}

static void modeSlice(const Job *j, THSortScratch *s, char **p) {
  void *keys;
  uint32_t *idx;
  sortSliceKeys(j, s, 0, &keys, &idx);
  uint64_t nanKey = j->isFloat ? THSort_nanKey(j->kw) : 0;
  int64_t best = 0, bestEnd = 0, n = j->n;
  for (int64_t i = 0; i < n;) {
    uint64_t key = THSort_keyAt(keys, j->kw, i);
    int64_t e = i + 1;
    if (!(j->isFloat && key == nanKey)) /* NaN != NaN: each NaN counts once */
      while (e < n && THSort_keyAt(keys, j->kw, e) == key) e++;
    if (e - i > best) {
      best = e - i;
      bestEnd = e - 1;
    }
    i = e;
  }
  putOne(j, s, p, idx[bestEnd]);
}

static int reduceOne(const char *op, const char *kernel, THTensor *values, THTensor *indices, const THTensor *a, int64_t dim,
                     int keepdim, int64_t k, int flag, SliceFn fn, int allowHalf, int allowBool) {
  int d;
  int64_t n;
  if (sliceDim(a, dim, &d, &n)) return TH_ERR;
  if ((a->dtype == TH_Bool && !allowBool) || (a->dtype == TH_Float16 && !allowHalf)) return notImplemented(kernel, a->dtype);
  if (n == 0) return THError("%s(): Expected reduction dim %d to have non-zero size.", op, d);
  if (fn == kthSlice && (k < 1 || k > n))
    return THError("kthvalue(): selected number k out of range for dimension %d (k = %lld, size %lld)", d, (long long)k, (long long)n);
  if (THSort_checkOut(op, values, a->dtype) || THSort_checkOut(op, indices, TH_Int64)) return TH_ERR;
  if (THSort_checkNoAlias(op, values, a, 0) || THSort_checkNoAlias(op, indices, a, 0)) return TH_ERR;
  int64_t sizes[TH_MAX_DIMS];
  int m = THReduce_shapeDim(a, d, keepdim, sizes);
  if (THSort_resizeOut(values, m, sizes) || THSort_resizeOut(indices, m, sizes)) return TH_ERR;
  if (THTensor_numel(values) > 0) {
    Job j;
    jobInit(&j, a, d, n);
    j.vs = THSliceIter_add(&j.it, values, d, !keepdim);
    j.is = THSliceIter_add(&j.it, indices, d, !keepdim);
    j.k = k;
    j.flag = flag;
    j.readInPlace = 1; /* outputs never alias the input (THSort_checkNoAlias) */
    j.cost = fn == modeSlice ? 16 : 1;
    j.fn = fn;
    if (runJob(&j)) return TH_ERR;
  }
  THTensor_bumpVersion(values);
  THTensor_bumpVersion(indices);
  return TH_OK;
}

int THTensor_kthvalue(THTensor *values, THTensor *indices, const THTensor *a, int64_t k, int64_t dim, int keepdim) {
  return reduceOne("kthvalue", "kthvalue_cpu", values, indices, a, dim, keepdim, k, 0, kthSlice, 0, 0);
}

int THTensor_median(THTensor *values, THTensor *indices, const THTensor *a, int64_t dim, int keepdim, int ignoreNan) {
  return reduceOne(ignoreNan ? "nanmedian" : "median", ignoreNan ? "nanmedian_cpu" : "median_cpu", values, indices, a, dim, keepdim,
                   0, ignoreNan, medianSlice, 0, 0);
}

int THTensor_mode(THTensor *values, THTensor *indices, const THTensor *a, int64_t dim, int keepdim) {
  return reduceOne("mode", "mode_cpu", values, indices, a, dim, keepdim, 0, 0, modeSlice, 1, 1);
}

int THTensor_medianAll(THTensor *r, const THTensor *a, int ignoreNan) {
  const char *op = ignoreNan ? "nanmedian" : "median";
  if (a->dtype == TH_Bool || a->dtype == TH_Float16) return notImplemented(ignoreNan ? "nanmedian_cpu" : "median_cpu", a->dtype);
  if (THSort_checkOut(op, r, a->dtype) || THSort_checkNoAlias(op, r, a, 0)) return TH_ERR;
  int64_t numel = THTensor_numel(a);
  if (numel == 0 && !THDType_isFloating(a->dtype))
    return THError("%s(): cannot take the median of an empty %s tensor", op, THDType_name(a->dtype));
  if (THTensor_resize(r, 0, NULL)) return TH_ERR;
  if (numel == 0) {
    thStoreAt[r->dtype](THTensor_bytes(r), 0, NAN);
    THTensor_bumpVersion(r);
    return TH_OK;
  }
  int64_t flatSize = numel;
  THTensor *flat = THTensor_newReshape(a, 1, &flatSize);
  THTensor *idx = THTensor_new(TH_Int64);
  int status = TH_ERR;
  if (flat && idx) status = THTensor_median(r, idx, flat, 0, 0, ignoreNan);
  THTensor_free(flat);
  THTensor_free(idx);
  return status;
}

/* ---- quantile ---- */

int THQuantileMode_fromName(const char *name, THQuantileMode *out) {
  static const char *const names[] = {"linear", "lower", "higher", "midpoint", "nearest"};
  for (int i = 0; i < 5; i++)
    if (name && strcmp(name, names[i]) == 0) {
      *out = (THQuantileMode)i;
      return TH_OK;
    }
  return THError("quantile() interpolation must be one of linear, lower, higher, midpoint or nearest, but got %s", name ? name : "(null)");
}

typedef struct QuantileJob {
  Job j;
  int64_t nq;
  const double *q; /* nq values */
  THQuantileMode mode;
  char *out;       /* [nq][count] of the dtype, contiguous */
} QuantileJob;

#define TH_QUANTILE_SLICE(T)                                                                                   \
  static void quantile_##T(const QuantileJob *qj, const T *sv, int64_t n, int64_t nans, int64_t m) {            \
    T *out = (T *)qj->out;                                                                                      \
    int64_t count = qj->j.it.count;                                                                             \
    for (int64_t i = 0; i < qj->nq; i++) {                                                                      \
      T q = (T)qj->q[i], rank;                                                                                  \
      if (qj->j.flag) {                                                                                         \
        rank = q * (T)(n - nans - 1);                                                                           \
        if (rank < 0) rank = 0;                                                                                 \
      } else {                                                                                                  \
        rank = nans > 0 ? (T)(n - 1) : q * (T)(n - 1);                                                          \
      }                                                                                                         \
      switch (qj->mode) {                                                                                       \
        case TH_QUANTILE_LOWER: rank = floor(rank); break;                                                      \
        case TH_QUANTILE_HIGHER: rank = ceil(rank); break;                                                      \
        case TH_QUANTILE_NEAREST: rank = nearbyint(rank); break;                                                \
        default: break;                                                                                         \
      }                                                                                                         \
      int64_t below = (int64_t)rank;                                                                            \
      T v = sv[below];                                                                                          \
      if (qj->mode == TH_QUANTILE_LINEAR || qj->mode == TH_QUANTILE_MIDPOINT) {                                 \
        T w = qj->mode == TH_QUANTILE_MIDPOINT ? (T)0.5 : rank - (T)below;                                      \
        T e = sv[(int64_t)ceil(rank)];                                                                          \
        v = fabs(w) < 0.5 ? v + w * (e - v) : e - (e - v) * (1 - w);                                            \
      }                                                                                                         \
      out[i * count + m] = v;                                                                                   \
    }                                                                                                           \
  }
TH_QUANTILE_SLICE(float)
TH_QUANTILE_SLICE(double)

static int quantileRun(QuantileJob *qj) {
  Job *j = &qj->j;
  int nt = THSort_threads(j->it.count, j->n * 16, TH_SORT_GRAIN);
  int failed = 0;
  int64_t count = j->it.count;
#pragma omp parallel num_threads(nt) if (nt > 1)
  {
    THSortScratch s = {0};
    int ok = THSortScratch_alloc(&s, j->n, j->es, j->kw) == TH_OK;
    char *sv = ok ? (char *)malloc((size_t)j->n * j->es) : NULL;
    ok = ok && sv;
#pragma omp for schedule(static)
    for (int64_t m = 0; m < count; m++) {
      if (!ok) {
        failed = 1;
        continue;
      }
      char *p[TH_SLICE_MAX];
      THSliceIter_ptrs(&j->it, m, p);
      void *keys;
      uint32_t *idx;
      THSort_gather(s.raw, p[0], j->it.step[0], j->n, j->es);
      sortSliceKeys(j, &s, 0, &keys, &idx);
      int64_t nans = trailingNaNs(j, keys);
      if (j->dt == TH_Float32) {
        for (int64_t i = 0; i < j->n; i++) ((float *)sv)[i] = ((const float *)s.raw)[idx[i]];
        quantile_float(qj, (const float *)sv, j->n, nans, m);
      } else {
        for (int64_t i = 0; i < j->n; i++) ((double *)sv)[i] = ((const double *)s.raw)[idx[i]];
        quantile_double(qj, (const double *)sv, j->n, nans, m);
      }
    }
    free(sv);
    THSortScratch_free(&s);
  }
  if (failed) return THError("quantile: out of memory");
  return TH_OK;
}

static int quantileImpl(THTensor *r, const THTensor *a, const double *q, int64_t nq, int qIsVector, int hasDim, int64_t dim,
                        int keepdim, THQuantileMode mode, int ignoreNan) {
  const char *op = ignoreNan ? "nanquantile" : "quantile";
  if (THSort_checkOut(op, r, a->dtype) || THSort_checkNoAlias(op, r, a, 0)) return TH_ERR;
  int d, m;
  int64_t sizes[TH_MAX_DIMS + 1];
  if (THQuantile_shape(op, a, nq, qIsVector, hasDim, dim, keepdim, mode, &d, sizes, &m)) return TH_ERR;

  THTensor *src = NULL;
  if (hasDim) {
    src = THTensor_newAlias(a);
  } else {
    int64_t all = THTensor_numel(a);
    src = THTensor_newReshape(a, 1, &all);
  }
  if (!src) return TH_ERR;
  int64_t n = src->ndim > 0 ? src->sizes[d] : 1;
  QuantileJob qj;
  jobInit(&qj.j, src, d, n);
  qj.j.flag = ignoreNan;
  qj.nq = nq;
  qj.q = q;
  qj.mode = mode;
  int64_t total = nq * qj.j.it.count;
  THTensor *tmp = THTensor_newWithSize(a->dtype, 1, &total);
  int status = TH_ERR;
  if (!tmp) goto done;
  qj.out = THTensor_bytes(tmp);
  if (total > 0 && quantileRun(&qj)) goto done;
  {
    THTensor *shaped = THTensor_newView(tmp, m, sizes);
    if (!shaped) goto done;
    status = THSort_resizeOut(r, m, sizes);
    if (status == TH_OK && total > 0) status = THTensor_copy(r, shaped);
    THTensor_free(shaped);
  }
  if (status == TH_OK) THTensor_bumpVersion(r);
done:
  THTensor_free(tmp);
  THTensor_free(src);
  return status;
}

int THQuantile_check(const THTensor *a, const THTensor *q) {
  if (THTensor_numel(a) == 0) return THError("quantile() input tensor must be non-empty");
  if (a->dtype != TH_Float32 && a->dtype != TH_Float64)
    return THError("quantile() input tensor must be either float or double dtype (got %s)", THDType_name(a->dtype));
  if (!q) return TH_OK;
  if (q->ndim > 1) return THError("quantile() q must be a scalar or 1D tensor (got %d dims)", q->ndim);
  if (q->dtype != a->dtype)
    return THError("quantile() q tensor must be same dtype as the input tensor (input %s, q %s)", THDType_name(a->dtype),
                   THDType_name(q->dtype));
  return TH_OK;
}

int THQuantile_shape(const char *op, const THTensor *a, int64_t nq, int qIsVector, int hasDim, int64_t dim, int keepdim,
                     THQuantileMode mode, int *d, int64_t *sizes, int *m) {
  if ((unsigned)mode > TH_QUANTILE_NEAREST) return THError("quantile() interpolation mode %d is not valid", (int)mode);
  *d = 0;
  if (hasDim && THTensor_wrapDim(a, dim, d)) return TH_ERR;
  int n = 0;
  if (qIsVector) sizes[n++] = nq;
  if (hasDim) n += THReduce_shapeDim(a, *d, keepdim, sizes + n);
  else if (keepdim)
    for (int i = 0; i < a->ndim; i++) sizes[n++] = 1;
  if (n > TH_MAX_DIMS) return THError("%s(): the result would have more than %d dims", op, TH_MAX_DIMS);
  *m = n;
  return TH_OK;
}

int THTensor_quantileScalar(THTensor *r, const THTensor *a, double q, int hasDim, int64_t dim, int keepdim, THQuantileMode mode,
                            int ignoreNan) {
  if (THQuantile_check(a, NULL)) return TH_ERR;
  if (!(q >= 0 && q <= 1)) return THError("quantile() q must be in the range [0, 1] but got %g", q);
  return quantileImpl(r, a, &q, 1, 0, hasDim, dim, keepdim, mode, ignoreNan);
}

int THTensor_quantile(THTensor *r, const THTensor *a, const THTensor *q, int hasDim, int64_t dim, int keepdim, THQuantileMode mode,
                      int ignoreNan) {
  if (THQuantile_check(a, q)) return TH_ERR;
  int64_t nq = THTensor_numel(q);
  double *qs = (double *)malloc(sizeof(double) * (size_t)(nq > 0 ? nq : 1));
  if (!qs) return THError("quantile: out of memory");
  int64_t step = q->ndim ? q->strides[0] : 0;
  const char *base = THTensor_bytes(q);
  for (int64_t i = 0; i < nq; i++) {
    qs[i] = q->dtype == TH_Float32 ? (double)*(const float *)(base + i * step * 4) : *(const double *)(base + i * step * 8);
    if (!(qs[i] >= 0 && qs[i] <= 1)) {
      free(qs);
      return THError("quantile() q values must be in the range [0, 1]");
    }
  }
  int status = quantileImpl(r, a, qs, nq, q->ndim == 1, hasDim, dim, keepdim, mode, ignoreNan);
  free(qs);
  return status;
}
