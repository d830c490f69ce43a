/* Joining (cat, stack), reordering and repetition (flip, roll, rot90, repeat, repeat_interleave,
 * narrow_copy) on the GPU, with libTH's checks and messages (THJoin.c).
 * Everything here is strided copies (THCIdx_copy / THCIdx_copyRaw) on views libTH builds. */
#include "THCIndexUtil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- cat / stack ---- */

static int skipInCat(const THTensor *t) { return THTensor_ndim(t) == 1 && THTensor_size(t, 0) == 0; }

int THCTensor_cat(THCState *state, THTensor *r, int n, const THTensor *const *ts, int64_t dim) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  int device;
  if (n <= 0) return THError("torch.cat(): expected a non-empty list of Tensors");
  if (THCTensor_callDevice("cat", n, ts, 1, &r, &device)) return TH_ERR;
  for (int i = 0; i < n; i++)
    if (THTensor_ndim(ts[i]) == 0) return THError("zero-dimensional tensor (at position %d) cannot be concatenated", i);
  int ref = -1;
  for (int i = 0; i < n && ref < 0; i++)
    if (!skipInCat(ts[i])) ref = i;
  THDType rt = THTensor_catResultType(n, ts);
  if (!THDType_canCast(rt, THTensor_dtype(r)))
    return THError("torch.cat(): input types can't be cast to the desired output type %s", THDType_name(THTensor_dtype(r)));
  for (int i = 0; i < n; i++)
    if (THTensor_sharesStorage(ts[i], r) && THTensor_numel(ts[i]) > 0 && THTensor_numel(r) > 0)
      return THError("torch.cat(): unsupported operation: some elements of the input tensors and the output tensor refer to a "
                     "single memory location. Please clone() the tensor before performing the operation.");
  int d;
  if (ref < 0) { /* every input is a 1-d empty tensor: no data, so no device work either */
    if (THTensor_wrapDim(ts[0], dim, &d)) return TH_ERR;
    int64_t zero = 0;
    return THTensor_resize(r, 1, &zero);
  }
  const THTensor *t0 = ts[ref];
  int nd = THTensor_ndim(t0);
  if (THTensor_wrapDim(t0, dim, &d)) return TH_ERR;
  int64_t shape[TH_MAX_DIMS];
  memcpy(shape, THTensor_sizes(t0), sizeof(int64_t) * (size_t)nd);
  shape[d] = 0;
  for (int i = 0; i < n; i++) {
    const THTensor *t = ts[i];
    if (skipInCat(t)) continue;
    if (THTensor_ndim(t) != nd) return THError("Tensors must have same number of dimensions: got %d and %d", nd, THTensor_ndim(t));
    for (int k = 0; k < nd; k++)
      if (k != d && THTensor_size(t, k) != THTensor_size(t0, k))
        return THError("Sizes of tensors must match except in dimension %d. Expected size %lld but got size %lld for tensor "
                       "number %d in the list (shapes %s and %s).",
                       d, (long long)THTensor_size(t0, k), (long long)THTensor_size(t, k), i,
                       THShapeStr(ba, sizeof ba, nd, THTensor_sizes(t0)), THShapeStr(bb, sizeof bb, nd, THTensor_sizes(t)));
    shape[d] += THTensor_size(t, d);
  }
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  int status = THTensor_resize(r, nd, shape) ? TH_ERR : TH_OK;
  THTensor_bumpVersion(r);
  int64_t at = 0;
  if (THTensor_numel(r) == 0) n = 0;
  for (int i = 0; i < n && status == TH_OK; i++) {
    if (skipInCat(ts[i])) continue;
    int64_t len = THTensor_size(ts[i], d);
    if (len == 0) continue;
    THTensor *part = THTensor_newNarrow(r, d, at, len);
    status = !part || THCIdx_copy(&c, part, ts[i]) ? TH_ERR : TH_OK;
    THTensor_free(part);
    at += len;
  }
  THCIdx_exit(&c);
  return status;
}

