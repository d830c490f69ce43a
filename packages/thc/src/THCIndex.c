/* Advanced indexing (x[indices], index_put_), index_select/add/copy/fill, take/put, masks and
 * nonzero on the GPU, with libTH's semantics and messages (THIndex.c).
 *
 * As in libTH, an op is planned as [B..., I..., A...] (I the broadcast index dims, B and A the
 * plain dims before and after): a kernel fills a device table of source offsets per index position
 * and records the first index out of range (read back before anything is written, so a bad index
 * gives libTH's message and leaves the device usable — no device assert), then one kernel gathers
 * or scatters every element. Results whose size depends on the data (masked_select, nonzero, a
 * boolean mask index) count first: one scan, one read-back of the count. */
#include "THCIndexUtil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- plans ---- */

typedef THIndexPlan Plan; /* offI on the device; no offB */

static void planFree(THCIdxCtx *c, Plan *p) {
  THCIdx_free(c, p->offI);
  p->offI = NULL;
}

static void planGeoms(const Plan *p, const int64_t *Bst, const int64_t *Ast, THCIdxGeom *B, THCIdxGeom *A) {
  memset(B, 0, sizeof *B);
  memset(A, 0, sizeof *A);
  B->ndim = p->nB;
  A->ndim = p->nA;
  for (int i = 0; i < p->nB; i++) B->sizes[i] = p->Bsz[i], B->strides[i] = Bst[i];
  for (int i = 0; i < p->nA; i++) A->sizes[i] = p->Asz[i], A->strides[i] = Ast[i];
  THCIdx_geomCoalesce(B);
  THCIdx_geomCoalesce(A);
}

/* The device table of offsets for k int64 index tensors (device, any strides, broadcast to the I
 * shape) at source dims `dims`, with libTH's bounds checks. style 0: "index i is out of bounds
 * for dimension d with size s"; 1: index_select's "(index out of range in self)", negatives
 * rejected; 2: the first message, negatives rejected. */
static int planOffsets(THCIdxCtx *c, Plan *p, int k, THTensor *const *idx, const int *dims, const THTensor *src, const char *op,
                       int style) {
  p->offI = THCIdx_malloc(c, sizeof(int64_t) * (size_t)(p->numI > 0 ? p->numI : 1));
  if (!p->offI) return TH_ERR;
  if (p->numI == 0) return TH_OK;
  uint64_t *err = THCIdx_malloc(c, sizeof(uint64_t));
  if (!err) return TH_ERR;
  uint64_t bad = ~(uint64_t)0;
  int status = TH_ERR;
  THCIdxGeom g[TH_MAX_DIMS];
  if (cudaMemsetAsync(err, 0xFF, sizeof *err, (cudaStream_t)c->cs) != cudaSuccess) {
    THCError(cudaGetLastError(), "cudaMemsetAsync");
    goto done;
  }
  for (int j = 0; j < k; j++) {
    memset(&g[j], 0, sizeof g[j]);
    g[j].ndim = p->nI;
    memcpy(g[j].sizes, p->Isz, sizeof(int64_t) * (size_t)p->nI);
    THCIdx_broadcastStrides(idx[j], p->nI, p->Isz, g[j].strides);
    THCIdxGeom cg = g[j];
    THCIdx_geomCoalesce(&cg);
    int rc = THCIdx_launchIndexOffsets(c->cs, &cg, p->numI, (const int64_t *)THTensor_data(idx[j]), THTensor_size(src, dims[j]),
                                       THTensor_stride(src, dims[j]), style == 0, j == 0, p->offI, err, k, j);
    if (THCIdx_check(rc, "index")) goto done;
  }
  if (THCIdx_toHost(c, &bad, err, sizeof bad)) goto done;
  if (bad != ~(uint64_t)0) {
    int64_t pos = (int64_t)(bad / (uint64_t)k);
    int j = (int)(bad % (uint64_t)k);
    int64_t badVal = 0, size = THTensor_size(src, dims[j]);
    const int64_t *at = (const int64_t *)THTensor_data(idx[j]) + THCIdx_geomOffset(&g[j], pos);
    if (THCIdx_toHost(c, &badVal, at, sizeof badVal)) goto done;
    if (style == 1)
      THError("%s: index %lld is out of bounds for dimension %d with size %lld (index out of range in self)", op, (long long)badVal,
              dims[j], (long long)size);
    else
      THError("%s%sindex %lld is out of bounds for dimension %d with size %lld", op, *op ? ": " : "", (long long)badVal, dims[j],
              (long long)size);
    goto done;
  }
  status = TH_OK;
done:
  THCIdx_free(c, err);
  return status;
}

/* dst (by the plan) (mode 0: =, 1: += alpha *) values, where values (device, dst's dtype) has
 * strides vst over the plan's shape; values NULL: the element `bits`. */
