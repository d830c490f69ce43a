/* Reductions: dims, dtypes and out= checks as PyTorch, then one run of THReduceIter. */
#include "THReduceIter.h"

#include <math.h>
#include <string.h>

static const char *dn(THDType t) { return THDType_name(t); }

/* mask[d] = 1 for each reduced dim of a; ndim == 0 reduces all. */
int THReduce_dimMask(const char *name, const THTensor *a, int ndim, const int64_t *dims, uint8_t *mask) {
  memset(mask, 0, TH_MAX_DIMS);
  if (ndim == 0) {
    memset(mask, 1, (size_t)a->ndim);
    return TH_OK;
  }
  for (int i = 0; i < ndim; i++) {
    int d;
    if (THTensor_wrapDim(a, dims[i], &d)) return TH_ERR;
    if (a->ndim == 0) continue;
    if (mask[d]) return THError("%s: dim %d appears multiple times in the list of dims", name, d);
    mask[d] = 1;
  }
  return TH_OK;
}

int THReduce_shape(const THTensor *a, const uint8_t *mask, int keepdim, int64_t *shape) {
  int n = 0;
  for (int d = 0; d < a->ndim; d++) {
    if (!mask[d]) shape[n++] = a->sizes[d];
    else if (keepdim) shape[n++] = 1;
  }
  return n;
}

int THReduce_shapeDim(const THTensor *a, int dim, int keepdim, int64_t *shape) {
  uint8_t mask[TH_MAX_DIMS] = {0};
  if (a->ndim > 0) mask[dim] = 1;
  return THReduce_shape(a, mask, keepdim, shape);
}

static int floating(THDType t) { return THDType_isFloating(t); }
static int integral(THDType t) { return THDType_isIntegral(t, 1); }

/* Runs kernel `op` of a into r (and r2), resized to the reduced shape. Results that share a's
 * storage are computed into temporaries first. */
static int runReduce(const char *name, THReduceOp op, THTensor *r, THTensor *r2, const THTensor *a, const uint8_t *mask,
                     int keepdim, THReduceCtx *ctx, int logical) {
  const THReduceKernel *k = THReduce_kernel(op, a->dtype);
  if (!k) return THError("%s: not implemented for '%s'", name, dn(a->dtype));
  int64_t shape[TH_MAX_DIMS];
  int n = THReduce_shape(a, mask, keepdim, shape);
  THTensor *outs[2] = {r, r2}, *tmp[2] = {NULL, NULL};
  int status = TH_ERR;
  for (int i = 0; i < 2; i++) {
    if (!outs[i]) continue;
    if (THTensor_resizeOutput(outs[i], n, shape)) goto done;
    if (outs[i]->storage == a->storage || (i == 1 && r->storage == r2->storage)) {
      if (i == 1 && r->storage == r2->storage) {
        status = THError("%s: the results must not share memory (got the same tensor for both)", name);
        goto done;
      }
      if (!(tmp[i] = THTensor_newWithSize(outs[i]->dtype, n, shape))) goto done;
    }
  }
  THReduceIter it;
  THReduceIter_init(&it, a, mask, keepdim, tmp[0] ? tmp[0] : r, r2 ? (tmp[1] ? tmp[1] : r2) : NULL, logical);
  if (THReduceIter_run(&it, k, ctx)) goto done;
  for (int i = 0; i < 2; i++) {
    if (tmp[i] && THTensor_copy(outs[i], tmp[i])) goto done;
    if (outs[i]) THTensor_bumpVersion(outs[i]);
  }
  status = TH_OK;
done:
  THTensor_free(tmp[0]);
  THTensor_free(tmp[1]);
  return status;
}

/* ---- result types ---- */

static int isOneOf(const char *op, const char *const *names) {
  for (; *names; names++)
    if (strcmp(op, *names) == 0) return 1;
  return 0;
}

