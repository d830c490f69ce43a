/* Advanced indexing (x[indices], index_put_), index_select/add/copy/fill, take/put, masks and
 * nonzero. Every op is planned the same way: the result is [B..., I..., A...] where I are the
 * broadcast index dims and B/A the plain dims before and after; a table of source offsets per
 * index position (checked once) turns the op into copies of A-blocks, memcpy when contiguous. */
#include "THIndexInternal.h"

#include <stdlib.h>

typedef THIndexPlan Plan; /* offB: libTH keeps a table of B offsets too */

static void planFree(Plan *p) {
  free(p->offI);
  free(p->offB);
  p->offI = p->offB = NULL;
}

/* offsets of every position of a shape with given strides, row-major */
static int64_t *offsetsOf(int n, const int64_t *sizes, const int64_t *strides, int64_t count) {
  int64_t *o = malloc(sizeof(int64_t) * (size_t)(count > 0 ? count : 1));
  if (!o) return THError("out of memory"), NULL;
  int64_t coord[TH_MAX_DIMS] = {0}, off = 0;
  for (int64_t i = 0; i < count; i++) {
    o[i] = off;
    for (int d = n - 1; d >= 0; d--) {
      off += strides[d];
      if (++coord[d] < sizes[d]) break;
      off -= strides[d] * sizes[d];
      coord[d] = 0;
    }
  }
  return o;
}

/* Index tensors `idx` (int64, any strides, broadcast to Isz) at source dims `dims`: offI with bounds
 * checks. style 0: "index i is out of bounds for dimension d with size s"; 1: index_select's
 * "index out of range in self" (negative indices rejected); 2: the first message, negatives rejected. */
static int planOffsets(Plan *p, int k, THTensor *const *idx, const int *dims, const THTensor *src, const char *op, int style) {
  int64_t st[TH_MAX_DIMS][TH_MAX_DIMS];
  const int64_t *data[TH_MAX_DIMS];
  for (int j = 0; j < k; j++) {
    const THTensor *t = idx[j];
    data[j] = (const int64_t *)THTensor_bytes(t);
    for (int d = 0; d < p->nI; d++) {
      int e = d - (p->nI - t->ndim);
      st[j][d] = (e < 0 || t->sizes[e] == 1) ? 0 : t->strides[e];
    }
  }
  p->offI = malloc(sizeof(int64_t) * (size_t)(p->numI > 0 ? p->numI : 1));
  if (!p->offI) return THError("out of memory");
  int bad = 0, badDim = 0;
  int64_t badVal = 0;
  if (k == 1 && p->nI == 1 && (st[0][0] == 1 || p->Isz[0] <= 1)) { /* one contiguous index vector */
    const int64_t *v = data[0];
    int64_t size = src->sizes[dims[0]], stride = src->strides[dims[0]];
    int64_t lo = style ? 0 : -size;
    for (int64_t i = 0; i < p->numI; i++) {
      int64_t x = v[i];
      if (x < lo || x >= size) {
        if (!bad) bad = 1, badVal = x, badDim = dims[0];
        x = 0;
      }
      p->offI[i] = (x < 0 ? x + size : x) * stride;
    }
  } else {
    int64_t coord[TH_MAX_DIMS] = {0}, pos[TH_MAX_DIMS] = {0};
    for (int64_t i = 0; i < p->numI; i++) {
      int64_t off = 0;
      for (int j = 0; j < k; j++) {
        int64_t x = data[j][pos[j]], size = src->sizes[dims[j]];
        int64_t lo = style ? 0 : -size;
        if (x < lo || x >= size) {
          if (!bad) bad = 1, badVal = x, badDim = dims[j];
          x = 0;
        }
        off += (x < 0 ? x + size : x) * src->strides[dims[j]];
      }
      p->offI[i] = off;
      for (int d = p->nI - 1; d >= 0; d--) {
        for (int j = 0; j < k; j++) pos[j] += st[j][d];
        if (++coord[d] < p->Isz[d]) break;
        for (int j = 0; j < k; j++) pos[j] -= st[j][d] * p->Isz[d];
        coord[d] = 0;
      }
    }
  }
  if (bad) {
    if (style == 1)
      return THError("%s: index %lld is out of bounds for dimension %d with size %lld (index out of range in self)", op,
                     (long long)badVal, badDim, (long long)src->sizes[badDim]);
    return THError("%s%sindex %lld is out of bounds for dimension %d with size %lld", op, *op ? ": " : "", (long long)badVal, badDim,
                   (long long)src->sizes[badDim]);
  }
  p->offB = offsetsOf(p->nB, p->Bsz, p->Bst, p->numB);
  return p->offB ? TH_OK : TH_ERR;
}

/* Coalesces a block's dims for two operands (byte strides); returns the new count. */
static int coalesce2(int n, int64_t *sz, int64_t *s0, int64_t *s1) {
  int m = 0;
  for (int i = 0; i < n; i++) {
    if (sz[i] == 1) continue;
    if (m > 0 && s0[m - 1] == s0[i] * sz[i] && s1[m - 1] == s1[i] * sz[i]) {
      sz[m - 1] *= sz[i];
      s0[m - 1] = s0[i];
      s1[m - 1] = s1[i];
      continue;
    }
    sz[m] = sz[i], s0[m] = s0[i], s1[m] = s1[i];
    m++;
  }
  return m;
}

typedef struct Block {
  int n;
  int64_t sz[TH_MAX_DIMS], sd[TH_MAX_DIMS], ss[TH_MAX_DIMS]; /* bytes */
  size_t elem;
  THIndexAccFn acc; /* NULL: copy */
  double alpha;
} Block;

