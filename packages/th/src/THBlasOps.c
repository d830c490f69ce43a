/* Ops built on the matrix products of THBlas.c, or next to them in PyTorch's API: outer, kron,
 * tensordot, trace, tril/triu, diag, diagEmbed, cross (einsum: THEinsum.c). Products go through the public
 * THTensor_mm/bmm/mv on views (permute + reshape), so they share the GEMM dispatch. */
#include <stdlib.h>
#include <string.h>

#include "THDispatch.h"
#include "TH/THBlas.h"

/* Resizes r to t's shape and copies t into it. */
static int assign(THTensor *r, const THTensor *t) {
  if (THTensor_resizeOutput(r, t->ndim, t->sizes) || THTensor_copy(r, t)) return TH_ERR;
  return TH_OK;
}

#define VIA_TEMP(r, call)                                                                                   \
  do {                                                                                                      \
    THTensor *tmp_ = THTensor_new((r)->dtype);                                                              \
    int st_ = tmp_ ? (call) : TH_ERR;                                                                       \
    if (st_ == TH_OK) st_ = assign((r), tmp_);                                                              \
    THTensor_free(tmp_);                                                                                    \
    return st_;                                                                                             \
  } while (0)

/* ---- outer, kron, tensordot ---- */

int THTensor_outer(THTensor *r, const THTensor *a, const THTensor *b) {
  if (a->ndim != 1) return THError("outer: Expected 1-D argument self, but got %d-D", a->ndim);
  if (b->ndim != 1) return THError("outer: Expected 1-D argument vec2, but got %d-D", b->ndim);
  THTensor *col = THTensor_newUnsqueeze(a, 1);
  int st = col ? THTensor_binary(r, col, b, TH_OP_mul) : TH_ERR;
  THTensor_free(col);
  return st;
}

int THTensor_kron(THTensor *r, const THTensor *a, const THTensor *b) {
  int n = a->ndim > b->ndim ? a->ndim : b->ndim;
  if (2 * n > TH_MAX_DIMS) return THError("kron: at most %d dimensions are supported, got %d", TH_MAX_DIMS / 2, n);
  THDType rt;
  if (THTensor_binaryResultType(TH_OP_mul, a, b, &rt)) return TH_ERR;
  if (!THDType_canCast(rt, r->dtype))
    return THError("kron: result type %s can't be cast to the desired output type %s", THDType_name(rt), THDType_name(r->dtype));
  int64_t ai[TH_MAX_DIMS], bi[TH_MAX_DIMS], fin[TH_MAX_DIMS];
  for (int i = 0; i < n; i++) {
    int64_t sa = i - (n - a->ndim) >= 0 ? a->sizes[i - (n - a->ndim)] : 1;
    int64_t sb = i - (n - b->ndim) >= 0 ? b->sizes[i - (n - b->ndim)] : 1;
    ai[2 * i] = sa, ai[2 * i + 1] = 1;
    bi[2 * i] = 1, bi[2 * i + 1] = sb;
    fin[i] = sa * sb;
  }
  THTensor *av = THTensor_newReshape(a, 2 * n, ai), *bv = THTensor_newReshape(b, 2 * n, bi), *tmp = THTensor_new(rt),
           *res = NULL;
  int st = TH_ERR;
  if (av && bv && tmp && THTensor_binary(tmp, av, bv, TH_OP_mul) == TH_OK && (res = THTensor_newReshape(tmp, n, fin)))
    st = assign(r, res);
  THTensor_free(av);
  THTensor_free(bv);
  THTensor_free(tmp);
  THTensor_free(res);
  return st;
}

