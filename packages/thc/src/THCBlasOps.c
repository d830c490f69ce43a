/* The ops of libTH's THBlasOps.c on CUDA tensors: outer, kron, tensordot, einsum, trace,
 * tril/triu, diag, diagEmbed, cross. Products go through THCTensor_mm/bmm/mv on views (permute +
 * reshape), as in libTH; the elementwise parts (outer's and kron's multiply, cross, tril/triu,
 * trace) are small kernels of THCBlasKernels.cu. Ported from THBlasOps.c, with its messages;
 * einsum is libTH's own code (THEinsum.h) run on this file's products. */
#include "THC/THCBlas.h"
#include "TH/THEinsum.h"

#include <stdlib.h>
#include <string.h>

#include "THCBlasInternal.h"
#include "THCInternal.h"

#define ND(t) THTensor_ndim(t)
#define SZ(t) THTensor_sizes(t)
#define ST(t) THTensor_strides(t)
#define DT(t) THTensor_dtype(t)

/* libTH's THWrapDim (internal to libTH). */
static int wrapDim(int64_t dim, int64_t n, int *out) {
  if (dim < -n || dim >= n)
    return THError("Dimension out of range (expected to be in range of [%lld, %lld], but got %lld)", (long long)-n,
                   (long long)(n - 1), (long long)dim);
  *out = (int)(dim < 0 ? dim + n : dim);
  return TH_OK;
}

/* An operand as a tensor on c's device: a 0-d host tensor (a scalar) becomes a device copy. */
static THTensor *onDevice(THCBlasCtx *c, const THTensor *t) {
  if (THCTensor_device(t) == c->device) {
    THTensor_retain((THTensor *)t);
    return (THTensor *)t;
  }
  return THCBlas_newContiguous(c, t, DT(t), 1);
}

/* ---- outer, kron, tensordot ---- */

/* r = x * y with broadcasting and mul's type promotion (libTH's THTensor_binary(r, x, y, mul)). */
static int mulInto(THCBlasCtx *c, THTensor *r, const THTensor *x, const THTensor *y) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  THDType rt;
  if (THTensor_binaryResultType(TH_OP_mul, x, y, &rt)) return TH_ERR;
  if (!THDType_canCast(rt, DT(r)))
    return THError("mul: result type %s can't be cast to the desired output type %s", THDType_name(rt), THDType_name(DT(r)));
  int nd;
  int64_t shape[TH_MAX_DIMS];
  if (THBroadcastShapes(ND(x), SZ(x), ND(y), SZ(y), &nd, shape)) return TH_ERR;
  int sameShape = THTensor_hasShape(r, nd, shape);
  if (!sameShape && (THTensor_sharesStorage(r, x) || THTensor_sharesStorage(r, y)))
    return THError("mul: output with shape %s doesn't match the broadcast shape %s", THShapeStr(ba, sizeof ba, ND(r), SZ(r)),
                   THShapeStr(bb, sizeof bb, nd, shape));
  if (sameShape && THCheckWriteOverlap("mul", r, 0, NULL)) return TH_ERR;
  if (THTensor_sharesStorage(r, x) || THTensor_sharesStorage(r, y)) { /* an elementwise op may read what it writes only in place: use a copy */
    THTensor *tmp = THCBlas_newTensor(c, DT(r), nd, shape);
    int st = tmp ? mulInto(c, tmp, x, y) : TH_ERR;
    if (st == TH_OK) st = THCBlas_copy(c, r, tmp);
    THTensor_free(tmp);
    return st;
  }
  if (!sameShape) {
    int perm[TH_MAX_DIMS];
    const THTensor *in[2] = {x, y};
    THIter_outputLayout(2, in, nd, shape, perm);
    if (THTensor_resizeWithLayout(r, nd, shape, perm)) return TH_ERR;
  }
  int64_t n = THTensor_numel(r);
  THTensor *xd = onDevice(c, x), *yd = onDevice(c, y);
  THTensor *xe = xd ? THTensor_newExpand(xd, nd, shape) : NULL, *ye = yd ? THTensor_newExpand(yd, nd, shape) : NULL;
  int st = TH_ERR;
  if (xe && ye) {
    THCStrided info[3];
    const int64_t *strides[3] = {ST(r), ST(xe), ST(ye)};
    THCBlas_coalesce(3, nd, shape, strides, info);
    cudaError_t err = THCBlasK_mul(THTensor_data(r), DT(r), &info[0], THTensor_data(xe), DT(xe), &info[1], THTensor_data(ye),
                                   DT(ye), &info[2], rt, n, c->cs);
    st = err == cudaSuccess ? TH_OK : THCError(err, "mul kernel");
    if (st == TH_OK) THTensor_bumpVersion(r);
  }
  THTensor_free(xd);
  THTensor_free(yd);
  THTensor_free(xe);
  THTensor_free(ye);
  return st;
}