int THCTensor_stack(THCState *state, THTensor *r, int n, const THTensor *const *ts, int64_t dim) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  if (n <= 0) return THError("stack expects a non-empty TensorList");
  int nd = THTensor_ndim(ts[0]);
  for (int i = 1; i < n; i++)
    if (!THTensor_hasShape(ts[i], nd, THTensor_sizes(ts[0])))
      return THError("stack expects each tensor to be equal size, but got %s at entry 0 and %s at entry %d",
                     THShapeStr(ba, sizeof ba, nd, THTensor_sizes(ts[0])),
                     THShapeStr(bb, sizeof bb, THTensor_ndim(ts[i]), THTensor_sizes(ts[i])), i);
  if (dim < -(nd + 1) || dim > nd)
    return THError("Dimension out of range (expected to be in range of [%lld, %lld], but got %lld)", (long long)-(nd + 1),
                   (long long)nd, (long long)dim);
  THTensor **us = malloc(sizeof(THTensor *) * (size_t)n);
  if (!us) return THError("out of memory");
  int made = 0, status = TH_ERR;
  for (; made < n; made++)
    if (!(us[made] = THTensor_newUnsqueeze(ts[made], dim))) goto done;
  status = THCTensor_cat(state, r, n, (const THTensor *const *)us, dim);
done:
  for (int i = 0; i < made; i++) THTensor_free(us[i]);
  free(us);
  return status;
}

/* ---- flip, roll, rot90 ---- */

static int checkSameDtype(const char *op, const THTensor *r, const THTensor *self) {
  if (THTensor_dtype(r) != THTensor_dtype(self))
    return THError("%s: expected out to have dtype %s, but got %s", op, THDType_name(THTensor_dtype(self)),
                   THDType_name(THTensor_dtype(r)));
  return TH_OK;
}

/* r (resized to view's shape) = view of self; through a temporary when r shares self's memory. */
static int copyFrom(THCIdxCtx *c, THTensor *r, const THTensor *self, const THTensor *view) {
  THTensor *target = THTensor_sharesStorage(r, self) && THTensor_numel(self) > 0 ? THCIdx_empty(c, THTensor_dtype(r)) : r;
  int st = !target || THTensor_resize(target, THTensor_ndim(view), THTensor_sizes(view)) || THCIdx_copy(c, target, view);
  if (!st && target != r) st = THTensor_resize(r, THTensor_ndim(view), THTensor_sizes(view)) || THCIdx_copy(c, r, target);
  if (target != r) THTensor_free(target);
  if (!st) THTensor_bumpVersion(r);
  return st ? TH_ERR : TH_OK;
}

/* r = self with the flagged dims reversed (c entered). */
static int flipImpl(THCIdxCtx *c, THTensor *r, const THTensor *self, const int *flags) {
  int nd = THTensor_ndim(self);
  const int64_t *sz = THTensor_sizes(self);
  THDType dt = THTensor_dtype(self);
  int64_t st[TH_MAX_DIMS], off = 0;
  int empty = THTensor_numel(self) == 0;
  for (int i = 0; i < nd; i++) {
    st[i] = THTensor_stride(self, i);
    if (flags[i] && !empty) {
      off += (sz[i] - 1) * st[i];
      st[i] = -st[i];
    }
  }
  const char *src = (const char *)THTensor_data(self) + off * (int64_t)THDType_size(dt);
  THTensor *target = THTensor_sharesStorage(r, self) && !empty ? THCIdx_empty(c, dt) : r;
  int status = !target || THTensor_resize(target, nd, sz) ||
                       THCIdx_copyRaw(c, nd, sz, THTensor_data(target), dt, THTensor_strides(target), src, dt, st)
                   ? TH_ERR
                   : TH_OK;
  if (status == TH_OK && target != r) status = THTensor_resize(r, nd, sz) || THCIdx_copy(c, r, target) ? TH_ERR : TH_OK;
  if (target != r) THTensor_free(target);
  if (status == TH_OK) THTensor_bumpVersion(r);
  return status;
}

