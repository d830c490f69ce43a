/* The BLAS family's argument checks (THCheck.h): metadata only, so that every backend refuses the
 * same calls of mm, addmm, bmm, baddbmm/addbmm, mv, addmv, addr, dot/vdot and matmul with
 * PyTorch's messages. */
#include "THInternal.h"

#include <string.h>

int THCheckOutDtype(const char *op, const THTensor *r, THDType t) {
  if (r->dtype != t)
    return THError("%s: Expected out tensor to have dtype %s, but got %s instead", op, THDType_name(t), THDType_name(r->dtype));
  return TH_OK;
}

static int checkNotBool(const char *op, THDType t) {
  if (t == TH_Bool) return THError("%s: not implemented for 'bool'", op);
  return TH_OK;
}

int THCheckSameDtype(const char *op, const char *na, const THTensor *a, const char *nb, const THTensor *b) {
  if (a->dtype != b->dtype)
    return THError("%s: expected %s and %s to have the same dtype, but got: %s != %s", op, na, nb, THDType_name(a->dtype),
                   THDType_name(b->dtype));
  return checkNotBool(op, a->dtype);
}

static int checkRank(const char *op, const char *name, const THTensor *t, int ndim) {
  if (t->ndim != ndim)
    return THError("%s: %s must be a %dD tensor%s, but got a %dD tensor", op, name, ndim,
                   ndim == 2 ? " (a matrix)" : ndim == 1 ? " (a vector)" : "", t->ndim);
  return TH_OK;
}

static int mmShapes(const THTensor *a, const THTensor *b) {
  int na = a->ndim, nb = b->ndim;
  if (a->sizes[na - 1] != b->sizes[nb - 2])
    return THError("mat1 and mat2 shapes cannot be multiplied (%lldx%lld and %lldx%lld)", (long long)a->sizes[na - 2],
                   (long long)a->sizes[na - 1], (long long)b->sizes[nb - 2], (long long)b->sizes[nb - 1]);
  return TH_OK;
}

int THCheckMm(const char *op, const THTensor *r, const THTensor *self, const THTensor *m1, const THTensor *m2) {
  if (checkRank(op, self ? "mat1" : "self", m1, 2) || checkRank(op, "mat2", m2, 2)) return TH_ERR;
  if (THCheckSameDtype(op, "mat1", m1, "mat2", m2) || (self && THCheckSameDtype(op, "self", self, "mat1", m1))) return TH_ERR;
  return mmShapes(m1, m2) || THCheckOutDtype(op, r, m1->dtype) ? TH_ERR : TH_OK;
}

int THCheckBmm(const char *op, const THTensor *r, const THTensor *self, const THTensor *b1, const THTensor *b2) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  if (checkRank(op, "batch1", b1, 3) || checkRank(op, "batch2", b2, 3)) return TH_ERR;
  if (THCheckSameDtype(op, "batch1", b1, "batch2", b2) || (self && THCheckSameDtype(op, "self", self, "batch1", b1)) ||
      THCheckOutDtype(op, r, b1->dtype))
    return TH_ERR;
  if (b1->sizes[0] != b2->sizes[0] || b1->sizes[2] != b2->sizes[1])
    return THError("%s: batch1 and batch2 shapes cannot be multiplied (%s and %s)", op, THShapeStr(ba, sizeof ba, 3, b1->sizes),
                   THShapeStr(bb, sizeof bb, 3, b2->sizes));
  return TH_OK;
}

int THCheckMv(const char *op, const THTensor *r, const THTensor *self, const THTensor *mat, const THTensor *vec) {
  const char *matName = self ? "mat" : "self";
  if (checkRank(op, matName, mat, 2) || checkRank(op, "vec", vec, 1)) return TH_ERR;
  if (THCheckSameDtype(op, matName, mat, "vec", vec) || (self && THCheckSameDtype(op, "self", self, "mat", mat)) ||
      THCheckOutDtype(op, r, mat->dtype))
    return TH_ERR;
  if (mat->sizes[1] != vec->sizes[0])
    return THError("size mismatch, got input (%lld), mat (%lldx%lld), vec (%lld)", (long long)mat->sizes[0],
                   (long long)mat->sizes[0], (long long)mat->sizes[1], (long long)vec->sizes[0]);
  return TH_OK;
}