int THTensor_reduceResultType(const char *op, const THTensor *a, THDType dtype, THDType *out) {
  static const char *const promoting[] = {"sum", "prod", "nansum", "cumsum", "cumprod", NULL};
  static const char *const floatOnly[] = {"mean", "nanmean", "var", "std", "norm", NULL};
  static const char *const same[] = {"amax", "amin", "max", "min", "aminmax", "cummax", "cummin", NULL};
  static const char *const indices[] = {"argmax", "argmin", "count_nonzero", NULL};
  THDType t = a->dtype;
  if (isOneOf(op, promoting)) {
    *out = dtype != TH_DTYPE_NONE ? dtype : integral(t) ? TH_Int64 : t;
  } else if (isOneOf(op, floatOnly)) {
    THDType d = dtype != TH_DTYPE_NONE ? dtype : t;
    if (strcmp(op, "mean") == 0 && !floating(d)) {
      if (dtype != TH_DTYPE_NONE)
        return THError("mean(): could not infer output dtype. Optional dtype must be either a floating point or complex "
                       "dtype. Got: %s", dn(dtype));
      return THError("mean(): could not infer output dtype. Input dtype must be either a floating point or complex "
                     "dtype. Got: %s", dn(t));
    }
    if (strcmp(op, "nanmean") == 0 && !floating(t))
      return THError("nanmean(): expected input to have floating point dtype but got %s", dn(t));
    if ((strcmp(op, "var") == 0 || strcmp(op, "std") == 0) && !floating(d))
      return THError("std and var only support floating point and complex dtypes");
    if (strcmp(op, "norm") == 0 && !floating(d)) {
      if (dtype != TH_DTYPE_NONE)
        return THError("linalg.vector_norm: dtype should be floating point or complex, but got %s", dn(dtype));
      return THError("linalg.vector_norm: Expected a floating point or complex tensor as input. Got %s", dn(t));
    }
    *out = d;
  } else if (strcmp(op, "logsumexp") == 0) {
    *out = floating(t) ? t : TH_Float32;
  } else if (isOneOf(op, same)) {
    *out = t;
  } else if (isOneOf(op, indices)) {
    *out = TH_Int64;
  } else if (strcmp(op, "all") == 0 || strcmp(op, "any") == 0) {
    *out = t == TH_UInt8 ? TH_UInt8 : TH_Bool;
  } else {
    return THError("reduceResultType: unknown reduction '%s'", op);
  }
  return TH_OK;
}

/* a converted to compute dtype ct (a itself, retained, when it already has it) */
static THTensor *asType(const THTensor *a, THDType ct) { return THTensor_newTo(a, ct, 0); }

/* ---- sum, nansum, mean, nanmean, prod ---- */

/* The dtype a sum-like reduction computes in: dtype= when given (r must have it), else r's. */
static int computeDtype(const char *name, const THTensor *r, THDType dtype, THDType *ct) {
  if (dtype != TH_DTYPE_NONE) {
    if (THCheckOutDtype(name, r, dtype)) return TH_ERR;
    *ct = dtype;
  } else {
    *ct = r->dtype;
  }
  return TH_OK;
}

static int sumLike(const char *name, THReduceOp op, THTensor *r, const THTensor *a, int ndim, const int64_t *dims,
                   int keepdim, THDType dtype, int mean) {
  uint8_t mask[TH_MAX_DIMS];
  if (THReduce_dimMask(name, a, ndim, dims, mask)) return TH_ERR;
  THDType ct = r->dtype;
  if (computeDtype(name, r, dtype, &ct)) return TH_ERR;
  /* integers reduce in int64 and wrap to r's width exactly as a narrower sum would */
  int direct = a->dtype == ct || (integral(a->dtype) && integral(ct) && ct != TH_Bool && op != TH_R_PROD) ||
               (integral(a->dtype) && ct == TH_Int64);
  if (op == TH_R_NANSUM && !floating(ct)) op = TH_R_SUM;
  THTensor *in = direct ? (THTensor_retain((THTensor *)a), (THTensor *)a) : asType(a, ct);
  if (!in) return TH_ERR;
  THReduceCtx ctx = {.post = mean, .out0Int = !floating(in->dtype)};
  int status = runReduce(name, op, r, NULL, in, mask, keepdim, &ctx, 0);
  THTensor_free(in);
  return status;
}

int THTensor_sum(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim, THDType dtype) {
  return sumLike("sum", TH_R_SUM, r, a, ndim, dims, keepdim, dtype, 0);
}

int THTensor_nansum(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim, THDType dtype) {
  return sumLike("nansum", TH_R_NANSUM, r, a, ndim, dims, keepdim, dtype, 0);
}

int THTensor_prod(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim, THDType dtype) {
  if (ndim > 1) return THError("prod: expected one dim or none, got %d dims", ndim);
  return sumLike("prod", TH_R_PROD, r, a, ndim, dims, keepdim, dtype, 0);
}

int THTensor_mean(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim, THDType dtype) {
  THDType rt;
  if (THTensor_reduceResultType("mean", a, dtype, &rt)) return TH_ERR;
  if (!floating(r->dtype))
    return THError("mean(): result type %s can't be cast to the desired output type %s", dn(rt), dn(r->dtype));
  return sumLike("mean", TH_R_SUM, r, a, ndim, dims, keepdim, dtype, 1);
}

