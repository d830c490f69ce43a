/* Elementwise drivers: result dtype, broadcasting, conversion and output handling, in one place
 * for every op; the loops themselves are in TH*Kernels.c. */
#include "THKernels.h"

#include <float.h>
#include <string.h>

#define OP_NAME(name, kind) #name,
static const char *const unaryNames[] = {TH_UNARY_OPS(OP_NAME)};
static const char *const binaryNames[] = {TH_BINARY_OPS(OP_NAME)};
#undef OP_NAME
#define OP_KIND(name, kind) #kind[0],
static const char unaryKinds[] = {TH_UNARY_OPS(OP_KIND)};
static const char binaryKinds[] = {TH_BINARY_OPS(OP_KIND)};
#undef OP_KIND

const char *THUnaryOp_name(THUnaryOp op) { return (unsigned)op < TH_NumUnaryOps ? unaryNames[op] : "invalid"; }
const char *THBinaryOp_name(THBinaryOp op) { return (unsigned)op < TH_NumBinaryOps ? binaryNames[op] : "invalid"; }

THKernelTable thKernels, thKernelsAVX2;
THVecUnaryF32 thVecF32[TH_NumUnaryOps];
THVecUnaryF64 thVecF64[TH_NumUnaryOps];

/* Picks the fastest loops this CPU runs. */
__attribute__((constructor(TH_INSTALL_PRIORITY))) static void installKernels(void) {
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) return;
#ifdef TH_HAVE_AVX2_KERNELS
  THLoop *dst = (THLoop *)&thKernels;
  const THLoop *src = (const THLoop *)&thKernelsAVX2;
  for (size_t i = 0; i < sizeof thKernels / sizeof(THLoop); i++)
    if (src[i]) dst[i] = src[i];
#endif
#ifdef TH_HAVE_SLEEF
  THVecMath_install(thVecF32, thVecF64);
#endif
}

/* ---- result types ---- */

enum { UNDEF = -1 };
static int promoteSkip(int a, int b) { return a == UNDEF ? b : b == UNDEF ? a : (int)THDType_promote((THDType)a, (THDType)b); }

/* PyTorch's combine_categories: a lower-priority category only matters when it is "more" float. */
static int combine(int higher, int lower) {
  if (higher == UNDEF) return lower;
  if (THDType_isFloating((THDType)higher)) return higher;
  if (higher == TH_Bool || (lower != UNDEF && THDType_isFloating((THDType)lower))) return promoteSkip(higher, lower);
  return higher;
}

THDType THTensor_resultType(int n, const THTensor *const *ts) {
  int dim = UNDEF, zero = UNDEF, wrapped = UNDEF;
  for (int i = 0; i < n; i++) {
    const THTensor *t = ts[i];
    if (!t) continue;
    if (t->wrappedNumber) wrapped = promoteSkip(wrapped, THDType_isFloating(t->dtype) ? TH_Float32 : t->dtype);
    else if (t->ndim == 0) zero = promoteSkip(zero, t->dtype);
    else dim = promoteSkip(dim, t->dtype);
  }
  int r = combine(dim, combine(zero, wrapped));
  return r == UNDEF ? TH_Float32 : (THDType)r;
}

static THDType toFloat(THDType t) { return THDType_isFloating(t) ? t : TH_Float32; }

static int notImplemented(const char *op, THDType t, const char *expected) {
  return THError("%s: not implemented for '%s' (expected %s)", op, THDType_name(t), expected);
}

