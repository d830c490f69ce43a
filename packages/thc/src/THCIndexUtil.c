/* Host helpers of the indexing, joining and sorting parts (THCIndexUtil.h). */
#include "THCIndexUtil.h"

#include <stdio.h>
#include <string.h>

/* ---- devices and streams ---- */

int THCIdx_enter(THCIdxCtx *c, THCState *state, int device) {
  memset(c, 0, sizeof *c);
  c->state = state;
  c->device = device;
  if (THCState_checkDevice(state, device)) return TH_ERR;
  if (THCDeviceGuard_enter(&c->guard, device)) return TH_ERR;
  c->entered = 1;
  c->stream = THCState_currentStream(state, device);
  if (!c->stream) {
    THCIdx_exit(c);
    return TH_ERR;
  }
  c->cs = THCStream_handle(c->stream);
  return TH_OK;
}

void THCIdx_exit(THCIdxCtx *c) {
  if (c->entered) THCDeviceGuard_exit(&c->guard);
  c->entered = 0;
}

int THCIdx_check(int rc, const char *what) {
  if (rc == 0) return TH_OK;
  if (rc == THC_IDX_FAILED) return TH_ERR;
  return THCError((cudaError_t)rc, what);
}

/* ---- geometry ---- */

void THCIdx_geom(THCIdxGeom *g, const THTensor *t) {
  memset(g, 0, sizeof *g);
  g->ndim = THTensor_ndim(t);
  memcpy(g->sizes, THTensor_sizes(t), sizeof(int64_t) * (size_t)g->ndim);
  memcpy(g->strides, THTensor_strides(t), sizeof(int64_t) * (size_t)g->ndim);
}

void THCIdx_geomCoalesce(THCIdxGeom *g) {
  THCIdxIter it;
  THCIdx_iterInit(&it, g->ndim, g->sizes);
  THCIdx_iterAdd(&it, g->strides);
  THCIdx_iterCoalesce(&it);
  memset(g, 0, sizeof *g);
  g->ndim = it.ndim;
  memcpy(g->sizes, it.sizes, sizeof(int64_t) * (size_t)it.ndim);
  memcpy(g->strides, it.strides[0], sizeof(int64_t) * (size_t)it.ndim);
}

int64_t THCIdx_geomOffset(const THCIdxGeom *g, int64_t i) {
  int64_t off = 0;
  for (int d = g->ndim - 1; d >= 0; d--) {
    int64_t s = g->sizes[d];
    off += (i % s) * g->strides[d];
    i /= s;
  }
  return off;
}

void THCIdx_iterInit(THCIdxIter *it, int ndim, const int64_t *sizes) {
  memset(it, 0, sizeof *it);
  it->ndim = ndim;
  for (int d = 0; d < ndim && d < TH_MAX_DIMS; d++) it->sizes[d] = sizes[d];
}

void THCIdx_iterAdd(THCIdxIter *it, const int64_t *strides) {
  int k = it->nops++;
  for (int d = 0; d < it->ndim; d++) it->strides[k][d] = strides ? strides[d] : 0;
}

void THCIdx_iterCoalesce(THCIdxIter *it) {
  int m = 0;
  for (int d = 0; d < it->ndim; d++) {
    int64_t sz = it->sizes[d];
    if (sz == 1) continue;
    if (m > 0) {
      int merge = 1;
      for (int k = 0; k < it->nops && merge; k++) merge = it->strides[k][m - 1] == it->strides[k][d] * sz;
      if (merge) {
        it->sizes[m - 1] *= sz;
        for (int k = 0; k < it->nops; k++) it->strides[k][m - 1] = it->strides[k][d];
        continue;
      }
    }
    it->sizes[m] = sz;
    for (int k = 0; k < it->nops; k++) it->strides[k][m] = it->strides[k][d];
    m++;
  }
  /* a tensor with a zero-size dim keeps it, so that its numel stays 0 */
  it->ndim = m;
}

void THCIdx_broadcastStrides(const THTensor *t, int nd, const int64_t *shape, int64_t *st) {
  int tn = THTensor_ndim(t);
  const int64_t *sz = THTensor_sizes(t), *ts = THTensor_strides(t);
  for (int d = 0; d < nd; d++) {
    int e = d - (nd - tn);
    st[d] = (e < 0 || sz[e] != shape[d] || sz[e] == 1) ? 0 : ts[e];
  }
}

/* ---- device memory ---- */

void *THCIdx_malloc(THCIdxCtx *c, size_t nbytes) {
  return THCCachingAllocator_malloc(c->state, nbytes ? nbytes : 1, c->stream);
}

void THCIdx_free(THCIdxCtx *c, void *p) {
  if (p) THCCachingAllocator_free(c->state, p);
}

