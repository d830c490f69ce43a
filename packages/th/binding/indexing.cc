// Indexing, gather/scatter, masks, joining and splitting: argument conversion around THIndex.h.
// In-place forms pass self as `out` (r == self). No math here.
#include <vector>

#include "convert.h"
#include "ops.h"

namespace tt {
namespace {

// An array of tensor handles or null/undefined (a full slice), as index_put_'s indices.
bool IndexList(const Args &a, size_t i, std::vector<THTensor *> *out) {
  bool isArray = false;
  napi_is_array(a.env, a.at(i), &isArray);
  if (!isArray) return a.typeError("indices", "an array of tensors or null");
  uint32_t len;
  napi_get_array_length(a.env, a.at(i), &len);
  if (len > TH_MAX_DIMS) {
    ThrowRangeError(a.env, "index: too many indices");
    return false;
  }
  out->clear();
  for (uint32_t k = 0; k < len; k++) {
    napi_value v;
    napi_valuetype type;
    napi_get_element(a.env, a.at(i), k, &v);
    napi_typeof(a.env, v, &type);
    if (type == napi_null || type == napi_undefined) {
      out->push_back(nullptr);
      continue;
    }
    THTensor *t = UnwrapTensor(a.env, v, "index", a.op);
    if (!t) return false;
    out->push_back(t);
  }
  return true;
}

inline napi_value Fail(napi_env env) {
  ThrowTHError(env);
  return nullptr;
}

// index(self, indices, out)
napi_value Index(napi_env env, napi_callback_info info) {
  Args a(env, info, "index");
  THTensor *x;
  std::vector<THTensor *> idx;
  if (!a.tensor(0, &x, "input") || !IndexList(a, 1, &idx)) return nullptr;
  return IntoOut(a, 2, THTensor_dtype(x), [&](THTensor *r) { return THTensor_index(r, x, (int)idx.size(), idx.data()); });
}

// indexPut(self, indices, values, accumulate)
napi_value IndexPut(napi_env env, napi_callback_info info) {
  Args a(env, info, "index_put_");
  THTensor *x;
  std::vector<THTensor *> idx;
  Operand v;
  bool acc = false;
  if (!a.tensor(0, &x, "input") || !IndexList(a, 1, &idx) || !v.get(a, 2, "values")) return nullptr;
  if (!a.isNullish(3) && !a.boolean(3, &acc, "accumulate")) return nullptr;
  if (THTensor_indexPut(x, (int)idx.size(), idx.data(), v.t, acc ? 1 : 0)) return Fail(env);
  return a.at(0);
}

// indexSelect(self, dim, index, out)
napi_value IndexSelect(napi_env env, napi_callback_info info) {
  Args a(env, info, "index_select");
  THTensor *x, *idx;
  int64_t dim;
  if (!a.tensor(0, &x, "input") || !a.integer(1, &dim, "dim") || !a.tensor(2, &idx, "index")) return nullptr;
  return IntoOut(a, 3, THTensor_dtype(x), [&](THTensor *r) { return THTensor_indexSelect(r, x, dim, idx); });
}

// indexUpdate(kind, self, dim, index, source|value, alpha, out): kind 0 add, 1 copy, 2 fill
napi_value IndexUpdate(napi_env env, napi_callback_info info) {
  static const char *const names[] = {"index_add", "index_copy", "index_fill"};
  Args a(env, info, "index_add");
  int64_t kind, dim;
  THTensor *x, *idx;
  Operand src;
  double alpha = 1;
  if (!a.integer(0, &kind, "kind") || kind < 0 || kind > 2) return a.typeError("kind", "0, 1 or 2"), nullptr;
  a.op = names[kind];
  if (!a.tensor(1, &x, "input") || !a.integer(2, &dim, "dim") || !a.tensor(3, &idx, "index")) return nullptr;
  if (!src.get(a, 4, kind == 2 ? "value" : "source")) return nullptr;
  if (!a.isNullish(5) && !a.number(5, &alpha, "alpha")) return nullptr;
  return IntoOut(a, 6, THTensor_dtype(x), [&](THTensor *r) {
    switch (kind) {
      case 0: return THTensor_indexAdd(r, x, dim, idx, src.t, alpha);
      case 1: return THTensor_indexCopy(r, x, dim, idx, src.t);
      default: return THTensor_indexFill(r, x, dim, idx, src.t);
    }
  });
}

// gather(self, dim, index, out)
napi_value Gather(napi_env env, napi_callback_info info) {
  Args a(env, info, "gather");
  THTensor *x, *idx;
  int64_t dim;
  if (!a.tensor(0, &x, "input") || !a.integer(1, &dim, "dim") || !a.tensor(2, &idx, "index")) return nullptr;
  return IntoOut(a, 3, THTensor_dtype(x), [&](THTensor *r) { return THTensor_gather(r, x, dim, idx); });
}

// scatter(self, dim, index, src|number, reduce (0 none, 1 add, 2 multiply), out)
napi_value Scatter(napi_env env, napi_callback_info info) {
  Args a(env, info, "scatter");
  THTensor *x, *idx;
  int64_t dim, reduce = 0;
  if (!a.tensor(0, &x, "input") || !a.integer(1, &dim, "dim") || !a.tensor(2, &idx, "index")) return nullptr;
  napi_valuetype type;
  napi_typeof(env, a.at(3), &type);
  THTensor *src = nullptr;
  double value = 0;
  if (type == napi_number) a.number(3, &value, "value");
  else if (type == napi_boolean) {
    bool b;
    a.boolean(3, &b, "value");
    value = b;
  } else if (!a.tensor(3, &src, "src")) return nullptr;
  if (!a.isNullish(4) && !a.integer(4, &reduce, "reduce")) return nullptr;
  return IntoOut(a, 5, THTensor_dtype(x), [&](THTensor *r) { return THTensor_scatter(r, x, dim, idx, src, value, (THScatterReduce)reduce); });
}

// scatterReduce(self, dim, index, src, reduce (1 sum .. 5 amin), includeSelf, out)
napi_value ScatterReduce(napi_env env, napi_callback_info info) {
  Args a(env, info, "scatter_reduce");
  THTensor *x, *idx, *src;
  int64_t dim, reduce;
  bool includeSelf = true;
  if (!a.tensor(0, &x, "input") || !a.integer(1, &dim, "dim") || !a.tensor(2, &idx, "index") || !a.tensor(3, &src, "src") ||
      !a.integer(4, &reduce, "reduce"))
    return nullptr;
  if (!a.isNullish(5) && !a.boolean(5, &includeSelf, "include_self")) return nullptr;
  return IntoOut(a, 6, THTensor_dtype(x), [&](THTensor *r) {
    return THTensor_scatterReduce(r, x, dim, idx, src, (THScatterReduce)reduce, includeSelf ? 1 : 0);
  });
}

// take(self, index, out)
napi_value Take(napi_env env, napi_callback_info info) {
  Args a(env, info, "take");
  THTensor *x, *idx;
  if (!a.tensor(0, &x, "input") || !a.tensor(1, &idx, "index")) return nullptr;
  return IntoOut(a, 2, THTensor_dtype(x), [&](THTensor *r) { return THTensor_take(r, x, idx); });
}

// put(self, index, source, accumulate, out)
napi_value Put(napi_env env, napi_callback_info info) {
  Args a(env, info, "put");
  THTensor *x, *idx, *src;
  bool acc = false;
  if (!a.tensor(0, &x, "input") || !a.tensor(1, &idx, "index") || !a.tensor(2, &src, "source")) return nullptr;
  if (!a.isNullish(3) && !a.boolean(3, &acc, "accumulate")) return nullptr;
  return IntoOut(a, 4, THTensor_dtype(x), [&](THTensor *r) { return THTensor_put(r, x, idx, src, acc ? 1 : 0); });
}

// masked(kind, self, mask, value|source, out): kind 0 fill, 1 select, 2 scatter
napi_value Masked(napi_env env, napi_callback_info info) {
  static const char *const names[] = {"masked_fill", "masked_select", "masked_scatter"};
  Args a(env, info, "masked_fill");
  int64_t kind;
  THTensor *x, *mask;
  Operand v;
  if (!a.integer(0, &kind, "kind") || kind < 0 || kind > 2) return a.typeError("kind", "0, 1 or 2"), nullptr;
  a.op = names[kind];
  if (!a.tensor(1, &x, "input") || !a.tensor(2, &mask, "mask")) return nullptr;
  if (kind != 1 && !v.get(a, 3, kind == 0 ? "value" : "source")) return nullptr;
  return IntoOut(a, 4, THTensor_dtype(x), [&](THTensor *r) {
    switch (kind) {
      case 0: return THTensor_maskedFill(r, x, mask, v.t);
      case 1: return THTensor_maskedSelect(r, x, mask);
      default: return THTensor_maskedScatter(r, x, mask, v.t);
    }
  });
}

// nonzero(self, out)
napi_value Nonzero(napi_env env, napi_callback_info info) {
  Args a(env, info, "nonzero");
  THTensor *x;
  if (!a.tensor(0, &x, "input")) return nullptr;
  return IntoOut(a, 1, TH_Int64, [&](THTensor *r) { return THTensor_nonzero(r, x); });
}

// join(kind, tensors, dim, out): kind 0 cat, 1 stack
napi_value Join(napi_env env, napi_callback_info info) {
  Args a(env, info, "cat");
  int64_t kind, dim = 0;
  std::vector<THTensor *> ts;
  if (!a.integer(0, &kind, "kind")) return nullptr;
  a.op = kind == 1 ? "stack" : "cat";
  if (!a.tensorList(1, &ts, "tensors")) return nullptr;
  if (!a.isNullish(2) && !a.integer(2, &dim, "dim")) return nullptr;
  THDType rt = THTensor_catResultType((int)ts.size(), ts.data());
  return IntoOut(a, 3, rt, [&](THTensor *r) {
    return kind == 1 ? THTensor_stack(r, (int)ts.size(), ts.data(), dim) : THTensor_cat(r, (int)ts.size(), ts.data(), dim);
  });
}

// reorder(kind, self, a, b, c, out): 0 flip(dims), 1 roll(shifts, dims), 2 rot90(k, dims), 3 repeat(reps),
// 4 narrowCopy(dim, start, length)
napi_value Reorder(napi_env env, napi_callback_info info) {
  static const char *const names[] = {"flip", "roll", "rot90", "repeat", "narrow_copy"};
  Args a(env, info, "flip");
  int64_t kind;
  THTensor *x;
  int n = 0, m = 0;
  int64_t l1[TH_MAX_DIMS], l2[TH_MAX_DIMS], i0 = 0, i1 = 0, i2 = 0;
  if (!a.integer(0, &kind, "kind") || kind < 0 || kind > 4) return a.typeError("kind", "0 to 4"), nullptr;
  a.op = names[kind];
  if (!a.tensor(1, &x, "input")) return nullptr;
  switch (kind) {
    case 0:
      if (!a.intOrList(2, &n, l1, "dims")) return nullptr;
      break;
    case 1:
      if (!a.intOrList(2, &n, l1, "shifts")) return nullptr;
      if (!a.isNullish(3) && !a.intOrList(3, &m, l2, "dims")) return nullptr;
      break;
    case 2:
      if (!a.integer(2, &i0, "k") || !a.intList(3, &n, l1, "dims")) return nullptr;
      if (n != 2) {
        std::string msg = "expected total rotation dims == 2, but got dims = " + std::to_string(n);
        ThrowError(env, msg.c_str());
        return nullptr;
      }
      break;
    case 3:
      if (!a.intList(2, &n, l1, "repeats")) return nullptr;
      break;
    default:
      if (!a.integer(2, &i0, "dim") || !a.integer(3, &i1, "start") || !a.integer(4, &i2, "length")) return nullptr;
  }
  return IntoOut(a, 5, THTensor_dtype(x), [&](THTensor *r) {
    switch (kind) {
      case 0: return THTensor_flip(r, x, n, l1);
      case 1: return THTensor_roll(r, x, n, l1, m, l2);
      case 2: return THTensor_rot90(r, x, i0, l1[0], l1[1]);
      case 3: return THTensor_repeat(r, x, n, l1);
      default: return THTensor_narrowCopy(r, x, i0, i1, i2);
    }
  });
}

// repeatInterleave(self|null, repeats (tensor or integer), dim|null, out)
napi_value RepeatInterleave(napi_env env, napi_callback_info info) {
  Args a(env, info, "repeat_interleave");
  THTensor *x = nullptr, *rep = nullptr;
  int64_t dim = 0;
  if (!a.isNullish(0) && !a.tensor(0, &x, "input")) return nullptr;
  napi_valuetype type;
  napi_typeof(env, a.at(1), &type);
  THTensor *owned = nullptr;
  if (type == napi_number) {
    int64_t v;
    if (!a.integer(1, &v, "repeats")) return nullptr;
    owned = rep = THTensor_newScalar(TH_Int64, (double)v);
    if (!rep) return Fail(env);
  } else if (!a.tensor(1, &rep, "repeats")) {
    return nullptr;
  }
  bool hasDim = !a.isNullish(2);
  if (hasDim && !a.integer(2, &dim, "dim")) {
    THTensor_free(owned);
    return nullptr;
  }
  napi_value result =
      IntoOut(a, 3, x ? THTensor_dtype(x) : TH_Int64, [&](THTensor *r) { return THTensor_repeatInterleave(r, x, rep, hasDim ? 1 : 0, dim); });
  THTensor_free(owned);
  return result;
}

// splitViews(kind, self, arg, dim): 0 split(size), 1 split(sizes), 2 chunk(n), 3 tensorSplit(sections),
// 4 tensorSplit(indices), 5 unbind
napi_value SplitViews(napi_env env, napi_callback_info info) {
  static const char *const names[] = {"split", "split_with_sizes", "chunk", "tensor_split", "tensor_split", "unbind"};
  Args a(env, info, "split");
  int64_t kind, k = 0, dim = 0;
  THTensor *x;
  int n = 0;
  std::vector<int64_t> list;
  if (!a.integer(0, &kind, "kind") || kind < 0 || kind > 5) return a.typeError("kind", "0 to 5"), nullptr;
  a.op = names[kind];
  if (!a.tensor(1, &x, "input")) return nullptr;
  if (kind == 1 || kind == 4) {
    bool isArray = false;
    napi_is_array(env, a.at(2), &isArray);
    if (!isArray) return a.typeError(kind == 1 ? "split_sizes" : "indices", "an array of integers"), nullptr;
    uint32_t len;
    napi_get_array_length(env, a.at(2), &len);
    for (uint32_t i = 0; i < len; i++) {
      napi_value v;
      double d;
      napi_get_element(env, a.at(2), i, &v);
      if (napi_get_value_double(env, v, &d) != napi_ok || d != (double)(int64_t)d)
        return a.typeError(kind == 1 ? "split_sizes" : "indices", "an array of integers"), nullptr;
      list.push_back((int64_t)d);
    }
    n = (int)len;
  } else if (kind != 5 && !a.integer(2, &k, kind == 0 ? "split_size" : kind == 2 ? "chunks" : "sections")) {
    return nullptr;
  }
  if (!a.isNullish(3) && !a.integer(3, &dim, "dim")) return nullptr;
  auto call = [&](THTensor **out, int cap, int *count) {
    switch (kind) {
      case 0: return THTensor_split(x, k, dim, out, cap, count);
      case 1: return THTensor_splitWithSizes(x, n, list.data(), dim, out, cap, count);
      case 2: return THTensor_chunk(x, k, dim, out, cap, count);
      case 3: return THTensor_tensorSplit(x, k, dim, out, cap, count);
      case 4: return THTensor_tensorSplitIndices(x, n, list.data(), dim, out, cap, count);
      default: return THTensor_unbind(x, dim, out, cap, count);
    }
  };
  int count = 0;
  if (call(nullptr, 0, &count)) return Fail(env);
  std::vector<THTensor *> views((size_t)count);
  int got = 0;
  if (call(views.data(), count, &got)) return Fail(env);
  return WrapTensors(env, views.size(), views.data());
}

}  // namespace

const Registrar kIndexFunctions({
    {"ixIndex", Index},
    {"ixIndexPut", IndexPut},
    {"ixIndexSelect", IndexSelect},
    {"ixIndexUpdate", IndexUpdate},
    {"ixGather", Gather},
    {"ixScatter", Scatter},
    {"ixScatterReduce", ScatterReduce},
    {"ixTake", Take},
    {"ixPut", Put},
    {"ixMasked", Masked},
    {"ixNonzero", Nonzero},
    {"ixJoin", Join},
    {"ixReorder", Reorder},
    {"ixRepeatInterleave", RepeatInterleave},
    {"ixSplitViews", SplitViews},
});

}  // namespace tt