int THTensor_nanmean(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim, THDType dtype) {
  THDType rt;
  if (THTensor_reduceResultType("nanmean", a, dtype, &rt)) return TH_ERR;
  if (!floating(r->dtype))
    return THError("nanmean(): result type %s can't be cast to the desired output type %s", dn(rt), dn(r->dtype));
  return sumLike("nanmean", TH_R_NANMEAN, r, a, ndim, dims, keepdim, dtype, 0);
}

/* ---- max, min, argmax, argmin, aminmax ---- */

static int extremum(const char *name, THReduceOp op, THTensor *r, const THTensor *a, int ndim, const int64_t *dims,
                    int keepdim, int all) {
  uint8_t mask[TH_MAX_DIMS];
  if (THReduce_dimMask(name, a, ndim, dims, mask)) return TH_ERR;
  if (THCheckReduceNonEmpty(name, a, ndim, mask, all)) return TH_ERR;
  if (THCheckOutDtype(name, r, a->dtype)) return TH_ERR;
  THReduceCtx ctx = {.out0Int = !floating(a->dtype)};
  return runReduce(name, op, r, NULL, a, mask, keepdim, &ctx, 0);
}

int THTensor_amax(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim) {
  return extremum("amax", TH_R_MAX, r, a, ndim, dims, keepdim, 0);
}
int THTensor_amin(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim) {
  return extremum("amin", TH_R_MIN, r, a, ndim, dims, keepdim, 0);
}
int THTensor_max(THTensor *r, const THTensor *a) { return extremum("max", TH_R_MAX, r, a, 0, NULL, 0, 1); }
int THTensor_min(THTensor *r, const THTensor *a) { return extremum("min", TH_R_MIN, r, a, 0, NULL, 0, 1); }

static int argReduce(const char *name, THReduceOp op, THTensor *values, THTensor *indices, const THTensor *a, int hasDim,
                     int64_t dim, int keepdim) {
  uint8_t mask[TH_MAX_DIMS];
  if (hasDim ? THReduce_dimMask(name, a, 1, &dim, mask) : THReduce_dimMask(name, a, 0, NULL, mask)) return TH_ERR;
  if (THCheckReduceNonEmpty(name, a, hasDim, mask, !hasDim)) return TH_ERR;
  if (!values && a->dtype == TH_Bool && THTensor_numel(a) > 0) return THError("\"%s_cpu\" not implemented for '%s'", name, dn(a->dtype));
  if (values && THCheckOutDtype(name, values, a->dtype)) return TH_ERR;
  if (THCheckOutDtype(name, indices, TH_Int64)) return TH_ERR;
  THReduceCtx ctx = {.out0Int = !floating(a->dtype), .out1Int = 1};
  if (values) return runReduce(name, op, values, indices, a, mask, keepdim, &ctx, 1);
  /* indices only: values into a scratch tensor */
  THTensor *scratch = THTensor_new(a->dtype);
  if (!scratch) return TH_ERR;
  int status = runReduce(name, op, scratch, indices, a, mask, keepdim, &ctx, 1);
  THTensor_free(scratch);
  return status;
}

int THTensor_maxDim(THTensor *values, THTensor *indices, const THTensor *a, int64_t dim, int keepdim) {
  return argReduce("max", TH_R_ARGMAX, values, indices, a, 1, dim, keepdim);
}
int THTensor_minDim(THTensor *values, THTensor *indices, const THTensor *a, int64_t dim, int keepdim) {
  return argReduce("min", TH_R_ARGMIN, values, indices, a, 1, dim, keepdim);
}
int THTensor_argmax(THTensor *r, const THTensor *a, int hasDim, int64_t dim, int keepdim) {
  return argReduce("argmax", TH_R_ARGMAX, NULL, r, a, hasDim, dim, keepdim);
}
int THTensor_argmin(THTensor *r, const THTensor *a, int hasDim, int64_t dim, int keepdim) {
  return argReduce("argmin", TH_R_ARGMIN, NULL, r, a, hasDim, dim, keepdim);
}

