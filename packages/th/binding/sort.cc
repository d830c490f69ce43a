// The sorting area's binding: sort, argsort, topk, kthvalue, median, mode, quantile, unique,
// searchsorted, bucketize, histc, bincount. Converts arguments and calls libTH; no math here.
#include <string>

#include "convert.h"
#include "ops.h"

namespace tt {
namespace {

// sort(h, dim, descending, stable, outValues, outIndices) -> [values, indices]
napi_value Sort(napi_env env, napi_callback_info info) {
  Args a(env, info, "sort");
  THTensor *x;
  int64_t dim = -1;
  bool desc, stable;
  if (!a.tensor(0, &x, "input") || (!a.isNullish(1) && !a.integer(1, &dim, "dim")) || !a.optBoolean(2, &desc, "descending") ||
      !a.optBoolean(3, &stable, "stable"))
    return nullptr;
  return IntoOut2(a, 4, THTensor_dtype(x), TH_Int64, [&](THTensor *v, THTensor *i) { return THTensor_sort(v, i, x, dim, desc, stable); });
}

// argsort(h, dim, descending, stable) -> indices
napi_value Argsort(napi_env env, napi_callback_info info) {
  Args a(env, info, "argsort");
  THTensor *x;
  int64_t dim = -1;
  bool desc, stable;
  if (!a.tensor(0, &x, "input") || (!a.isNullish(1) && !a.integer(1, &dim, "dim")) || !a.optBoolean(2, &desc, "descending") ||
      !a.optBoolean(3, &stable, "stable"))
    return nullptr;
  return IntoOut(a, 4, TH_Int64, [&](THTensor *r) { return THTensor_sort(nullptr, r, x, dim, desc, stable); });
}

// topk(h, k, dim, largest, sorted, outValues, outIndices)
napi_value Topk(napi_env env, napi_callback_info info) {
  Args a(env, info, "topk");
  THTensor *x;
  int64_t k, dim = -1;
  bool largest = true, sorted = true;
  if (!a.tensor(0, &x, "input") || !a.integer(1, &k, "k") || (!a.isNullish(2) && !a.integer(2, &dim, "dim"))) return nullptr;
  if ((!a.isNullish(3) && !a.boolean(3, &largest, "largest")) || (!a.isNullish(4) && !a.boolean(4, &sorted, "sorted"))) return nullptr;
  return IntoOut2(a, 5, THTensor_dtype(x), TH_Int64, [&](THTensor *v, THTensor *i) { return THTensor_topk(v, i, x, k, dim, largest, sorted); });
}

// kthvalue(h, k, dim, keepdim, outValues, outIndices)
napi_value Kthvalue(napi_env env, napi_callback_info info) {
  Args a(env, info, "kthvalue");
  THTensor *x;
  int64_t k, dim = -1;
  bool keepdim;
  if (!a.tensor(0, &x, "input") || !a.integer(1, &k, "k") || (!a.isNullish(2) && !a.integer(2, &dim, "dim")) ||
      !a.optBoolean(3, &keepdim, "keepdim"))
    return nullptr;
  return IntoOut2(a, 4, THTensor_dtype(x), TH_Int64, [&](THTensor *v, THTensor *i) { return THTensor_kthvalue(v, i, x, k, dim, keepdim); });
}

// median(h, dim|null, keepdim, ignoreNan, outValues, outIndices): dim null -> one 0-d tensor (out: outValues)
napi_value Median(napi_env env, napi_callback_info info) {
  Args a(env, info, "median");
  THTensor *x;
  int64_t dim = 0;
  bool keepdim, ignoreNan;
  if (!a.optBoolean(3, &ignoreNan, "ignoreNan")) return nullptr;
  if (ignoreNan) a.op = "nanmedian";
  if (!a.tensor(0, &x, "input") || (!a.isNullish(1) && !a.integer(1, &dim, "dim")) || !a.optBoolean(2, &keepdim, "keepdim")) return nullptr;
  if (a.isNullish(1)) return IntoOut(a, 4, THTensor_dtype(x), [&](THTensor *r) { return THTensor_medianAll(r, x, ignoreNan); });
  return IntoOut2(a, 4, THTensor_dtype(x), TH_Int64, [&](THTensor *v, THTensor *i) { return THTensor_median(v, i, x, dim, keepdim, ignoreNan); });
}

// mode(h, dim, keepdim, outValues, outIndices)
napi_value Mode(napi_env env, napi_callback_info info) {
  Args a(env, info, "mode");
  THTensor *x;
  int64_t dim = -1;
  bool keepdim;
  if (!a.tensor(0, &x, "input") || (!a.isNullish(1) && !a.integer(1, &dim, "dim")) || !a.optBoolean(2, &keepdim, "keepdim")) return nullptr;
  return IntoOut2(a, 3, THTensor_dtype(x), TH_Int64, [&](THTensor *v, THTensor *i) { return THTensor_mode(v, i, x, dim, keepdim); });
}

bool GetString(const Args &a, size_t i, std::string *out, const char *what) {
  size_t len = 0;
  if (napi_get_value_string_utf8(a.env, a.at(i), nullptr, 0, &len) != napi_ok) return a.typeError(what, "a string");
  out->resize(len + 1);
  napi_get_value_string_utf8(a.env, a.at(i), &(*out)[0], len + 1, &len);
  out->resize(len);
  return true;
}

// quantile(h, q (number | handle), dim|null, keepdim, interpolation, ignoreNan, out)
napi_value Quantile(napi_env env, napi_callback_info info) {
  Args a(env, info, "quantile");
  THTensor *x, *qt = nullptr;
  double q = 0;
  int64_t dim = 0;
  bool keepdim, ignoreNan;
  std::string interp = "linear";
  if (!a.optBoolean(5, &ignoreNan, "ignoreNan")) return nullptr;
  if (ignoreNan) a.op = "nanquantile";
  if (!a.tensor(0, &x, "input")) return nullptr;
  napi_valuetype t;
  napi_typeof(env, a.at(1), &t);
  if (t == napi_number) a.number(1, &q, "q");
  else if (!a.tensor(1, &qt, "q")) return nullptr;
  if ((!a.isNullish(2) && !a.integer(2, &dim, "dim")) || !a.optBoolean(3, &keepdim, "keepdim")) return nullptr;
  if (!a.isNullish(4) && !GetString(a, 4, &interp, "interpolation")) return nullptr;
  THQuantileMode mode;
  if (THQuantileMode_fromName(interp.c_str(), &mode)) return ThrowTHError(env), nullptr;
  bool hasDim = !a.isNullish(2);
  return IntoOut(a, 6, THTensor_dtype(x), [&](THTensor *r) {
    return qt ? THTensor_quantile(r, x, qt, hasDim, dim, keepdim, mode, ignoreNan)
              : THTensor_quantileScalar(r, x, q, hasDim, dim, keepdim, mode, ignoreNan);
  });
}

// unique(h, sorted, returnInverse, returnCounts, dim|null, consecutive) -> [output, inverse?, counts?]
napi_value Unique(napi_env env, napi_callback_info info) {
  Args a(env, info, "unique");
  THTensor *x;
  bool sorted = true, inv, counts, consecutive;
  int64_t dim = 0;
  if (!a.optBoolean(5, &consecutive, "consecutive")) return nullptr;
  if (consecutive) a.op = "unique_consecutive";
  if (!a.tensor(0, &x, "input") || (!a.isNullish(1) && !a.boolean(1, &sorted, "sorted")) || !a.optBoolean(2, &inv, "return_inverse") ||
      !a.optBoolean(3, &counts, "return_counts") || (!a.isNullish(4) && !a.integer(4, &dim, "dim")))
    return nullptr;
  bool hasDim = !a.isNullish(4);
  THTensor *ts[3] = {THTensor_new(THTensor_dtype(x)), inv ? THTensor_new(TH_Int64) : nullptr, counts ? THTensor_new(TH_Int64) : nullptr};
  int status = !ts[0] || (inv && !ts[1]) || (counts && !ts[2]) ? TH_ERR
               : consecutive ? THTensor_uniqueConsecutive(ts[0], ts[1], ts[2], x, hasDim, dim)
                             : THTensor_unique(ts[0], ts[1], ts[2], x, sorted, hasDim, dim);
  if (status) {
    for (THTensor *t : ts) THTensor_free(t);
    return ThrowTHError(env), nullptr;
  }
  THTensor *res[3];
  size_t n = 0;
  for (THTensor *t : ts)
    if (t) res[n++] = t;
  return WrapTensors(env, n, res);
}

// searchsorted(seq, values (handle | number), outInt32, right, sorter|null, out)
napi_value Searchsorted(napi_env env, napi_callback_info info) {
  Args a(env, info, "searchsorted");
  THTensor *seq, *sorter = nullptr;
  Operand v;
  bool outInt32, right;
  if (!a.tensor(0, &seq, "sorted_sequence") || !v.get(a, 1, "values") || !a.optBoolean(2, &outInt32, "out_int32") ||
      !a.optBoolean(3, &right, "right") || (!a.isNullish(4) && !a.tensor(4, &sorter, "sorter")))
    return nullptr;
  return IntoOut(a, 5, outInt32 ? TH_Int32 : TH_Int64,
                 [&](THTensor *r) { return THTensor_searchsorted(r, seq, v.t, outInt32, right, sorter); });
}

// bucketize(input (handle | number), boundaries, outInt32, right, out)
napi_value Bucketize(napi_env env, napi_callback_info info) {
  Args a(env, info, "bucketize");
  THTensor *b;
  Operand x;
  bool outInt32, right;
  if (!x.get(a, 0, "input") || !a.tensor(1, &b, "boundaries") || !a.optBoolean(2, &outInt32, "out_int32") || !a.optBoolean(3, &right, "right"))
    return nullptr;
  return IntoOut(a, 4, outInt32 ? TH_Int32 : TH_Int64, [&](THTensor *r) { return THTensor_bucketize(r, x.t, b, outInt32, right); });
}

// histc(h, bins, min, max, out)
napi_value Histc(napi_env env, napi_callback_info info) {
  Args a(env, info, "histc");
  THTensor *x;
  int64_t bins = 100;
  double lo = 0, hi = 0;
  if (!a.tensor(0, &x, "input") || (!a.isNullish(1) && !a.integer(1, &bins, "bins")) || (!a.isNullish(2) && !a.number(2, &lo, "min")) ||
      (!a.isNullish(3) && !a.number(3, &hi, "max")))
    return nullptr;
  return IntoOut(a, 4, THTensor_dtype(x), [&](THTensor *r) { return THTensor_histc(r, x, bins, lo, hi); });
}

// bincount(h, weights|null, minlength)
napi_value Bincount(napi_env env, napi_callback_info info) {
  Args a(env, info, "bincount");
  THTensor *x, *w = nullptr;
  int64_t minlength = 0;
  if (!a.tensor(0, &x, "input") || (!a.isNullish(1) && !a.tensor(1, &w, "weights")) ||
      (!a.isNullish(2) && !a.integer(2, &minlength, "minlength")))
    return nullptr;
  return IntoOut(a, 3, THTensor_bincountResultType(w), [&](THTensor *r) { return THTensor_bincount(r, x, w, minlength); });
}

}  // namespace

const Registrar kSortFunctions({
    {"sort", Sort},           {"argsort", Argsort},     {"topk", Topk},
    {"kthvalue", Kthvalue},   {"median", Median},       {"mode", Mode},
    {"quantile", Quantile},   {"unique", Unique},       {"searchsorted", Searchsorted},
    {"bucketize", Bucketize}, {"histc", Histc},         {"bincount", Bincount},
});

}  // namespace tt
