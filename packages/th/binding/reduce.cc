// The binding of reductions and scans (THReduce.h): converts arguments, calls libTH, wraps results.
// No math here.
#include <cstring>
#include <string>

#include "convert.h"
#include "ops.h"

namespace tt {
namespace {

// A string argument (op names), or false with a pending TypeError.
bool String(const Args &a, size_t i, std::string *out, const char *what) {
  size_t len = 0;
  if (napi_get_value_string_utf8(a.env, a.at(i), nullptr, 0, &len) != napi_ok) return a.typeError(what, "a string");
  out->resize(len);
  napi_get_value_string_utf8(a.env, a.at(i), &(*out)[0], len + 1, &len);
  return true;
}

// dims: null/undefined (all dims: n = 0), a number or an array of numbers.
bool Dims(const Args &a, size_t i, int *n, int64_t *dims) {
  *n = 0;
  if (a.isNullish(i)) return true;
  return a.intOrList(i, n, dims, "dim");
}

bool OptDtype(const Args &a, size_t i, THDType *out) {
  *out = TH_DTYPE_NONE;
  return a.isNullish(i) || a.dtype(i, out);
}

napi_value Fail(napi_env env) {
  ThrowTHError(env);
  return nullptr;
}

// reduce(op, a, dims|null, keepdim, dtype|null, out|null) for the one-result reductions over dims.
napi_value Reduce(napi_env env, napi_callback_info info) {
  Args a(env, info, "reduce");
  std::string op;
  THTensor *x;
  int n;
  int64_t dims[TH_MAX_DIMS];
  bool keepdim;
  THDType dtype, rt;
  if (!String(a, 0, &op, "op")) return nullptr;
  a.op = op.c_str();
  if (!a.tensor(1, &x, "input") || !Dims(a, 2, &n, dims) || !a.optBoolean(3, &keepdim, "keepdim") || !OptDtype(a, 4, &dtype))
    return nullptr;
  if (THTensor_reduceResultType(op.c_str(), x, dtype, &rt)) return Fail(env);
  int k = keepdim;
  if (op == "sum") return IntoOut(a, 5, rt, [&](THTensor *r) { return THTensor_sum(r, x, n, dims, k, dtype); });
  if (op == "nansum") return IntoOut(a, 5, rt, [&](THTensor *r) { return THTensor_nansum(r, x, n, dims, k, dtype); });
  if (op == "mean") return IntoOut(a, 5, rt, [&](THTensor *r) { return THTensor_mean(r, x, n, dims, k, dtype); });
  if (op == "nanmean") return IntoOut(a, 5, rt, [&](THTensor *r) { return THTensor_nanmean(r, x, n, dims, k, dtype); });
  if (op == "prod") return IntoOut(a, 5, rt, [&](THTensor *r) { return THTensor_prod(r, x, n, dims, k, dtype); });
  if (op == "amax") return IntoOut(a, 5, rt, [&](THTensor *r) { return THTensor_amax(r, x, n, dims, k); });
  if (op == "amin") return IntoOut(a, 5, rt, [&](THTensor *r) { return THTensor_amin(r, x, n, dims, k); });
  if (op == "max") return IntoOut(a, 5, rt, [&](THTensor *r) { return THTensor_max(r, x); });
  if (op == "min") return IntoOut(a, 5, rt, [&](THTensor *r) { return THTensor_min(r, x); });
  if (op == "all") return IntoOut(a, 5, rt, [&](THTensor *r) { return THTensor_all(r, x, n, dims, k); });
  if (op == "any") return IntoOut(a, 5, rt, [&](THTensor *r) { return THTensor_any(r, x, n, dims, k); });
  if (op == "logsumexp") return IntoOut(a, 5, rt, [&](THTensor *r) { return THTensor_logsumexp(r, x, n, dims, k); });
  if (op == "count_nonzero") return IntoOut(a, 5, rt, [&](THTensor *r) { return THTensor_countNonzero(r, x, n, dims); });
  std::string msg = "reduce: unknown reduction '" + op + "'";
  ThrowTypeError(env, msg.c_str());
  return nullptr;
}

// reduceDim(op, a, dim, keepdim, outValues|null, outIndices|null): max/min along a dim -> [values, indices]
napi_value ReduceDim(napi_env env, napi_callback_info info) {
  Args a(env, info, "reduceDim");
  std::string op;
  THTensor *x;
  int64_t dim;
  bool keepdim;
  if (!String(a, 0, &op, "op")) return nullptr;
  a.op = op.c_str();
  if (!a.tensor(1, &x, "input") || !a.integer(2, &dim, "dim") || !a.optBoolean(3, &keepdim, "keepdim")) return nullptr;
  bool isMin = op == "min";
  return IntoOut2(a, 4, THTensor_dtype(x), TH_Int64, [&](THTensor *v, THTensor *i) {
    return isMin ? THTensor_minDim(v, i, x, dim, keepdim) : THTensor_maxDim(v, i, x, dim, keepdim);
  });
}

// reduceArg(op, a, dim|null, keepdim, out|null): argmax / argmin
napi_value ReduceArg(napi_env env, napi_callback_info info) {
  Args a(env, info, "reduceArg");
  std::string op;
  THTensor *x;
  int64_t dim = 0;
  bool keepdim;
  if (!String(a, 0, &op, "op")) return nullptr;
  a.op = op.c_str();
  if (!a.tensor(1, &x, "input") || (!a.isNullish(2) && !a.integer(2, &dim, "dim")) || !a.optBoolean(3, &keepdim, "keepdim")) return nullptr;
  int hasDim = !a.isNullish(2);
  bool isMin = op == "argmin";
  return IntoOut(a, 4, TH_Int64, [&](THTensor *r) {
    return isMin ? THTensor_argmin(r, x, hasDim, dim, keepdim) : THTensor_argmax(r, x, hasDim, dim, keepdim);
  });
}

// reduceAminmax(a, dim|null, keepdim, outMin|null, outMax|null) -> [min, max]
napi_value ReduceAminmax(napi_env env, napi_callback_info info) {
  Args a(env, info, "aminmax");
  THTensor *x;
  int64_t dim = 0;
  bool keepdim;
  if (!a.tensor(0, &x, "input") || (!a.isNullish(1) && !a.integer(1, &dim, "dim")) || !a.optBoolean(2, &keepdim, "keepdim")) return nullptr;
  int hasDim = !a.isNullish(1);
  return IntoOut2(a, 3, THTensor_dtype(x), THTensor_dtype(x),
                  [&](THTensor *lo, THTensor *hi) { return THTensor_aminmax(lo, hi, x, hasDim, dim, keepdim); });
}

// reduceMoments(op, a, dims|null, correction, keepdim, out0|null, out1|null): var, std -> tensor;
// var_mean, std_mean -> [var or std, mean]
napi_value ReduceMoments(napi_env env, napi_callback_info info) {
  Args a(env, info, "var");
  std::string op;
  THTensor *x;
  int n;
  int64_t dims[TH_MAX_DIMS];
  double correction = 1;
  bool keepdim;
  THDType rt;
  if (!String(a, 0, &op, "op")) return nullptr;
  a.op = op.c_str();
  if (!a.tensor(1, &x, "input") || !Dims(a, 2, &n, dims) || (!a.isNullish(3) && !a.number(3, &correction, "correction")) ||
      !a.optBoolean(4, &keepdim, "keepdim"))
    return nullptr;
  if (THTensor_reduceResultType("var", x, TH_DTYPE_NONE, &rt)) return Fail(env);
  int k = keepdim;
  if (op == "var") return IntoOut(a, 5, rt, [&](THTensor *r) { return THTensor_var(r, x, n, dims, correction, k); });
  if (op == "std") return IntoOut(a, 5, rt, [&](THTensor *r) { return THTensor_std(r, x, n, dims, correction, k); });
  bool isStd = op == "std_mean";
  return IntoOut2(a, 5, rt, rt, [&](THTensor *r, THTensor *m) {
    return isStd ? THTensor_stdMean(r, m, x, n, dims, correction, k) : THTensor_varMean(r, m, x, n, dims, correction, k);
  });
}

// reduceNorm(a, p, dims|null, keepdim, dtype|null, out|null): the vector p-norm
napi_value ReduceNorm(napi_env env, napi_callback_info info) {
  Args a(env, info, "norm");
  THTensor *x;
  double p;
  int n;
  int64_t dims[TH_MAX_DIMS];
  bool keepdim;
  THDType dtype, rt;
  if (!a.tensor(0, &x, "input") || !a.number(1, &p, "p") || !Dims(a, 2, &n, dims) || !a.optBoolean(3, &keepdim, "keepdim") ||
      !OptDtype(a, 4, &dtype))
    return nullptr;
  if (THTensor_reduceResultType("norm", x, dtype, &rt)) return Fail(env);
  return IntoOut(a, 5, rt, [&](THTensor *r) { return THTensor_norm(r, x, p, n, dims, keepdim, dtype); });
}

// reduceCum(op, a, dim, dtype|null, out|null): cumsum, cumprod
napi_value ReduceCum(napi_env env, napi_callback_info info) {
  Args a(env, info, "cumsum");
  std::string op;
  THTensor *x;
  int64_t dim;
  THDType dtype, rt;
  if (!String(a, 0, &op, "op")) return nullptr;
  a.op = op.c_str();
  if (!a.tensor(1, &x, "input") || !a.integer(2, &dim, "dim") || !OptDtype(a, 3, &dtype)) return nullptr;
  if (THTensor_reduceResultType(op.c_str(), x, dtype, &rt)) return Fail(env);
  bool prod = op == "cumprod";
  return IntoOut(a, 4, rt, [&](THTensor *r) {
    return prod ? THTensor_cumprod(r, x, dim, dtype) : THTensor_cumsum(r, x, dim, dtype);
  });
}

// reduceCumExt(op, a, dim, outValues|null, outIndices|null): cummax, cummin -> [values, indices]
napi_value ReduceCumExt(napi_env env, napi_callback_info info) {
  Args a(env, info, "cummax");
  std::string op;
  THTensor *x;
  int64_t dim;
  if (!String(a, 0, &op, "op")) return nullptr;
  a.op = op.c_str();
  if (!a.tensor(1, &x, "input") || !a.integer(2, &dim, "dim")) return nullptr;
  bool isMin = op == "cummin";
  return IntoOut2(a, 3, THTensor_dtype(x), TH_Int64, [&](THTensor *v, THTensor *i) {
    return isMin ? THTensor_cummin(v, i, x, dim) : THTensor_cummax(v, i, x, dim);
  });
}

}  // namespace

const Registrar kReduceFunctions({
    {"reduce", Reduce},
    {"reduceDim", ReduceDim},
    {"reduceArg", ReduceArg},
    {"reduceAminmax", ReduceAminmax},
    {"reduceMoments", ReduceMoments},
    {"reduceNorm", ReduceNorm},
    {"reduceCum", ReduceCum},
    {"reduceCumExt", ReduceCumExt},
});

}  // namespace tt