int THCTensor_outer(THCState *state, THTensor *r, const THTensor *a, const THTensor *b) {
  if (ND(a) != 1) return THError("outer: Expected 1-D argument self, but got %d-D", ND(a));
  if (ND(b) != 1) return THError("outer: Expected 1-D argument vec2, but got %d-D", ND(b));
  THCBlasCtx c;
  const THTensor *ts[2] = {a, b};
  if (THCBlas_enter(&c, state, "outer", r, 2, ts)) return TH_ERR;
  THTensor *col = THTensor_newUnsqueeze(a, 1);
  int st = col ? mulInto(&c, r, col, b) : TH_ERR;
  THTensor_free(col);
  return THCBlas_leave(&c, st);
}

int THCTensor_kron(THCState *state, THTensor *r, const THTensor *a, const THTensor *b) {
  int n = ND(a) > ND(b) ? ND(a) : ND(b);
  if (2 * n > TH_MAX_DIMS) return THError("kron: at most %d dimensions are supported, got %d", TH_MAX_DIMS / 2, n);
  THDType rt;
  if (THTensor_binaryResultType(TH_OP_mul, a, b, &rt)) return TH_ERR;
  if (!THDType_canCast(rt, DT(r)))
    return THError("kron: result type %s can't be cast to the desired output type %s", THDType_name(rt), THDType_name(DT(r)));
  THCBlasCtx c;
  const THTensor *ts[2] = {a, b};
  if (THCBlas_enter(&c, state, "kron", r, 2, ts)) return TH_ERR;
  int64_t ai[TH_MAX_DIMS], bi[TH_MAX_DIMS], fin[TH_MAX_DIMS];
  for (int i = 0; i < n; i++) {
    int64_t sa = i - (n - ND(a)) >= 0 ? SZ(a)[i - (n - ND(a))] : 1;
    int64_t sb = i - (n - ND(b)) >= 0 ? SZ(b)[i - (n - ND(b))] : 1;
    ai[2 * i] = sa, ai[2 * i + 1] = 1;
    bi[2 * i] = 1, bi[2 * i + 1] = sb;
    fin[i] = sa * sb;
  }
  THTensor *ad = onDevice(&c, a), *bd = onDevice(&c, b);
  THTensor *av = ad ? THCBlas_newReshape(&c, ad, 2 * n, ai) : NULL, *bv = bd ? THCBlas_newReshape(&c, bd, 2 * n, bi) : NULL;
  THTensor *tmp = THCTensor_new(state, rt, c.device), *res = NULL;
  int st = TH_ERR;
  if (av && bv && tmp && mulInto(&c, tmp, av, bv) == TH_OK && (res = THCBlas_newReshape(&c, tmp, n, fin)))
    st = THCBlas_assign(&c, r, res);
  THTensor_free(ad);
  THTensor_free(bd);
  THTensor_free(av);
  THTensor_free(bv);
  THTensor_free(tmp);
  THTensor_free(res);
  return THCBlas_leave(&c, st);
}