static int scatterValues(THCIdxCtx *c, const Plan *p, char *dst, THDType dt, const THTensor *values, const int64_t *vst,
                         uint64_t bits, int mode, double alpha) {
  if (p->numB * p->numI * p->numA == 0) return TH_OK;
  THCIdxGeom B, A, V;
  planGeoms(p, p->Bst, p->Ast, &B, &A);
  memset(&V, 0, sizeof V);
  V.ndim = THIndexPlan_shape(p, V.sizes);
  if (values) memcpy(V.strides, vst, sizeof(int64_t) * (size_t)V.ndim);
  THCIdx_geomCoalesce(&V);
  int rc = THCIdx_launchIndexScatter(c->cs, &B, &A, &V, p->numB, p->numI, p->numA, p->offI, dst, dt,
                                     values ? (const char *)THTensor_data(values) : NULL, bits, mode, alpha);
  return THCIdx_check(rc, "index scatter");
}

/* r (resized to the plan's shape, contiguous) = source gathered by the plan. */
static int gatherInto(THCIdxCtx *c, const char *op, THTensor *r, const Plan *p, const THTensor *src) {
  int64_t shape[TH_MAX_DIMS];
  int nd = THIndexPlan_shape(p, shape);
  THDType dt = THTensor_dtype(src);
  if (THTensor_dtype(r) != dt)
    return THError("%s: expected out to have dtype %s, but got %s", op, THDType_name(dt), THDType_name(THTensor_dtype(r)));
  THTensor *target = THTensor_sharesStorage(r, src) ? THCIdx_empty(c, dt) : r; /* out= aliases the input */
  if (!target || THTensor_resize(target, nd, shape)) {
    if (target != r) THTensor_free(target);
    return TH_ERR;
  }
  int status = TH_OK;
  if (p->numB * p->numI * p->numA > 0) {
    THCIdxGeom B, A;
    planGeoms(p, p->Bst, p->Ast, &B, &A);
    status = THCIdx_check(THCIdx_launchIndexGather(c->cs, &B, &A, p->numB, p->numI, p->numA, p->offI, THTensor_data(target),
                                                   THTensor_data(src), THDType_size(dt)),
                          op);
  }
  if (target != r) {
    if (status == TH_OK) status = THTensor_resize(r, nd, shape) || THCIdx_copy(c, r, target) ? TH_ERR : TH_OK;
    THTensor_free(target);
  }
  THTensor_bumpVersion(r);
  return status;
}

/* Broadcast strides of values for the indexing result's shape, or libTH's message. */
static int valueStrides(const char *what, const THTensor *v, int nd, const int64_t *shape, int64_t *st) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  int vn = THTensor_ndim(v);
  const int64_t *vs = THTensor_sizes(v), *vst = THTensor_strides(v);
  if (vn > nd) goto bad;
  for (int d = 0; d < nd; d++) {
    int e = d - (nd - vn);
    if (e < 0) st[d] = 0;
    else if (vs[e] == shape[d]) st[d] = shape[d] == 1 ? 0 : vst[e];
    else if (vs[e] == 1) st[d] = 0;
    else goto bad;
  }
  return TH_OK;
bad:
  return THError("shape mismatch: %s tensor of shape %s cannot be broadcast to indexing result of shape %s", what,
                 THShapeStr(ba, sizeof ba, vn, vs), THShapeStr(bb, sizeof bb, nd, shape));
}

/* ---- x[indices] ---- */

typedef THIndexPrepared Prepared;

/* THIndexOps on this device's tensors (ctx: the THCIdxCtx) */
static int deviceItem(void *ctx, const THTensor *t, double *value) { return THCIdx_item(ctx, t, value); }
static THTensor *deviceZeros(void *ctx, int64_t n) {
  THCIdxCtx *c = ctx;
  THTensor *z = THCIdx_newWithSize(c, TH_Int64, 1, &n);
  if (z && n && cudaMemsetAsync(THTensor_data(z), 0, sizeof(int64_t) * (size_t)n, (cudaStream_t)c->cs) != cudaSuccess) {
    THTensor_free(z);
    THCError(cudaGetLastError(), "cudaMemsetAsync");
    return NULL;
  }
  return z;
}
static THTensor *deviceNonzero(void *ctx, const THTensor *mask) {
  THCIdxCtx *c = ctx;
  THTensor *nz = THCIdx_empty(c, TH_Int64);
  if (nz && THCTensor_nonzero(c->state, nz, mask)) {
    THTensor_free(nz);
    return NULL;
  }
  return nz;
}
static THTensor *deviceInt64(void *ctx, const THTensor *index) {
  return THTensor_dtype(index) == TH_Int64 ? THCIdx_newDeviceInput(ctx, index) : THCIdx_newContiguousAs(ctx, index, TH_Int64);
}

static int prepare(THCIdxCtx *c, Prepared *q, const THTensor *self, int n, const THTensor *const *indices) {
  const THIndexOps ops = {c, deviceItem, deviceZeros, deviceNonzero, deviceInt64};
  return THIndex_prepare(q, self, n, indices, &ops);
}

static int planIndex(THCIdxCtx *c, Plan *pl, const Prepared *q, const char *op) {
  if (THIndex_planLayout(pl, q, op)) return TH_ERR;
  /* the whole index table is checked even when the result is empty, as PyTorch does */
  return planOffsets(c, pl, q->k, q->idx, q->dims, q->src, "", 0);
}