int THTensor_unaryResultType(THUnaryOp op, const THTensor *a, THDType *out) {
  if ((unsigned)op >= TH_NumUnaryOps) return THError("invalid unary op %d", (int)op);
  const char *name = unaryNames[op];
  switch (unaryKinds[op]) {
    case 'F': *out = toFloat(a->dtype); return TH_OK;
    case 'B': *out = TH_Bool; return TH_OK;
    case 'I':
      if (!THDType_isIntegral(a->dtype, 1)) return notImplemented(name, a->dtype, "an integral or bool tensor");
      *out = a->dtype;
      return TH_OK;
    default:
      if (op == TH_OP_neg && a->dtype == TH_Bool)
        return THError("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a "
                       "mask, use the `~` or `logical_not()` operator instead.");
      if (op == TH_OP_frac && !THDType_isFloating(a->dtype)) return notImplemented(name, a->dtype, "a floating point tensor");
      if (op == TH_OP_abs && a->dtype == TH_Bool) return notImplemented(name, a->dtype, "a numeric tensor");
      *out = a->dtype;
      return TH_OK;
  }
}

int THTensor_binaryResultType(THBinaryOp op, const THTensor *a, const THTensor *b, THDType *out) {
  if ((unsigned)op >= TH_NumBinaryOps) return THError("invalid binary op %d", (int)op);
  const THTensor *ts[2] = {a, b};
  THDType common = THTensor_resultType(2, ts);
  switch (binaryKinds[op]) {
    case 'F': *out = toFloat(common); return TH_OK;
    case 'B':
    case 'L': *out = TH_Bool; return TH_OK;
    case 'I':
      if (!THDType_isIntegral(common, 1)) return notImplemented(binaryNames[op], common, "integral or bool tensors");
      *out = common;
      return TH_OK;
    default:
      if (op == TH_OP_sub && a->dtype == TH_Bool && b->dtype == TH_Bool)
        return THError("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or "
                       "`logical_xor()` operator instead.");
      if (op == TH_OP_sub && (a->dtype == TH_Bool || b->dtype == TH_Bool))
        return THError("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to "
                       "invert a mask, use the `~` or `logical_not()` operator instead.");
      *out = common;
      return TH_OK;
  }
}

/* ---- the driver ---- */

typedef struct Elementwise {
  const char *name;
  int nin;
  const THTensor *in[TH_ITER_MAX_OPERANDS - 1];
  THDType inType[TH_ITER_MAX_OPERANDS - 1]; /* dtype each input is read in */
  THDType resultType;                       /* the dtype PyTorch gives the result */
  /* operands' common dtype when it is not resultType (comparisons, logical ops); left 0 (bool)
   * otherwise, which run() reads as resultType: a bool common dtype never needs rounding anyway */
  THDType commonType;
  int exactOut;                             /* out= must have resultType itself (PyTorch's same-dtype ops) */
  THDType loopOutType;                      /* the dtype the loop writes */
  THLoop loop;
  THKernelCtx ctx;
} Elementwise;

/* half types are computed in float32 */
static THDType computeType(THDType t) { return t == TH_Float16 || t == TH_BFloat16 ? TH_Float32 : t; }