int THCheckAddr(const THTensor *r, const THTensor *self, const THTensor *v1, const THTensor *v2, THDType *promote) {
  *promote = TH_DTYPE_NONE;
  if (checkRank("addr", "vec1", v1, 1) || checkRank("addr", "vec2", v2, 1)) return TH_ERR;
  if (self->dtype != v1->dtype || v1->dtype != v2->dtype) { /* addr promotes its operands, as PyTorch's does */
    const THTensor *ts[3] = {self, v1, v2};
    THDType rt = THTensor_resultType(3, ts);
    if (checkNotBool("addr", rt)) return TH_ERR;
    if (!THDType_canCast(rt, r->dtype))
      return THError("addr: result type %s can't be cast to the desired output type %s", THDType_name(rt), THDType_name(r->dtype));
    *promote = rt;
    return TH_OK;
  }
  return THCheckSameDtype("addr", "vec1", v1, "vec2", v2) || THCheckOutDtype("addr", r, v1->dtype) ? TH_ERR : TH_OK;
}

int THCheckDot(const char *op, const THTensor *r, const THTensor *a, const THTensor *b) {
  if (a->ndim != 1 || b->ndim != 1) return THError("1D tensors expected, but got %dD and %dD tensors", a->ndim, b->ndim);
  if (a->dtype != b->dtype)
    return THError("%s : expected both vectors to have same dtype, but found %s and %s", op, THDType_name(a->dtype),
                   THDType_name(b->dtype));
  if (checkNotBool(op, a->dtype) || THCheckOutDtype(op, r, a->dtype)) return TH_ERR;
  if (a->sizes[0] != b->sizes[0])
    return THError("inconsistent tensor size, expected tensor [%lld] and src [%lld] to have the same number of elements, "
                   "but got %lld and %lld elements respectively",
                   (long long)a->sizes[0], (long long)b->sizes[0], (long long)a->sizes[0], (long long)b->sizes[0]);
  return TH_OK;
}

int THCheckMatmul(const THTensor *r, const THTensor *a, const THTensor *b) {
  int na = a->ndim, nb = b->ndim;
  if (na == 0 || nb == 0) return THError("both arguments to matmul need to be at least 1D, but they are %dD and %dD", na, nb);
  if (na == 1 && nb == 1) return THCheckDot("matmul", r, a, b);
  if (na == 2 && nb == 2)
    return THCheckSameDtype("matmul", "mat1", a, "mat2", b) || mmShapes(a, b) || THCheckOutDtype("matmul", r, a->dtype) ? TH_ERR : TH_OK;
  return THCheckSameDtype("matmul", "self", a, "other", b) || THCheckOutDtype("matmul", r, a->dtype) ? TH_ERR : TH_OK;
}

int THCheckAddShape(const char *op, const THTensor *r, const THTensor *self, int ndim, const int64_t *sizes) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  if (r == self) {
    if (r->ndim != ndim || memcmp(r->sizes, sizes, sizeof(int64_t) * (size_t)ndim) != 0)
      return THError("%s: Bad in-place call: input tensor size %s and output tensor size %s should match", op,
                     THShapeStr(ba, sizeof ba, r->ndim, r->sizes), THShapeStr(bb, sizeof bb, ndim, sizes));
    return TH_OK;
  }
  int n2;
  int64_t s2[TH_MAX_DIMS];
  if (THBroadcastShapes(self->ndim, self->sizes, ndim, sizes, &n2, s2) || n2 != ndim ||
      memcmp(s2, sizes, sizeof(int64_t) * (size_t)ndim) != 0)
    return THError("%s: the expanded size of self %s must match the product's shape %s", op,
                   THShapeStr(ba, sizeof ba, self->ndim, self->sizes), THShapeStr(bb, sizeof bb, ndim, sizes));
  return TH_OK;
}