/* The device of self, r and the index tensors (checked as one list). */
static int indexDevice(const char *op, const THTensor *self, int n, const THTensor *const *indices, THTensor *r, int *device) {
  const THTensor **ins = malloc(sizeof(THTensor *) * (size_t)(n + 1));
  if (!ins) return THError("out of memory");
  ins[0] = self;
  for (int i = 0; i < n; i++) ins[i + 1] = indices[i];
  int status = THCTensor_callDevice(op, n + 1, ins, r ? 1 : 0, &r, device);
  free(ins);
  return status;
}

int THCTensor_index(THCState *state, THTensor *r, const THTensor *self, int n, const THTensor *const *indices) {
  int device;
  if (indexDevice("index", self, n, indices, r, &device)) return TH_ERR;
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  Prepared q;
  Plan pl = {0};
  int status = TH_ERR;
  if (prepare(&c, &q, self, n, indices)) goto done;
  if (q.k == 0) { /* no index tensor: a copy of the (view of the) source */
    THDType dt = THTensor_dtype(self);
    if (THTensor_dtype(r) != dt) {
      THError("index: expected out to have dtype %s, but got %s", THDType_name(dt), THDType_name(THTensor_dtype(r)));
      goto done;
    }
    THTensor *src = THTensor_sharesStorage(r, self) ? THCIdx_newClone(&c, q.src) : THTensor_newAlias(q.src);
    status = !src || THTensor_resize(r, THTensor_ndim(src), THTensor_sizes(src)) || THCIdx_copy(&c, r, src) ? TH_ERR : TH_OK;
    THTensor_free(src);
    if (status == TH_OK) THTensor_bumpVersion(r);
    goto done;
  }
  if (planIndex(&c, &pl, &q, "index")) goto done;
  status = gatherInto(&c, "index", r, &pl, q.src);
done:
  planFree(&c, &pl);
  THIndex_preparedFree(&q);
  THCIdx_exit(&c);
  return status;
}

/* values for a write into dst: a device tensor of dst's dtype read from a private copy when it
 * shares memory with dst (*v), or the bits of a scalar (*v NULL). Tensors must match dst's dtype,
 * wrapped numbers convert (as PyTorch). */
static int valuesFor(THCIdxCtx *c, const THTensor *dst, const THTensor *values, THTensor **v, uint64_t *bits) {
  THDType dt = THTensor_dtype(dst);
  *v = NULL;
  *bits = 0;
  if (THTensor_dtype(values) != dt && !THTensor_isWrappedNumber(values))
    return THError("Index put requires the source and destination dtypes match, got %s for the destination and %s for the source.",
                   THDType_name(dt), THDType_name(THTensor_dtype(values)));
  if (THCTensor_device(values) < 0) return THCIdx_scalarAs(c, values, dt, bits);
  int status;
  if (THTensor_dtype(values) != dt) *v = THCIdx_newContiguousAs(c, values, dt);
  else *v = THCIdx_newPrivate(c, values, dst, &status);
  return *v ? TH_OK : TH_ERR;
}

int THCTensor_indexPut(THCState *state, THTensor *self, int n, const THTensor *const *indices, const THTensor *values,
                       int accumulate) {
  int device;
  if (indexDevice("index_put_", self, n, indices, NULL, &device)) return TH_ERR;
  if (THCTensor_callDevice("index_put_", 2, (const THTensor *const[]){self, values}, 0, NULL, &device)) return TH_ERR;
  if (THCheckWriteOverlap("index_put_", self, 0, NULL)) return TH_ERR;
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  Prepared q;
  Plan pl = {0};
  THTensor *v = NULL;
  uint64_t bits = 0;
  THDType dt = THTensor_dtype(self);
  int status = TH_ERR;
  int64_t shape[TH_MAX_DIMS], st[TH_MAX_DIMS];
  if (prepare(&c, &q, self, n, indices)) goto done;
  if (valuesFor(&c, self, values, &v, &bits)) goto done;
  if (q.k == 0) { /* self[...] = values (or +=) */
    int nd = THTensor_ndim(q.src);
    if (v && !accumulate) { /* libTH copies: its copy's broadcast check and message */
      char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
      int n2;
      int64_t s2[TH_MAX_DIMS];
      if (THBroadcastShapes(nd, THTensor_sizes(q.src), THTensor_ndim(v), THTensor_sizes(v), &n2, s2)) goto done;
      if (!THTensor_hasShape(q.src, n2, s2)) {
        THError("copy_: the source of shape %s cannot be broadcast to the destination's shape %s",
                THShapeStr(ba, sizeof ba, THTensor_ndim(v), THTensor_sizes(v)), THShapeStr(bb, sizeof bb, nd, THTensor_sizes(q.src)));
        goto done;
      }
    }
    if (v && valueStrides("value", v, nd, THTensor_sizes(q.src), st)) goto done;
    Plan p0 = {.nA = nd, .numB = 1, .numI = 1, .numA = THTensor_numel(q.src)};
    memcpy(p0.Asz, THTensor_sizes(q.src), sizeof(int64_t) * (size_t)nd);
    memcpy(p0.Ast, THTensor_strides(q.src), sizeof(int64_t) * (size_t)nd);
    if (!(p0.offI = THCIdx_malloc(&c, sizeof(int64_t)))) goto done;
    if (cudaMemsetAsync(p0.offI, 0, sizeof(int64_t), (cudaStream_t)c.cs) != cudaSuccess)
      status = THCError(cudaGetLastError(), "cudaMemsetAsync");
    else status = scatterValues(&c, &p0, THTensor_data(q.src), dt, v, st, bits, accumulate ? 1 : 0, 1);
    planFree(&c, &p0);
    goto done;
  }
  if (planIndex(&c, &pl, &q, "index_put_")) goto done;
  int nd = THIndexPlan_shape(&pl, shape);
  if (v && valueStrides("value", v, nd, shape, st)) goto done;
  /* offsets are relative to q.src's first element; self and q.src share storage and offset */
  status = scatterValues(&c, &pl, THTensor_data(q.src), dt, v, st, bits, accumulate ? 1 : 0, 1);
done:
  if (status == TH_OK) THTensor_bumpVersion(self);
  THTensor_free(v);
  planFree(&c, &pl);
  THIndex_preparedFree(&q);
  THCIdx_exit(&c);
  return status;
}