static void blockRun(const Block *b, char *dst, const char *src) {
  if (b->n == 0) {
    if (b->acc) b->acc(dst, src, 1, 0, 0, b->alpha);
    else memcpy(dst, src, b->elem);
    return;
  }
  int last = b->n - 1;
  int64_t coord[TH_MAX_DIMS] = {0};
  for (;;) {
    if (b->acc) b->acc(dst, src, b->sz[last], b->sd[last], b->ss[last], b->alpha);
    else THIndex_copyRun(dst, b->sd[last], src, b->ss[last], b->sz[last], b->elem);
    int d = last - 1;
    for (; d >= 0; d--) {
      dst += b->sd[d];
      src += b->ss[d];
      if (++coord[d] < b->sz[d]) break;
      dst -= b->sd[d] * b->sz[d];
      src -= b->ss[d] * b->sz[d];
      coord[d] = 0;
    }
    if (d < 0) return;
  }
}

/* out[i] = s[off[i]]: the innermost gather, kept out of the OpenMP-outlined loops so that the
 * compiler sees restrict pointers and keeps everything in registers. */
#define GATHER_ROW(T)                                                                                       \
  static void gatherRow_##T(T *restrict o, const T *restrict s, const int64_t *restrict off, int64_t n) { \
    for (int64_t i = 0; i < n; i++) o[i] = s[off[i]];                                                       \
  }
GATHER_ROW(uint8_t)
GATHER_ROW(uint16_t)
GATHER_ROW(uint32_t)
GATHER_ROW(uint64_t)

/* Four rows at once: each offset is loaded once for four gathers, which keeps more loads in
 * flight (index_select along a last dim is bound by load latency, not bandwidth). */
#define GATHER_ROW4(T)                                                                                     \
  static void gatherRow4_##T(T *restrict o, int64_t on, const T *s0, const T *s1, const T *s2, const T *s3, \
                             const int64_t *restrict off, int64_t n) {                                     \
    for (int64_t i = 0; i < n; i++) {                                                                      \
      int64_t k = off[i];                                                                                  \
      T v0 = s0[k], v1 = s1[k], v2 = s2[k], v3 = s3[k];                                                    \
      o[i] = v0, o[on + i] = v1, o[2 * on + i] = v2, o[3 * on + i] = v3;                                   \
    }                                                                                                      \
  }
GATHER_ROW4(uint8_t)
GATHER_ROW4(uint16_t)
GATHER_ROW4(uint32_t)
GATHER_ROW4(uint64_t)

/* out rows [b0, b1) (each numI elements) gathered from base + offB[b] + offI[i] */
static void gatherRows(size_t elem, char *out, const char *base, const Plan *p, int64_t b0, int64_t b1) {
  int64_t n = p->numI;
  for (; b0 + 4 <= b1 && n >= 16; b0 += 4) {
    const int64_t *ob = p->offB + b0;
#define ROW4(T) \
  gatherRow4_##T((T *)out + b0 * n, n, (const T *)base + ob[0], (const T *)base + ob[1], (const T *)base + ob[2], (const T *)base + ob[3], p->offI, n)
    switch (elem) {
      case 1: ROW4(uint8_t); break;
      case 2: ROW4(uint16_t); break;
      case 4: ROW4(uint32_t); break;
      default: ROW4(uint64_t); break;
    }
#undef ROW4
  }
  for (int64_t b = b0; b < b1; b++) {
    int64_t ob = b * p->numI, sb = p->offB[b];
    switch (elem) {
      case 1: gatherRow_uint8_t((uint8_t *)out + ob, (const uint8_t *)base + sb, p->offI, p->numI); break;
      case 2: gatherRow_uint16_t((uint16_t *)out + ob, (const uint16_t *)base + sb, p->offI, p->numI); break;
      case 4: gatherRow_uint32_t((uint32_t *)out + ob, (const uint32_t *)base + sb, p->offI, p->numI); break;
      default: gatherRow_uint64_t((uint64_t *)out + ob, (const uint64_t *)base + sb, p->offI, p->numI); break;
    }
  }
}

/* out (contiguous [B, I, A]) = src gathered by the plan. */
static void gatherRun(const Plan *p, char *out, const THTensor *src) {
  size_t elem = THDType_size(src->dtype);
  const char *base = THTensor_bytes(src);
  int64_t numBI = p->numB * p->numI;
  int threads = THIndex_threads(numBI * p->numA);
  if (p->numA == 1) {
    if (p->numB == 1 && threads > 1) { /* one long row: split I over threads */
#pragma omp parallel num_threads(threads)
      {
#ifdef _OPENMP
        int t = omp_get_thread_num(), nt = omp_get_num_threads();
#else
        int t = 0, nt = 1;
#endif
        int64_t per = (p->numI + nt - 1) / nt, i0 = t * per, i1 = i0 + per < p->numI ? i0 + per : p->numI;
        if (i0 < i1) {
          Plan part = *p;
          part.offI = p->offI + i0;
          part.numI = i1 - i0;
          gatherRows(elem, out + i0 * (int64_t)elem, base, &part, 0, 1);
        }
      }
      return;
    }
    if (threads > 1) {
#pragma omp parallel num_threads(threads)
      {
#ifdef _OPENMP
        int t = omp_get_thread_num(), nt = omp_get_num_threads();
#else
        int t = 0, nt = 1;
#endif
        int64_t per = (p->numB + nt - 1) / nt, b0 = t * per, b1 = b0 + per < p->numB ? b0 + per : p->numB;
        if (b0 < b1) gatherRows(elem, out, base, p, b0, b1);
      }
      return;
    }
    gatherRows(elem, out, base, p, 0, p->numB);
    return;
  }
  Block blk = {.n = p->nA, .elem = elem};
  int64_t inner = (int64_t)elem;
  for (int i = p->nA - 1; i >= 0; i--) {
    blk.sz[i] = p->Asz[i];
    blk.ss[i] = p->Ast[i] * (int64_t)elem;
    blk.sd[i] = inner;
    inner *= p->Asz[i];
  }
  blk.n = coalesce2(blk.n, blk.sz, blk.sd, blk.ss);
  int64_t blockBytes = p->numA * (int64_t)elem;
  int contiguous = blk.n == 1 && blk.ss[0] == (int64_t)elem;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int64_t j = 0; j < numBI; j++) {
    int64_t b = j / p->numI, i = j - b * p->numI;
    const char *s = base + (p->offB[b] + p->offI[i]) * (int64_t)elem;
    char *o = out + j * blockBytes;
    if (contiguous) memcpy(o, s, (size_t)blockBytes);
    else blockRun(&blk, o, s);
  }
}