int THTensor_aminmax(THTensor *rmin, THTensor *rmax, const THTensor *a, int hasDim, int64_t dim, int keepdim) {
  uint8_t mask[TH_MAX_DIMS];
  if (hasDim ? THReduce_dimMask("aminmax", a, 1, &dim, mask) : THReduce_dimMask("aminmax", a, 0, NULL, mask)) return TH_ERR;
  for (int d = 0; d < a->ndim; d++)
    if (mask[d] && a->sizes[d] == 0)
      return THError("aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.");
  if (THCheckOutDtype("aminmax", rmin, a->dtype) || THCheckOutDtype("aminmax", rmax, a->dtype)) return TH_ERR;
  THReduceCtx ctx = {.out0Int = !floating(a->dtype), .out1Int = !floating(a->dtype)};
  return runReduce("aminmax", TH_R_MINMAX, rmin, rmax, a, mask, keepdim, &ctx, 0);
}

/* ---- var, std ---- */

static int moments(const char *name, THTensor *r, THTensor *rmean, const THTensor *a, int ndim, const int64_t *dims,
                   double correction, int keepdim, int isStd) {
  uint8_t mask[TH_MAX_DIMS];
  THDType rt;
  if (THTensor_reduceResultType(isStd ? "std" : "var", a, TH_DTYPE_NONE, &rt)) return TH_ERR;
  if (THReduce_dimMask(name, a, ndim, dims, mask)) return TH_ERR;
  /* out= of another floating dtype: computed in that dtype (as PyTorch) */
  if (!floating(r->dtype) || (rmean && !floating(rmean->dtype)))
    return THError("%s: Expected out tensor to have a floating point dtype like %s, but got %s instead", name, dn(rt),
                   dn(floating(r->dtype) ? rmean->dtype : r->dtype));
  THTensor *in = r->dtype == a->dtype ? (THTensor_retain((THTensor *)a), (THTensor *)a) : asType(a, r->dtype);
  if (!in) return TH_ERR;
  THReduceCtx ctx = {.p = correction, .post = isStd};
  THTensor *scratch = rmean ? NULL : THTensor_new(rt);
  int status = rmean || scratch ? runReduce(name, TH_R_MOMENTS, r, rmean ? rmean : scratch, in, mask, keepdim, &ctx, 0) : TH_ERR;
  THTensor_free(scratch);
  THTensor_free(in);
  return status;
}

int THTensor_var(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, double correction, int keepdim) {
  return moments("var", r, NULL, a, ndim, dims, correction, keepdim, 0);
}
int THTensor_std(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, double correction, int keepdim) {
  return moments("std", r, NULL, a, ndim, dims, correction, keepdim, 1);
}
int THTensor_varMean(THTensor *rvar, THTensor *rmean, const THTensor *a, int ndim, const int64_t *dims,
                     double correction, int keepdim) {
  return moments("var_mean", rvar, rmean, a, ndim, dims, correction, keepdim, 0);
}
int THTensor_stdMean(THTensor *rstd, THTensor *rmean, const THTensor *a, int ndim, const int64_t *dims,
                     double correction, int keepdim) {
  return moments("std_mean", rstd, rmean, a, ndim, dims, correction, keepdim, 1);
}

/* ---- norm ---- */

int THReduce_checkNorm(const THTensor *a, double p, int ndim, const uint8_t *mask) {
  const char *name = "linalg.vector_norm";
  if (isnan(p)) return THError("%s: the order p must be a number, got nan", name);
  if (!isinf(p) || THTensor_numel(a) != 0) return TH_OK;
  int empty = ndim == 0;
  for (int d = 0; d < a->ndim; d++) empty |= mask[d] && a->sizes[d] == 0;
  if (empty)
    return THError("%s cannot compute the %s norm on an empty tensor because the operation does not have an identity", name,
                   p > 0 ? "inf" : "-inf");
  return TH_OK;
}

int THTensor_norm(THTensor *r, const THTensor *a, double p, int ndim, const int64_t *dims, int keepdim, THDType dtype) {
  const char *name = "linalg.vector_norm";
  THDType rt;
  if (THTensor_reduceResultType("norm", a, dtype, &rt)) return TH_ERR;
  uint8_t mask[TH_MAX_DIMS];
  if (THReduce_dimMask(name, a, ndim, dims, mask) || THReduce_checkNorm(a, p, ndim, mask)) return TH_ERR;
  if (THCheckOutDtype(name, r, rt)) return TH_ERR;
  THReduceOp op = p == 0 ? TH_R_NORM0 : p == 1 ? TH_R_NORM1 : p == 2 ? TH_R_NORM2 : p == INFINITY ? TH_R_NORMINF
                  : p == -INFINITY ? TH_R_NORMNINF : TH_R_NORMP;
  THTensor *in = asType(a, rt);
  if (!in) return TH_ERR;
  THReduceCtx ctx = {.p = p};
  int status = runReduce(name, op, r, NULL, in, mask, keepdim, &ctx, 0);
  THTensor_free(in);
  return status;
}