int THCTensor_tensordot(THCState *state, THTensor *r, const THTensor *a, const THTensor *b, int n, const int64_t *dimsA,
                        const int64_t *dimsB) {
  if (DT(a) != DT(b))
    return THError("tensordot: expected both inputs to have the same dtype, but got %s and %s", THDType_name(DT(a)),
                   THDType_name(DT(b)));
  if (THCheckOutDtype("tensordot", r, DT(a))) return TH_ERR;
  if (n > ND(a) || n > ND(b)) return THError("tensordot: cannot contract %d dims of tensors with %d and %d dims", n, ND(a), ND(b));
  int da[TH_MAX_DIMS], db[TH_MAX_DIMS], usedA[TH_MAX_DIMS] = {0}, usedB[TH_MAX_DIMS] = {0};
  for (int i = 0; i < n; i++) {
    if (THTensor_wrapDim(a, dimsA[i], &da[i]) || THTensor_wrapDim(b, dimsB[i], &db[i])) return TH_ERR;
    if (usedA[da[i]]++) return THError("tensordot: dim %d appears multiple times in the list of dims", da[i]);
    if (usedB[db[i]]++) return THError("tensordot: dim %d appears multiple times in the list of dims", db[i]);
    if (SZ(a)[da[i]] != SZ(b)[db[i]])
      return THError("contracted dimensions need to match, but first has size %lld in dim %d and second has size %lld in dim %d",
                     (long long)SZ(a)[da[i]], da[i], (long long)SZ(b)[db[i]], db[i]);
  }
  THCBlasCtx c;
  const THTensor *ts[2] = {a, b};
  if (THCBlas_enter(&c, state, "tensordot", r, 2, ts)) return TH_ERR;
  int64_t permA[TH_MAX_DIMS], permB[TH_MAX_DIMS], out[TH_MAX_DIMS];
  int pa = 0, pb = 0, no = 0;
  int64_t P = 1, K = 1, Q = 1;
  for (int d = 0; d < ND(a); d++)
    if (!usedA[d]) permA[pa++] = d, P *= SZ(a)[d], out[no++] = SZ(a)[d];
  for (int i = 0; i < n; i++) permA[pa++] = da[i], permB[pb++] = db[i], K *= SZ(a)[da[i]];
  for (int d = 0; d < ND(b); d++)
    if (!usedB[d]) permB[pb++] = d, Q *= SZ(b)[d], out[no++] = SZ(b)[d];
  int64_t sa[2] = {P, K}, sb[2] = {K, Q};
  THTensor *ad = onDevice(&c, a), *bd = onDevice(&c, b);
  THTensor *ap = ad ? THTensor_newPermute(ad, ND(ad), permA) : NULL, *bp = bd ? THTensor_newPermute(bd, ND(bd), permB) : NULL;
  THTensor *am = ap ? THCBlas_newReshape(&c, ap, 2, sa) : NULL, *bm = bp ? THCBlas_newReshape(&c, bp, 2, sb) : NULL;
  THTensor *prod = THCTensor_new(state, DT(a), c.device), *res = NULL;
  int st = TH_ERR;
  if (am && bm && prod && THCTensor_mm(state, prod, am, bm) == TH_OK && (res = THTensor_newView(prod, no, out)))
    st = THCBlas_assign(&c, r, res);
  THTensor_free(ad);
  THTensor_free(bd);
  THTensor_free(ap);
  THTensor_free(bp);
  THTensor_free(am);
  THTensor_free(bm);
  THTensor_free(prod);
  THTensor_free(res);
  return THCBlas_leave(&c, st);
}

/* ---- einsum: libTH's (THEinsum.h) on this context's products ---- */