/* dst (by the plan) op= values, where values has the plan's result shape [B, I, A] (strides vst,
 * elements, dtype of dst). Serial when accumulating (duplicate indices). */
static void scatterRun(const Plan *p, THTensor *dst, const THTensor *values, const int64_t *vst, THIndexAccFn acc, double alpha) {
  size_t elem = THDType_size(dst->dtype);
  char *base = THTensor_bytes(dst);
  const char *vbase = THTensor_bytes(values);
  int64_t *vB = offsetsOf(p->nB, p->Bsz, vst, p->numB);
  int64_t *vI = offsetsOf(p->nI, p->Isz, vst + p->nB, p->numI);
  if (!vB || !vI) {
    free(vB);
    free(vI);
    return;
  }
  Block blk = {.n = p->nA, .elem = elem, .acc = acc, .alpha = alpha};
  for (int i = 0; i < p->nA; i++) {
    blk.sz[i] = p->Asz[i];
    blk.sd[i] = p->Ast[i] * (int64_t)elem;
    blk.ss[i] = vst[p->nB + p->nI + i] * (int64_t)elem;
  }
  blk.n = coalesce2(blk.n, blk.sz, blk.sd, blk.ss);
  int64_t numBI = p->numB * p->numI;
  /* accumulation may hit one element from several (b, i): serial over I then */
  int threads = acc ? 1 : THIndex_threads(numBI * p->numA);
  if (acc && p->numB > 1) threads = THIndex_threads(numBI * p->numA); /* different b never collide */
  if (acc && p->numB > 1) {
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
    for (int64_t b = 0; b < p->numB; b++)
      for (int64_t i = 0; i < p->numI; i++)
        blockRun(&blk, base + (p->offB[b] + p->offI[i]) * (int64_t)elem, vbase + (vB[b] + vI[i]) * (int64_t)elem);
  } else {
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
    for (int64_t j = 0; j < numBI; j++) {
      int64_t b = j / p->numI, i = j - b * p->numI;
      blockRun(&blk, base + (p->offB[b] + p->offI[i]) * (int64_t)elem, vbase + (vB[b] + vI[i]) * (int64_t)elem);
    }
  }
  free(vB);
  free(vI);
}

/* ---- x[indices] ---- */

typedef THIndexPrepared Prepared;

/* THIndexOps on libTH's tensors */
static int hostItem(void *ctx, const THTensor *t, double *value) {
  int status = TH_OK;
  *value = THTensor_item(t, &status);
  return status;
}
static THTensor *hostZeros(void *ctx, int64_t n) {
  THTensor *z = THTensor_newWithSize(TH_Int64, 1, &n);
  if (z && n) memset(THTensor_bytes(z), 0, sizeof(int64_t) * (size_t)n);
  return z;
}
static THTensor *hostNonzero(void *ctx, const THTensor *mask) {
  THTensor *nz = THTensor_new(TH_Int64);
  if (nz && THTensor_nonzero(nz, mask)) {
    THTensor_free(nz);
    return NULL;
  }
  return nz;
}
static THTensor *hostInt64(void *ctx, const THTensor *index) {
  return index->dtype == TH_Int64 ? THTensor_newAlias(index) : THTensor_newTo(index, TH_Int64, 1);
}
static const THIndexOps hostOps = {NULL, hostItem, hostZeros, hostNonzero, hostInt64};

static int prepare(Prepared *q, const THTensor *self, int n, const THTensor *const *indices) {
  return THIndex_prepare(q, self, n, indices, &hostOps);
}

/* Fills the plan for prepared indices over q->src. */
static int planIndex(Plan *pl, const Prepared *q, const char *op) {
  if (THIndex_planLayout(pl, q, op)) return TH_ERR;
  /* the whole index table is checked even when the result is empty, as PyTorch does */
  return planOffsets(pl, q->k, q->idx, q->dims, q->src, "", 0);
}

/* r (resized to the plan's shape, contiguous) = gathered source. */
static int gatherInto(const char *op, THTensor *r, const Plan *pl, const THTensor *src) {
  int64_t shape[TH_MAX_DIMS];
  int nd = THIndexPlan_shape(pl, shape);
  if (r->dtype != src->dtype)
    return THError("%s: expected out to have dtype %s, but got %s", op, THDType_name(src->dtype), THDType_name(r->dtype));
  THTensor *target = r;
  if (r->storage == src->storage) target = THTensor_new(src->dtype); /* out= aliases the input */
  if (!target || THTensor_resize(target, nd, shape)) {
    if (target != r) THTensor_free(target);
    return TH_ERR;
  }
  if (pl->numB * pl->numI * pl->numA > 0) gatherRun(pl, THTensor_bytes(target), src);
  int status = TH_OK;
  if (target != r) {
    status = THTensor_resize(r, nd, shape) || THTensor_copy(r, target) ? TH_ERR : TH_OK;
    THTensor_free(target);
  }
  THTensor_bumpVersion(r);
  return status;
}

