/* Elementwise drivers, ported from libTH's THTensorMath.c: result dtype (libTH's own functions),
 * argument checks and messages, broadcasting, out= and in-place rules, the memory layout of fresh
 * results; then one launch over the pointwise iterator (THCApply.h). The device is touched only
 * after every argument check has passed. */
#include "THCApply.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define OP_KIND(name, kind) #kind[0],
static const char unaryKinds[] = {TH_UNARY_OPS(OP_KIND)};
static const char binaryKinds[] = {TH_BINARY_OPS(OP_KIND)};
#undef OP_KIND

/* half types are computed in float32 */
static THDType computeType(THDType t) { return t == TH_Float16 || t == TH_BFloat16 ? TH_Float32 : t; }

static int notImplemented(const char *op, THDType t, const char *expected) {
  return THError("%s: not implemented for '%s' (expected %s)", op, THDType_name(t), expected);
}

typedef struct Elementwise Elementwise;
typedef int (*LaunchFn)(const THCApplyIter *it, const Elementwise *e);

struct Elementwise {
  const char *name;
  int nin;
  const THTensor *in[3];
  THDType resultType; /* the dtype PyTorch gives the result */
  THDType S;          /* the dtype the kernel converts its inputs to */
  int hasKernel;
  int exactOut;       /* out= must have resultType itself (PyTorch's same-dtype ops) */
  int iterInputs;     /* inputs the kernel reads (fewer than nin when it fills a constant) */
  int zeroDivCheck;   /* integer division by a tensor: the kernel reports zero divisors */
  LaunchFn launch;
  /* op parameters */
  int op;
  double alpha, p0, p1, p2;
  uint64_t value; /* a constant's bytes in r's dtype */
};

static int launchUnary(const THCApplyIter *it, const Elementwise *e) { return THCKernel_unary(it, (THUnaryOp)e->op, e->S); }
static int launchBinary(const THCApplyIter *it, const Elementwise *e) {
  return THCKernel_binary(it, (THBinaryOp)e->op, e->S, e->alpha);
}
static int launchTernary(const THCApplyIter *it, const Elementwise *e) {
  return THCKernel_ternary(it, (THCTernaryOp)e->op, e->S, e->alpha);
}
static int launchClampOne(const THCApplyIter *it, const Elementwise *e) { return THCKernel_clampOne(it, e->op, e->S); }
static int launchNanToNum(const THCApplyIter *it, const Elementwise *e) {
  return THCKernel_nanToNum(it, e->S, e->p0, e->p1, e->p2);
}
static int launchCopy(const THCApplyIter *it, const Elementwise *e) { return THCKernel_copy(it); }
static int launchFill(const THCApplyIter *it, const Elementwise *e) { return THCKernel_fill(it, &e->value); }

/* Launches e over r and its inputs on `device` and reports a zero divisor; under the device guard. */
static int launchOn(THCState *state, THTensor *r, const Elementwise *e, int device) {
  THCApplyIter *it = (THCApplyIter *)malloc(sizeof *it);
  if (!it) return THError("out of memory");
  const THTensor *ops[4] = {r, e->in[0], e->in[1], e->in[2]};
  int status = THCApply_init(it, e->iterInputs + 1, ops);
  if (status == TH_OK) status = THCApply_prepare(state, it, device);
  if (status != TH_OK || it->numel == 0) {
    free(it);
    return status;
  }
  int *flag = NULL;
  if (e->zeroDivCheck) {
    THCStream *st = THCState_currentStream(state, device);
    flag = st ? (int *)THCCachingAllocator_malloc(state, sizeof(int), st) : NULL;
    if (!flag) {
      free(it);
      return TH_ERR;
    }
    cudaError_t err = cudaMemsetAsync(flag, 0, sizeof(int), (cudaStream_t)it->stream);
    if (err != cudaSuccess) status = THCError(err, "cudaMemsetAsync");
    it->errorFlag = flag;
  }
  if (status == TH_OK) status = e->launch(it, e);
  if (flag) {
    int host = 0;
    if (status == TH_OK) {
      cudaError_t err = cudaMemcpyAsync(&host, flag, sizeof(int), cudaMemcpyDeviceToHost, (cudaStream_t)it->stream);
      if (err == cudaSuccess) err = cudaStreamSynchronize((cudaStream_t)it->stream);
      if (err != cudaSuccess) status = THCError(err, "reading the division check");
    }
    THCCachingAllocator_free(state, flag);
    if (status == TH_OK && host) status = THError("ZeroDivisionError: %s: integer division by zero", e->name);
  }
  free(it);
  return status;
}