/* ---- along one dim ---- */

/* The plan for self with a 1-d contiguous int64 index (device) at dim d. */
static int planDim(THCIdxCtx *c, Plan *pl, const THTensor *self, int d, THTensor *idx, const char *op, int style) {
  THIndex_planDimLayout(pl, self, d, THTensor_numel(idx));
  int nd = THTensor_ndim(self);
  THTensor *flat = THTensor_newView(idx, 1, pl->Isz); /* idx is contiguous */
  if (!flat) return TH_ERR;
  int status;
  if (nd == 0) { /* a 0-d self indexes like a 1-element vector */
    THTensor *one = THTensor_newView(self, 1, (int64_t[]){1});
    status = one ? planOffsets(c, pl, 1, &flat, (int[]){0}, one, op, style) : TH_ERR;
    THTensor_free(one);
  } else {
    status = planOffsets(c, pl, 1, &flat, &d, self, op, style);
  }
  THTensor_free(flat);
  return status;
}

int THCTensor_indexSelect(THCState *state, THTensor *r, const THTensor *self, int64_t dim, const THTensor *index) {
  int device, d;
  if (THCTensor_callDevice("index_select", 2, (const THTensor *const[]){self, index}, 1, &r, &device)) return TH_ERR;
  if (THTensor_wrapDim(self, dim, &d)) return TH_ERR;
  THDType it = THTensor_dtype(index);
  if (it != TH_Int64 && it != TH_Int32)
    return THError("index_select(): Expected dtype int32 or int64 for index, but got %s", THDType_name(it));
  if (THTensor_ndim(index) > 1) return THError("index_select(): Index is supposed to be a vector");
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  Plan pl = {0};
  int status = TH_ERR;
  THTensor *idx = THCIdx_newContiguousAs(&c, index, TH_Int64);
  if (!idx) goto done;
  if (planDim(&c, &pl, self, d, idx, "index_select()", 1)) goto done;
  if (THTensor_ndim(self) == 0) { /* PyTorch: a 0-d input gives a 0-d result */
    THTensor *t = THCIdx_empty(&c, THTensor_dtype(self));
    status = t ? gatherInto(&c, "index_select", t, &pl, self) : TH_ERR;
    THTensor *t0 = status == TH_OK ? THTensor_newView(t, 0, NULL) : NULL;
    if (status == TH_OK) status = !t0 || THTensor_resize(r, 0, NULL) || THCIdx_copy(&c, r, t0) ? TH_ERR : TH_OK;
    THTensor_free(t0);
    THTensor_free(t);
  } else {
    status = gatherInto(&c, "index_select", r, &pl, self);
  }
done:
  planFree(&c, &pl);
  THTensor_free(idx);
  THCIdx_exit(&c);
  return status;
}

