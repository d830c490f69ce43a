/* Joining (cat, stack), reordering and repetition (flip, roll, rot90, repeat, repeat_interleave,
 * narrow_copy) and splitting into views (split, chunk, tensor_split, unbind). */
#include "THIndexInternal.h"

#include <stdlib.h>

/* ---- cat / stack ---- */

static int skipInCat(const THTensor *t) { return t->ndim == 1 && t->sizes[0] == 0; }

THDType THTensor_catResultType(int n, const THTensor *const *tensors) {
  if (n <= 0) return TH_Float32;
  THDType r = tensors[0]->dtype;
  for (int i = 1; i < n; i++) r = THDType_promote(r, tensors[i]->dtype);
  return r;
}

int THTensor_cat(THTensor *r, int n, const THTensor *const *ts, int64_t dim) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  if (n <= 0) return THError("torch.cat(): expected a non-empty list of Tensors");
  for (int i = 0; i < n; i++)
    if (ts[i]->ndim == 0) return THError("zero-dimensional tensor (at position %d) cannot be concatenated", i);
  int ref = -1;
  for (int i = 0; i < n && ref < 0; i++)
    if (!skipInCat(ts[i])) ref = i;
  THDType rt = THTensor_catResultType(n, ts);
  if (!THDType_canCast(rt, r->dtype))
    return THError("torch.cat(): input types can't be cast to the desired output type %s", THDType_name(r->dtype));
  for (int i = 0; i < n; i++)
    if (ts[i]->storage == r->storage && THTensor_numel(ts[i]) > 0 && THTensor_numel(r) > 0)
      return THError("torch.cat(): unsupported operation: some elements of the input tensors and the output tensor refer to a "
                     "single memory location. Please clone() the tensor before performing the operation.");
  if (ref < 0) { /* every input is a 1-d empty tensor */
    int d;
    if (THTensor_wrapDim(ts[0], dim, &d)) return TH_ERR;
    int64_t zero = 0;
    return THTensor_resize(r, 1, &zero);
  }
  const THTensor *t0 = ts[ref];
  int d;
  if (THTensor_wrapDim(t0, dim, &d)) return TH_ERR;
  int64_t shape[TH_MAX_DIMS];
  memcpy(shape, t0->sizes, sizeof(int64_t) * (size_t)t0->ndim);
  shape[d] = 0;
  for (int i = 0; i < n; i++) {
    const THTensor *t = ts[i];
    if (skipInCat(t)) continue;
    if (t->ndim != t0->ndim) return THError("Tensors must have same number of dimensions: got %d and %d", t0->ndim, t->ndim);
    for (int k = 0; k < t0->ndim; k++)
      if (k != d && t->sizes[k] != t0->sizes[k])
        return THError("Sizes of tensors must match except in dimension %d. Expected size %lld but got size %lld for tensor "
                       "number %d in the list (shapes %s and %s).",
                       d, (long long)t0->sizes[k], (long long)t->sizes[k], i, THShapeStr(ba, sizeof ba, t0->ndim, t0->sizes),
                       THShapeStr(bb, sizeof bb, t->ndim, t->sizes));
    shape[d] += t->sizes[d];
  }
  if (THTensor_resize(r, t0->ndim, shape)) return TH_ERR;
  THTensor_bumpVersion(r);
  if (THTensor_numel(r) == 0) return TH_OK;
  int64_t outer = 1, inner = 1;
  for (int k = 0; k < d; k++) outer *= shape[k];
  for (int k = d + 1; k < t0->ndim; k++) inner *= shape[k];
  int fast = THTensor_isContiguous(r);
  for (int i = 0; i < n && fast; i++) fast = skipInCat(ts[i]) || (ts[i]->dtype == r->dtype && THTensor_isContiguous(ts[i]));
  if (fast) {
    /* memcpy of contiguous blocks: input i contributes outer blocks of sizes[d] * inner elements */
    size_t elem = THDType_size(r->dtype);
    int64_t rowBytes = shape[d] * inner * (int64_t)elem;
    int64_t *offs = malloc(sizeof(int64_t) * (size_t)n);
    if (!offs) return THError("out of memory");
    int64_t acc = 0;
    for (int i = 0; i < n; i++) {
      offs[i] = acc;
      if (!skipInCat(ts[i])) acc += ts[i]->sizes[d] * inner * (int64_t)elem;
    }
    char *out = THTensor_bytes(r);
    int threads = THIndex_threads(THTensor_numel(r) / 4); /* memcpy: a larger grain than elementwise loops */
#pragma omp parallel for collapse(2) num_threads(threads) schedule(static) if (threads > 1)
    for (int64_t o = 0; o < outer; o++)
      for (int i = 0; i < n; i++) {
        if (skipInCat(ts[i])) continue;
        int64_t bytes = ts[i]->sizes[d] * inner * (int64_t)elem;
        if (bytes) memcpy(out + o * rowBytes + offs[i], THTensor_bytes(ts[i]) + o * bytes, (size_t)bytes);
      }
    free(offs);
    return TH_OK;
  }
  int64_t at = 0;
  for (int i = 0; i < n; i++) {
    if (skipInCat(ts[i])) continue;
    int64_t len = ts[i]->sizes[d];
    if (len == 0) continue;
    THTensor *part = THTensor_newNarrow(r, d, at, len);
    int st = !part || THTensor_copy(part, ts[i]);
    THTensor_free(part);
    if (st) return TH_ERR;
    at += len;
  }
  return TH_OK;
}

