/* Sorting and selection along a dim on the GPU: sort, topk, kthvalue, median, nanmedian, mode,
 * quantile, with libTH's checks, messages and results (THSort.c). Every op is a stable sort of
 * each slice (THCIdx_sortSlices: a block sort in shared memory, or CUB's radix sort for long
 * slices), then a pick: topk and kthvalue write only the sorted positions they keep; median,
 * mode and quantile sort into a scratch [slices, n] and a small kernel picks per slice. Long
 * slices (longer than a block sorts) are not sorted whole where a radix select will do
 * (THCRadixSelect.cu): topk selects its k elements and sorts only those; kthvalue and median
 * select their one element. */
#include "THCIndexUtil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int notImplemented(const char *kernel, THDType t) {
  return THError("\"%s\" not implemented for '%s'", kernel, THDType_torchName(t));
}

/* dim wrapped and the slice length along it (1 for a 0-d tensor). */
static int sliceDim(const THTensor *a, int64_t dim, int *d, int64_t *n) {
  if (THTensor_wrapDim(a, dim, d)) return TH_ERR;
  *n = THTensor_ndim(a) > 0 ? THTensor_size(a, *d) : 1;
  return TH_OK;
}

/* The slices of a along d (n long) and where they go. Outputs either have a's ndim (reduced 0:
 * their dim d is walked by steps) or lack dim d (reduced 1: keepdim false). NULL outputs are
 * skipped. */
static void sortArgs(THCSortArgs *s, const THTensor *a, int d, int64_t n, const THTensor *values, int vReduced,
                     const THTensor *indices, int iReduced) {
  memset(s, 0, sizeof *s);
  int nd = THTensor_ndim(a), m = 0;
  int64_t sz[TH_MAX_DIMS], st[3][TH_MAX_DIMS] = {{0}};
  const THTensor *ops[3] = {a, values, indices};
  const int reduced[3] = {0, vReduced, iReduced};
  for (int i = 0; i < nd; i++)
    if (i != d) sz[m++] = THTensor_size(a, i);
  for (int k = 0; k < 3; k++) {
    const THTensor *t = ops[k];
    if (!t) continue;
    int j = 0;
    for (int i = 0; i < THTensor_ndim(t); i++)
      if (reduced[k] || i != d) st[k][j++] = THTensor_stride(t, i);
    s->steps[k] = !reduced[k] && THTensor_ndim(t) > 0 ? THTensor_stride(t, d) : 0;
  }
  THCIdx_iterInit(&s->outer, m, sz);
  for (int k = 0; k < 3; k++) THCIdx_iterAdd(&s->outer, st[k]);
  THCIdx_iterCoalesce(&s->outer);
  s->count = 1;
  for (int i = 0; i < m; i++) s->count *= sz[i];
  s->n = n;
  s->a = THTensor_data(a);
  s->dt = THTensor_dtype(a);
  s->values = values ? THTensor_data(values) : NULL;
  s->indices = indices ? THTensor_data(indices) : NULL;
  s->outLen = n;
}

/* A view of scratch (contiguous [count, rowLen], one row per slice of a along d, in the slices'
 * order) with a's shape, rowLen long along d: the rows walked as a's slices are. */
static THTensor *newRowsView(const THTensor *scratch, const THTensor *a, int d, int64_t rowLen) {
  int nd = THTensor_ndim(a);
  int64_t sizes[TH_MAX_DIMS], strides[TH_MAX_DIMS], inner = rowLen;
  for (int i = nd - 1; i >= 0; i--) {
    sizes[i] = i == d ? rowLen : THTensor_size(a, i);
    strides[i] = i == d ? 1 : inner;
    if (i != d) inner *= sizes[i];
  }
  return THTensor_newWithStorage(THTensor_storage(scratch), THTensor_dtype(scratch), THTensor_storageOffset(scratch), nd, sizes,
                                 strides);
}

