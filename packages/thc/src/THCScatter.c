/* gather, scatter (value or src, with reductions) and scatter_reduce on the GPU, with libTH's
 * checks and messages (THScatter.c). Index values are validated before anything is written (one
 * read-back), so a bad index gives libTH's message and leaves the device usable; a failing
 * scatter then leaves self untouched (libTH may have written the rows before the bad one). */
#include "THCIndexUtil.h"

#include <math.h>
#include <string.h>

/* sizes and strides of t as the scatter family sees them (a 0-d tensor as [1]). */
static void geoDims(const THTensor *t, int64_t *sizes, int64_t *strides) {
  int nd = THTensor_ndim(t);
  if (nd == 0) {
    sizes[0] = 1;
    strides[0] = 1;
    return;
  }
  memcpy(sizes, THTensor_sizes(t), sizeof(int64_t) * (size_t)nd);
  memcpy(strides, THTensor_strides(t), sizeof(int64_t) * (size_t)nd);
}

/* index values in [0, dimSize), else libTH's message naming the first bad one (row-major). */
static int checkIndexValues(THCIdxCtx *c, const THTensor *index, int d, int64_t dimSize) {
  THCIdxGeom g;
  THCIdx_geom(&g, index);
  int64_t pos, bad;
  if (THCIdx_check(THCIdx_firstOutOfRange(c->state, c->stream, &g, THTensor_numel(index), THTensor_data(index), 0, dimSize, &pos, &bad),
                   "index check"))
    return TH_ERR;
  if (pos >= 0) return THError("index %lld is out of bounds for dimension %d with size %lld", (long long)bad, d, (long long)dimSize);
  return TH_OK;
}

int THCTensor_gather(THCState *state, THTensor *r, const THTensor *self, int64_t dim, const THTensor *index) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  int device, d;
  if (THCTensor_callDevice("gather", 2, (const THTensor *const[]){self, index}, 1, &r, &device)) return TH_ERR;
  if (THTensor_wrapDim(self, dim, &d)) return TH_ERR;
  if (THTensor_dtype(index) != TH_Int64)
    return THError("gather(): Expected dtype int64 for index, but got %s", THDType_name(THTensor_dtype(index)));
  int selfNd = THTensor_ndim(self), idxNd = THTensor_ndim(index);
  int nd = selfNd ? selfNd : 1;
  if ((idxNd ? idxNd : 1) != nd)
    return THError("Index tensor must have the same number of dimensions as input tensor (index %s, input %s)",
                   THShapeStr(ba, sizeof ba, idxNd, THTensor_sizes(index)),
                   THShapeStr(bb, sizeof bb, selfNd, THTensor_sizes(self)));
  THDType dt = THTensor_dtype(self);
  if (THCheckOutDtype("gather()", r, dt)) return TH_ERR;
  int64_t isz[TH_MAX_DIMS], ist[TH_MAX_DIMS], ssz[TH_MAX_DIMS], sst[TH_MAX_DIMS], tsz[TH_MAX_DIMS], tst[TH_MAX_DIMS];
  geoDims(index, isz, ist);
  geoDims(self, ssz, sst);
  for (int i = 0; i < nd; i++)
    if (i != d && isz[i] > ssz[i])
      return THError("Size does not match at dimension %d expected index %s to be smaller than self %s apart from dimension %d", i,
                     THShapeStr(ba, sizeof ba, idxNd, THTensor_sizes(index)),
                     THShapeStr(bb, sizeof bb, selfNd, THTensor_sizes(self)), d);
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  int64_t n = THTensor_numel(index);
  THTensor *idx = NULL, *target = NULL;
  int status = TH_ERR;
  if (!(idx = THCIdx_newDeviceInput(&c, index))) goto done;
  target = THTensor_sharesStorage(r, self) || THTensor_sharesStorage(r, idx) ? THCIdx_empty(&c, dt) : r;
  if (!target || THTensor_resize(target, idxNd, THTensor_sizes(index))) goto done;
  if (n > 0) {
    if (checkIndexValues(&c, idx, d, ssz[d])) goto done;
    geoDims(idx, isz, ist);
    geoDims(target, tsz, tst);
    int64_t sDim = sst[d];
    sst[d] = 0; /* the index value moves self along dim */
    THCIdxIter it;
    THCIdx_iterInit(&it, nd, isz);
    THCIdx_iterAdd(&it, ist);
    THCIdx_iterAdd(&it, tst);
    THCIdx_iterAdd(&it, sst);
    THCIdx_iterCoalesce(&it);
    if (THCIdx_check(THCIdx_launchGather(c.cs, &it, n, THTensor_data(idx), THTensor_data(target), THTensor_data(self), sDim,
                                         THDType_size(dt)),
                     "gather"))
      goto done;
  }
  status = TH_OK;
  if (target != r) status = THTensor_resize(r, idxNd, THTensor_sizes(index)) || THCIdx_copy(&c, r, target) ? TH_ERR : TH_OK;
  if (status == TH_OK) THTensor_bumpVersion(r);