int THTensor_stack(THTensor *r, int n, const THTensor *const *ts, int64_t dim) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  if (n <= 0) return THError("stack expects a non-empty TensorList");
  for (int i = 1; i < n; i++) {
    int same = ts[i]->ndim == ts[0]->ndim;
    for (int k = 0; same && k < ts[0]->ndim; k++) same = ts[i]->sizes[k] == ts[0]->sizes[k];
    if (!same)
      return THError("stack expects each tensor to be equal size, but got %s at entry 0 and %s at entry %d",
                     THShapeStr(ba, sizeof ba, ts[0]->ndim, ts[0]->sizes), THShapeStr(bb, sizeof bb, ts[i]->ndim, ts[i]->sizes), i);
  }
  int wrapped;
  if (THWrapDim(dim, ts[0]->ndim + 1, &wrapped)) return TH_ERR;
  THTensor **us = malloc(sizeof(THTensor *) * (size_t)n);
  if (!us) return THError("out of memory");
  int made = 0, status = TH_ERR;
  for (; made < n; made++)
    if (!(us[made] = THTensor_newUnsqueeze(ts[made], dim))) goto done;
  status = THTensor_cat(r, n, (const THTensor *const *)us, dim);
done:
  for (int i = 0; i < made; i++) THTensor_free(us[i]);
  free(us);
  return status;
}

/* ---- flip, roll, rot90 ---- */

/* r = copy of src (any geometry, negative strides allowed), r resized to src's shape */
static int copyFrom(THTensor *r, const THTensor *self, THTensor *view) {
  THTensor *target = r->storage == self->storage && THTensor_numel(self) > 0 ? THTensor_new(r->dtype) : r;
  int st = !target || THTensor_resize(target, view->ndim, view->sizes) || THTensor_copy(target, view);
  if (!st && target != r) st = THTensor_resize(r, view->ndim, view->sizes) || THTensor_copy(r, target);
  if (target != r) THTensor_free(target);
  THTensor_free(view);
  return st ? TH_ERR : TH_OK;
}

static int checkSameDtype(const char *op, const THTensor *r, const THTensor *self) {
  if (r->dtype != self->dtype)
    return THError("%s: expected out to have dtype %s, but got %s", op, THDType_name(self->dtype), THDType_name(r->dtype));
  return TH_OK;
}

int THTensor_flip(THTensor *r, const THTensor *self, int n, const int64_t *dims) {
  int flags[TH_MAX_DIMS];
  if (checkSameDtype("flip", r, self) || THCheckDimsOnce(self, n, dims, flags)) return TH_ERR;
  int64_t st[TH_MAX_DIMS], off = self->offset;
  int empty = THTensor_numel(self) == 0;
  for (int i = 0; i < self->ndim; i++) {
    st[i] = self->strides[i];
    if (flags[i] && !empty) {
      off += (self->sizes[i] - 1) * st[i];
      st[i] = -st[i];
    }
  }
  THTensor *v = THTensor_newRawView(self, self->ndim, self->sizes, st, off);
  return v ? copyFrom(r, self, v) : TH_ERR;
}