/* Sorts the slices of a along d (ascending) into fresh contiguous [count, n] values (a's dtype)
 * and positions (int64, unless wantIdx is 0). */
static int sortToScratch(THCIdxCtx *c, const THTensor *a, int d, int64_t n, int wantIdx, THTensor **sv, THTensor **si) {
  int64_t count = n > 0 ? THTensor_numel(a) / n : 0;
  int64_t shape[2] = {count, n};
  *sv = THCIdx_newWithSize(c, THTensor_dtype(a), 2, shape);
  *si = wantIdx ? THCIdx_newWithSize(c, TH_Int64, 2, shape) : NULL;
  if (!*sv || (wantIdx && !*si)) return TH_ERR;
  THTensor *rv = newRowsView(*sv, a, d, n), *ri = wantIdx ? newRowsView(*si, a, d, n) : NULL;
  int rc = TH_ERR;
  if (rv && (ri || !wantIdx)) {
    THCSortArgs s;
    sortArgs(&s, a, d, n, rv, 0, ri, 0);
    rc = THCIdx_check(THCIdx_sortSlices(c->state, c->stream, &s), "sort");
  }
  THTensor_free(rv);
  THTensor_free(ri);
  return rc;
}

/* a itself (retained) on the device, or a contiguous copy when an output shares its memory. */
static THTensor *sortInput(THCIdxCtx *c, const THTensor *a, const THTensor *o1, const THTensor *o2) {
  THTensor *in = THCIdx_newDeviceInput(c, a);
  if (in && ((o1 && THTensor_sharesStorage(in, o1)) || (o2 && THTensor_sharesStorage(in, o2)))) {
    THTensor *cl = THCIdx_newClone(c, in);
    THTensor_free(in);
    in = cl;
  }
  return in;
}

/* ---- sort ---- */

int THCTensor_sort(THCState *state, THTensor *values, THTensor *indices, const THTensor *a, int64_t dim, int descending, int stable) {
  (void)stable; /* always stable */
  int device, d;
  int64_t n;
  if (THCTensor_callDevice("sort", 1, &a, 2, (THTensor *const[]){values, indices}, &device)) return TH_ERR;
  if (sliceDim(a, dim, &d, &n) || THSort_checkOut("sort", values, THTensor_dtype(a)) || THSort_checkOut("sort", indices, TH_Int64))
    return TH_ERR;
  if (THSort_checkNoAlias("sort", values, a, 1) || THSort_checkNoAlias("sort", indices, a, 0)) return TH_ERR;
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  int status = TH_ERR;
  THTensor *in = NULL;
  int nd = THTensor_ndim(a);
  if (values && THCIdx_resizeOut(values, nd, THTensor_sizes(a))) goto done;
  if (indices && THCIdx_resizeOut(indices, nd, THTensor_sizes(a))) goto done;
  if (THTensor_numel(a) > 0 && (values || indices)) {
    if (!(in = sortInput(&c, a, values, indices))) goto done;
    THCSortArgs s;
    sortArgs(&s, in, d, n, values, 0, indices, 0);
    s.descending = descending;
    if (THCIdx_check(THCIdx_sortSlices(c.state, c.stream, &s), "sort")) goto done;
  }
  if (values) THTensor_bumpVersion(values);
  if (indices) THTensor_bumpVersion(indices);
  status = TH_OK;
done:
  THTensor_free(in);
  THCIdx_exit(&c);
  return status;
}

/* ---- topk ---- */

/* Slices of n this long take the radix select: too long for a block sort, short enough for its
 * 32-bit counts. */
static int useRadixSelect(int64_t n) { return n > THC_SORT_BLOCK_MAX && n < ((int64_t)1 << 32); }

/* topk of slices too long for a block sort: a radix select keeps each slice's k winners, in index
 * order, in scratch rows; a stable sort of those rows gives the results (ties in index order, as
 * a sort of the whole slice would), and the positions in the rows become positions in a. */