int THTensor_index(THTensor *r, const THTensor *self, int n, const THTensor *const *indices) {
  Prepared q;
  Plan pl = {0};
  int status = TH_ERR;
  if (prepare(&q, self, n, indices)) goto done;
  if (q.k == 0) { /* no index tensor: a copy of the (view of the) source */
    if (r->dtype != self->dtype)
      status = THError("index: expected out to have dtype %s, but got %s", THDType_name(self->dtype), THDType_name(r->dtype));
    else status = THTensor_resize(r, q.src->ndim, q.src->sizes) || THTensor_copy(r, q.src) ? TH_ERR : TH_OK;
    goto done;
  }
  if (planIndex(&pl, &q, "index")) goto done;
  status = gatherInto("index", r, &pl, q.src);
done:
  planFree(&pl);
  THIndex_preparedFree(&q);
  return status;
}

/* values converted to dst's dtype (wrapped numbers only: tensors must match, as PyTorch) */
static THTensor *valuesFor(const THTensor *dst, const THTensor *values) {
  if (values->dtype != dst->dtype && !values->wrappedNumber)
    return THError("Index put requires the source and destination dtypes match, got %s for the destination and %s for the source.",
                   THDType_name(dst->dtype), THDType_name(values->dtype)),
           NULL;
  return THTensor_newTo(values, dst->dtype, 0);
}

/* broadcast strides of v for a result shape (ndim dims) */
static int valueStrides(const char *what, const THTensor *v, int nd, const int64_t *shape, int64_t *st) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  if (v->ndim > nd) goto bad;
  for (int d = 0; d < nd; d++) {
    int e = d - (nd - v->ndim);
    if (e < 0) st[d] = 0;
    else if (v->sizes[e] == shape[d]) st[d] = shape[d] == 1 ? 0 : v->strides[e];
    else if (v->sizes[e] == 1) st[d] = 0;
    else goto bad;
  }
  return TH_OK;
bad:
  return THError("shape mismatch: %s tensor of shape %s cannot be broadcast to indexing result of shape %s", what,
                 THShapeStr(ba, sizeof ba, v->ndim, v->sizes), THShapeStr(bb, sizeof bb, nd, shape));
}

int THTensor_indexPut(THTensor *self, int n, const THTensor *const *indices, const THTensor *values, int accumulate) {
  Prepared q;
  Plan pl = {0};
  THTensor *v = NULL;
  int status = TH_ERR;
  if (THCheckWriteOverlap("index_put_", self, 0, NULL)) return TH_ERR;
  if (prepare(&q, self, n, indices)) goto done;
  if (!(v = THIndex_private(valuesFor(self, values), self))) goto done;
  if (q.k == 0) { /* self[...] = values */
    if (accumulate) {
      THIndexAccFn acc = THIndex_accFn(self->dtype, TH_SCATTER_SUM);
      int64_t st[TH_MAX_DIMS];
      if (valueStrides("value", v, q.src->ndim, q.src->sizes, st)) goto done;
      Plan p0 = {.nB = 0, .nI = 0, .nA = q.src->ndim, .numB = 1, .numI = 1, .numA = THTensor_numel(q.src)};
      memcpy(p0.Asz, q.src->sizes, sizeof(int64_t) * (size_t)q.src->ndim);
      memcpy(p0.Ast, q.src->strides, sizeof(int64_t) * (size_t)q.src->ndim);
      int64_t zero = q.src->offset - self->offset;
      p0.offB = &zero;
      int64_t z2 = 0;
      p0.offI = &z2;
      if (p0.numA) scatterRun(&p0, self, v, st, acc, 1);
      status = TH_OK;
    } else {
      status = THTensor_copy(q.src, v);
    }
    goto done;
  }
  if (planIndex(&pl, &q, "index_put_")) goto done;
  int64_t shape[TH_MAX_DIMS], st[TH_MAX_DIMS];
  int nd = THIndexPlan_shape(&pl, shape);
  if (valueStrides("value", v, nd, shape, st)) goto done;
  /* offsets are relative to q.src's first element; self and q.src share storage and offset */
  if (pl.numB * pl.numI * pl.numA > 0) {
    THTensor *target = q.src;
    scatterRun(&pl, target, v, st, accumulate ? THIndex_accFn(self->dtype, TH_SCATTER_SUM) : NULL, 1);
  }
  status = TH_OK;
done:
  if (status == TH_OK) THTensor_bumpVersion(self);
  THTensor_free(v);
  planFree(&pl);
  THIndex_preparedFree(&q);
  return status;
}

/* ---- along one dim ---- */

/* plan for self with a 1-d (or 0-d) index at dim d */
static int planDim(Plan *pl, const THTensor *self, int d, THTensor *idx, const char *op, int style) {
  THIndex_planDimLayout(pl, self, d, THTensor_numel(idx));
  THTensor *flat = THTensor_newRawView(idx, 1, pl->Isz, (int64_t[]){1}, idx->offset); /* idx is contiguous */
  if (!flat) return TH_ERR;
  int status;
  if (self->ndim == 0) { /* a 0-d self indexes like a 1-element vector */
    THTensor *one = THTensor_newView(self, 1, (int64_t[]){1});
    status = one ? planOffsets(pl, 1, &flat, (int[]){0}, one, op, style) : TH_ERR;
    THTensor_free(one);
  } else {
    status = planOffsets(pl, 1, &flat, &d, self, op, style);
  }
  THTensor_free(flat);
  return status;
}

static int checkVectorIndex(const char *op, const THTensor *index, const char *msg) {
  if (index->ndim > 1) return THError("%s: %s", op, msg);
  return TH_OK;
}