/* dst = src rolled by `shift` along d (dst already has the shape) */
static int rollOne(THTensor *dst, const THTensor *src, int d, int64_t shift) {
  int64_t size = src->sizes[d];
  if (size == 0) return TH_OK;
  int64_t s = ((shift % size) + size) % size;
  if (s == 0) return THTensor_copy(dst, src);
  THTensor *a = THTensor_newNarrow(dst, d, s, size - s), *b = THTensor_newNarrow(src, d, 0, size - s);
  THTensor *c = THTensor_newNarrow(dst, d, 0, s), *e = THTensor_newNarrow(src, d, size - s, s);
  int st = !a || !b || !c || !e || THTensor_copy(a, b) || THTensor_copy(c, e);
  THTensor_free(a);
  THTensor_free(b);
  THTensor_free(c);
  THTensor_free(e);
  return st ? TH_ERR : TH_OK;
}

int THTensor_roll(THTensor *r, const THTensor *self, int nShifts, const int64_t *shifts, int nDims, const int64_t *dims) {
  if (checkSameDtype("roll", r, self)) return TH_ERR;
  if (nShifts == 0) return THError("`shifts` required");
  if (nDims == 0) {
    if (nShifts != 1) return THError("shifts and dimensions must align. shifts: %d, dims:%d", nShifts, nDims);
    int64_t numel = THTensor_numel(self);
    THTensor *flat = THTensor_newReshape(self, 1, &numel);
    THTensor *out = THTensor_newWithSize(self->dtype, 1, &numel);
    int st = !flat || !out || rollOne(out, flat, 0, shifts[0]);
    THTensor *v = st ? NULL : THTensor_newView(out, self->ndim, self->sizes);
    THTensor_free(flat);
    THTensor_free(out);
    if (!v) return TH_ERR;
    return copyFrom(r, self, v);
  }
  if (nShifts != nDims) return THError("shifts and dimensions must align. shifts: %d, dims:%d", nShifts, nDims);
  int ds[TH_MAX_DIMS];
  for (int i = 0; i < nDims; i++)
    if (THTensor_wrapDim(self, dims[i], &ds[i])) return TH_ERR;
  THTensor *cur = THTensor_newAlias(self);
  if (!cur) return TH_ERR;
  for (int i = 0; i < nDims; i++) {
    THTensor *next = THTensor_newWithSize(self->dtype, self->ndim, self->sizes);
    if (!next || rollOne(next, cur, ds[i], shifts[i])) {
      THTensor_free(next);
      THTensor_free(cur);
      return TH_ERR;
    }
    THTensor_free(cur);
    cur = next;
  }
  if (r->storage != self->storage) {
    int st = THTensor_resize(r, self->ndim, self->sizes) || THTensor_copy(r, cur);
    THTensor_free(cur);
    THTensor_bumpVersion(r);
    return st ? TH_ERR : TH_OK;
  }
  return copyFrom(r, self, cur);
}

int THTensor_rot90(THTensor *r, const THTensor *self, int64_t k, int64_t dim0, int64_t dim1) {
  if (checkSameDtype("rot90", r, self)) return TH_ERR;
  if (self->ndim < 2) return THError("expected total dims >= 2, but got total dims = %d", self->ndim);
  int a, b;
  if (THTensor_wrapDim(self, dim0, &a) || THTensor_wrapDim(self, dim1, &b)) return TH_ERR;
  if (a == b) return THError("expected rotation dims to be different, but got dim0 = %d and dim1 = %d", a, b);
  k = ((k % 4) + 4) % 4;
  if (k == 0) return copyFrom(r, self, THTensor_newAlias(self));
  if (k == 2) return THTensor_flip(r, self, 2, (int64_t[]){a, b});
  THTensor *t = THTensor_newTranspose(self, a, b);
  if (!t) return TH_ERR;
  /* k = 1: flip(dim1) then transpose == transpose then flip(dim0); k = 3: the other dim */
  int64_t fd = k == 1 ? a : b;
  THTensor *target = r->storage == self->storage && THTensor_numel(self) > 0 ? THTensor_new(r->dtype) : r;
  int st = !target || THTensor_flip(target, t, 1, &fd);
  if (!st && target != r) st = THTensor_resize(r, target->ndim, target->sizes) || THTensor_copy(r, target);
  if (target != r) THTensor_free(target);
  THTensor_free(t);
  return st ? TH_ERR : TH_OK;
}