static THTensor *einNewTensor(void *ctx, THDType dtype) {
  THCBlasCtx *c = ctx;
  return THCTensor_new(c->state, dtype, c->device);
}
static THTensor *einNewOnes(void *ctx, THDType dtype, int64_t n) {
  THTensor *one = THCBlas_newTensor(ctx, dtype, 0, NULL), *ones = NULL;
  if (one && THCBlas_fill(ctx, one, 1) == TH_OK) ones = THTensor_newExpand(one, 1, &n);
  THTensor_free(one);
  return ones;
}
static THTensor *einNewReshape(void *ctx, const THTensor *t, int ndim, const int64_t *sizes) {
  return THCBlas_newReshape(ctx, t, ndim, sizes);
}
static THTensor *einNewClone(void *ctx, const THTensor *t) { return THCBlas_newContiguous(ctx, t, DT(t), 1); }
static int einMv(void *ctx, THTensor *r, const THTensor *m, const THTensor *v) {
  return THCTensor_mv(((THCBlasCtx *)ctx)->state, r, m, v);
}
static int einBmm(void *ctx, THTensor *r, const THTensor *a, const THTensor *b) {
  return THCTensor_bmm(((THCBlasCtx *)ctx)->state, r, a, b);
}
static int einAssign(void *ctx, THTensor *r, const THTensor *t) { return THCBlas_assign(ctx, r, t); }

int THCTensor_einsum(THCState *state, THTensor *r, const char *equation, int nops, const THTensor *const *operands) {
  THEinsumPlan p;
  if (THEinsum_plan(&p, r, equation, nops, operands)) return TH_ERR;
  THCBlasCtx c;
  if (THCBlas_enter(&c, state, "einsum", r, nops, operands)) return TH_ERR;
  const THEinsumOps ops = {&c, einNewTensor, einNewOnes, einNewReshape, einNewClone, einMv, einBmm, einAssign};
  return THCBlas_leave(&c, THEinsum_run(&p, &ops, r, operands));
}

/* ---- trace, tril/triu, diag, diagEmbed ---- */

int THCTensor_trace(THCState *state, THTensor *r, const THTensor *a) {
  if (ND(a) != 2) return THError("trace: expected a matrix, but got tensor with dim %d", ND(a));
  if (DT(a) == TH_Bool) return THError("\"trace\" not implemented for 'bool'");
  THDType rt = THDType_isIntegral(DT(a), 1) ? TH_Int64 : DT(a);
  if (THCheckOutDtype("trace", r, rt)) return TH_ERR;
  THCBlasCtx c;
  const THTensor *ts[1] = {a};
  if (THCBlas_enter(&c, state, "trace", r, 1, ts)) return TH_ERR;
  if (THTensor_resizeOutput(r, 0, NULL)) return THCBlas_leave(&c, TH_ERR);
  int64_t n = SZ(a)[0] < SZ(a)[1] ? SZ(a)[0] : SZ(a)[1];
  cudaError_t err = THCBlasK_trace(THTensor_data(r), rt, THTensor_data(a), DT(a), n, ST(a)[0] + ST(a)[1], c.cs);
  if (err != cudaSuccess) return THCBlas_leave(&c, THCError(err, "trace kernel"));
  THTensor_bumpVersion(r);
  return THCBlas_leave(&c, TH_OK);
}

static int triangle(THCState *state, const char *op, THTensor *r, const THTensor *a, int64_t k, int upper) {
  if (ND(a) < 2) return THError("%s: input tensor must have at least 2 dimensions", op);
  if (THCheckOutDtype(op, r, DT(a))) return TH_ERR;
  THCBlasCtx c;
  const THTensor *ts[1] = {a};
  if (THCBlas_enter(&c, state, op, r, 1, ts)) return TH_ERR;
  if (r != a) {
    if (THTensor_sharesStorage(r, a)) THCBLAS_VIA_TEMP(&c, r, triangle(state, op, tmp_, a, k, upper));
    if (THCBlas_assign(&c, r, a)) return THCBlas_leave(&c, TH_ERR);
  }
  THCStrided info;
  info.ndim = ND(r);
  memcpy(info.sizes, SZ(r), sizeof(int64_t) * (size_t)ND(r));
  memcpy(info.strides, ST(r), sizeof(int64_t) * (size_t)ND(r));
  cudaError_t err = THCBlasK_triangle(THTensor_data(r), DT(r), &info, THTensor_numel(r), k, upper, c.cs);
  if (err != cudaSuccess) return THCBlas_leave(&c, THCError(err, "triangle kernel"));
  THTensor_bumpVersion(r);
  return THCBlas_leave(&c, TH_OK);
}