static int run(THCState *state, THTensor *r, Elementwise *e) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  THDType rt = THTensor_dtype(r);
  if (!e->hasKernel) return notImplemented(e->name, computeType(e->S), "a supported dtype");
  if (e->exactOut && rt != e->resultType)
    return THError("%s: Found dtype %s but expected %s", e->name, THDType_name(rt), THDType_name(e->resultType));
  if (!THDType_canCast(e->resultType, rt))
    return THError("%s: result type %s can't be cast to the desired output type %s", e->name, THDType_name(e->resultType),
                   THDType_name(rt));
  int ndim = 0;
  int64_t shape[TH_MAX_DIMS];
  for (int k = 0; k < e->nin; k++) {
    int n2;
    int64_t s2[TH_MAX_DIMS];
    if (THBroadcastShapes(ndim, shape, THTensor_ndim(e->in[k]), THTensor_sizes(e->in[k]), &n2, s2)) return TH_ERR;
    ndim = n2;
    memcpy(shape, s2, sizeof(int64_t) * (size_t)ndim);
  }
  int sameShape = THTensor_hasShape(r, ndim, shape);
  for (int k = 0; k < e->nin && !sameShape; k++)
    if (THTensor_storage(e->in[k]) == THTensor_storage(r))
      return THError("%s: output with shape %s doesn't match the broadcast shape %s", e->name,
                     THShapeStr(ba, sizeof ba, THTensor_ndim(r), THTensor_sizes(r)), THShapeStr(bb, sizeof bb, ndim, shape));
  if (sameShape && THCheckWriteOverlap(e->name, r, e->nin, e->in)) return TH_ERR;
  int device;
  if (THCTensor_checkOperands(e->name, r, e->nin, e->in, &device)) return TH_ERR;

  THCDeviceGuard g;
  if (THCDeviceGuard_enter(&g, device)) return TH_ERR;
  int status = TH_OK;
  if (!sameShape) {
    int perm[TH_MAX_DIMS];
    THIter_outputLayout(e->nin, e->in, ndim, shape, perm);
    status = THTensor_resizeWithLayout(r, ndim, shape, perm);
  }
  if (status == TH_OK) status = launchOn(state, r, e, device);
  THCDeviceGuard_exit(&g);
  if (status == TH_OK) THTensor_bumpVersion(r);
  return status;
}

/* ---- unary ---- */

int THCTensor_unary(THCState *state, THTensor *r, const THTensor *a, THUnaryOp op) {
  Elementwise e = {.name = THUnaryOp_name(op), .nin = 1, .in = {a}, .iterInputs = 1, .op = op, .launch = launchUnary};
  if (THTensor_unaryResultType(op, a, &e.resultType)) return TH_ERR; /* also rejects an invalid op */
  char kind = unaryKinds[op];
  THDType at = THTensor_dtype(a);
  e.exactOut = kind == 'S';
  e.S = kind == 'B' ? at : e.resultType;
  if (THDType_isIntegral(at, 0) && (op == TH_OP_floor || op == TH_OP_ceil || op == TH_OP_round || op == TH_OP_trunc)) {
    e.launch = launchCopy; /* the identity on integers */
    e.hasKernel = 1;
  } else if (op == TH_OP_sign && at == TH_Bool) {
    e.launch = launchCopy;
    e.hasKernel = 1;
  } else if (!THDType_isFloating(at) && (op == TH_OP_isnan || op == TH_OP_isinf || op == TH_OP_isfinite)) {
    /* integers are finite: a constant */
    e.launch = launchFill;
    e.iterInputs = 0;
    e.hasKernel = 1;
    THDType_store(THTensor_dtype(r), &e.value, op == TH_OP_isfinite ? 1 : 0);
  } else {
    e.hasKernel = THCKernel_hasUnary(op, e.S);
  }
  return run(state, r, &e);
}

/* ---- binary ---- */

/* A host scalar of an integral dtype, converted to the integral dtype t as the kernel converts it
 * (its low bytes): is it 0? */
static int hostScalarIsZeroAs(const THTensor *b, THDType t) {
  const void *p = THTensor_data(b);
  uint64_t v;
  switch (THTensor_dtype(b)) {
    case TH_Bool:
    case TH_UInt8: v = *(const uint8_t *)p; break;
    case TH_Int8: v = (uint64_t)(int64_t) * (const int8_t *)p; break;
    case TH_Int16: v = (uint64_t)(int64_t) * (const int16_t *)p; break;
    case TH_Int32: v = (uint64_t)(int64_t) * (const int32_t *)p; break;
    case TH_Int64: v = *(const uint64_t *)p; break;
    default: return 0; /* a floating divisor makes the op floating */
  }
  size_t size = THDType_size(t);
  if (size < 8) v &= ((uint64_t)1 << (8 * size)) - 1;
  return v == 0;
}