int THCTensor_flip(THCState *state, THTensor *r, const THTensor *self, int n, const int64_t *dims) {
  int flags[TH_MAX_DIMS], device;
  if (THCTensor_callDevice("flip", 1, &self, 1, &r, &device)) return TH_ERR;
  if (checkSameDtype("flip", r, self) || THCheckDimsOnce(self, n, dims, flags)) return TH_ERR;
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  THTensor *s = THCIdx_newDeviceInput(&c, self);
  int status = s ? flipImpl(&c, r, s, flags) : TH_ERR;
  THTensor_free(s);
  THCIdx_exit(&c);
  return status;
}

/* dst = src rolled by `shift` along d (dst already has the shape). */
static int rollOne(THCIdxCtx *c, THTensor *dst, const THTensor *src, int d, int64_t shift) {
  int64_t size = THTensor_size(src, d);
  if (size == 0) return TH_OK;
  int64_t s = ((shift % size) + size) % size;
  if (s == 0) return THCIdx_copy(c, dst, src);
  THTensor *a = THTensor_newNarrow(dst, d, s, size - s), *b = THTensor_newNarrow(src, d, 0, size - s);
  THTensor *e = THTensor_newNarrow(dst, d, 0, s), *f = THTensor_newNarrow(src, d, size - s, s);
  int st = !a || !b || !e || !f || THCIdx_copy(c, a, b) || THCIdx_copy(c, e, f);
  THTensor_free(a);
  THTensor_free(b);
  THTensor_free(e);
  THTensor_free(f);
  return st ? TH_ERR : TH_OK;
}

int THCTensor_roll(THCState *state, THTensor *r, const THTensor *self, int nShifts, const int64_t *shifts, int nDims,
                   const int64_t *dims) {
  int device;
  if (THCTensor_callDevice("roll", 1, &self, 1, &r, &device)) return TH_ERR;
  if (checkSameDtype("roll", r, self)) return TH_ERR;
  if (nShifts == 0) return THError("`shifts` required");
  if (nDims == 0 && nShifts != 1) return THError("shifts and dimensions must align. shifts: %d, dims:%d", nShifts, nDims);
  if (nDims != 0 && nShifts != nDims) return THError("shifts and dimensions must align. shifts: %d, dims:%d", nShifts, nDims);
  int ds[TH_MAX_DIMS];
  if (nDims > TH_MAX_DIMS) return THError("roll: too many dims (%d)", nDims);
  for (int i = 0; i < nDims; i++)
    if (THTensor_wrapDim(self, dims[i], &ds[i])) return TH_ERR;
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  THDType dt = THTensor_dtype(self);
  int nd = THTensor_ndim(self);
  int status = TH_ERR;
  THTensor *cur = THCIdx_newDeviceInput(&c, self);
  if (!cur) goto done;
  if (nDims == 0) {
    int64_t numel = THTensor_numel(self);
    THTensor *flat = THCIdx_newReshape(&c, cur, 1, &numel);
    THTensor *out = THCIdx_newWithSize(&c, dt, 1, &numel);
    int st = !flat || !out || rollOne(&c, out, flat, 0, shifts[0]);
    THTensor *v = st ? NULL : THTensor_newView(out, nd, THTensor_sizes(self));
    THTensor_free(flat);
    THTensor_free(out);
    if (v) status = copyFrom(&c, r, self, v);
    THTensor_free(v);
    goto done;
  }
  for (int i = 0; i < nDims; i++) {
    THTensor *next = THCIdx_newWithSize(&c, dt, nd, THTensor_sizes(self));
    if (!next || rollOne(&c, next, cur, ds[i], shifts[i])) {
      THTensor_free(next);
      goto done;
    }
    THTensor_free(cur);
    cur = next;
  }
  status = THTensor_resize(r, nd, THTensor_sizes(self)) || THCIdx_copy(&c, r, cur) ? TH_ERR : TH_OK;
  if (status == TH_OK) THTensor_bumpVersion(r);
done:
  THTensor_free(cur);
  THCIdx_exit(&c);
  return status;
}