int THTensor_indexSelect(THTensor *r, const THTensor *self, int64_t dim, const THTensor *index) {
  int d;
  if (THTensor_wrapDim(self, dim, &d)) return TH_ERR;
  if (index->dtype != TH_Int64 && index->dtype != TH_Int32)
    return THError("index_select(): Expected dtype int32 or int64 for index, but got %s", THDType_name(index->dtype));
  if (checkVectorIndex("index_select()", index, "Index is supposed to be a vector")) return TH_ERR;
  THTensor *idx = THIndex_newLong("index_select()", index, 1);
  if (!idx) return TH_ERR;
  Plan pl;
  int status = planDim(&pl, self, d, idx, "index_select()", 1);
  if (status == TH_OK) {
    if (self->ndim == 0) {
      /* PyTorch: a 0-d input gives a 0-d result */
      THTensor *t = THTensor_new(self->dtype);
      status = t ? gatherInto("index_select", t, &pl, self) : TH_ERR;
      THTensor *t0 = status == TH_OK ? THTensor_newView(t, 0, NULL) : NULL;
      if (status == TH_OK) status = !t0 || THTensor_resize(r, 0, NULL) || THTensor_copy(r, t0) ? TH_ERR : TH_OK;
      THTensor_free(t0);
      THTensor_free(t);
    } else {
      status = gatherInto("index_select", r, &pl, self);
    }
  }
  planFree(&pl);
  THTensor_free(idx);
  return status;
}

/* index_add_/index_copy_/index_fill_: r = self, then the update along dim */
static int indexUpdate(const char *op, THTensor *r, const THTensor *self, int64_t dim, const THTensor *index, const THTensor *source,
                       int isFill, THIndexAccFn acc, double alpha, int allowInt, int style) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  int d;
  if (THTensor_wrapDim(self, dim, &d)) return TH_ERR;
  if (index->dtype != TH_Int64 && !(allowInt && index->dtype == TH_Int32)) {
    if (allowInt) return THError("%s: Expected dtype int32/int64 for index but got: %s", op, THDType_name(index->dtype));
    return THError("%s: Expected a long tensor for index, but got %s", op, THDType_name(index->dtype));
  }
  if (index->ndim > 1) return THError("%s: Index is supposed to be a vector (or a scalar), but got %d dimensions", op, index->ndim);
  int64_t nIdx = THTensor_numel(index);
  if (isFill) {
    if (source->ndim != 0)
      return THError("%s only supports a 0-dimensional value tensor, but got tensor with %d dimension(s).", op, source->ndim);
  } else {
    if (source->dtype != self->dtype)
      return THError("%s: self (%s) and source (%s) must have the same scalar type", op, THDType_name(self->dtype),
                     THDType_name(source->dtype));
    int sn = source->ndim ? source->ndim : 1, tn = self->ndim ? self->ndim : 1;
    int64_t srcDim = source->ndim ? source->sizes[d < source->ndim ? d : 0] : 1;
    if (sn != tn)
      return THError("%s: source and self must have the same number of dimensions, but got source of shape %s and self of "
                     "shape %s",
                     op, THShapeStr(ba, sizeof ba, source->ndim, source->sizes), THShapeStr(bb, sizeof bb, self->ndim, self->sizes));
    if (srcDim != nIdx)
      return THError("%s: Number of indices (%lld) should be equal to source.size(dim): (%lld), for dim: %d", op, (long long)nIdx,
                     (long long)srcDim, d);
    for (int i = 0; i < self->ndim; i++)
      if (i != d && source->sizes[i] != self->sizes[i])
        return THError("%s: Source/destination tensor must have same slice shapes. Destination slice shape: %s at dimension %d "
                       "and source slice shape: %s at dimension %d (self %s, source %s).",
                       op, (snprintf(ba, sizeof ba, "%lld", (long long)self->sizes[i]), ba), i,
                       (snprintf(bb, sizeof bb, "%lld", (long long)source->sizes[i]), bb), i,
                       THShapeStr((char[TH_SHAPE_BUF]){0}, TH_SHAPE_BUF, self->ndim, self->sizes),
                       THShapeStr((char[TH_SHAPE_BUF]){0}, TH_SHAPE_BUF, source->ndim, source->sizes));
  }
  if (THIndex_initFrom(op, r, self)) return TH_ERR;
  THTensor *idx = THIndex_newLong(op, index, 1);
  if (!idx) return TH_ERR;
  THTensor *v = NULL;
  Plan pl;
  int status = TH_ERR;
  THTensor *target = r;
  THTensor *one = NULL;
  if (r->ndim == 0) {
    if (!(one = THTensor_newView(r, 1, (int64_t[]){1}))) goto done;
    target = one;
  }
  if (planDim(&pl, target, target->ndim == 1 && r->ndim == 0 ? 0 : d, idx, op, style)) goto done;
  if (!(v = THIndex_private(THTensor_newTo(source, r->dtype, 0), r))) goto done;
  int64_t shape[TH_MAX_DIMS], st[TH_MAX_DIMS];
  int nd = THIndexPlan_shape(&pl, shape);
  if (isFill) {
    for (int i = 0; i < nd; i++) st[i] = 0;
  } else if (v->ndim == 0) {
    for (int i = 0; i < nd; i++) st[i] = 0;
  } else {
    for (int i = 0; i < nd; i++) st[i] = v->strides[i];
  }
  if (pl.numB * pl.numI * pl.numA > 0) scatterRun(&pl, target, v, st, acc, alpha);
  THTensor_bumpVersion(r);
  status = TH_OK;
done:
  planFree(&pl);
  THTensor_free(one);
  THTensor_free(v);
  THTensor_free(idx);
  return status;
}