done:
  if (target != r) THTensor_free(target);
  THTensor_free(idx);
  THCIdx_exit(&c);
  return status;
}

/* libTH's checks shared by scatter and scatter_reduce; the wrapped dim in *d. */
static int scatterCheck(const char *op, const THTensor *self, int64_t dim, const THTensor *index, const THTensor *src, int *d) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF], bc[TH_SHAPE_BUF];
  if (THTensor_wrapDim(self, dim, d)) return TH_ERR;
  if (THTensor_dtype(index) != TH_Int64)
    return THError("%s(): Expected dtype int64 for index, but got %s", op, THDType_name(THTensor_dtype(index)));
  if (src && THTensor_dtype(src) != THTensor_dtype(self))
    return THError("%s(): Expected self.dtype to be equal to src.dtype (got self %s and src %s)", op,
                   THDType_name(THTensor_dtype(self)), THDType_name(THTensor_dtype(src)));
  int selfNd = THTensor_ndim(self), idxNd = THTensor_ndim(index), srcNd = src ? THTensor_ndim(src) : 0;
  int nd = selfNd ? selfNd : 1;
  if ((idxNd ? idxNd : 1) != nd)
    return THError("Index tensor must have the same number of dimensions as self tensor (index %s, self %s)",
                   THShapeStr(ba, sizeof ba, idxNd, THTensor_sizes(index)),
                   THShapeStr(bb, sizeof bb, selfNd, THTensor_sizes(self)));
  if (src && (srcNd ? srcNd : 1) != nd)
    return THError("Index tensor must have the same number of dimensions as src tensor (index %s, src %s)",
                   THShapeStr(ba, sizeof ba, idxNd, THTensor_sizes(index)),
                   THShapeStr(bb, sizeof bb, srcNd, THTensor_sizes(src)));
  int64_t isz[TH_MAX_DIMS], ist[TH_MAX_DIMS], ssz[TH_MAX_DIMS], sst[TH_MAX_DIMS], csz[TH_MAX_DIMS], cst[TH_MAX_DIMS];
  geoDims(index, isz, ist);
  geoDims(self, ssz, sst);
  if (src) geoDims(src, csz, cst);
  for (int i = 0; i < nd; i++) {
    int bad = (i != *d && isz[i] > ssz[i]) || (src && isz[i] > csz[i]);
    if (!bad) continue;
    if (src)
      return THError("Expected index %s to be smaller than self %s apart from dimension %d and to be smaller size than src %s",
                     THShapeStr(ba, sizeof ba, idxNd, THTensor_sizes(index)),
                     THShapeStr(bb, sizeof bb, selfNd, THTensor_sizes(self)), *d,
                     THShapeStr(bc, sizeof bc, srcNd, THTensor_sizes(src)));
    return THError("Expected index %s to be smaller than self %s apart from dimension %d",
                   THShapeStr(ba, sizeof ba, idxNd, THTensor_sizes(index)),
                   THShapeStr(bb, sizeof bb, selfNd, THTensor_sizes(self)), *d);
  }
  return TH_OK;
}

/* The identity of a reduction as dtype dt, as the bits of one element. */
static uint64_t identityBits(THDType dt, int reduce) {
  uint64_t bits = 0;
  THIndex_storeIdentity(dt, reduce, (char *)&bits);
  return bits;
}