int THCTensor_rot90(THCState *state, THTensor *r, const THTensor *self, int64_t k, int64_t dim0, int64_t dim1) {
  int device;
  if (THCTensor_callDevice("rot90", 1, &self, 1, &r, &device)) return TH_ERR;
  if (checkSameDtype("rot90", r, self)) return TH_ERR;
  if (THTensor_ndim(self) < 2) return THError("expected total dims >= 2, but got total dims = %d", THTensor_ndim(self));
  int a, b;
  if (THTensor_wrapDim(self, dim0, &a) || THTensor_wrapDim(self, dim1, &b)) return TH_ERR;
  if (a == b) return THError("expected rotation dims to be different, but got dim0 = %d and dim1 = %d", a, b);
  k = ((k % 4) + 4) % 4;
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  int flags[TH_MAX_DIMS] = {0}, status;
  if (k == 0) {
    status = copyFrom(&c, r, self, self);
  } else if (k == 2) {
    flags[a] = flags[b] = 1;
    status = flipImpl(&c, r, self, flags);
  } else {
    /* k = 1: transpose then flip(dim0); k = 3: transpose then flip(dim1) */
    THTensor *t = THTensor_newTranspose(self, a, b);
    flags[k == 1 ? a : b] = 1;
    status = t ? flipImpl(&c, r, t, flags) : TH_ERR;
    THTensor_free(t);
  }
  THCIdx_exit(&c);
  return status;
}

/* ---- repetition ---- */

int THCTensor_repeat(THCState *state, THTensor *r, const THTensor *self, int n, const int64_t *reps) {
  int device;
  if (THCTensor_callDevice("repeat", 1, &self, 1, &r, &device)) return TH_ERR;
  if (checkSameDtype("repeat", r, self)) return TH_ERR;
  THRepeatPlan p;
  if (THRepeat_plan(&p, self, n, reps)) return TH_ERR;
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  THDType dt = THTensor_dtype(self);
  THTensor *s = THCIdx_newDeviceInput(&c, self);
  THTensor *target = s && THTensor_sharesStorage(r, s) && THTensor_numel(s) > 0 ? THCIdx_empty(&c, dt) : r;
  int status = TH_ERR;
  if (!s || !target || THTensor_resize(target, n, p.shape)) goto done;
  status = TH_OK;
  if (THTensor_numel(target) > 0)
    status = THCIdx_copyRaw(&c, 2 * n, p.sizes, THTensor_data(target), dt, p.dstStrides, THTensor_data(s), dt, p.srcStrides);
  if (status == TH_OK && target != r) status = THTensor_resize(r, n, p.shape) || THCIdx_copy(&c, r, target) ? TH_ERR : TH_OK;
  if (status == TH_OK) THTensor_bumpVersion(r);
done:
  if (target != r) THTensor_free(target);
  THTensor_free(s);
  THCIdx_exit(&c);
  return status;
}

/* indices [0]*r0 + [1]*r1 + ... for 1-d int64 repeats on the device (c entered). */
static THTensor *newRepeatIndices(THCIdxCtx *c, const THTensor *repeats) {
  THTensor *rc = THCIdx_newContiguousAs(c, repeats, TH_Int64), *idx = NULL;
  int64_t *excl = NULL;
  if (!rc) return NULL;
  int64_t n = THTensor_numel(rc), pos, bad, total;
  THCIdxGeom g;
  THCIdx_geom(&g, rc);
  THCIdx_geomCoalesce(&g);
  if (THCIdx_check(THCIdx_firstOutOfRange(c->state, c->stream, &g, n, THTensor_data(rc), 0, INT64_MAX, &pos, &bad), "repeat_interleave"))
    goto done;
  if (pos >= 0) {
    THError("repeats can not be negative");
    goto done;
  }
  if (!(excl = THCIdx_malloc(c, sizeof(int64_t) * (size_t)(n > 0 ? n : 1)))) goto done;
  if (THCIdx_check(THCIdx_scanInt64(c->state, c->stream, THTensor_data(rc), n, excl, &total), "repeat_interleave")) goto done;
  if (!(idx = THCIdx_newWithSize(c, TH_Int64, 1, &total))) goto done;
  if (THCIdx_check(THCIdx_launchRepeatIndices(c->cs, excl, n, THTensor_data(idx), total), "repeat_interleave")) {
    THTensor_free(idx);
    idx = NULL;
  }
done:
  THCIdx_free(c, excl);
  THTensor_free(rc);
  return idx;
}

