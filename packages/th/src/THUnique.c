/* unique and unique_consecutive, of elements or of slices along a dim. Elements are compared by
 * their order keys (THSortUtil.h): -0 equals +0, and every NaN is distinct, as with ==. */
#include "THSortUtil.h"

/* Writes the results from `order` (positions in sorted or input order) and group starts. */
typedef struct Groups {
  int64_t n;       /* elements (or slices) */
  uint32_t *order; /* order[i]: the input position of the i-th element in order */
  int64_t *start;  /* start[g]: first i of group g; start[ng] = n */
  int64_t ng;
} Groups;

static int fillInverseCounts(const Groups *g, THTensor *inverse, int invNdim, const int64_t *invSizes, THTensor *counts) {
  if (inverse) {
    if (inverse->dtype != TH_Int64) return THError("unique: expected inverse_indices to have dtype int64, got %s", THDType_name(inverse->dtype));
    if (THTensor_resize(inverse, invNdim, invSizes)) return TH_ERR;
    int64_t *inv = (int64_t *)THTensor_bytes(inverse);
    for (int64_t k = 0; k < g->ng; k++)
      for (int64_t i = g->start[k]; i < g->start[k + 1]; i++) inv[g->order[i]] = k;
    THTensor_bumpVersion(inverse);
  }
  if (counts) {
    if (counts->dtype != TH_Int64) return THError("unique: expected counts to have dtype int64, got %s", THDType_name(counts->dtype));
    if (THTensor_resize(counts, 1, &g->ng)) return TH_ERR;
    int64_t *c = (int64_t *)THTensor_bytes(counts);
    for (int64_t k = 0; k < g->ng; k++) c[k] = g->start[k + 1] - g->start[k];
    THTensor_bumpVersion(counts);
  }
  return TH_OK;
}

static int checkDtype(const char *kernel, const THTensor *a) {
  if (a->dtype == TH_Float16) return THError("\"%s\" not implemented for '%s'", kernel, THDType_torchName(a->dtype));
  return TH_OK;
}

/* ---- elements ---- */

/* Integers whose range is not much larger than their count: counting instead of sorting (the same
 * sorted result). Returns 1 when it handled the tensor (status in *status), 0 to fall back. */
static int uniqueCounting(THTensor *output, THTensor *inverse, THTensor *counts, const THTensor *a, const THTensor *flat, int *status) {
  int64_t n = THTensor_numel(flat);
  if (!THDType_isIntegral(a->dtype, 1) || n < 1024) return 0;
  THTensor *x = THTensor_newTo(flat, TH_Int64, 0), *xc = x ? THTensor_newContiguous(x) : NULL;
  THTensor_free(x);
  if (!xc) {
    *status = TH_ERR;
    return 1;
  }
  const int64_t *v = (const int64_t *)THTensor_bytes(xc);
  int64_t lo = v[0], hi = v[0];
  for (int64_t i = 0; i < n; i++) {
    lo = v[i] < lo ? v[i] : lo;
    hi = v[i] > hi ? v[i] : hi;
  }
  uint64_t range = (uint64_t)hi - (uint64_t)lo + 1;
  if (range > (uint64_t)(2 * n + 65536)) {
    THTensor_free(xc);
    return 0;
  }
  size_t bytes = (size_t)range * sizeof(int64_t);
  int64_t *cnt = (int64_t *)THDefaultAllocator()->malloc(THDefaultAllocator()->ctx, bytes);
  *status = TH_ERR;
  if (!cnt) {
    THError("unique: out of memory");
    THTensor_free(xc);
    return 1;
  }
  memset(cnt, 0, bytes);
  for (int64_t i = 0; i < n; i++) cnt[v[i] - lo]++;
  int64_t ng = 0;
  for (uint64_t r = 0; r < range; r++) ng += cnt[r] != 0;
  if (THTensor_resize(output, 1, &ng)) goto done;
  {
    char *o = THTensor_bytes(output);
    int64_t *c = NULL;
    if (counts) {
      if (counts->dtype != TH_Int64) {
        THError("unique: expected counts to have dtype int64, got %s", THDType_name(counts->dtype));
        goto done;
      }
      if (THTensor_resize(counts, 1, &ng)) goto done;
      c = (int64_t *)THTensor_bytes(counts);
    }
    int64_t g = 0;
    for (uint64_t r = 0; r < range; r++) {
      if (!cnt[r]) continue;
      thStoreAt[a->dtype](o, g, (double)(lo + (int64_t)r));
      if (a->dtype == TH_Int64) ((int64_t *)o)[g] = lo + (int64_t)r; /* exact beyond 2^53 */
      if (c) c[g] = cnt[r];
      cnt[r] = g++; /* from here on: the group of each value */
    }
  }
  THTensor_bumpVersion(output);
  if (counts) THTensor_bumpVersion(counts);
  if (inverse) {
    if (inverse->dtype != TH_Int64) {
      THError("unique: expected inverse_indices to have dtype int64, got %s", THDType_name(inverse->dtype));
      goto done;
    }
    if (THTensor_resize(inverse, a->ndim, a->sizes)) goto done;
    int64_t *inv = (int64_t *)THTensor_bytes(inverse);
    for (int64_t i = 0; i < n; i++) inv[i] = cnt[v[i] - lo];
    THTensor_bumpVersion(inverse);
  }
  *status = TH_OK;
done:
  THDefaultAllocator()->free(THDefaultAllocator()->ctx, cnt, bytes);
  THTensor_free(xc);
  return 1;
}