static int scatterImpl(THCState *state, const char *op, THTensor *r, const THTensor *self, int64_t dim, const THTensor *index,
                       const THTensor *src, double value, int reduce, int includeSelf) {
  int device, d;
  if (THCTensor_callDevice(op, 3, (const THTensor *const[]){self, index, src}, 1, &r, &device)) return TH_ERR;
  if (scatterCheck(op, self, dim, index, src, &d)) return TH_ERR;
  if (r == self && THCheckWriteOverlap(op, r, 0, NULL)) return TH_ERR;
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  THDType dt = THTensor_dtype(self);
  THTensor *idx = NULL, *sv = NULL, *counts = NULL;
  int status = TH_ERR, st;
  /* inputs sharing memory with r are read from copies, taken before r is written */
  if (!(idx = THCIdx_newPrivate(&c, index, r, &st)) || st) goto done;
  if (src && (!(sv = THCIdx_newPrivate(&c, src, r, &st)) || st)) goto done;
  if (THCIdx_initFrom(&c, op, r, self)) goto done;
  int64_t n = THTensor_numel(idx);
  int nd = THTensor_ndim(self) ? THTensor_ndim(self) : 1;
  int64_t isz[TH_MAX_DIMS], ist[TH_MAX_DIMS], rsz[TH_MAX_DIMS], rst[TH_MAX_DIMS], csz[TH_MAX_DIMS], cst[TH_MAX_DIMS];
  int64_t ssz[TH_MAX_DIMS], sst[TH_MAX_DIMS] = {0}, cnt[TH_MAX_DIMS] = {0};
  geoDims(idx, isz, ist);
  geoDims(r, rsz, rst);
  if (sv) geoDims(sv, ssz, sst);
  if (n > 0 && checkIndexValues(&c, idx, d, rsz[d])) goto done;
  if (reduce == TH_SCATTER_MEAN) {
    if (!(counts = THCIdx_newWithSize(&c, TH_Int64, THTensor_ndim(r), THTensor_sizes(r)))) goto done;
    THCIdxIter fit;
    THCIdx_iterInit(&fit, 1, (int64_t[]){THTensor_numel(counts)});
    THCIdx_iterAdd(&fit, (int64_t[]){1});
    if (THCIdx_check(THCIdx_launchFill(c.cs, &fit, THTensor_numel(counts), THTensor_data(counts), sizeof(int64_t),
                                       includeSelf ? 1 : 0, NULL),
                     op))
      goto done;
    geoDims(counts, csz, cst);
    memcpy(cnt, cst, sizeof cst);
  }
  if (n > 0) {
    int64_t rDim = rst[d], cDim = cnt[d];
    rst[d] = 0;
    cnt[d] = 0;
    THCIdxIter it;
    THCIdx_iterInit(&it, nd, isz);
    THCIdx_iterAdd(&it, ist);
    THCIdx_iterAdd(&it, rst);
    THCIdx_iterAdd(&it, sv ? sst : NULL);
    THCIdx_iterAdd(&it, counts ? cnt : NULL);
    THCIdx_iterCoalesce(&it);
    const int64_t *ip = THTensor_data(idx);
    char *rp = THTensor_data(r);
    int64_t *cp = counts ? THTensor_data(counts) : NULL;
    if (!includeSelf &&
        THCIdx_check(THCIdx_launchScatter(c.cs, &it, n, ip, rp, rDim, NULL, identityBits(dt, reduce), dt, reduce, 1, NULL, 0), op))
      goto done;
    uint64_t bits = sv ? 0 : THCIdx_scalarBits(dt, value);
    if (THCIdx_check(THCIdx_launchScatter(c.cs, &it, n, ip, rp, rDim, sv ? THTensor_data(sv) : NULL, bits, dt, reduce, 0, cp, cDim),
                     op))
      goto done;
  }
  if (counts) {
    THCIdxIter it;
    THCIdx_iterInit(&it, THTensor_ndim(r), THTensor_sizes(r));
    THCIdx_iterAdd(&it, THTensor_strides(r));
    THCIdx_iterAdd(&it, THTensor_strides(counts));
    THCIdx_iterCoalesce(&it);
    if (THCIdx_check(THCIdx_launchMeanDivide(c.cs, &it, THTensor_numel(r), THTensor_data(r), dt, THTensor_data(counts)), op))
      goto done;
  }
  THTensor_bumpVersion(r);
  status = TH_OK;
done:
  THTensor_free(idx);
  THTensor_free(sv);
  THTensor_free(counts);
  THCIdx_exit(&c);
  return status;
}

int THCTensor_scatter(THCState *state, THTensor *r, const THTensor *self, int64_t dim, const THTensor *index, const THTensor *src,
                      double value, THScatterReduce reduce) {
  if (reduce != TH_SCATTER_NONE && reduce != TH_SCATTER_SUM && reduce != TH_SCATTER_PROD)
    return THError("reduce argument must be either add or multiply.");
  return scatterImpl(state, reduce == TH_SCATTER_SUM && src ? "scatter_add" : "scatter", r, self, dim, index, src, value, reduce, 1);
}

int THCTensor_scatterReduce(THCState *state, THTensor *r, const THTensor *self, int64_t dim, const THTensor *index,
                            const THTensor *src, THScatterReduce reduce, int includeSelf) {
  if (reduce < TH_SCATTER_SUM || reduce > TH_SCATTER_AMIN) return THError("reduce argument must be either sum, prod, mean, amax or amin.");
  if (!src) return THError("scatter_reduce(): src must be a tensor");
  return scatterImpl(state, "scatter_reduce", r, self, dim, index, src, 0, reduce, includeSelf);
}