int THTensor_indexAdd(THTensor *r, const THTensor *self, int64_t dim, const THTensor *index, const THTensor *source, double alpha) {
  if (THDType_isIntegral(self->dtype, 1) && (double)(int64_t)alpha != alpha)
    return THError("index_add_(): for integral input tensors, argument alpha must not be a floating point number (got %g).", alpha);
  return indexUpdate("index_add_()", r, self, dim, index, source, 0, THIndex_accFn(self->dtype, TH_SCATTER_SUM), alpha, 1, 1);
}

int THTensor_indexCopy(THTensor *r, const THTensor *self, int64_t dim, const THTensor *index, const THTensor *source) {
  return indexUpdate("index_copy_()", r, self, dim, index, source, 0, NULL, 1, 0, 2);
}

int THTensor_indexFill(THTensor *r, const THTensor *self, int64_t dim, const THTensor *index, const THTensor *value) {
  return indexUpdate("index_fill_()", r, self, dim, index, value, 1, NULL, 1, 0, 0);
}

/* ---- take / put ---- */

int THTensor_take(THTensor *r, const THTensor *self, const THTensor *index) {
  if (index->dtype != TH_Int64) return THError("take(): Expected a long tensor for index, but got %s", THDType_name(index->dtype));
  if (r->dtype != self->dtype)
    return THError("take(): self and out expected to have the same dtype, but got self.dtype = %s and out.dtype = %s",
                   THDType_name(self->dtype), THDType_name(r->dtype));
  int64_t numel = THTensor_numel(self), n = THTensor_numel(index);
  if (numel == 0 && n > 0) return THError("take(): tried to take from an empty tensor");
  THTensor *src = THTensor_newContiguous(self), *idx = THTensor_newContiguous(index);
  THTensor *target = r->storage == self->storage || r->storage == index->storage ? THTensor_new(self->dtype) : r;
  int status = TH_ERR;
  if (!src || !idx || !target || THTensor_resize(target, index->ndim, index->sizes)) goto done;
  const int64_t *iv = (const int64_t *)THTensor_bytes(idx);
  for (int64_t i = 0; i < n; i++)
    if (iv[i] < -numel || iv[i] >= numel) {
      THError("out of range: tried to access index %lld on a tensor of %lld elements.", (long long)iv[i], (long long)numel);
      goto done;
    }
  size_t elem = THDType_size(self->dtype);
  const char *s = THTensor_bytes(src);
  char *o = THTensor_bytes(target);
  int threads = THIndex_threads(n);
  (void)threads;
#define TAKE(T)                                                                                              \
  {                                                                                                          \
    _Pragma("omp parallel for num_threads(threads) schedule(static) if (threads > 1)") for (int64_t i = 0; i < n; i++) { \
      int64_t x = iv[i] < 0 ? iv[i] + numel : iv[i];                                                         \
      ((T *)o)[i] = ((const T *)s)[x];                                                                       \
    }                                                                                                        \
  }
  switch (elem) {
    case 1: TAKE(uint8_t) break;
    case 2: TAKE(uint16_t) break;
    case 4: TAKE(uint32_t) break;
    default: TAKE(uint64_t) break;
  }
  status = TH_OK;
  if (target != r) status = THTensor_resize(r, index->ndim, index->sizes) || THTensor_copy(r, target) ? TH_ERR : TH_OK;
  THTensor_bumpVersion(r);
done:
  THTensor_free(src);
  THTensor_free(idx);
  if (target != r) THTensor_free(target);
  return status;
}

int THTensor_put(THTensor *r, const THTensor *self, const THTensor *index, const THTensor *source, int accumulate) {
  if (THCheckPut(self, index, source)) return TH_ERR;
  int64_t n = THTensor_numel(index), numel = THTensor_numel(self);
  THTensor *idx = THTensor_newContiguous(index), *src = THTensor_newContiguous(source);
  int status = TH_ERR;
  if (!idx || !src) goto done;
  const int64_t *iv = (const int64_t *)THTensor_bytes(idx);
  for (int64_t i = 0; i < n; i++)
    if (iv[i] < -numel || iv[i] >= numel) {
      THError("out of range: tried to access index %lld on a tensor of %lld elements.", (long long)iv[i], (long long)numel);
      goto done;
    }
  if (THIndex_initFrom("put", r, self)) goto done;
  if (!(idx = THIndex_private(idx, r)) || !(src = THIndex_private(src, r))) goto done;
  iv = (const int64_t *)THTensor_bytes(idx);
  size_t elem = THDType_size(r->dtype);
  int contig = THTensor_isContiguous(r);
  char *base = THTensor_bytes(r);
  const char *sv = THTensor_bytes(src);
  THIndexAccFn acc = accumulate ? THIndex_accFn(r->dtype, TH_SCATTER_SUM) : NULL;
  for (int64_t i = 0; i < n; i++) {
    int64_t x = iv[i] < 0 ? iv[i] + numel : iv[i];
    char *p = base + (contig ? x : THIndex_offsetOf(r, x)) * (int64_t)elem;
    if (acc) acc(p, sv + i * (int64_t)elem, 1, 0, 0, 1);
    else memcpy(p, sv + i * (int64_t)elem, elem);
  }
  THTensor_bumpVersion(r);
  status = TH_OK;
done:
  THTensor_free(idx);
  THTensor_free(src);
  return status;
}

/* ---- masks ---- */

static int64_t nzCountMask(const uint8_t *m, int64_t n) {
  int64_t c = 0;
  for (int64_t i = 0; i < n; i++) c += m[i] != 0;
  return c;
}

static int checkMask(const char *op, const THTensor *mask) {
  if (mask->dtype != TH_Bool && mask->dtype != TH_UInt8)
    return THError("%s only supports boolean masks, but got mask with dtype %s", op, THDType_name(mask->dtype));
  return TH_OK;
}