/* index_add_/index_copy_/index_fill_: r = self, then the update along dim (mode 0 =, 1 +=). */
static int indexUpdate(THCState *state, const char *op, THTensor *r, const THTensor *self, int64_t dim, const THTensor *index,
                       const THTensor *source, int isFill, int mode, double alpha, int allowInt, int style) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF], bc[TH_SHAPE_BUF], bd[TH_SHAPE_BUF];
  int device, d;
  if (THCTensor_callDevice(op, 3, (const THTensor *const[]){self, index, source}, 1, &r, &device)) return TH_ERR;
  if (THTensor_wrapDim(self, dim, &d)) return TH_ERR;
  THDType it = THTensor_dtype(index), dt = THTensor_dtype(self);
  if (it != TH_Int64 && !(allowInt && it == TH_Int32)) {
    if (allowInt) return THError("%s: Expected dtype int32/int64 for index but got: %s", op, THDType_name(it));
    return THError("%s: Expected a long tensor for index, but got %s", op, THDType_name(it));
  }
  if (THTensor_ndim(index) > 1)
    return THError("%s: Index is supposed to be a vector (or a scalar), but got %d dimensions", op, THTensor_ndim(index));
  int64_t nIdx = THTensor_numel(index);
  int selfNd = THTensor_ndim(self), srcNd = THTensor_ndim(source);
  if (isFill) {
    if (srcNd != 0)
      return THError("%s only supports a 0-dimensional value tensor, but got tensor with %d dimension(s).", op, srcNd);
  } else {
    if (THTensor_dtype(source) != dt)
      return THError("%s: self (%s) and source (%s) must have the same scalar type", op, THDType_name(dt),
                     THDType_name(THTensor_dtype(source)));
    int sn = srcNd ? srcNd : 1, tn = selfNd ? selfNd : 1;
    int64_t srcDim = srcNd ? THTensor_size(source, d < srcNd ? d : 0) : 1;
    if (sn != tn)
      return THError("%s: source and self must have the same number of dimensions, but got source of shape %s and self of "
                     "shape %s",
                     op, THShapeStr(ba, sizeof ba, srcNd, THTensor_sizes(source)),
                     THShapeStr(bb, sizeof bb, selfNd, THTensor_sizes(self)));
    if (srcDim != nIdx)
      return THError("%s: Number of indices (%lld) should be equal to source.size(dim): (%lld), for dim: %d", op, (long long)nIdx,
                     (long long)srcDim, d);
    for (int i = 0; i < selfNd; i++)
      if (i != d && THTensor_size(source, i) != THTensor_size(self, i))
        return THError("%s: Source/destination tensor must have same slice shapes. Destination slice shape: %s at dimension %d "
                       "and source slice shape: %s at dimension %d (self %s, source %s).",
                       op, (snprintf(ba, sizeof ba, "%lld", (long long)THTensor_size(self, i)), ba), i,
                       (snprintf(bb, sizeof bb, "%lld", (long long)THTensor_size(source, i)), bb), i,
                       THShapeStr(bc, sizeof bc, selfNd, THTensor_sizes(self)),
                       THShapeStr(bd, sizeof bd, srcNd, THTensor_sizes(source)));
  }
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  THTensor *idx = NULL, *v = NULL, *one = NULL;
  uint64_t bits = 0;
  Plan pl = {0};
  int status = TH_ERR;
  /* the source is read as it was before r is written */
  if (isFill) {
    if (THCIdx_scalarAs(&c, source, dt, &bits)) goto done;
  } else if (!(v = THCIdx_newPrivate(&c, source, r, &status)) || status) {
    status = TH_ERR;
    goto done;
  }
  status = TH_ERR;
  if (THCIdx_initFrom(&c, op, r, self)) goto done;
  if (!(idx = THCIdx_newContiguousAs(&c, index, TH_Int64))) goto done;
  THTensor *target = r;
  if (THTensor_ndim(r) == 0) {
    if (!(one = THTensor_newView(r, 1, (int64_t[]){1}))) goto done;
    target = one;
  }
  if (planDim(&c, &pl, target, THTensor_ndim(r) == 0 ? 0 : d, idx, op, style)) goto done;
  int64_t st[TH_MAX_DIMS] = {0};
  if (v && THTensor_ndim(v) > 0) memcpy(st, THTensor_strides(v), sizeof(int64_t) * (size_t)THTensor_ndim(v));
  status = scatterValues(&c, &pl, THTensor_data(target), dt, v, st, bits, mode, alpha);
  if (status == TH_OK) THTensor_bumpVersion(r);
done:
  planFree(&c, &pl);
  THTensor_free(one);
  THTensor_free(v);
  THTensor_free(idx);
  THCIdx_exit(&c);
  return status;
}

int THCTensor_indexAdd(THCState *state, THTensor *r, const THTensor *self, int64_t dim, const THTensor *index, const THTensor *source,
                       double alpha) {
  if (THDType_isIntegral(THTensor_dtype(self), 1) && (double)(int64_t)alpha != alpha)
    return THError("index_add_(): for integral input tensors, argument alpha must not be a floating point number (got %g).", alpha);
  return indexUpdate(state, "index_add_()", r, self, dim, index, source, 0, 1, alpha, 1, 1);
}

int THCTensor_indexCopy(THCState *state, THTensor *r, const THTensor *self, int64_t dim, const THTensor *index,
                        const THTensor *source) {
  return indexUpdate(state, "index_copy_()", r, self, dim, index, source, 0, 0, 1, 0, 2);
}

int THCTensor_indexFill(THCState *state, THTensor *r, const THTensor *self, int64_t dim, const THTensor *index,
                        const THTensor *value) {
  return indexUpdate(state, "index_fill_()", r, self, dim, index, value, 1, 0, 1, 0, 0);
}

/* ---- take / put ---- */