static int topkBySelect(THCIdxCtx *c, const THTensor *in, int d, int64_t n, int64_t k, int largest, THTensor *values,
                        THTensor *indices) {
  THCSortArgs s;
  sortArgs(&s, in, d, n, NULL, 0, NULL, 0);
  s.descending = largest;
  s.outLen = k;
  int64_t shape[2] = {s.count, k};
  THTensor *sv = THCIdx_newWithSize(c, THTensor_dtype(in), 2, shape), *sp = THCIdx_newWithSize(c, TH_Int64, 2, shape), *rows = NULL;
  int rc = TH_ERR;
  if (!sv || !sp || THCIdx_check(THCIdx_selectTopk(c->state, c->stream, &s, THTensor_data(sv), THTensor_data(sp)), "topk")) goto done;
  if (!(rows = newRowsView(sv, in, d, k))) goto done;
  THCSortArgs r;
  sortArgs(&r, rows, d, k, values, 0, indices, 0);
  r.descending = largest;
  if (THCIdx_check(THCIdx_sortSlices(c->state, c->stream, &r), "topk")) goto done;
  rc = THCIdx_check(THCIdx_launchTopkPositions(c->cs, &r, THTensor_data(sp)), "topk");
done:
  THTensor_free(rows);
  THTensor_free(sv);
  THTensor_free(sp);
  return rc;
}

int THCTensor_topk(THCState *state, THTensor *values, THTensor *indices, const THTensor *a, int64_t k, int64_t dim, int largest,
                   int sorted) {
  (void)sorted; /* results always come sorted */
  int device, d;
  int64_t n;
  if (THCTensor_callDevice("topk", 1, &a, 2, (THTensor *const[]){values, indices}, &device)) return TH_ERR;
  if (sliceDim(a, dim, &d, &n)) return TH_ERR;
  if (THTensor_dtype(a) == TH_Bool) return notImplemented("topk_cuda", THTensor_dtype(a));
  if (k < 0 || k > n) return THError("selected index k out of range (k = %lld, dimension %d has size %lld)", (long long)k, d, (long long)n);
  if (THSort_checkOut("topk", values, THTensor_dtype(a)) || THSort_checkOut("topk", indices, TH_Int64)) return TH_ERR;
  if (THSort_checkNoAlias("topk", values, a, 0) || THSort_checkNoAlias("topk", indices, a, 0)) return TH_ERR;
  int nd = THTensor_ndim(a);
  int64_t sizes[TH_MAX_DIMS];
  memcpy(sizes, THTensor_sizes(a), sizeof(int64_t) * (size_t)nd);
  if (nd > 0) sizes[d] = k;
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  int status = TH_ERR;
  THTensor *in = NULL;
  if (values && THCIdx_resizeOut(values, nd, sizes)) goto done;
  if (indices && THCIdx_resizeOut(indices, nd, sizes)) goto done;
  if (k > 0 && THTensor_numel(a) > 0 && (values || indices)) {
    if (!(in = THCIdx_newDeviceInput(&c, a))) goto done;
    if (useRadixSelect(n)) {
      if (topkBySelect(&c, in, d, n, k, largest, values, indices)) goto done;
    } else {
      THCSortArgs s;
      sortArgs(&s, in, d, n, values, 0, indices, 0);
      s.descending = largest;
      s.outLen = k;
      if (THCIdx_check(THCIdx_sortSlices(c.state, c.stream, &s), "topk")) goto done;
    }
  }
  if (values) THTensor_bumpVersion(values);
  if (indices) THTensor_bumpVersion(indices);
  status = TH_OK;
done:
  THTensor_free(in);
  THCIdx_exit(&c);
  return status;
}

/* ---- kthvalue, median, mode: one element per slice ---- */

enum { PICK_KTH, PICK_MEDIAN, PICK_MODE };