int THTensor_tensordot(THTensor *r, const THTensor *a, const THTensor *b, int n, const int64_t *dimsA, const int64_t *dimsB) {
  if (a->dtype != b->dtype)
    return THError("tensordot: expected both inputs to have the same dtype, but got %s and %s", THDType_name(a->dtype),
                   THDType_name(b->dtype));
  if (THCheckOutDtype("tensordot", r, a->dtype)) return TH_ERR;
  if (n > a->ndim || n > b->ndim)
    return THError("tensordot: cannot contract %d dims of tensors with %d and %d dims", n, a->ndim, b->ndim);
  int da[TH_MAX_DIMS], db[TH_MAX_DIMS], usedA[TH_MAX_DIMS] = {0}, usedB[TH_MAX_DIMS] = {0};
  for (int i = 0; i < n; i++) {
    if (THTensor_wrapDim(a, dimsA[i], &da[i]) || THTensor_wrapDim(b, dimsB[i], &db[i])) return TH_ERR;
    if (usedA[da[i]]++) return THError("tensordot: dim %d appears multiple times in the list of dims", da[i]);
    if (usedB[db[i]]++) return THError("tensordot: dim %d appears multiple times in the list of dims", db[i]);
    if (a->sizes[da[i]] != b->sizes[db[i]])
      return THError("contracted dimensions need to match, but first has size %lld in dim %d and second has size %lld in dim %d",
                     (long long)a->sizes[da[i]], da[i], (long long)b->sizes[db[i]], db[i]);
  }
  int64_t permA[TH_MAX_DIMS], permB[TH_MAX_DIMS], out[TH_MAX_DIMS];
  int pa = 0, pb = 0, no = 0;
  int64_t P = 1, K = 1, Q = 1;
  for (int d = 0; d < a->ndim; d++)
    if (!usedA[d]) permA[pa++] = d, P *= a->sizes[d], out[no++] = a->sizes[d];
  for (int i = 0; i < n; i++) permA[pa++] = da[i], permB[pb++] = db[i], K *= a->sizes[da[i]];
  for (int d = 0; d < b->ndim; d++)
    if (!usedB[d]) permB[pb++] = d, Q *= b->sizes[d], out[no++] = b->sizes[d];
  int64_t sa[2] = {P, K}, sb[2] = {K, Q};
  THTensor *ap = THTensor_newPermute(a, a->ndim, permA), *bp = THTensor_newPermute(b, b->ndim, permB);
  THTensor *am = ap ? THTensor_newReshape(ap, 2, sa) : NULL, *bm = bp ? THTensor_newReshape(bp, 2, sb) : NULL;
  THTensor *prod = THTensor_new(a->dtype), *res = NULL;
  int st = TH_ERR;
  if (am && bm && prod && THTensor_mm(prod, am, bm) == TH_OK && (res = THTensor_newView(prod, no, out))) st = assign(r, res);
  THTensor_free(ap);
  THTensor_free(bp);
  THTensor_free(am);
  THTensor_free(bm);
  THTensor_free(prod);
  THTensor_free(res);
  return st;
}

/* ---- trace, tril/triu, diag, diagEmbed ---- */