int THCTensor_take(THCState *state, THTensor *r, const THTensor *self, const THTensor *index) {
  int device;
  if (THCTensor_callDevice("take", 2, (const THTensor *const[]){self, index}, 1, &r, &device)) return TH_ERR;
  if (THTensor_dtype(index) != TH_Int64)
    return THError("take(): Expected a long tensor for index, but got %s", THDType_name(THTensor_dtype(index)));
  THDType dt = THTensor_dtype(self);
  if (THTensor_dtype(r) != dt)
    return THError("take(): self and out expected to have the same dtype, but got self.dtype = %s and out.dtype = %s",
                   THDType_name(dt), THDType_name(THTensor_dtype(r)));
  int64_t numel = THTensor_numel(self), n = THTensor_numel(index);
  if (numel == 0 && n > 0) return THError("take(): tried to take from an empty tensor");
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  THTensor *idx = THCIdx_newDeviceInput(&c, index), *target = NULL;
  int status = TH_ERR;
  if (!idx) goto done;
  THCIdxGeom ig, sg;
  THCIdx_geom(&ig, idx);
  int64_t pos, bad;
  if (THCIdx_check(THCIdx_firstOutOfRange(c.state, c.stream, &ig, n, THTensor_data(idx), -numel, numel, &pos, &bad), "take"))
    goto done;
  if (pos >= 0) {
    THError("out of range: tried to access index %lld on a tensor of %lld elements.", (long long)bad, (long long)numel);
    goto done;
  }
  target = THTensor_sharesStorage(r, self) || THTensor_sharesStorage(r, idx) ? THCIdx_empty(&c, dt) : r;
  if (!target || THTensor_resize(target, THTensor_ndim(index), THTensor_sizes(index))) goto done;
  THCIdx_geom(&sg, self);
  THCIdx_geomCoalesce(&sg);
  THCIdx_geomCoalesce(&ig);
  if (THCIdx_check(THCIdx_launchTake(c.cs, &ig, &sg, n, numel, THTensor_data(idx), THTensor_data(self), THTensor_data(target),
                                     THDType_size(dt)),
                   "take"))
    goto done;
  status = TH_OK;
  if (target != r) status = THTensor_resize(r, THTensor_ndim(index), THTensor_sizes(index)) || THCIdx_copy(&c, r, target) ? TH_ERR : TH_OK;
  THTensor_bumpVersion(r);
done:
  if (target != r) THTensor_free(target);
  THTensor_free(idx);
  THCIdx_exit(&c);
  return status;
}

int THCTensor_put(THCState *state, THTensor *r, const THTensor *self, const THTensor *index, const THTensor *source, int accumulate) {
  int device;
  if (THCTensor_callDevice("put_", 3, (const THTensor *const[]){self, index, source}, 1, &r, &device)) return TH_ERR;
  if (THCheckPut(self, index, source)) return TH_ERR;
  THDType dt = THTensor_dtype(self);
  int64_t n = THTensor_numel(index), numel = THTensor_numel(self);
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  THTensor *idx = NULL, *src = NULL;
  int status = TH_ERR, st;
  THCIdxGeom ig, sg, rg;
  int64_t pos, bad;
  if (!(idx = THCIdx_newPrivate(&c, index, r, &st)) || st) goto done;
  if (!(src = THCIdx_newPrivate(&c, source, r, &st)) || st) goto done;
  THCIdx_geom(&ig, idx);
  if (THCIdx_check(THCIdx_firstOutOfRange(c.state, c.stream, &ig, n, THTensor_data(idx), -numel, numel, &pos, &bad), "put_"))
    goto done;
  if (pos >= 0) {
    THError("out of range: tried to access index %lld on a tensor of %lld elements.", (long long)bad, (long long)numel);
    goto done;
  }
  if (THCIdx_initFrom(&c, "put", r, self)) goto done;
  THCIdx_geom(&sg, src);
  THCIdx_geom(&rg, r);
  THCIdx_geomCoalesce(&ig);
  THCIdx_geomCoalesce(&sg);
  THCIdx_geomCoalesce(&rg);
  if (THCIdx_check(THCIdx_launchPut(c.cs, &ig, &sg, &rg, n, numel, THTensor_data(idx), THTensor_data(src), THTensor_data(r), dt,
                                    accumulate),
                   "put_"))
    goto done;
  THTensor_bumpVersion(r);
  status = TH_OK;
done:
  THTensor_free(idx);
  THTensor_free(src);
  THCIdx_exit(&c);
  return status;
}

/* ---- masks ---- */

static int checkMask(const char *op, const THTensor *mask) {
  THDType mt = THTensor_dtype(mask);
  if (mt != TH_Bool && mt != TH_UInt8)
    return THError("%s only supports boolean masks, but got mask with dtype %s", op, THDType_name(mt));
  return TH_OK;
}