static int reduceOne(THCState *state, const char *op, const char *kernel, THTensor *values, THTensor *indices, const THTensor *a,
                     int64_t dim, int keepdim, int64_t k, int flag, int kind, int allowBool) {
  int device, d;
  int64_t n;
  if (THCTensor_callDevice(op, 1, &a, 2, (THTensor *const[]){values, indices}, &device)) return TH_ERR;
  if (sliceDim(a, dim, &d, &n)) return TH_ERR;
  THDType dt = THTensor_dtype(a);
  if (dt == TH_Bool && !allowBool) return notImplemented(kernel, dt);
  if (n == 0) return THError("%s(): Expected reduction dim %d to have non-zero size.", op, d);
  if (kind == PICK_KTH && (k < 1 || k > n))
    return THError("kthvalue(): selected number k out of range for dimension %d (k = %lld, size %lld)", d, (long long)k, (long long)n);
  if (THSort_checkOut(op, values, dt) || THSort_checkOut(op, indices, TH_Int64)) return TH_ERR;
  if (THSort_checkNoAlias(op, values, a, 0) || THSort_checkNoAlias(op, indices, a, 0)) return TH_ERR;
  if (!values || !indices) return THError("%s(): values and indices are required", op);
  int64_t sizes[TH_MAX_DIMS];
  int m = THReduce_shapeDim(a, d, keepdim, sizes);
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  int status = TH_ERR;
  THTensor *in = NULL, *sv = NULL, *si = NULL;
  if (THCIdx_resizeOut(values, m, sizes) || THCIdx_resizeOut(indices, m, sizes)) goto done;
  if (THTensor_numel(values) > 0) {
    if (!(in = THCIdx_newDeviceInput(&c, a))) goto done;
    THCSortArgs s;
    sortArgs(&s, in, d, n, values, !keepdim, indices, !keepdim);
    if (kind != PICK_MODE && useRadixSelect(n)) {
      int rc = kind == PICK_KTH ? THCIdx_selectKth(c.state, c.stream, &s, k) : THCIdx_selectMedian(c.state, c.stream, &s, flag);
      if (THCIdx_check(rc, op)) goto done;
    } else if (kind == PICK_KTH) {
      s.outStart = k - 1;
      s.outLen = 1;
      if (THCIdx_check(THCIdx_sortSlices(c.state, c.stream, &s), op)) goto done;
    } else {
      if (sortToScratch(&c, in, d, n, 1, &sv, &si)) goto done;
      int rc = kind == PICK_MEDIAN ? THCIdx_launchMedianPick(c.cs, &s.outer, s.count, n, THTensor_data(sv), THTensor_data(si), dt, flag,
                                                             THTensor_data(values), THTensor_data(indices))
                                   : THCIdx_launchModePick(c.cs, &s.outer, s.count, n, THTensor_data(sv), THTensor_data(si), dt,
                                                           THTensor_data(values), THTensor_data(indices));
      if (THCIdx_check(rc, op)) goto done;
    }
  }
  THTensor_bumpVersion(values);
  THTensor_bumpVersion(indices);
  status = TH_OK;
done:
  THTensor_free(in);
  THTensor_free(sv);
  THTensor_free(si);
  THCIdx_exit(&c);
  return status;
}

int THCTensor_kthvalue(THCState *state, THTensor *values, THTensor *indices, const THTensor *a, int64_t k, int64_t dim, int keepdim) {
  return reduceOne(state, "kthvalue", "kthvalue_cuda", values, indices, a, dim, keepdim, k, 0, PICK_KTH, 0);
}

int THCTensor_median(THCState *state, THTensor *values, THTensor *indices, const THTensor *a, int64_t dim, int keepdim, int ignoreNan) {
  return reduceOne(state, ignoreNan ? "nanmedian" : "median", ignoreNan ? "nanmedian_cuda" : "median_cuda", values, indices, a, dim,
                   keepdim, 0, ignoreNan, PICK_MEDIAN, 0);
}