int THTensor_trace(THTensor *r, const THTensor *a) {
  if (a->ndim != 2) return THError("trace: expected a matrix, but got tensor with dim %d", a->ndim);
  if (a->dtype == TH_Bool) return THError("\"trace\" not implemented for 'bool'");
  THDType rt = THDType_isIntegral(a->dtype, 1) ? TH_Int64 : a->dtype;
  if (THCheckOutDtype("trace", r, rt)) return TH_ERR;
  int64_t n = a->sizes[0] < a->sizes[1] ? a->sizes[0] : a->sizes[1];
  int64_t step = (a->strides[0] + a->strides[1]) * (int64_t)THDType_size(a->dtype);
  const char *p = THTensor_bytes(a);
  double fsum = 0;
  int64_t isum = 0;
  switch (a->dtype) {
#define TRACE_CASE(D, _)                                                            \
  case TH_##D:                                                                      \
    for (int64_t i = 0; i < n; i++) {                                               \
      if (THDType_isFloating(TH_##D)) fsum += (double)TH_LOAD_##D(p + i * step);    \
      else isum += (int64_t)TH_LOAD_##D(p + i * step);                              \
    }                                                                               \
    break;
    TH_ALL_DTYPES(TRACE_CASE)
#undef TRACE_CASE
    default: return THError("trace: invalid dtype");
  }
  if (THTensor_resizeOutput(r, 0, NULL)) return TH_ERR;
  if (rt == TH_Int64) TH_STORE_Int64(THTensor_bytes(r), isum);
  else thStoreAt[rt](THTensor_bytes(r), 0, fsum);
  THTensor_bumpVersion(r);
  return TH_OK;
}

static int triangle(const char *op, THTensor *r, const THTensor *a, int64_t k, int upper) {
  if (a->ndim < 2) return THError("%s: input tensor must have at least 2 dimensions", op);
  if (THCheckOutDtype(op, r, a->dtype)) return TH_ERR;
  if (r != a) {
    if (THTensor_sharesStorage(r, a)) VIA_TEMP(r, triangle(op, tmp_, a, k, upper));
    if (assign(r, a)) return TH_ERR;
  }
  int nd = r->ndim;
  int64_t R = r->sizes[nd - 2], C = r->sizes[nd - 1], rs = r->strides[nd - 2], cs = r->strides[nd - 1];
  int64_t es = (int64_t)THDType_size(r->dtype), nb = 1;
  for (int d = 0; d < nd - 2; d++) nb *= r->sizes[d];
  char *base = THTensor_bytes(r);
  for (int64_t b = 0; b < nb && R > 0 && C > 0; b++) {
    int64_t off = 0, idx = b;
    for (int d = nd - 3; d >= 0; d--) off += (idx % r->sizes[d]) * r->strides[d], idx /= r->sizes[d];
    for (int64_t i = 0; i < R; i++) {
      /* columns to zero: tril keeps j <= i + k, triu keeps j >= i + k */
      int64_t j0 = upper ? 0 : i + k + 1, j1 = upper ? i + k : C;
      if (j0 < 0) j0 = 0;
      if (j1 > C) j1 = C;
      if (j0 >= j1) continue;
      char *row = base + (off + i * rs) * es;
      if (cs == 1) memset(row + j0 * es, 0, (size_t)((j1 - j0) * es));
      else
        for (int64_t j = j0; j < j1; j++) memset(row + j * cs * es, 0, (size_t)es);
    }
  }
  THTensor_bumpVersion(r);
  return TH_OK;
}

int THTensor_tril(THTensor *r, const THTensor *a, int64_t diagonal) { return triangle("tril", r, a, diagonal, 0); }
int THTensor_triu(THTensor *r, const THTensor *a, int64_t diagonal) { return triangle("triu", r, a, diagonal, 1); }

int THTensor_diag(THTensor *r, const THTensor *a, int64_t diagonal) {
  if (a->ndim != 1 && a->ndim != 2) return THError("diag: matrix or a vector expected, but got a %dD tensor", a->ndim);
  if (THCheckOutDtype("diag", r, a->dtype)) return TH_ERR;
  if (THTensor_sharesStorage(r, a)) VIA_TEMP(r, THTensor_diag(tmp_, a, diagonal));
  if (a->ndim == 2) {
    THTensor *d = THTensor_newDiagonal(a, diagonal, 0, 1);
    int st = d ? assign(r, d) : TH_ERR;
    THTensor_free(d);
    return st;
  }
  int64_t m = a->sizes[0] + (diagonal < 0 ? -diagonal : diagonal), sizes[2] = {m, m};
  if (THTensor_resizeOutput(r, 2, sizes) || THTensor_zero(r)) return TH_ERR;
  THTensor *d = THTensor_newDiagonal(r, diagonal, 0, 1);
  int st = d ? THTensor_copy(d, a) : TH_ERR;
  THTensor_free(d);
  return st;
}

int THTensor_diagEmbed(THTensor *r, const THTensor *a, int64_t offset, int64_t dim1, int64_t dim2) {
  if (a->ndim < 1) return THError("diag_embed: expected a tensor with at least 1 dimension, but got a 0D tensor");
  if (a->ndim + 1 > TH_MAX_DIMS) return THError("diag_embed: too many dimensions");
  if (THCheckOutDtype("diag_embed", r, a->dtype)) return TH_ERR;
  int nd = a->ndim + 1;
  int64_t w[2] = {dim1, dim2};
  for (int i = 0; i < 2; i++) {
    int d;
    if (THWrapDim(w[i], nd, &d)) return TH_ERR;
    w[i] = d;
  }
  if (w[0] == w[1]) return THError("diagonal dimensions cannot be identical %lld, %lld", (long long)dim1, (long long)dim2);
  if (THTensor_sharesStorage(r, a)) VIA_TEMP(r, THTensor_diagEmbed(tmp_, a, offset, dim1, dim2));
  int64_t n = a->sizes[a->ndim - 1] + (offset < 0 ? -offset : offset), sizes[TH_MAX_DIMS];
  for (int d = 0, s = 0; d < nd; d++) sizes[d] = d == w[0] || d == w[1] ? n : a->sizes[s++];
  if (THTensor_resizeOutput(r, nd, sizes) || THTensor_zero(r)) return TH_ERR;
  THTensor *d = THTensor_newDiagonal(r, offset, w[0], w[1]);
  int st = d ? THTensor_copy(d, a) : TH_ERR;
  THTensor_free(d);
  return st;
}

/* ---- cross ---- */

int THTensor_cross(THTensor *r, const THTensor *a, const THTensor *b, int hasDim, int64_t dim) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  if (a->dtype != b->dtype)
    return THError("linalg.cross: expected input and other to have the same dtype, but got %s and %s", THDType_name(a->dtype),
                   THDType_name(b->dtype));
  if (a->dtype == TH_Bool) return THError("linalg.cross: not implemented for 'bool'");
  if (THCheckOutDtype("linalg.cross", r, a->dtype)) return TH_ERR;
  if (a->ndim != b->ndim)
    return THError("linalg.cross: inputs must have the same number of dimensions, but got shapes %s and %s",
                   THShapeStr(ba, sizeof ba, a->ndim, a->sizes), THShapeStr(bb, sizeof bb, b->ndim, b->sizes));
  int nd;
  int64_t shape[TH_MAX_DIMS];
  if (THBroadcastShapes(a->ndim, a->sizes, b->ndim, b->sizes, &nd, shape)) return TH_ERR;
  int d = -1;
  if (hasDim) {
    if (nd == 0) return THError("linalg.cross: expected tensors with at least 1 dimension");
    if (THTensor_wrapDim(a, dim, &d)) return TH_ERR;
    if (a->sizes[d] != 3 || b->sizes[d] != 3)
      return THError("linalg.cross: inputs dimension %d must have length 3. Got %lld and %lld", d, (long long)a->sizes[d],
                     (long long)b->sizes[d]);
  } else {
    for (int i = 0; i < nd && d < 0; i++)
      if (a->sizes[i] == 3) d = i;
    if (d < 0) return THError("no dimension of size 3 in input (shapes %s and %s)", THShapeStr(ba, sizeof ba, a->ndim, a->sizes),
                              THShapeStr(bb, sizeof bb, b->ndim, b->sizes));
    if (b->sizes[d] != 3)
      return THError("linalg.cross: inputs dimension %d must have length 3. Got %lld and %lld", d, (long long)a->sizes[d],
                     (long long)b->sizes[d]);
  }
  THTensor *ae = THTensor_newExpand(a, nd, shape), *be = THTensor_newExpand(b, nd, shape);
  THTensor *res = THTensor_newWithSize(a->dtype, nd, shape);
  THTensor *ac[3] = {0}, *bc[3] = {0}, *rc[3] = {0}, *p = THTensor_new(a->dtype), *q = THTensor_new(a->dtype);
  int st = TH_ERR;
  if (!ae || !be || !res || !p || !q) goto done;
  for (int i = 0; i < 3; i++)
    if (!(ac[i] = THTensor_newSelect(ae, d, i)) || !(bc[i] = THTensor_newSelect(be, d, i)) || !(rc[i] = THTensor_newSelect(res, d, i)))
      goto done;
  for (int i = 0; i < 3; i++) {
    int j = (i + 1) % 3, k = (i + 2) % 3; /* r_i = a_j b_k - a_k b_j */
    if (THTensor_binary(p, ac[j], bc[k], TH_OP_mul) || THTensor_binary(q, ac[k], bc[j], TH_OP_mul) ||
        THTensor_sub(rc[i], p, q, 1))
      goto done;
  }
  st = assign(r, res);
done:
  for (int i = 0; i < 3; i++) THTensor_free(ac[i]), THTensor_free(bc[i]), THTensor_free(rc[i]);
  THTensor_free(ae);
  THTensor_free(be);
  THTensor_free(res);
  THTensor_free(p);
  THTensor_free(q);
  return st;
}