static int run(THTensor *r, Elementwise *e) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  if (!e->loop) return notImplemented(e->name, e->inType[e->nin - 1], "a supported dtype");
  if (e->exactOut && r->dtype != e->resultType)
    return THError("%s: Found dtype %s but expected %s", e->name, THDType_name(r->dtype), THDType_name(e->resultType));
  if (!THDType_canCast(e->resultType, r->dtype))
    return THError("%s: result type %s can't be cast to the desired output type %s", e->name, THDType_name(e->resultType),
                   THDType_name(r->dtype));
  int ndim = 0;
  int64_t shape[TH_MAX_DIMS];
  for (int k = 0; k < e->nin; k++) {
    int n2;
    int64_t s2[TH_MAX_DIMS];
    if (THBroadcastShapes(ndim, shape, e->in[k]->ndim, e->in[k]->sizes, &n2, s2)) return TH_ERR;
    ndim = n2;
    memcpy(shape, s2, sizeof(int64_t) * (size_t)ndim);
  }
  int sameShape = THTensor_hasShape(r, ndim, shape);
  for (int k = 0; k < e->nin && !sameShape; k++)
    if (e->in[k]->storage == r->storage)
      return THError("%s: output with shape %s doesn't match the broadcast shape %s", e->name,
                     THShapeStr(ba, sizeof ba, r->ndim, r->sizes), THShapeStr(bb, sizeof bb, ndim, shape));
  if (sameShape && THCheckWriteOverlap(e->name, r, e->nin, e->in)) return TH_ERR;

  THTensor *conv[TH_ITER_MAX_OPERANDS - 1] = {0};
  THTensor *target = NULL;
  int status = TH_ERR;
  const THTensor *ops[TH_ITER_MAX_OPERANDS];
  for (int k = 0; k < e->nin; k++) {
    const THTensor *in = e->in[k];
    THTensor *half = NULL;
    /* a result in a half type sees its other operands rounded to that type first, as in PyTorch */
    THDType common = e->commonType ? e->commonType : e->resultType;
    if (computeType(common) != common && in->dtype != common && e->inType[k] == computeType(common)) {
      if (!(half = THTensor_newTo(in, common, 1))) goto done;
      in = half;
    }
    if (in->dtype != e->inType[k]) {
      conv[k] = THTensor_newTo(in, e->inType[k], 1);
      THTensor_free(half);
      if (!conv[k]) goto done;
      ops[k + 1] = conv[k];
    } else {
      conv[k] = half;
      ops[k + 1] = in;
    }
  }
  int perm[TH_MAX_DIMS];
  THIter_outputLayout(e->nin, e->in, ndim, shape, perm);
  if (r->dtype == e->loopOutType) {
    if (!sameShape && THTensor_resizeWithLayout(r, ndim, shape, perm)) goto done;
    target = r;
    THTensor_retain(r);
  } else {
    if (!(target = THTensor_new(e->loopOutType)) || THTensor_resizeWithLayout(target, ndim, shape, perm)) goto done;
  }
  ops[0] = target;
  THIter it;
  if (THIter_init(&it, e->nin + 1, ops)) goto done;
  e->ctx.error = 0;
  THIter_forEach(&it, e->loop, &e->ctx, 0);
  if (e->ctx.error == TH_KERNEL_ZERO_DIV) {
    THError("ZeroDivisionError: %s: integer division by zero", e->name);
    goto done;
  }
  if (target != r) {
    if (!sameShape && THTensor_resizeWithLayout(r, ndim, shape, perm)) goto done;
    if (THTensor_copy(r, target)) goto done;
  }
  THTensor_bumpVersion(r);
  status = TH_OK;
done:
  for (int k = 0; k < e->nin; k++) THTensor_free(conv[k]);
  THTensor_free(target);
  return status;
}

int THTensor_unary(THTensor *r, const THTensor *a, THUnaryOp op) {
  Elementwise e = {.name = THUnaryOp_name(op), .nin = 1, .in = {a}};
  if (THTensor_unaryResultType(op, a, &e.resultType)) return TH_ERR; /* also rejects an invalid op */
  e.exactOut = unaryKinds[op] == 'S';
  THDType ct = computeType(unaryKinds[op] == 'B' ? a->dtype : e.resultType);
  e.inType[0] = ct;
  e.loopOutType = unaryKinds[op] == 'B' ? TH_Bool : ct;
  e.loop = thKernels.unary[op][ct];
  return run(r, &e);
}

static int vectorUnary(THUnaryOp op, THDType dtype, void *y, const void *x, int64_t n) {
  if ((unsigned)op >= TH_NumUnaryOps) return THError("THVector_unary: invalid op %d", (int)op);
  if (unaryKinds[op] != 'F' && unaryKinds[op] != 'S')
    return THError("THVector_unary: %s does not keep the dtype", unaryNames[op]);
  if (n <= 0) return TH_OK;
  int64_t size = (int64_t)THDType_size(dtype);
  char *data[2] = {(char *)y, (char *)x};
  int64_t strides[4] = {size, size, 0, 0};
  THKernelCtx ctx;
  memset(&ctx, 0, sizeof ctx);
  thKernels.unary[op][dtype](data, strides, n, 1, &ctx);
  return TH_OK;
}