static int binary(THCState *state, THTensor *r, const THTensor *a, const THTensor *b, THBinaryOp op, double alpha) {
  Elementwise e = {.name = THBinaryOp_name(op), .nin = 2, .in = {a, b}, .iterInputs = 2, .op = op, .alpha = alpha,
                   .launch = launchBinary};
  if (THTensor_binaryResultType(op, a, b, &e.resultType)) return TH_ERR;
  const THTensor *ts[2] = {a, b};
  char kind = binaryKinds[op];
  e.S = kind == 'B' || kind == 'L' ? THTensor_resultType(2, ts) : e.resultType;
  THDType ct = computeType(e.S);
  if (op == TH_OP_pow && THDType_isIntegral(ct, 0) && THTensor_isWrappedNumber(b) && THCTensor_device(b) < 0 &&
      THTensor_item(b, &(int){0}) < 0)
    return THError("pow: Integers to negative integer powers are not allowed.");
  if ((op == TH_OP_add || op == TH_OP_sub) && alpha != 1) {
    if (THDType_isIntegral(ct, 1) && (double)(int64_t)alpha != alpha)
      return THError("%s: for integral input tensors, argument alpha must not be a floating point number (got %g).", e.name, alpha);
  }
  if (op == TH_OP_div_trunc && ct != e.resultType) {
    /* half types: PyTorch rounds the quotient to the half type before truncating it */
    int device = THCTensor_device(r);
    if (device < 0) return THCTensor_checkOperands(e.name, r, 2, ts, &device);
    THTensor *q = THCTensor_new(state, e.resultType, device);
    int status = q ? binary(state, q, a, b, TH_OP_div, 1) : TH_ERR;
    if (status == TH_OK) status = THCTensor_unary(state, r, q, TH_OP_trunc);
    THTensor_free(q);
    return status;
  }
  e.exactOut = op == TH_OP_pow;
  e.hasKernel = THCKernel_hasBinary(op, e.S);
  if (e.hasKernel && THDType_isIntegral(e.S, 0) &&
      (op == TH_OP_div_trunc || op == TH_OP_div_floor || op == TH_OP_remainder || op == TH_OP_fmod)) {
    if (!THCTensor_isHostScalar(b)) e.zeroDivCheck = 1;
    else if (hostScalarIsZeroAs(b, e.S)) return THError("ZeroDivisionError: %s: integer division by zero", e.name);
  }
  return run(state, r, &e);
}

int THCTensor_binary(THCState *state, THTensor *r, const THTensor *a, const THTensor *b, THBinaryOp op) {
  if ((unsigned)op >= TH_NumBinaryOps) return THError("invalid binary op %d", (int)op);
  return binary(state, r, a, b, op, 1);
}
int THCTensor_add(THCState *state, THTensor *r, const THTensor *a, const THTensor *b, double alpha) {
  return binary(state, r, a, b, TH_OP_add, alpha);
}
int THCTensor_sub(THCState *state, THTensor *r, const THTensor *a, const THTensor *b, double alpha) {
  return binary(state, r, a, b, TH_OP_sub, alpha);
}

/* ---- ternary and friends ---- */

static int ternary(THCState *state, THTensor *r, const char *name, const THTensor *a, const THTensor *b, const THTensor *c,
                   THCTernaryOp op, double value) {
  const THTensor *ts[3] = {a, b, c};
  Elementwise e = {.name = name, .nin = 3, .in = {a, b, c}, .iterInputs = 3, .op = op, .alpha = value, .launch = launchTernary};
  e.resultType = THTensor_resultType(3, ts);
  e.S = e.resultType;
  e.hasKernel = THCKernel_hasTernary(op, e.S);
  return run(state, r, &e);
}

int THCTensor_clamp(THCState *state, THTensor *r, const THTensor *a, const THTensor *min, const THTensor *max) {
  if (!min && !max) return THError("clamp: At least one of 'min' or 'max' must not be None");
  const THTensor *ts[3] = {a, min, max};
  THDType rt = THTensor_resultType(3, ts);
  for (int k = 1; k < 3; k++) {
    int status;
    if (ts[k] && THTensor_isWrappedNumber(ts[k]) && THCheckScalarFits("clamp", rt, THTensor_item(ts[k], &status))) return TH_ERR;
  }
  if (min && max) return ternary(state, r, "clamp", a, min, max, THC_TER_clamp, 0);
  const THTensor *bound = min ? min : max;
  Elementwise e = {.name = min ? "clamp_min" : "clamp_max", .nin = 2, .in = {a, bound}, .iterInputs = 2, .resultType = rt,
                   .S = rt, .op = min != NULL, .launch = launchClampOne};
  e.hasKernel = THCKernel_hasClampOne(rt);
  return run(state, r, &e);
}