int THCIdx_toHost(THCIdxCtx *c, void *dst, const void *src, size_t n) {
  if (n == 0) return TH_OK;
  THC_CHECK(cudaMemcpyAsync(dst, src, n, cudaMemcpyDeviceToHost, (cudaStream_t)c->cs), "cudaMemcpyAsync");
  THC_CHECK(cudaStreamSynchronize((cudaStream_t)c->cs), "cudaStreamSynchronize");
  return TH_OK;
}

int THCIdx_toDevice(THCIdxCtx *c, void *dst, const void *src, size_t n) {
  if (n == 0) return TH_OK;
  /* from pageable memory the copy is staged before cudaMemcpyAsync returns, so src may go at once */
  THC_CHECK(cudaMemcpyAsync(dst, src, n, cudaMemcpyHostToDevice, (cudaStream_t)c->cs), "cudaMemcpyAsync");
  return TH_OK;
}

/* ---- tensors ---- */

THTensor *THCIdx_newWithSize(THCIdxCtx *c, THDType dt, int nd, const int64_t *sizes) {
  return THCTensor_newWithSize(c->state, dt, c->device, nd, sizes);
}

THTensor *THCIdx_empty(THCIdxCtx *c, THDType dt) { return THCTensor_new(c->state, dt, c->device); }

uint64_t THCIdx_scalarBits(THDType dt, double v) {
  uint64_t bits = 0;
  THDType_store(dt, &bits, v);
  return bits;
}

int THCIdx_itemBits(THCIdxCtx *c, const THTensor *t, uint64_t *bits) {
  if (THTensor_numel(t) != 1)
    return THError("a Tensor with %lld elements cannot be converted to Scalar", (long long)THTensor_numel(t));
  size_t es = THDType_size(THTensor_dtype(t));
  *bits = 0;
  if (THCTensor_device(t) < 0) {
    memcpy(bits, THTensor_data(t), es);
    return TH_OK;
  }
  return THCIdx_toHost(c, bits, THTensor_data(t), es);
}

int THCIdx_item(THCIdxCtx *c, const THTensor *t, double *v) {
  if (THCTensor_device(t) < 0) {
    int status;
    *v = THTensor_item(t, &status);
    return status;
  }
  uint64_t bits;
  if (THCIdx_itemBits(c, t, &bits)) return TH_ERR;
  /* a host copy of the one element, read by libTH's rules */
  THTensor *h = THTensor_newWithSize(THTensor_dtype(t), 0, NULL);
  if (!h) return TH_ERR;
  memcpy(THTensor_data(h), &bits, THDType_size(THTensor_dtype(t)));
  int status;
  *v = THTensor_item(h, &status);
  THTensor_free(h);
  return status;
}

int THCIdx_scalarAs(THCIdxCtx *c, const THTensor *t, THDType dt, uint64_t *bits) {
  if (THTensor_dtype(t) == dt) return THCIdx_itemBits(c, t, bits);
  double v;
  if (THCIdx_item(c, t, &v)) return TH_ERR;
  *bits = THCIdx_scalarBits(dt, v);
  return TH_OK;
}

int THCIdx_copy(THCIdxCtx *c, THTensor *dst, const THTensor *src) {
  int nd = THTensor_ndim(dst);
  const int64_t *shape = THTensor_sizes(dst);
  int64_t n = THTensor_numel(dst);
  if (n == 0) return TH_OK;
  THDType ddt = THTensor_dtype(dst), sdt = THTensor_dtype(src);
  if (THCTensor_device(src) < 0) { /* a host scalar: a fill */
    double v;
    if (THTensor_numel(src) != 1) return THError("copy: a host source must be a scalar here");
    uint64_t bits = 0;
    if (sdt == ddt) memcpy(&bits, THTensor_data(src), THDType_size(sdt));
    else if (THCIdx_item(c, src, &v)) return TH_ERR;
    else bits = THCIdx_scalarBits(ddt, v);
    THCIdxIter it;
    THCIdx_iterInit(&it, nd, shape);
    THCIdx_iterAdd(&it, THTensor_strides(dst));
    THCIdx_iterCoalesce(&it);
    return THCIdx_check(THCIdx_launchFill(c->cs, &it, n, THTensor_data(dst), THDType_size(ddt), bits, NULL), "copy");
  }
  if (ddt == sdt && THTensor_isContiguous(dst) && THTensor_isContiguous(src) && THTensor_numel(src) == n) {
    if (THTensor_data(dst) == THTensor_data(src)) return TH_OK;
    THC_CHECK(cudaMemcpyAsync(THTensor_data(dst), THTensor_data(src), (size_t)n * THDType_size(ddt), cudaMemcpyDeviceToDevice,
                              (cudaStream_t)c->cs),
              "cudaMemcpyAsync");
    return TH_OK;
  }
  int64_t st[TH_MAX_DIMS];
  THCIdx_broadcastStrides(src, nd, shape, st);
  THCIdxIter it;
  THCIdx_iterInit(&it, nd, shape);
  THCIdx_iterAdd(&it, THTensor_strides(dst));
  THCIdx_iterAdd(&it, st);
  THCIdx_iterCoalesce(&it);
  return THCIdx_check(THCIdx_launchCopy(c->cs, &it, n, THTensor_data(dst), ddt, THTensor_data(src), sdt), "copy");
}