int THCTensor_maskedFill(THCState *state, THTensor *r, const THTensor *self, const THTensor *mask, const THTensor *value) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  int device;
  /* the mask's dtype and the value's rank before devices, as TH and PyTorch (a 0-dim value may be
   * a host tensor) */
  if (checkMask("masked_fill_", mask)) return TH_ERR;
  if (THTensor_ndim(value) != 0)
    return THError("masked_fill_ only supports a 0-dimensional value tensor, but got tensor with %d dimension(s).",
                   THTensor_ndim(value));
  if (THCTensor_callDevice("masked_fill_", 3, (const THTensor *const[]){self, mask, value}, 1, &r, &device)) return TH_ERR;
  int nd;
  int64_t shape[TH_MAX_DIMS];
  if (THBroadcastShapes(THTensor_ndim(self), THTensor_sizes(self), THTensor_ndim(mask), THTensor_sizes(mask), &nd, shape))
    return TH_ERR;
  THDType dt = THTensor_dtype(self);
  if (r == self) {
    if (!THTensor_hasShape(self, nd, shape))
      return THError("masked_fill_: the mask of shape %s cannot be broadcast to self's shape %s",
                     THShapeStr(ba, sizeof ba, THTensor_ndim(mask), THTensor_sizes(mask)),
                     THShapeStr(bb, sizeof bb, THTensor_ndim(self), THTensor_sizes(self)));
    if (THCheckWriteOverlap("masked_fill_", r, 0, NULL)) return TH_ERR;
  } else if (THTensor_dtype(r) != dt) {
    return THError("masked_fill: expected out to have dtype %s, but got %s", THDType_name(dt), THDType_name(THTensor_dtype(r)));
  }
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  THTensor *m = NULL, *e = NULL;
  uint64_t bits;
  int status = TH_ERR, st;
  if (!(m = THCIdx_newPrivate(&c, mask, r, &st)) || st) goto done;
  if (THCIdx_scalarAs(&c, value, dt, &bits)) goto done;
  if (r != self) {
    if (!(e = THTensor_newExpand(self, nd, shape))) goto done;
    if (THTensor_sharesStorage(r, self)) {
      THTensor *cl = THCIdx_newClone(&c, e);
      THTensor_free(e);
      if (!(e = cl)) goto done;
    }
    if (THTensor_resize(r, nd, shape) || THCIdx_copy(&c, r, e)) goto done;
  }
  if (THTensor_numel(r) > 0) {
    int64_t mst[TH_MAX_DIMS];
    THCIdx_broadcastStrides(m, nd, shape, mst);
    THCIdxIter it;
    THCIdx_iterInit(&it, nd, shape);
    THCIdx_iterAdd(&it, THTensor_strides(r));
    THCIdx_iterAdd(&it, mst);
    THCIdx_iterCoalesce(&it);
    if (THCIdx_check(THCIdx_launchFill(c.cs, &it, THTensor_numel(r), THTensor_data(r), THDType_size(dt), bits, THTensor_data(m)),
                     "masked_fill_"))
      goto done;
  }
  THTensor_bumpVersion(r);
  status = TH_OK;
done:
  THTensor_free(m);
  THTensor_free(e);
  THCIdx_exit(&c);
  return status;
}

/* flags (device, n bytes) of mask broadcast to shape, their exclusive sums pos (device) and count. */
static int maskPositions(THCIdxCtx *c, const THTensor *mask, int nd, const int64_t *shape, int64_t n, uint8_t **flags, int64_t **pos,
                         int64_t *count) {
  *flags = THCIdx_malloc(c, (size_t)n);
  *pos = THCIdx_malloc(c, sizeof(int64_t) * (size_t)n);
  *count = 0;
  if (!*flags || !*pos) return TH_ERR;
  if (n == 0) return TH_OK;
  int64_t mst[TH_MAX_DIMS];
  THCIdx_broadcastStrides(mask, nd, shape, mst);
  THCIdxIter it;
  THCIdx_iterInit(&it, nd, shape);
  THCIdx_iterAdd(&it, mst);
  THCIdx_iterCoalesce(&it);
  if (THCIdx_check(THCIdx_launchMaskFlags(c->cs, &it, n, THTensor_data(mask), *flags), "mask")) return TH_ERR;
  return THCIdx_check(THCIdx_scanFlags(c->state, c->stream, *flags, n, *pos, count), "mask scan");
}

int THCTensor_maskedSelect(THCState *state, THTensor *r, const THTensor *self, const THTensor *mask) {
  int device;
  if (THCTensor_callDevice("masked_select", 2, (const THTensor *const[]){self, mask}, 1, &r, &device)) return TH_ERR;
  if (checkMask("masked_select", mask)) return TH_ERR;
  THDType dt = THTensor_dtype(self);
  if (THTensor_dtype(r) != dt)
    return THError("masked_select(): self and result must have the same scalar type (got %s and %s)", THDType_name(dt),
                   THDType_name(THTensor_dtype(r)));
  int nd;
  int64_t shape[TH_MAX_DIMS];
  if (THBroadcastShapes(THTensor_ndim(self), THTensor_sizes(self), THTensor_ndim(mask), THTensor_sizes(mask), &nd, shape))
    return TH_ERR;
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  int64_t n = 1, count;
  for (int i = 0; i < nd; i++) n *= shape[i];
  uint8_t *flags = NULL;
  int64_t *pos = NULL;
  THTensor *m = NULL, *s = NULL, *target = NULL;
  int status = TH_ERR;
  if (!(m = THCIdx_newDeviceInput(&c, mask)) || !(s = THCIdx_newDeviceInput(&c, self))) goto done;
  if (maskPositions(&c, m, nd, shape, n, &flags, &pos, &count)) goto done;
  target = THTensor_sharesStorage(r, s) || THTensor_sharesStorage(r, m) ? THCIdx_empty(&c, dt) : r;
  if (!target || THTensor_resize(target, 1, &count)) goto done;
  if (count > 0) {
    int64_t sst[TH_MAX_DIMS];
    THCIdx_broadcastStrides(s, nd, shape, sst);
    THCIdxIter it;
    THCIdx_iterInit(&it, nd, shape);
    THCIdx_iterAdd(&it, sst);
    THCIdx_iterCoalesce(&it);
    if (THCIdx_check(THCIdx_launchMaskedSelect(c.cs, &it, n, flags, pos, THTensor_data(s), THTensor_data(target), THDType_size(dt)),
                     "masked_select"))
      goto done;
  }
  status = TH_OK;
  if (target != r) status = THTensor_resize(r, 1, &count) || THCIdx_copy(&c, r, target) ? TH_ERR : TH_OK;
  THTensor_bumpVersion(r);
done:
  if (target != r) THTensor_free(target);
  THTensor_free(m);
  THTensor_free(s);
  THCIdx_free(&c, flags);
  THCIdx_free(&c, pos);
  THCIdx_exit(&c);
  return status;
}