static int uniqueFlat(THTensor *output, THTensor *inverse, THTensor *counts, const THTensor *a, int sort) {
  if (checkDtype("unique", a)) return TH_ERR;
  if (output->dtype != a->dtype)
    return THError("unique: expected output to have dtype %s, got %s", THDType_name(a->dtype), THDType_name(output->dtype));
  int64_t n = THTensor_numel(a);
  if (n > (int64_t)UINT32_MAX) return THError("unique: tensors of more than %u elements are not supported", UINT32_MAX);
  THTensor *flat = THTensor_newReshape(a, 1, &n);
  if (!flat) return TH_ERR;
  int status = TH_ERR;
  int handled;
  if (sort && (handled = uniqueCounting(output, inverse, counts, a, flat, &status), handled)) {
    THTensor_free(flat);
    return status;
  }
  size_t es = THDType_size(a->dtype), kw = THSort_keyWidth(a->dtype);
  int isFloat = THDType_isFloating(a->dtype);
  uint64_t nanKey = THSort_nanKey(kw);
  THSortScratch s = {0};
  Groups g = {n, NULL, NULL, 0};
  if (THSortScratch_alloc(&s, n, es, kw)) {
    THTensor_free(flat);
    return THError("unique: out of memory");
  }
  g.start = (int64_t *)malloc(sizeof(int64_t) * (size_t)(n + 1));
  if (!g.start) {
    THError("unique: out of memory");
    goto done;
  }
  THSort_gather(s.raw, THTensor_bytes(flat), flat->strides[0] * (int64_t)es, n, es);
  THSort_keys(a->dtype, s.raw, n, s.ka, 0);
  void *keys = s.ka;
  if (sort) {
    THSort_sortKeys(&s, kw, n, &keys, &g.order);
  } else {
    for (int64_t i = 0; i < n; i++) s.ia[i] = (uint32_t)i;
    g.order = s.ia;
  }
  for (int64_t i = 0; i < n; i++) {
    uint64_t k = THSort_keyAt(keys, kw, i);
    if (i == 0 || k != THSort_keyAt(keys, kw, i - 1) || (isFloat && k == nanKey)) g.start[g.ng++] = i;
  }
  g.start[g.ng] = n;
  if (THTensor_resize(output, 1, &g.ng)) goto done;
  {
    char *o = THTensor_bytes(output);
    for (int64_t k = 0; k < g.ng; k++) memcpy(o + k * es, s.raw + (size_t)g.order[g.start[k]] * es, es);
  }
  THTensor_bumpVersion(output);
  status = fillInverseCounts(&g, inverse, a->ndim, a->sizes, counts);
done:
  free(g.start);
  THSortScratch_free(&s);
  THTensor_free(flat);
  return status;
}

/* ---- slices along a dim ---- */

typedef struct RowCmp {
  const char *keys; /* n rows of m keys */
  int64_t m;
  size_t kw;
} RowCmp;

static int rowCompare(const RowCmp *c, uint32_t x, uint32_t y) {
  const char *a = c->keys + (size_t)x * (size_t)c->m * c->kw, *b = c->keys + (size_t)y * (size_t)c->m * c->kw;
  for (int64_t e = 0; e < c->m; e++) {
    uint64_t ka = THSort_keyAt(a, c->kw, e), kb = THSort_keyAt(b, c->kw, e);
    if (ka != kb) return ka < kb ? -1 : 1;
  }
  return 0;
}

/* Stable merge sort of v[0..n) by rowCompare (tmp: n entries). */
static void mergeSort(const RowCmp *c, uint32_t *v, uint32_t *tmp, int64_t n) {
  if (n < 2) return;
  int64_t h = n / 2;
  mergeSort(c, v, tmp, h);
  mergeSort(c, v + h, tmp, n - h);
  int64_t i = 0, j = h, k = 0;
  while (i < h && j < n) tmp[k++] = rowCompare(c, v[j], v[i]) < 0 ? v[j++] : v[i++];
  while (i < h) tmp[k++] = v[i++];
  while (j < n) tmp[k++] = v[j++];
  memcpy(v, tmp, sizeof(uint32_t) * (size_t)n);
}