int THCTensor_lerp(THCState *state, THTensor *r, const THTensor *a, const THTensor *b, const THTensor *w) {
  THDType at = THTensor_dtype(a);
  if (!THDType_isFloating(at)) return notImplemented("lerp", at, "a floating point tensor");
  if (THTensor_dtype(b) != at)
    return THError("lerp: expected dtype %s for `end` but got dtype %s", THDType_name(at), THDType_name(THTensor_dtype(b)));
  if (!THTensor_isWrappedNumber(w) && THTensor_dtype(w) != at)
    return THError("lerp: expected dtype %s for `weight` but got dtype %s", THDType_name(at), THDType_name(THTensor_dtype(w)));
  return ternary(state, r, "lerp", a, b, w, THC_TER_lerp, 0);
}

int THCTensor_addcmul(THCState *state, THTensor *r, const THTensor *a, const THTensor *t1, const THTensor *t2, double value) {
  return ternary(state, r, "addcmul", a, t1, t2, THC_TER_addcmul, value);
}

int THCTensor_addcdiv(THCState *state, THTensor *r, const THTensor *a, const THTensor *t1, const THTensor *t2, double value) {
  if (THDType_isIntegral(THTensor_dtype(t1), 1) && THDType_isIntegral(THTensor_dtype(t2), 1))
    return THError("addcdiv: Integer division with addcdiv is no longer supported, and in a future release addcdiv will "
                   "perform a true division of tensor1 and tensor2. Convert the tensors to a floating point dtype.");
  return ternary(state, r, "addcdiv", a, t1, t2, THC_TER_addcdiv, value);
}

int THCTensor_where(THCState *state, THTensor *r, const THTensor *cond, const THTensor *a, const THTensor *b) {
  THDType cd = THTensor_dtype(cond);
  if (cd != TH_Bool && cd != TH_UInt8)
    return THError("where expected condition to be a boolean tensor, but got a tensor with dtype %s", THDType_name(cd));
  const THTensor *ts[2] = {a, b};
  Elementwise e = {.name = "where", .nin = 3, .in = {cond, a, b}, .iterInputs = 3, .op = THC_TER_where, .launch = launchTernary};
  e.resultType = THTensor_resultType(2, ts);
  e.S = e.resultType;
  e.hasKernel = THCKernel_hasTernary(THC_TER_where, e.S);
  return run(state, r, &e);
}

int THCTensor_nanToNum(THCState *state, THTensor *r, const THTensor *a, double nan, int hasPosinf, double posinf, int hasNeginf,
                       double neginf) {
  THDType at = THTensor_dtype(a);
  if (!THDType_isFloating(at)) { /* integers hold no NaN or infinity: a copy */
    if (!THDType_canCast(at, THTensor_dtype(r)))
      return THError("nan_to_num: result type %s can't be cast to the desired output type %s", THDType_name(at),
                     THDType_name(THTensor_dtype(r)));
    if (r == a) return TH_OK;
    int device;
    if (THCTensor_checkOperands("nan_to_num", r, 1, &a, &device)) return TH_ERR;
    THCDeviceGuard g;
    if (THCDeviceGuard_enter(&g, device)) return TH_ERR;
    int status = THTensor_resize(r, THTensor_ndim(a), THTensor_sizes(a));
    THCDeviceGuard_exit(&g);
    return status == TH_OK ? THCTensor_copy(state, r, a, 0) : TH_ERR;
  }
  Elementwise e = {.name = "nan_to_num", .nin = 1, .in = {a}, .iterInputs = 1, .resultType = at, .S = at, .hasKernel = 1,
                   .launch = launchNanToNum};
  e.p0 = nan;
  e.p1 = hasPosinf ? posinf : THDType_maxFinite(at);
  e.p2 = hasNeginf ? neginf : -THDType_maxFinite(at);
  return run(state, r, &e);
}

/* ---- filling and ranges ---- */