int THCTensor_maskedScatter(THCState *state, THTensor *r, const THTensor *self, const THTensor *mask, const THTensor *source) {
  int device;
  if (THCTensor_callDevice("masked_scatter_", 3, (const THTensor *const[]){self, mask, source}, 1, &r, &device)) return TH_ERR;
  if (checkMask("masked_scatter_", mask)) return TH_ERR;
  THDType dt = THTensor_dtype(self);
  if (THTensor_dtype(source) != dt)
    return THError("masked_scatter: expected self and source to have same dtypes but got %s and %s", THDType_name(dt),
                   THDType_name(THTensor_dtype(source)));
  THTensor *me = THTensor_newExpand(mask, THTensor_ndim(self), THTensor_sizes(self));
  if (!me) return TH_ERR;
  THTensor_free(me);
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  int nd = THTensor_ndim(self);
  int64_t n = THTensor_numel(self), count;
  uint8_t *flags = NULL;
  int64_t *pos = NULL;
  THTensor *m = NULL, *src = NULL;
  int status = TH_ERR, st;
  if (!(m = THCIdx_newDeviceInput(&c, mask))) goto done;
  if (maskPositions(&c, m, nd, THTensor_sizes(self), n, &flags, &pos, &count)) goto done;
  if (count > THTensor_numel(source)) {
    THError("masked_scatter_: Number of elements of source < number of ones in mask (%lld < %lld)", (long long)THTensor_numel(source),
            (long long)count);
    goto done;
  }
  if (!(src = THCIdx_newPrivate(&c, source, r, &st)) || st) goto done;
  if (THCIdx_initFrom(&c, "masked_scatter", r, self)) goto done;
  if (count > 0) {
    THCIdxIter it;
    THCIdx_iterInit(&it, nd, THTensor_sizes(r));
    THCIdx_iterAdd(&it, THTensor_strides(r));
    THCIdx_iterCoalesce(&it);
    THCIdxGeom sg;
    THCIdx_geom(&sg, src);
    THCIdx_geomCoalesce(&sg);
    if (THCIdx_check(THCIdx_launchMaskedScatter(c.cs, &it, n, flags, pos, THTensor_data(r), &sg, THTensor_data(src), THDType_size(dt)),
                     "masked_scatter_"))
      goto done;
  }
  THTensor_bumpVersion(r);
  status = TH_OK;
done:
  THTensor_free(m);
  THTensor_free(src);
  THCIdx_free(&c, flags);
  THCIdx_free(&c, pos);
  THCIdx_exit(&c);
  return status;
}

/* ---- nonzero ---- */

int THCTensor_nonzero(THCState *state, THTensor *r, const THTensor *self) {
  int device;
  if (THCTensor_callDevice("nonzero", 1, &self, 1, &r, &device)) return TH_ERR;
  if (THTensor_dtype(r) != TH_Int64)
    return THError("nonzero: Expected object of scalar type Long as out, but got %s", THDType_name(THTensor_dtype(r)));
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  int nd = THTensor_ndim(self);
  int64_t n = THTensor_numel(self), total = 0;
  uint8_t *flags = THCIdx_malloc(&c, (size_t)n);
  int64_t *pos = THCIdx_malloc(&c, sizeof(int64_t) * (size_t)n);
  THTensor *s = NULL, *target = NULL;
  int status = TH_ERR;
  if (!flags || !pos || !(s = THCIdx_newDeviceInput(&c, self))) goto done;
  if (n > 0) {
    THCIdxIter it;
    THCIdx_iterInit(&it, nd, THTensor_sizes(s));
    THCIdx_iterAdd(&it, THTensor_strides(s));
    THCIdx_iterCoalesce(&it);
    if (THCIdx_check(THCIdx_launchNonzeroFlags(c.cs, &it, n, THTensor_data(s), THTensor_dtype(s), flags), "nonzero")) goto done;
    if (THCIdx_check(THCIdx_scanFlags(c.state, c.stream, flags, n, pos, &total), "nonzero")) goto done;
  }
  target = THTensor_sharesStorage(r, s) ? THCIdx_empty(&c, TH_Int64) : r;
  int64_t rs[2] = {total, nd};
  if (!target || THTensor_resize(target, 2, rs)) goto done;
  if (total > 0 && nd > 0) {
    THCIdxGeom g;
    THCIdx_geom(&g, s);
    if (THCIdx_check(THCIdx_launchNonzeroWrite(c.cs, &g, n, flags, pos, THTensor_data(target)), "nonzero")) goto done;
  }
  status = TH_OK;
  if (target != r) status = THTensor_resize(r, 2, rs) || THCIdx_copy(&c, r, target) ? TH_ERR : TH_OK;
  THTensor_bumpVersion(r);
done:
  if (target != r) THTensor_free(target);
  THTensor_free(s);
  THCIdx_free(&c, flags);
  THCIdx_free(&c, pos);
  THCIdx_exit(&c);
  return status;
}