static int uniqueDim(THTensor *output, THTensor *inverse, THTensor *counts, const THTensor *a, int64_t dim, int sort) {
  if (checkDtype(sort ? "unique_dim" : "unique_consecutive", a)) return TH_ERR;
  if (a->ndim == 0) return THError("Dimension specified as %lld but tensor has no dimensions", (long long)dim);
  int d;
  if (THTensor_wrapDim(a, dim, &d)) return TH_ERR;
  if (output->dtype != a->dtype)
    return THError("unique: expected output to have dtype %s, got %s", THDType_name(a->dtype), THDType_name(output->dtype));
  int64_t n = a->sizes[d], numel = THTensor_numel(a);
  if (numel == 0 && n != 0) return THError("There are 0 sized dimensions, and they aren't selected, so unique cannot be applied");
  if (n > (int64_t)UINT32_MAX) return THError("unique: more than %u slices are not supported", UINT32_MAX);
  int64_t m = n > 0 ? numel / n : 0;
  size_t es = THDType_size(a->dtype), kw = THSort_keyWidth(a->dtype);
  int64_t src = d, dst = 0;
  THTensor *moved = THTensor_newMovedim(a, 1, &src, &dst);
  THTensor *mc = moved ? THTensor_newContiguous(moved) : NULL;
  char *keys = (char *)malloc((size_t)(numel > 0 ? numel : 1) * kw);
  uint32_t *order = (uint32_t *)malloc(sizeof(uint32_t) * (size_t)(2 * n + 1));
  Groups g = {n, order, (int64_t *)malloc(sizeof(int64_t) * (size_t)(n + 1)), 0};
  THTensor *res = NULL, *resMoved = NULL;
  int status = TH_ERR;
  if (!mc) goto done;
  if (!keys || !order || !g.start) {
    THError("unique: out of memory");
    goto done;
  }
  THSort_keys(a->dtype, THTensor_bytes(mc), numel, keys, 0);
  RowCmp cmp = {keys, m, kw};
  for (int64_t i = 0; i < n; i++) order[i] = (uint32_t)i;
  if (sort) mergeSort(&cmp, order, order + n, n);
  for (int64_t i = 0; i < n; i++)
    if (i == 0 || rowCompare(&cmp, order[i], order[i - 1]) != 0) g.start[g.ng++] = i;
  g.start[g.ng] = n;
  /* the groups' first slices, [ng, other dims...], then moved back */
  int64_t sizes[TH_MAX_DIMS];
  memcpy(sizes, mc->sizes, sizeof(int64_t) * (size_t)mc->ndim);
  sizes[0] = g.ng;
  if (!(res = THTensor_newWithSize(a->dtype, mc->ndim, sizes))) goto done;
  {
    size_t rowB = (size_t)m * es;
    const char *in = THTensor_bytes(mc);
    char *o = THTensor_bytes(res);
    for (int64_t k = 0; k < g.ng; k++) memcpy(o + (size_t)k * rowB, in + (size_t)order[g.start[k]] * rowB, rowB);
  }
  if (!(resMoved = THTensor_newMovedim(res, 1, &dst, &src))) goto done;
  if (THTensor_resize(output, resMoved->ndim, resMoved->sizes)) goto done;
  if (THTensor_numel(resMoved) > 0 && THTensor_copy(output, resMoved)) goto done;
  THTensor_bumpVersion(output);
  status = fillInverseCounts(&g, inverse, 1, &n, counts);
done:
  free(keys);
  free(order);
  free(g.start);
  THTensor_free(res);
  THTensor_free(resMoved);
  THTensor_free(mc);
  THTensor_free(moved);
  return status;
}

int THTensor_unique(THTensor *output, THTensor *inverse, THTensor *counts, const THTensor *a, int sorted, int hasDim, int64_t dim) {
  (void)sorted; /* always sorted, which PyTorch allows for sorted=False */
  if (hasDim) return uniqueDim(output, inverse, counts, a, dim, 1);
  return uniqueFlat(output, inverse, counts, a, 1);
}

int THTensor_uniqueConsecutive(THTensor *output, THTensor *inverse, THTensor *counts, const THTensor *a, int hasDim, int64_t dim) {
  if (hasDim) return uniqueDim(output, inverse, counts, a, dim, 0);
  return uniqueFlat(output, inverse, counts, a, 0);
}