int THCTensor_tril(THCState *state, THTensor *r, const THTensor *a, int64_t diagonal) {
  return triangle(state, "tril", r, a, diagonal, 0);
}
int THCTensor_triu(THCState *state, THTensor *r, const THTensor *a, int64_t diagonal) {
  return triangle(state, "triu", r, a, diagonal, 1);
}

int THCTensor_diag(THCState *state, THTensor *r, const THTensor *a, int64_t diagonal) {
  if (ND(a) != 1 && ND(a) != 2) return THError("diag: matrix or a vector expected, but got a %dD tensor", ND(a));
  if (THCheckOutDtype("diag", r, DT(a))) return TH_ERR;
  THCBlasCtx c;
  const THTensor *ts[1] = {a};
  if (THCBlas_enter(&c, state, "diag", r, 1, ts)) return TH_ERR;
  if (THTensor_sharesStorage(r, a)) THCBLAS_VIA_TEMP(&c, r, THCTensor_diag(state, tmp_, a, diagonal));
  if (ND(a) == 2) {
    THTensor *d = THTensor_newDiagonal(a, diagonal, 0, 1);
    int st = d ? THCBlas_assign(&c, r, d) : TH_ERR;
    THTensor_free(d);
    return THCBlas_leave(&c, st);
  }
  int64_t m = SZ(a)[0] + (diagonal < 0 ? -diagonal : diagonal), sizes[2] = {m, m};
  if (THTensor_resizeOutput(r, 2, sizes) || THCBlas_fill(&c, r, 0)) return THCBlas_leave(&c, TH_ERR);
  THTensor *d = THTensor_newDiagonal(r, diagonal, 0, 1);
  int st = d ? THCBlas_copy(&c, d, a) : TH_ERR;
  THTensor_free(d);
  return THCBlas_leave(&c, st);
}

int THCTensor_diagEmbed(THCState *state, THTensor *r, const THTensor *a, int64_t offset, int64_t dim1, int64_t dim2) {
  if (ND(a) < 1) return THError("diag_embed: expected a tensor with at least 1 dimension, but got a 0D tensor");
  if (ND(a) + 1 > TH_MAX_DIMS) return THError("diag_embed: too many dimensions");
  if (THCheckOutDtype("diag_embed", r, DT(a))) return TH_ERR;
  int nd = ND(a) + 1;
  int64_t w[2] = {dim1, dim2};
  for (int i = 0; i < 2; i++) {
    int d = 0;
    if (wrapDim(w[i], nd, &d)) return TH_ERR;
    w[i] = d;
  }
  if (w[0] == w[1]) return THError("diagonal dimensions cannot be identical %lld, %lld", (long long)dim1, (long long)dim2);
  THCBlasCtx c;
  const THTensor *ts[1] = {a};
  if (THCBlas_enter(&c, state, "diag_embed", r, 1, ts)) return TH_ERR;
  if (THTensor_sharesStorage(r, a)) THCBLAS_VIA_TEMP(&c, r, THCTensor_diagEmbed(state, tmp_, a, offset, dim1, dim2));
  int64_t n = SZ(a)[ND(a) - 1] + (offset < 0 ? -offset : offset), sizes[TH_MAX_DIMS];
  for (int d = 0, s = 0; d < nd; d++) sizes[d] = d == w[0] || d == w[1] ? n : SZ(a)[s++];
  if (THTensor_resizeOutput(r, nd, sizes) || THCBlas_fill(&c, r, 0)) return THCBlas_leave(&c, TH_ERR);
  THTensor *d = THTensor_newDiagonal(r, offset, w[0], w[1]);
  int st = d ? THCBlas_copy(&c, d, a) : TH_ERR;
  THTensor_free(d);
  return THCBlas_leave(&c, st);
}