int THCTensor_mode(THCState *state, THTensor *values, THTensor *indices, const THTensor *a, int64_t dim, int keepdim) {
  return reduceOne(state, "mode", "mode_cuda", values, indices, a, dim, keepdim, 0, 0, PICK_MODE, 1);
}

int THCTensor_medianAll(THCState *state, THTensor *r, const THTensor *a, int ignoreNan) {
  const char *op = ignoreNan ? "nanmedian" : "median";
  int device;
  if (THCTensor_callDevice(op, 1, &a, 1, &r, &device)) return TH_ERR;
  THDType dt = THTensor_dtype(a);
  if (dt == TH_Bool) return notImplemented(ignoreNan ? "nanmedian_cuda" : "median_cuda", dt);
  if (THSort_checkOut(op, r, dt) || THSort_checkNoAlias(op, r, a, 0)) return TH_ERR;
  int64_t numel = THTensor_numel(a);
  if (numel == 0 && !THDType_isFloating(dt))
    return THError("%s(): cannot take the median of an empty %s tensor", op, THDType_name(dt));
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  int status = TH_ERR;
  THTensor *flat = NULL, *idx = NULL;
  if (THTensor_resize(r, 0, NULL)) goto done;
  if (numel == 0) {
    uint64_t bits = THCIdx_scalarBits(dt, NAN);
    if (THCIdx_toDevice(&c, THTensor_data(r), &bits, THDType_size(dt))) goto done;
    THTensor_bumpVersion(r);
    status = TH_OK;
    goto done;
  }
  if (!(flat = THCIdx_newReshape(&c, a, 1, &numel)) || !(idx = THCIdx_empty(&c, TH_Int64))) goto done;
  status = THCTensor_median(state, r, idx, flat, 0, 0, ignoreNan);
done:
  THTensor_free(flat);
  THTensor_free(idx);
  THCIdx_exit(&c);
  return status;
}

/* ---- quantile ---- */

static int quantileImpl(THCState *state, int device, THTensor *r, const THTensor *a, const double *q, int64_t nq, int qIsVector,
                        int hasDim, int64_t dim, int keepdim, THQuantileMode mode, int ignoreNan) {
  const char *op = ignoreNan ? "nanquantile" : "quantile";
  THDType dt = THTensor_dtype(a);
  if (THSort_checkOut(op, r, dt) || THSort_checkNoAlias(op, r, a, 0)) return TH_ERR;
  int d, m;
  int64_t sizes[TH_MAX_DIMS + 1];
  if (THQuantile_shape(op, a, nq, qIsVector, hasDim, dim, keepdim, mode, &d, sizes, &m)) return TH_ERR;
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  THTensor *src = NULL, *sv = NULL, *si = NULL, *tmp = NULL, *shaped = NULL;
  double *dq = NULL;
  int status = TH_ERR;
  if (hasDim) {
    src = THCIdx_newDeviceInput(&c, a);
  } else {
    int64_t all = THTensor_numel(a);
    src = THCIdx_newReshape(&c, a, 1, &all);
  }
  if (!src) goto done;
  int64_t n = THTensor_ndim(src) > 0 ? THTensor_size(src, d) : 1;
  int64_t count = THTensor_numel(src) / n; /* a is non-empty */
  int64_t total = nq * count;
  if (!(tmp = THCIdx_newWithSize(&c, dt, 1, &total))) goto done;
  if (total > 0) {
    if (sortToScratch(&c, src, d, n, 0, &sv, &si)) goto done;
    if (!(dq = THCIdx_malloc(&c, sizeof(double) * (size_t)nq)) || THCIdx_toDevice(&c, dq, q, sizeof(double) * (size_t)nq)) goto done;
    if (THCIdx_check(THCIdx_launchQuantile(c.cs, count, n, THTensor_data(sv), dt, dq, nq, (int)mode, ignoreNan, THTensor_data(tmp)), op))
      goto done;
  }
  if (!(shaped = THTensor_newView(tmp, m, sizes))) goto done;
  if (THCIdx_resizeOut(r, m, sizes)) goto done;
  if (total > 0 && THCIdx_copy(&c, r, shaped)) goto done;
  THTensor_bumpVersion(r);
  status = TH_OK;
done:
  THCIdx_free(&c, dq);
  THTensor_free(shaped);
  THTensor_free(tmp);
  THTensor_free(sv);
  THTensor_free(si);
  THTensor_free(src);
  THCIdx_exit(&c);
  return status;
}