/* r must be a device tensor; enters its device. */
static int enterDeviceOf(const char *op, THTensor *r, THCDeviceGuard *g, int *device) {
  if (THCTensor_callDevice(op, 0, NULL, 1, &r, device)) return TH_ERR;
  return THCDeviceGuard_enter(g, *device);
}

int THCTensor_fill(THCState *state, THTensor *r, double value) {
  THDType rt = THTensor_dtype(r);
  if (THCheckScalarFits("fill_", rt, value)) return TH_ERR;
  int device;
  THCDeviceGuard g;
  if (enterDeviceOf("fill_", r, &g, &device)) return TH_ERR;
  Elementwise e = {.name = "fill_", .iterInputs = 0, .launch = launchFill};
  THDType_store(rt, &e.value, value);
  int status = TH_OK;
  if (e.value == 0 && THTensor_isNonOverlappingAndDense(r)) { /* zeros: one memset */
    THCStream *st = THCState_currentStream(state, device);
    size_t n = (size_t)THTensor_numel(r) * THDType_size(rt);
    if (!st) status = TH_ERR;
    else if (n) {
      cudaError_t err = cudaMemsetAsync(THTensor_data(r), 0, n, (cudaStream_t)THCStream_handle(st));
      if (err != cudaSuccess) status = THCError(err, "cudaMemsetAsync");
    }
  } else {
    status = launchOn(state, r, &e, device);
  }
  THCDeviceGuard_exit(&g);
  if (status == TH_OK) THTensor_bumpVersion(r);
  return status;
}

int THCTensor_zero(THCState *state, THTensor *r) { return THCTensor_fill(state, r, 0); }

/* Resizes r (a device tensor) to n contiguous elements and fills it on its device. */
static int fillRange(THCState *state, THTensor *r, const char *op, int64_t n, int isArange, double start, double endOrStep,
                     int isLog, double base) {
  int device;
  THCDeviceGuard g;
  if (enterDeviceOf(op, r, &g, &device)) return TH_ERR;
  int status = THTensor_resize(r, 1, &n);
  if (status == TH_OK) {
    THCApplyIter it; /* for the stream and the block count only */
    memset(&it, 0, sizeof it);
    status = THCApply_prepare(state, &it, device);
    if (status == TH_OK && isArange)
      status = THCKernel_arange(it.stream, it.maxBlocks, THTensor_data(r), THTensor_dtype(r), n, start, endOrStep);
    else if (status == TH_OK)
      status = THCKernel_spaced(it.stream, it.maxBlocks, THTensor_data(r), THTensor_dtype(r), n, start, endOrStep, isLog, base);
  }
  THCDeviceGuard_exit(&g);
  if (status == TH_OK) THTensor_bumpVersion(r);
  return status;
}

int THCTensor_arange(THCState *state, THTensor *r, double start, double end, double step) {
  int64_t size;
  if (THCheckArange(THTensor_dtype(r), &start, end, &step, &size)) return TH_ERR;
  return fillRange(state, r, "arange", size, 1, start, step, 0, 0);
}

int THCTensor_linspace(THCState *state, THTensor *r, double start, double end, int64_t steps) {
  if (steps < 0) return THError("linspace: number of steps must be non-negative, got %lld", (long long)steps);
  return fillRange(state, r, "linspace", steps, 0, start, end, 0, 0);
}

int THCTensor_logspace(THCState *state, THTensor *r, double start, double end, int64_t steps, double base) {
  if (steps < 0) return THError("logspace: number of steps must be non-negative, got %lld", (long long)steps);
  return fillRange(state, r, "logspace", steps, 0, start, end, 1, base);
}

int THCTensor_eye(THCState *state, THTensor *r, int64_t n, int64_t m) {
  if (n < 0) return THError("eye: n must be greater or equal to 0, got %lld", (long long)n);
  if (m < 0) return THError("eye: m must be greater or equal to 0, got %lld", (long long)m);
  int device;
  if (THCTensor_callDevice("eye", 0, NULL, 1, &r, &device)) return TH_ERR;
  int64_t sizes[2] = {n, m};
  THCDeviceGuard g;
  if (THCDeviceGuard_enter(&g, device)) return TH_ERR;
  int status = THTensor_resize(r, 2, sizes);
  THCDeviceGuard_exit(&g);
  if (status || THCTensor_zero(state, r)) return TH_ERR;
  int64_t k = n < m ? n : m, stride = m + 1;
  if (k == 0) return TH_OK;
  THTensor *diag = THTensor_newAsStrided(r, 1, &k, &stride, -1);
  if (!diag) return TH_ERR;
  status = THCTensor_fill(state, diag, 1);
  THTensor_free(diag);
  return status;
}