int THVector_unaryFloat32(THUnaryOp op, float *y, const float *x, int64_t n) {
  if ((unsigned)op < TH_NumUnaryOps && thVecF32[op] && n > 0) return thVecF32[op](y, x, n), TH_OK;
  return vectorUnary(op, TH_Float32, y, x, n);
}

int THVector_unaryFloat64(THUnaryOp op, double *y, const double *x, int64_t n) {
  if ((unsigned)op < TH_NumUnaryOps && thVecF64[op] && n > 0) return thVecF64[op](y, x, n), TH_OK;
  return vectorUnary(op, TH_Float64, y, x, n);
}

static int binary(THTensor *r, const THTensor *a, const THTensor *b, THBinaryOp op, double alpha) {
  Elementwise e = {.name = THBinaryOp_name(op), .nin = 2, .in = {a, b}, .ctx = {.alpha = alpha}};
  if (THTensor_binaryResultType(op, a, b, &e.resultType)) return TH_ERR;
  const THTensor *ts[2] = {a, b};
  char kind = binaryKinds[op];
  if (kind == 'B' || kind == 'L') e.commonType = THTensor_resultType(2, ts);
  THDType ct = computeType(kind == 'B' || kind == 'L' ? e.commonType : e.resultType);
  if (op == TH_OP_pow && THDType_isIntegral(ct, 0) && b->wrappedNumber && THTensor_item(b, &(int){0}) < 0)
    return THError("pow: Integers to negative integer powers are not allowed.");
  if ((op == TH_OP_add || op == TH_OP_sub) && alpha != 1) {
    if (THDType_isIntegral(ct, 1) && (double)(int64_t)alpha != alpha)
      return THError("%s: for integral input tensors, argument alpha must not be a floating point number (got %g).", e.name, alpha);
  }
  if (op == TH_OP_div_trunc && ct != e.resultType) {
    /* half types: PyTorch rounds the quotient to the half type before truncating it */
    THTensor *q = THTensor_new(e.resultType);
    int status = q ? binary(q, a, b, TH_OP_div, 1) : TH_ERR;
    if (status == TH_OK) status = THTensor_unary(r, q, TH_OP_trunc);
    THTensor_free(q);
    return status;
  }
  e.exactOut = op == TH_OP_pow;
  e.inType[0] = e.inType[1] = ct;
  e.loopOutType = kind == 'B' || kind == 'L' ? TH_Bool : ct;
  e.loop = thKernels.binary[op][ct];
  return run(r, &e);
}

int THTensor_binary(THTensor *r, const THTensor *a, const THTensor *b, THBinaryOp op) { return binary(r, a, b, op, 1); }
int THTensor_add(THTensor *r, const THTensor *a, const THTensor *b, double alpha) { return binary(r, a, b, TH_OP_add, alpha); }
int THTensor_sub(THTensor *r, const THTensor *a, const THTensor *b, double alpha) { return binary(r, a, b, TH_OP_sub, alpha); }

/* Ops of three inputs that share one result type. */
static int ternary(THTensor *r, const char *name, const THTensor *a, const THTensor *b, const THTensor *c, THLoop const *loops,
                   double value) {
  const THTensor *ts[3] = {a, b, c};
  Elementwise e = {.name = name, .nin = 3, .in = {a, b, c}, .ctx = {.alpha = value}};
  e.resultType = THTensor_resultType(3, ts);
  THDType ct = computeType(e.resultType);
  e.inType[0] = e.inType[1] = e.inType[2] = e.loopOutType = ct;
  e.loop = loops[ct];
  return run(r, &e);
}