typedef struct FillCtx {
  size_t elem;
  uint64_t bits;
} FillCtx;

static void maskedFillLoop(char **data, const int64_t *s, int64_t n, int64_t outer, void *vctx) {
  const FillCtx *c = vctx;
  for (int64_t j = 0; j < outer; j++) {
    char *o = data[0] + j * s[2];
    const char *m = data[1] + j * s[3];
    for (int64_t i = 0; i < n; i++)
      if (m[i * s[1]]) memcpy(o + i * s[0], &c->bits, c->elem);
  }
}

int THTensor_maskedFill(THTensor *r, const THTensor *self, const THTensor *mask, const THTensor *value) {
  if (checkMask("masked_fill_", mask)) return TH_ERR;
  if (value->ndim != 0)
    return THError("masked_fill_ only supports a 0-dimensional value tensor, but got tensor with %d dimension(s).", value->ndim);
  int nd;
  int64_t shape[TH_MAX_DIMS];
  if (THBroadcastShapes(self->ndim, self->sizes, mask->ndim, mask->sizes, &nd, shape)) return TH_ERR;
  if (r == self) {
    if (nd != self->ndim || memcmp(shape, self->sizes, sizeof(int64_t) * (size_t)nd))
      return THError("masked_fill_: the mask of shape %s cannot be broadcast to self's shape %s",
                     THShapeStr((char[TH_SHAPE_BUF]){0}, TH_SHAPE_BUF, mask->ndim, mask->sizes),
                     THShapeStr((char[TH_SHAPE_BUF]){0}, TH_SHAPE_BUF, self->ndim, self->sizes));
    if (THCheckWriteOverlap("masked_fill_", r, 0, NULL)) return TH_ERR;
  } else {
    if (r->dtype != self->dtype)
      return THError("masked_fill: expected out to have dtype %s, but got %s", THDType_name(self->dtype), THDType_name(r->dtype));
    THTensor *e = THTensor_newExpand(self, nd, shape);
    int st = !e || THTensor_resize(r, nd, shape) || THTensor_copy(r, e);
    THTensor_free(e);
    if (st) return TH_ERR;
  }
  int status;
  double v = THTensor_item(value, &status);
  if (status) return TH_ERR;
  FillCtx c = {.elem = THDType_size(r->dtype)};
  char tmp[8];
  thStoreAt[r->dtype](tmp, 0, v);
  memcpy(&c.bits, tmp, c.elem);
  if (THTensor_numel(r) == 0) return TH_OK;
  THIter it;
  const THTensor *ops[2] = {r, mask};
  if (THIter_init(&it, 2, ops)) return TH_ERR;
  THIter_forEach(&it, maskedFillLoop, &c, 0);
  THTensor_bumpVersion(r);
  return TH_OK;
}

int THTensor_maskedSelect(THTensor *r, const THTensor *self, const THTensor *mask) {
  if (checkMask("masked_select", mask)) return TH_ERR;
  if (r->dtype != self->dtype)
    return THError("masked_select(): self and result must have the same scalar type (got %s and %s)", THDType_name(self->dtype),
                   THDType_name(r->dtype));
  int nd;
  int64_t shape[TH_MAX_DIMS];
  if (THBroadcastShapes(self->ndim, self->sizes, mask->ndim, mask->sizes, &nd, shape)) return TH_ERR;
  THTensor *s = THTensor_newExpand(self, nd, shape), *m = THTensor_newExpand(mask, nd, shape);
  THTensor *sc = s ? THTensor_newContiguous(s) : NULL, *mc = m ? THTensor_newContiguous(m) : NULL;
  THTensor *target = r->storage == self->storage ? THTensor_new(self->dtype) : r;
  int status = TH_ERR;
  if (!sc || !mc || !target) goto done;
  /* one pass over contiguous data: count, then copy the selected elements in order */
  int64_t n = THTensor_numel(sc);
  const uint8_t *mv = (const uint8_t *)THTensor_bytes(mc);
  int64_t count = nzCountMask(mv, n);
  if (THTensor_resize(target, 1, (int64_t[]){count + 1})) goto done; /* one spare element: branch-free writes */
  target->sizes[0] = count;
  size_t elem = THDType_size(self->dtype);
  const char *sv = THTensor_bytes(sc);
  char *o = THTensor_bytes(target);
#define MSEL(T)                                                                  \
  {                                                                              \
    const T *x = (const T *)sv;                                                  \
    T *y = (T *)o;                                                               \
    int64_t k = 0;                                                               \
    for (int64_t i = 0; i < n && k < count; i++) {                               \
      y[k] = x[i];                                                               \
      k += mv[i] != 0;                                                           \
    }                                                                            \
  }
  switch (elem) {
    case 1: MSEL(uint8_t) break;
    case 2: MSEL(uint16_t) break;
    case 4: MSEL(uint32_t) break;
    default: MSEL(uint64_t) break;
  }
#undef MSEL
  status = TH_OK;
  if (target != r) status = THTensor_resize(r, 1, &count) || THTensor_copy(r, target) ? TH_ERR : TH_OK;
  THTensor_bumpVersion(r);
done:
  if (target != r) THTensor_free(target);
  THTensor_free(s);
  THTensor_free(m);
  THTensor_free(sc);
  THTensor_free(mc);
  return status;
}