int THCTensor_quantileScalar(THCState *state, THTensor *r, const THTensor *a, double q, int hasDim, int64_t dim, int keepdim,
                             THQuantileMode mode, int ignoreNan) {
  int device;
  if (THCTensor_callDevice(ignoreNan ? "nanquantile" : "quantile", 1, &a, 1, &r, &device)) return TH_ERR;
  if (THQuantile_check(a, NULL)) return TH_ERR;
  if (!(q >= 0 && q <= 1)) return THError("quantile() q must be in the range [0, 1] but got %g", q);
  return quantileImpl(state, device, r, a, &q, 1, 0, hasDim, dim, keepdim, mode, ignoreNan);
}

int THCTensor_quantile(THCState *state, THTensor *r, const THTensor *a, const THTensor *q, int hasDim, int64_t dim, int keepdim,
                       THQuantileMode mode, int ignoreNan) {
  int device;
  if (THCTensor_callDevice(ignoreNan ? "nanquantile" : "quantile", 1, &a, 1, &r, &device)) return TH_ERR;
  if (THCTensor_device(q) >= 0 && THCTensor_device(q) != device)
    return THError("Expected all tensors to be on the same device, but found at least two devices, cuda:%d and cuda:%d! (in quantile)",
                   device, THCTensor_device(q));
  if (THQuantile_check(a, q)) return TH_ERR;
  int64_t nq = THTensor_numel(q);
  double *qs = malloc(sizeof(double) * (size_t)(nq > 0 ? nq : 1));
  THTensor *hq = NULL;
  if (!qs) return THError("quantile: out of memory");
  int status = TH_ERR;
  /* q is read on the host: a host copy of a device q */
  if (THCTensor_device(q) >= 0) {
    THCIdxCtx c;
    if (THCIdx_enter(&c, state, device)) goto done;
    THTensor *qc = THCIdx_newContiguous(&c, q);
    hq = qc ? THTensor_newWithSize(THTensor_dtype(q), THTensor_ndim(q), THTensor_sizes(q)) : NULL;
    int st = !hq || THCIdx_toHost(&c, THTensor_data(hq), THTensor_data(qc), (size_t)nq * THDType_size(THTensor_dtype(q)));
    THTensor_free(qc);
    THCIdx_exit(&c);
    if (st) goto done;
  } else {
    THTensor_retain((THTensor *)q);
    hq = (THTensor *)q;
  }
  int64_t step = THTensor_ndim(hq) ? THTensor_stride(hq, 0) : 0;
  const char *base = THTensor_data(hq);
  for (int64_t i = 0; i < nq; i++) {
    qs[i] = THTensor_dtype(hq) == TH_Float32 ? (double)*(const float *)(base + i * step * 4) : *(const double *)(base + i * step * 8);
    if (!(qs[i] >= 0 && qs[i] <= 1)) {
      THError("quantile() q values must be in the range [0, 1]");
      goto done;
    }
  }
  status = quantileImpl(state, device, r, a, qs, nq, THTensor_ndim(q) == 1, hasDim, dim, keepdim, mode, ignoreNan);
done:
  THTensor_free(hq);
  free(qs);
  return status;
}