int THCIdx_copyRaw(THCIdxCtx *c, int nd, const int64_t *sizes, char *dst, THDType ddt, const int64_t *dstStrides, const char *src,
                   THDType sdt, const int64_t *srcStrides) {
  int64_t n = 1;
  for (int i = 0; i < nd; i++) n *= sizes[i];
  if (n == 0) return TH_OK;
  THCIdxIter it;
  THCIdx_iterInit(&it, nd, sizes);
  THCIdx_iterAdd(&it, dstStrides);
  THCIdx_iterAdd(&it, srcStrides);
  THCIdx_iterCoalesce(&it);
  return THCIdx_check(THCIdx_launchCopy(c->cs, &it, n, dst, ddt, src, sdt), "copy");
}

THTensor *THCIdx_newContiguousAs(THCIdxCtx *c, const THTensor *t, THDType dt) {
  if (THCTensor_device(t) == c->device && THTensor_isContiguous(t) && THTensor_dtype(t) == dt) {
    THTensor_retain((THTensor *)t);
    return (THTensor *)t;
  }
  THTensor *r = THCIdx_newWithSize(c, dt, THTensor_ndim(t), THTensor_sizes(t));
  if (r && THCIdx_copy(c, r, t)) {
    THTensor_free(r);
    return NULL;
  }
  return r;
}

THTensor *THCIdx_newContiguous(THCIdxCtx *c, const THTensor *t) { return THCIdx_newContiguousAs(c, t, THTensor_dtype(t)); }

THTensor *THCIdx_newDeviceInput(THCIdxCtx *c, const THTensor *t) {
  if (THCTensor_device(t) >= 0) {
    THTensor_retain((THTensor *)t);
    return (THTensor *)t;
  }
  return THCIdx_newClone(c, t);
}

THTensor *THCIdx_newPrivate(THCIdxCtx *c, const THTensor *t, const THTensor *r, int *status) {
  *status = TH_OK;
  if (!t) return NULL;
  THTensor *d = THCIdx_newDeviceInput(c, t);
  if (!d) {
    *status = TH_ERR;
    return NULL;
  }
  if (!THTensor_sharesStorage(d, r) || THTensor_numel(d) == 0) return d;
  THTensor *cl = THCIdx_newClone(c, d);
  THTensor_free(d);
  if (!cl) *status = TH_ERR;
  return cl;
}

THTensor *THCIdx_newClone(THCIdxCtx *c, const THTensor *t) {
  THTensor *r = THCIdx_newWithSize(c, THTensor_dtype(t), THTensor_ndim(t), THTensor_sizes(t));
  if (r && THCIdx_copy(c, r, t)) {
    THTensor_free(r);
    return NULL;
  }
  return r;
}

THTensor *THCIdx_newReshape(THCIdxCtx *c, const THTensor *t, int nd, const int64_t *sizes) {
  THTensor *ct = THCIdx_newContiguous(c, t);
  if (!ct) return NULL;
  THTensor *v = THTensor_newView(ct, nd, sizes);
  THTensor_free(ct);
  return v;
}

int THCIdx_initFrom(THCIdxCtx *c, const char *op, THTensor *r, const THTensor *self) {
  if (r == self) return TH_OK;
  if (THTensor_dtype(r) != THTensor_dtype(self))
    return THError("%s: expected out to have dtype %s, but got %s", op, THDType_name(THTensor_dtype(self)),
                   THDType_name(THTensor_dtype(r)));
  if (THTensor_sharesStorage(r, self) && THTensor_numel(self) > 0)
    return THError("%s: unsupported operation: the output and the input share memory; clone() the input first", op);
  if (THTensor_resize(r, THTensor_ndim(self), THTensor_sizes(self))) return TH_ERR;
  return THCIdx_copy(c, r, self);
}

int THCIdx_resizeOut(THTensor *r, int nd, const int64_t *sizes) {
  if (THTensor_hasShape(r, nd, sizes)) return THCheckWriteOverlap("out", r, 0, NULL);
  return THTensor_resize(r, nd, sizes);
}