int THTensor_clamp(THTensor *r, const THTensor *a, const THTensor *min, const THTensor *max) {
  if (!min && !max) return THError("clamp: At least one of 'min' or 'max' must not be None");
  const THTensor *ts[3] = {a, min, max};
  THDType rt = THTensor_resultType(3, ts);
  for (int k = 1; k < 3; k++) {
    int status;
    if (ts[k] && ts[k]->wrappedNumber && THCheckScalarFits("clamp", rt, THTensor_item(ts[k], &status))) return TH_ERR;
  }
  if (min && max) return ternary(r, "clamp", a, min, max, thKernels.ternary[TH_TER_clamp], 0);
  const THTensor *bound = min ? min : max;
  Elementwise e = {.name = min ? "clamp_min" : "clamp_max", .nin = 2, .in = {a, bound}, .resultType = rt};
  THDType ct = computeType(e.resultType);
  e.inType[0] = e.inType[1] = e.loopOutType = ct;
  e.loop = (min ? thKernels.clampMin : thKernels.clampMax)[ct];
  return run(r, &e);
}

int THTensor_lerp(THTensor *r, const THTensor *a, const THTensor *b, const THTensor *w) {
  if (!THDType_isFloating(a->dtype)) return notImplemented("lerp", a->dtype, "a floating point tensor");
  if (b->dtype != a->dtype)
    return THError("lerp: expected dtype %s for `end` but got dtype %s", THDType_name(a->dtype), THDType_name(b->dtype));
  if (!w->wrappedNumber && w->dtype != a->dtype)
    return THError("lerp: expected dtype %s for `weight` but got dtype %s", THDType_name(a->dtype), THDType_name(w->dtype));
  return ternary(r, "lerp", a, b, w, thKernels.ternary[TH_TER_lerp], 0);
}

int THTensor_addcmul(THTensor *r, const THTensor *a, const THTensor *t1, const THTensor *t2, double value) {
  return ternary(r, "addcmul", a, t1, t2, thKernels.ternary[TH_TER_addcmul], value);
}

int THTensor_addcdiv(THTensor *r, const THTensor *a, const THTensor *t1, const THTensor *t2, double value) {
  if (THDType_isIntegral(t1->dtype, 1) && THDType_isIntegral(t2->dtype, 1))
    return THError("addcdiv: Integer division with addcdiv is no longer supported, and in a future release addcdiv will "
                   "perform a true division of tensor1 and tensor2. Convert the tensors to a floating point dtype.");
  return ternary(r, "addcdiv", a, t1, t2, thKernels.ternary[TH_TER_addcdiv], value);
}

int THTensor_where(THTensor *r, const THTensor *cond, const THTensor *a, const THTensor *b) {
  if (cond->dtype != TH_Bool && cond->dtype != TH_UInt8)
    return THError("where expected condition to be a boolean tensor, but got a tensor with dtype %s", THDType_name(cond->dtype));
  const THTensor *ts[2] = {a, b};
  Elementwise e = {.name = "where", .nin = 3, .in = {cond, a, b}};
  e.resultType = THTensor_resultType(2, ts);
  THDType ct = computeType(e.resultType);
  e.inType[0] = cond->dtype;
  e.inType[1] = e.inType[2] = e.loopOutType = ct;
  e.loop = thKernels.ternary[TH_TER_where][ct];
  return run(r, &e);
}

int THTensor_nanToNum(THTensor *r, const THTensor *a, double nan, int hasPosinf, double posinf, int hasNeginf, double neginf) {
  if (!THDType_isFloating(a->dtype)) { /* integers hold no NaN or infinity: a copy */
    if (!THDType_canCast(a->dtype, r->dtype))
      return THError("nan_to_num: result type %s can't be cast to the desired output type %s", THDType_name(a->dtype), THDType_name(r->dtype));
    if (r != a && (THTensor_resize(r, a->ndim, a->sizes) || THTensor_copy(r, a))) return TH_ERR;
    return TH_OK;
  }
  THDType ct = computeType(a->dtype);
  Elementwise e = {.name = "nan_to_num", .nin = 1, .in = {a}, .resultType = a->dtype, .loopOutType = ct};
  e.inType[0] = ct;
  e.ctx.p0 = nan;
  e.ctx.p1 = hasPosinf ? posinf : THDType_maxFinite(a->dtype);
  e.ctx.p2 = hasNeginf ? neginf : -THDType_maxFinite(a->dtype);
  e.loop = thKernels.nanToNum[ct];
  return run(r, &e);
}