int THTensor_maskedScatter(THTensor *r, const THTensor *self, const THTensor *mask, const THTensor *source) {
  if (checkMask("masked_scatter_", mask)) return TH_ERR;
  if (source->dtype != self->dtype)
    return THError("masked_scatter: expected self and source to have same dtypes but got %s and %s", THDType_name(self->dtype),
                   THDType_name(source->dtype));
  THTensor *m = THTensor_newExpand(mask, self->ndim, self->sizes);
  if (!m) return TH_ERR;
  THTensor *mc = THTensor_newContiguous(m), *sc = THTensor_newContiguous(source);
  THTensor_free(m);
  int status = TH_ERR;
  if (!mc || !sc) goto done;
  int64_t n = THTensor_numel(self), count = 0;
  const uint8_t *mv = (const uint8_t *)THTensor_bytes(mc);
  for (int64_t i = 0; i < n; i++) count += mv[i] != 0;
  if (count > THTensor_numel(source)) {
    THError("masked_scatter_: Number of elements of source < number of ones in mask (%lld < %lld)",
            (long long)THTensor_numel(source), (long long)count);
    goto done;
  }
  if (THIndex_initFrom("masked_scatter", r, self)) goto done;
  if (!(mc = THIndex_private(mc, r)) || !(sc = THIndex_private(sc, r))) goto done;
  mv = (const uint8_t *)THTensor_bytes(mc);
  size_t elem = THDType_size(r->dtype);
  int contig = THTensor_isContiguous(r);
  char *base = THTensor_bytes(r);
  const char *sv = THTensor_bytes(sc);
  for (int64_t i = 0, k = 0; i < n; i++)
    if (mv[i]) memcpy(base + (contig ? i : THIndex_offsetOf(r, i)) * (int64_t)elem, sv + (k++) * (int64_t)elem, elem);
  THTensor_bumpVersion(r);
  status = TH_OK;
done:
  THTensor_free(mc);
  THTensor_free(sc);
  return status;
}

/* ---- nonzero ---- */

#define NZ_TEST(D, unused) \
  static int64_t nzCount_##D(const char *p, int64_t n) { \
    int64_t c = 0; \
    const CT_##D *v = (const CT_##D *)p; \
    for (int64_t i = 0; i < n; i++) c += NZ_##D(v[i]); \
    return c; \
  }
#define NZ_Bool(x) ((x) != 0)
#define NZ_UInt8(x) ((x) != 0)
#define NZ_Int8(x) ((x) != 0)
#define NZ_Int16(x) ((x) != 0)
#define NZ_Int32(x) ((x) != 0)
#define NZ_Int64(x) ((x) != 0)
#define NZ_Float16(x) (((x) & 0x7fff) != 0)
#define NZ_BFloat16(x) (((x) & 0x7fff) != 0)
#define NZ_Float32(x) ((x) != 0)
#define NZ_Float64(x) ((x) != 0)
TH_ALL_DTYPES(NZ_TEST, _)
#define NZ_ENTRY(D, unused) [TH_##D] = nzCount_##D,
static int64_t (*const nzCount[TH_NumDTypes])(const char *, int64_t) = {TH_ALL_DTYPES(NZ_ENTRY, _)};

static int isNonzeroAt(THDType dt, const char *p) {
  switch (THDType_size(dt)) {
    case 1: return *(const uint8_t *)p != 0;
    case 2: return (*(const uint16_t *)p & 0x7fff) != 0;
    case 4: return dt == TH_Float32 ? *(const float *)p != 0 : *(const int32_t *)p != 0;
    default: return dt == TH_Float64 ? *(const double *)p != 0 : *(const int64_t *)p != 0;
  }
}

int THTensor_nonzero(THTensor *r, const THTensor *self) {
  if (r->dtype != TH_Int64) return THError("nonzero: Expected object of scalar type Long as out, but got %s", THDType_name(r->dtype));
  THTensor *c = THTensor_newContiguous(self);
  if (!c) return TH_ERR;
  int64_t n = THTensor_numel(c);
  int nd = self->ndim;
  const char *p = THTensor_bytes(c);
  size_t elem = THDType_size(c->dtype);
  int threads = THIndex_threads(n);
  int64_t counts[256] = {0};
  if (threads > 256) threads = 256;
  int64_t per = (n + threads - 1) / (threads > 0 ? threads : 1);
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int t = 0; t < threads; t++) {
    int64_t b = t * per, e = b + per < n ? b + per : n;
    counts[t] = b < e ? nzCount[c->dtype](p + b * (int64_t)elem, e - b) : 0;
  }
  int64_t total = 0, start[256];
  for (int t = 0; t < threads; t++) start[t] = total, total += counts[t];
  THTensor *target = r->storage == self->storage ? THTensor_new(TH_Int64) : r;
  int status = TH_ERR;
  if (!target || THTensor_resize(target, 2, (int64_t[]){total, nd})) goto done;
  int64_t *out = (int64_t *)THTensor_bytes(target);
  const int64_t *sizes = self->sizes;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int t = 0; t < threads; t++) {
    int64_t b = t * per, e = b + per < n ? b + per : n;
    if (b >= e) continue;
    int64_t coord[TH_MAX_DIMS];
    int64_t rem = b;
    for (int d = nd - 1; d >= 0; d--) coord[d] = rem % sizes[d], rem /= sizes[d];
    int64_t *o = out + start[t] * nd;
    for (int64_t i = b; i < e; i++) {
      if (isNonzeroAt(c->dtype, p + i * (int64_t)elem)) {
        for (int d = 0; d < nd; d++) o[d] = coord[d];
        o += nd;
      }
      for (int d = nd - 1; d >= 0; d--) {
        if (++coord[d] < sizes[d]) break;
        coord[d] = 0;
      }
    }
  }
  status = TH_OK;
  if (target != r) status = THTensor_resize(r, 2, target->sizes) || THTensor_copy(r, target) ? TH_ERR : TH_OK;
  THTensor_bumpVersion(r);
done:
  if (target != r) THTensor_free(target);
  THTensor_free(c);
  return status;
}