/* ---- repetition ---- */

int THRepeat_plan(THRepeatPlan *p, const THTensor *self, int n, const int64_t *reps) {
  char ba[TH_SHAPE_BUF];
  if (n < self->ndim) return THError("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
  if (2 * n > TH_MAX_DIMS) return THError("repeat: at most %d repeat dims are supported, got %d", TH_MAX_DIMS / 2, n);
  int64_t xs[TH_MAX_DIMS], xst[TH_MAX_DIMS];
  int pad = n - self->ndim;
  for (int i = 0; i < n; i++) {
    xs[i] = i < pad ? 1 : self->sizes[i - pad];
    xst[i] = i < pad ? 0 : self->strides[i - pad];
    p->shape[i] = xs[i] * reps[i];
    if (reps[i] < 0)
      return THError("Trying to create tensor with negative dimension %lld: %s", (long long)reps[i], THShapeStr(ba, sizeof ba, n, reps));
  }
  int64_t inner = 1;
  for (int i = n - 1; i >= 0; i--) {
    p->sizes[2 * i] = reps[i];
    p->sizes[2 * i + 1] = xs[i];
    p->srcStrides[2 * i] = 0;
    p->srcStrides[2 * i + 1] = xst[i];
    p->dstStrides[2 * i + 1] = inner;
    p->dstStrides[2 * i] = inner * xs[i];
    inner *= p->shape[i];
  }
  return TH_OK;
}

int THTensor_repeat(THTensor *r, const THTensor *self, int n, const int64_t *reps) {
  THRepeatPlan p;
  if (checkSameDtype("repeat", r, self) || THRepeat_plan(&p, self, n, reps)) return TH_ERR;
  THTensor *target = r->storage == self->storage && THTensor_numel(self) > 0 ? THTensor_new(r->dtype) : r;
  if (!target || THTensor_resize(target, n, p.shape)) {
    if (target != r) THTensor_free(target);
    return TH_ERR;
  }
  int status = TH_OK;
  if (THTensor_numel(target) > 0) {
    THTensor *sv = THTensor_newRawView(self, 2 * n, p.sizes, p.srcStrides, self->offset);
    THTensor *dv = THTensor_newRawView(target, 2 * n, p.sizes, p.dstStrides, target->offset);
    status = !sv || !dv || THTensor_copy(dv, sv) ? TH_ERR : TH_OK;
    THTensor_free(sv);
    THTensor_free(dv);
  }
  if (status == TH_OK && target != r) status = THTensor_resize(r, n, p.shape) || THTensor_copy(r, target) ? TH_ERR : TH_OK;
  if (target != r) THTensor_free(target);
  THTensor_bumpVersion(r);
  return status;
}

/* indices [0]*r0 + [1]*r1 + ... for 1-d int64 repeats */
static THTensor *newRepeatIndices(const THTensor *repeats) {
  THTensor *rc = THIndex_newLong("repeat_interleave", repeats, 1);
  if (!rc) return NULL;
  const int64_t *rv = (const int64_t *)THTensor_bytes(rc);
  int64_t n = THTensor_numel(rc), total = 0;
  for (int64_t i = 0; i < n; i++) {
    if (rv[i] < 0) {
      THTensor_free(rc);
      return THError("repeats can not be negative"), NULL;
    }
    total += rv[i];
  }
  THTensor *idx = THTensor_newWithSize(TH_Int64, 1, &total);
  if (idx) {
    int64_t *o = (int64_t *)THTensor_bytes(idx);
    for (int64_t i = 0, k = 0; i < n; i++)
      for (int64_t j = 0; j < rv[i]; j++) o[k++] = i;
  }
  THTensor_free(rc);
  return idx;
}

int THTensor_repeatInterleave(THTensor *r, const THTensor *self, const THTensor *repeats, int hasDim, int64_t dim) {
  if (repeats->dtype != TH_Int64 && repeats->dtype != TH_Int32)
    return THError("repeat_interleave: repeats has to be Long or Int tensor, but got %s", THDType_name(repeats->dtype));
  if (repeats->ndim > 1) return THError("repeat_interleave only accept 1D vector as repeat");
  if (!self) {
    if (repeats->ndim != 1) return THError("repeat_interleave only accept 1D vector as repeat");
    if (r->dtype != TH_Int64) return THError("repeat_interleave: expected out to have dtype int64, but got %s", THDType_name(r->dtype));
    THTensor *idx = newRepeatIndices(repeats);
    int st = !idx || THTensor_resize(r, 1, idx->sizes) || THTensor_copy(r, idx);
    THTensor_free(idx);
    return st ? TH_ERR : TH_OK;
  }
  THTensor *src = NULL, *rep = NULL, *idx = NULL;
  int status = TH_ERR, d = 0;
  if (!hasDim) {
    int64_t numel = THTensor_numel(self);
    src = THTensor_newReshape(self, 1, &numel);
  } else {
    if (THTensor_wrapDim(self, dim, &d)) return TH_ERR;
    src = THTensor_newAlias(self);
  }
  if (!src) return TH_ERR;
  int64_t size = src->ndim ? src->sizes[d] : 1;
  int64_t nrep = THTensor_numel(repeats);
  if (nrep == 1) {
    rep = THTensor_newReshape(repeats, 1, (int64_t[]){1});
    THTensor *e = rep ? THTensor_newExpand(rep, 1, &size) : NULL;
    THTensor_free(rep);
    rep = e;
  } else if (nrep == size) {
    rep = THTensor_newAlias(repeats);
  } else {
    THError("repeats must have the same size as input along dim, but got repeats.size(0) = %lld and input.size(%d) = %lld",
            (long long)nrep, d, (long long)size);
    goto done;
  }
  if (!rep || !(idx = newRepeatIndices(rep))) goto done;
  status = THTensor_indexSelect(r, src, d, idx);
done:
  THTensor_free(src);
  THTensor_free(rep);
  THTensor_free(idx);
  return status;
}

int THTensor_narrowCopy(THTensor *r, const THTensor *self, int64_t dim, int64_t start, int64_t length) {
  if (checkSameDtype("narrow_copy", r, self)) return TH_ERR;
  THTensor *v = THTensor_newNarrow(self, dim, start, length);
  return v ? copyFrom(r, self, v) : TH_ERR;
}

/* ---- splitting into views ---- */

static int emit(THTensor *v, THTensor **out, int cap, int *count) {
  if (!v) return TH_ERR;
  if (*count < cap) out[*count] = v;
  else THTensor_free(v);
  (*count)++;
  return TH_OK;
}

static void freeEmitted(THTensor **out, int cap, int count) {
  for (int i = 0; i < count && i < cap; i++) THTensor_free(out[i]), out[i] = NULL;
}

int THTensor_splitWithSizes(const THTensor *t, int nSizes, const int64_t *sizes, int64_t dim, THTensor **out, int cap, int *n) {
  char buf[1024];
  *n = 0;
  if (t->ndim == 0) return THError("split expects at least a 1-dimensional tensor");
  int d;
  if (THTensor_wrapDim(t, dim, &d)) return TH_ERR;
  int64_t sum = 0;
  int neg = 0;
  for (int i = 0; i < nSizes; i++) sum += sizes[i], neg |= sizes[i] < 0;
  if (neg || sum != t->sizes[d]) {
    size_t len = (size_t)snprintf(buf, sizeof buf, "[");
    for (int i = 0; i < nSizes && len < sizeof buf - 32; i++) len += (size_t)snprintf(buf + len, sizeof buf - len, i ? ", %lld" : "%lld", (long long)sizes[i]);
    snprintf(buf + len, sizeof buf - len, "]");
    if (neg) return THError("split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=%s", buf);
    return THError("split_with_sizes expects split_sizes to sum exactly to %lld (input tensor's size at dimension %d), but got "
                   "split_sizes=%s",
                   (long long)t->sizes[d], d, buf);
  }
  int64_t at = 0;
  for (int i = 0; i < nSizes; i++) {
    if (emit(THTensor_newNarrow(t, d, at, sizes[i]), out, cap, n)) return freeEmitted(out, cap, *n), TH_ERR;
    at += sizes[i];
  }
  return TH_OK;
}

int THTensor_split(const THTensor *t, int64_t splitSize, int64_t dim, THTensor **out, int cap, int *n) {
  *n = 0;
  if (t->ndim == 0) return THError("split expects at least a 1-dimensional tensor");
  int d;
  if (THTensor_wrapDim(t, dim, &d)) return TH_ERR;
  if (splitSize < 0) return THError("split expects split_size be non-negative, but got split_size=%lld", (long long)splitSize);
  int64_t size = t->sizes[d];
  if (splitSize == 0 && size != 0)
    return THError("split_size can only be 0 if dimension size is 0, but got dimension size of %lld", (long long)size);
  int64_t parts = splitSize ? (size + splitSize - 1) / splitSize : 1;
  if (parts < 1) parts = 1;
  for (int64_t i = 0; i < parts; i++) {
    int64_t len = size - i * splitSize < splitSize ? size - i * splitSize : splitSize;
    if (emit(THTensor_newNarrow(t, d, i * splitSize, len), out, cap, n)) return freeEmitted(out, cap, *n), TH_ERR;
  }
  return TH_OK;
}

int THTensor_chunk(const THTensor *t, int64_t chunks, int64_t dim, THTensor **out, int cap, int *n) {
  *n = 0;
  if (t->ndim == 0) return THError("chunk expects at least a 1-dimensional tensor");
  if (chunks <= 0) return THError("chunk expects `chunks` to be greater than 0, got: %lld", (long long)chunks);
  int d;
  if (THTensor_wrapDim(t, dim, &d)) return TH_ERR;
  int64_t size = t->sizes[d];
  int64_t splitSize = (size + chunks - 1) / chunks;
  if (splitSize == 0 && size == 0) {
    for (int64_t i = 0; i < chunks; i++)
      if (emit(THTensor_newNarrow(t, d, 0, 0), out, cap, n)) return freeEmitted(out, cap, *n), TH_ERR;
    return TH_OK;
  }
  return THTensor_split(t, splitSize, d, out, cap, n);
}

int THTensor_tensorSplit(const THTensor *t, int64_t sections, int64_t dim, THTensor **out, int cap, int *n) {
  *n = 0;
  if (t->ndim == 0) return THError("tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims");
  if (sections <= 0) return THError("number of sections must be larger than 0, got %lld", (long long)sections);
  int d;
  if (THTensor_wrapDim(t, dim, &d)) return TH_ERR;
  int64_t size = t->sizes[d], minSplit = size / sections, extra = size % sections, at = 0;
  for (int64_t i = 0; i < sections; i++) {
    int64_t len = minSplit + (i < extra ? 1 : 0);
    if (emit(THTensor_newNarrow(t, d, at, len), out, cap, n)) return freeEmitted(out, cap, *n), TH_ERR;
    at += len;
  }
  return TH_OK;
}

int THTensor_tensorSplitIndices(const THTensor *t, int nIdx, const int64_t *indices, int64_t dim, THTensor **out, int cap, int *n) {
  *n = 0;
  if (t->ndim == 0) return THError("tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims");
  int d;
  if (THTensor_wrapDim(t, dim, &d)) return TH_ERR;
  int64_t start = 0;
  for (int i = 0; i <= nIdx; i++) {
    int64_t end = i < nIdx ? indices[i] : t->sizes[d];
    THTensor *v = THTensor_newSlice(t, d, start, end, 1);
    if (emit(v, out, cap, n)) return freeEmitted(out, cap, *n), TH_ERR;
    start = end;
  }
  return TH_OK;
}

int THTensor_unbind(const THTensor *t, int64_t dim, THTensor **out, int cap, int *n) {
  *n = 0;
  if (t->ndim == 0) return THError("Dimension specified as 0 but tensor has no dimensions");
  int d;
  if (THTensor_wrapDim(t, dim, &d)) return TH_ERR;
  for (int64_t i = 0; i < t->sizes[d]; i++)
    if (emit(THTensor_newSelect(t, d, i), out, cap, n)) return freeEmitted(out, cap, *n), TH_ERR;
  return TH_OK;
}