/* ---- cross ---- */

int THCTensor_cross(THCState *state, THTensor *r, const THTensor *a, const THTensor *b, int hasDim, int64_t dim) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  if (DT(a) != DT(b))
    return THError("linalg.cross: expected input and other to have the same dtype, but got %s and %s", THDType_name(DT(a)),
                   THDType_name(DT(b)));
  if (DT(a) == TH_Bool) return THError("linalg.cross: not implemented for 'bool'");
  if (THCheckOutDtype("linalg.cross", r, DT(a))) return TH_ERR;
  if (ND(a) != ND(b))
    return THError("linalg.cross: inputs must have the same number of dimensions, but got shapes %s and %s",
                   THShapeStr(ba, sizeof ba, ND(a), SZ(a)), THShapeStr(bb, sizeof bb, ND(b), SZ(b)));
  int nd;
  int64_t shape[TH_MAX_DIMS];
  if (THBroadcastShapes(ND(a), SZ(a), ND(b), SZ(b), &nd, shape)) return TH_ERR;
  int d = -1;
  if (hasDim) {
    if (nd == 0) return THError("linalg.cross: expected tensors with at least 1 dimension");
    if (THTensor_wrapDim(a, dim, &d)) return TH_ERR;
    if (SZ(a)[d] != 3 || SZ(b)[d] != 3)
      return THError("linalg.cross: inputs dimension %d must have length 3. Got %lld and %lld", d, (long long)SZ(a)[d],
                     (long long)SZ(b)[d]);
  } else {
    for (int i = 0; i < nd && d < 0; i++)
      if (SZ(a)[i] == 3) d = i;
    if (d < 0)
      return THError("no dimension of size 3 in input (shapes %s and %s)", THShapeStr(ba, sizeof ba, ND(a), SZ(a)),
                     THShapeStr(bb, sizeof bb, ND(b), SZ(b)));
    if (SZ(b)[d] != 3)
      return THError("linalg.cross: inputs dimension %d must have length 3. Got %lld and %lld", d, (long long)SZ(a)[d],
                     (long long)SZ(b)[d]);
  }
  THCBlasCtx c;
  const THTensor *ts[2] = {a, b};
  if (THCBlas_enter(&c, state, "linalg.cross", r, 2, ts)) return TH_ERR;
  THTensor *ae = THTensor_newExpand(a, nd, shape), *be = THTensor_newExpand(b, nd, shape);
  THTensor *res = THCBlas_newTensor(&c, DT(a), nd, shape);
  int st = TH_ERR;
  if (ae && be && res) {
    /* one thread per 3-vector: the shape without dim d, components along d */
    int64_t sizes[TH_MAX_DIMS], sr[TH_MAX_DIMS], sa[TH_MAX_DIMS], sb[TH_MAX_DIMS], n = 1;
    int m = 0;
    for (int i = 0; i < nd; i++)
      if (i != d) sizes[m] = shape[i], sr[m] = ST(res)[i], sa[m] = ST(ae)[i], sb[m++] = ST(be)[i], n *= shape[i];
    const int64_t *strides[3] = {sr, sa, sb};
    THCStrided info[3];
    THCBlas_coalesce(3, m, sizes, strides, info);
    cudaError_t err = THCBlasK_cross(THTensor_data(res), &info[0], ST(res)[d], THTensor_data(ae), &info[1], ST(ae)[d],
                                     THTensor_data(be), &info[2], ST(be)[d], DT(a), n, c.cs);
    st = err == cudaSuccess ? THCBlas_assign(&c, r, res) : THCError(err, "cross kernel");
  }
  THTensor_free(ae);
  THTensor_free(be);
  THTensor_free(res);
  return THCBlas_leave(&c, st);
}