/* ---- logsumexp: m = amax (0 where infinite), log(sum(exp(a - m))) + m ---- */

int THTensor_logsumexp(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim) {
  THDType rt;
  if (THTensor_reduceResultType("logsumexp", a, TH_DTYPE_NONE, &rt)) return TH_ERR;
  uint8_t mask[TH_MAX_DIMS];
  if (THReduce_dimMask("logsumexp", a, ndim, dims, mask)) return TH_ERR;
  if (!floating(r->dtype))
    return THError("logsumexp(): Expected floating point type for result tensor, but got: %s", dn(r->dtype));
  int status = TH_ERR;
  THTensor *x = asType(a, rt), *m = THTensor_new(rt), *inf = THTensor_new(TH_Bool), *zero = THTensor_newScalar(rt, 0);
  THTensor *d = THTensor_new(rt), *s = THTensor_new(rt);
  if (!x || !m || !inf || !zero || !d || !s) goto done;
  THReduceCtx ctx = {0};
  if (THTensor_numel(x) == 0) {
    /* no maximum to subtract: log(sum(exp(x))) directly */
    if (THTensor_unary(d, x, TH_OP_exp) || runReduce("logsumexp", TH_R_SUM, s, NULL, d, mask, keepdim, &ctx, 0) ||
        THTensor_unary(s, s, TH_OP_log))
      goto done;
    status = THTensor_resizeOutput(r, s->ndim, s->sizes) || THTensor_copy(r, s);
    goto done;
  }
  if (runReduce("logsumexp", TH_R_MAX, m, NULL, x, mask, 1, &ctx, 0) || THTensor_unary(inf, m, TH_OP_isinf) ||
      THTensor_where(m, inf, zero, m) || THTensor_sub(d, x, m, 1) || THTensor_unary(d, d, TH_OP_exp) ||
      runReduce("logsumexp", TH_R_SUM, s, NULL, d, mask, 1, &ctx, 0) || THTensor_unary(s, s, TH_OP_log) ||
      THTensor_add(s, s, m, 1))
    goto done;
  if (!keepdim) {
    int64_t shape[TH_MAX_DIMS];
    int n = THReduce_shape(x, mask, 0, shape);
    THTensor *v = THTensor_newView(s, n, shape);
    if (!v) goto done;
    THTensor_free(s);
    s = v;
  }
  status = THTensor_resizeOutput(r, s->ndim, s->sizes) || THTensor_copy(r, s);
done:
  THTensor_free(x);
  THTensor_free(m);
  THTensor_free(inf);
  THTensor_free(zero);
  THTensor_free(d);
  THTensor_free(s);
  return status ? TH_ERR : TH_OK;
}

/* ---- all, any, count_nonzero ---- */

static int logical(const char *name, THReduceOp op, THTensor *r, const THTensor *a, int ndim, const int64_t *dims,
                   int keepdim) {
  uint8_t mask[TH_MAX_DIMS];
  if (ndim > 1) return THError("%s: expected one dim or none, got %d dims", name, ndim);
  if (THReduce_dimMask(name, a, ndim, dims, mask)) return TH_ERR;
  if (r->dtype != TH_Bool && r->dtype != TH_UInt8)
    return THError("%s only supports bool tensor for result, got: %s", name, dn(r->dtype));
  THReduceCtx ctx = {.out0Int = 1};
  return runReduce(name, op, r, NULL, a, mask, keepdim, &ctx, 0);
}

int THTensor_all(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim) {
  return logical("all", TH_R_ALL, r, a, ndim, dims, keepdim);
}
int THTensor_any(THTensor *r, const THTensor *a, int ndim, const int64_t *dims, int keepdim) {
  return logical("any", TH_R_ANY, r, a, ndim, dims, keepdim);
}

int THTensor_countNonzero(THTensor *r, const THTensor *a, int ndim, const int64_t *dims) {
  uint8_t mask[TH_MAX_DIMS];
  if (THReduce_dimMask("count_nonzero", a, ndim, dims, mask)) return TH_ERR;
  if (THCheckOutDtype("count_nonzero", r, TH_Int64)) return TH_ERR;
  THReduceCtx ctx = {.out0Int = 1};
  return runReduce("count_nonzero", TH_R_COUNT, r, NULL, a, mask, 0, &ctx, 0);
}