int THCTensor_repeatInterleave(THCState *state, THTensor *r, const THTensor *self, const THTensor *repeats, int hasDim, int64_t dim) {
  int device;
  if (THCTensor_callDevice("repeat_interleave", 2, (const THTensor *const[]){self, repeats}, 1, &r, &device)) return TH_ERR;
  THDType rt = THTensor_dtype(repeats);
  if (rt != TH_Int64 && rt != TH_Int32)
    return THError("repeat_interleave: repeats has to be Long or Int tensor, but got %s", THDType_name(rt));
  if (THTensor_ndim(repeats) > 1) return THError("repeat_interleave only accept 1D vector as repeat");
  if (!self) {
    if (THTensor_ndim(repeats) != 1) return THError("repeat_interleave only accept 1D vector as repeat");
    if (THTensor_dtype(r) != TH_Int64)
      return THError("repeat_interleave: expected out to have dtype int64, but got %s", THDType_name(THTensor_dtype(r)));
  }
  int d = 0;
  if (self && hasDim && THTensor_wrapDim(self, dim, &d)) return TH_ERR;
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  THTensor *src = NULL, *rc = NULL, *rep = NULL, *idx = NULL;
  int status = TH_ERR;
  if (!self) {
    idx = newRepeatIndices(&c, repeats);
    status = !idx || THTensor_resize(r, 1, THTensor_sizes(idx)) || THCIdx_copy(&c, r, idx) ? TH_ERR : TH_OK;
    if (status == TH_OK) THTensor_bumpVersion(r);
    goto done;
  }
  if (!hasDim) {
    int64_t numel = THTensor_numel(self);
    src = THCIdx_newReshape(&c, self, 1, &numel);
  } else {
    src = THTensor_newAlias(self);
  }
  if (!src) goto done;
  int64_t size = THTensor_ndim(src) ? THTensor_size(src, d) : 1;
  int64_t nrep = THTensor_numel(repeats);
  if (!(rc = THCIdx_newContiguousAs(&c, repeats, TH_Int64))) goto done;
  if (nrep == 1) {
    THTensor *one = THTensor_newView(rc, 1, (int64_t[]){1});
    rep = one ? THTensor_newExpand(one, 1, &size) : NULL;
    THTensor_free(one);
  } else if (nrep == size) {
    rep = THTensor_newAlias(rc);
  } else {
    THError("repeats must have the same size as input along dim, but got repeats.size(0) = %lld and input.size(%d) = %lld",
            (long long)nrep, d, (long long)size);
    goto done;
  }
  if (!rep || !(idx = newRepeatIndices(&c, rep))) goto done;
  status = THCTensor_indexSelect(state, r, src, d, idx);
done:
  THTensor_free(src);
  THTensor_free(rc);
  THTensor_free(rep);
  THTensor_free(idx);
  THCIdx_exit(&c);
  return status;
}

int THCTensor_narrowCopy(THCState *state, THTensor *r, const THTensor *self, int64_t dim, int64_t start, int64_t length) {
  int device;
  if (THCTensor_callDevice("narrow_copy", 1, &self, 1, &r, &device)) return TH_ERR;
  if (checkSameDtype("narrow_copy", r, self)) return TH_ERR;
  THTensor *v = THTensor_newNarrow(self, dim, start, length);
  if (!v) return TH_ERR;
  THCIdxCtx c;
  int status = THCIdx_enter(&c, state, device) ? TH_ERR : copyFrom(&c, r, self, v);
  THCIdx_exit(&c);
  THTensor_free(v);
  return status;
}
