// Matrix products and friends (THBlas.h): argument conversion only, no math.
#include <string>

#include "convert.h"
#include "ops.h"

namespace tt {
namespace {

// product(kind, a, b, out): 0 mm, 1 matmul, 2 bmm, 3 mv, 4 dot, 5 vdot, 6 outer, 7 kron
napi_value Product(napi_env env, napi_callback_info info) {
  static const char *const names[] = {"mm", "matmul", "bmm", "mv", "dot", "vdot", "outer", "kron"};
  Args a(env, info, "product");
  int64_t kind;
  if (!a.integer(0, &kind, "kind")) return nullptr;
  if (kind < 0 || kind > 7) return a.typeError("kind", "a product kind"), nullptr;
  a.op = names[kind];
  THTensor *x, *y;
  if (!a.tensor(1, &x, "input") || !a.tensor(2, &y, "other")) return nullptr;
  THDType fresh = THTensor_dtype(x);
  if (kind >= 6 && THTensor_binaryResultType(TH_OP_mul, x, y, &fresh)) return ThrowTHError(env), nullptr;
  return IntoOut(a, 3, fresh, [&](THTensor *r) {
    switch (kind) {
      case 0: return THTensor_mm(r, x, y);
      case 1: return THTensor_matmul(r, x, y);
      case 2: return THTensor_bmm(r, x, y);
      case 3: return THTensor_mv(r, x, y);
      case 4: return THTensor_dot(r, x, y);
      case 5: return THTensor_vdot(r, x, y);
      case 6: return THTensor_outer(r, x, y);
      default: return THTensor_kron(r, x, y);
    }
  });
}

// addProduct(kind, self, a, b, beta, alpha, out): 0 addmm, 1 addmv, 2 addr, 3 baddbmm, 4 addbmm
napi_value AddProduct(napi_env env, napi_callback_info info) {
  static const char *const names[] = {"addmm", "addmv", "addr", "baddbmm", "addbmm"};
  Args a(env, info, "addProduct");
  int64_t kind;
  if (!a.integer(0, &kind, "kind")) return nullptr;
  if (kind < 0 || kind > 4) return a.typeError("kind", "a product kind"), nullptr;
  a.op = names[kind];
  THTensor *self, *x, *y;
  double beta = 1, alpha = 1;
  if (!a.tensor(1, &self, "input") || !a.tensor(2, &x, kind == 1 ? "mat" : kind == 2 ? "vec1" : kind == 0 ? "mat1" : "batch1") ||
      !a.tensor(3, &y, kind == 1 ? "vec" : kind == 2 ? "vec2" : kind == 0 ? "mat2" : "batch2"))
    return nullptr;
  if (!a.isNullish(4) && !a.number(4, &beta, "beta")) return nullptr;
  if (!a.isNullish(5) && !a.number(5, &alpha, "alpha")) return nullptr;
  THDType fresh = THTensor_dtype(x);
  if (kind == 2) {  // addr promotes its operands
    const THTensor *ts[3] = {self, x, y};
    fresh = THTensor_resultType(3, ts);
  }
  return IntoOut(a, 6, fresh, [&](THTensor *r) {
    switch (kind) {
      case 0: return THTensor_addmm(r, self, x, y, beta, alpha);
      case 1: return THTensor_addmv(r, self, x, y, beta, alpha);
      case 2: return THTensor_addr(r, self, x, y, beta, alpha);
      case 3: return THTensor_baddbmm(r, self, x, y, beta, alpha);
      default: return THTensor_addbmm(r, self, x, y, beta, alpha);
    }
  });
}

// tensordot(a, b, dimsA, dimsB, out)
napi_value Tensordot(napi_env env, napi_callback_info info) {
  Args a(env, info, "tensordot");
  THTensor *x, *y;
  int na, nb;
  int64_t da[TH_MAX_DIMS], db[TH_MAX_DIMS];
  if (!a.tensor(0, &x, "a") || !a.tensor(1, &y, "b") || !a.intList(2, &na, da, "dims_a") || !a.intList(3, &nb, db, "dims_b"))
    return nullptr;
  if (na != nb) {
    std::string msg = "tensordot: both dimension lists should have same length, but got " + std::to_string(na) + " and " +
                      std::to_string(nb);
    ThrowError(env, msg.c_str());
    return nullptr;
  }
  return IntoOut(a, 4, THTensor_dtype(x), [&](THTensor *r) { return THTensor_tensordot(r, x, y, na, da, db); });
}

// einsum(equation, operands, out)
napi_value Einsum(napi_env env, napi_callback_info info) {
  Args a(env, info, "einsum");
  size_t len = 0;
  if (napi_get_value_string_utf8(env, a.at(0), nullptr, 0, &len) != napi_ok) return a.typeError("equation", "a string"), nullptr;
  std::string eq(len, '\0');
  napi_get_value_string_utf8(env, a.at(0), &eq[0], len + 1, &len);
  std::vector<THTensor *> ops;
  if (!a.tensorList(1, &ops, "operands")) return nullptr;
  THDType fresh = ops.empty() ? TH_Float32 : THTensor_dtype(ops[0]);
  return IntoOut(a, 2, fresh, [&](THTensor *r) {
    return THTensor_einsum(r, eq.c_str(), (int)ops.size(), const_cast<const THTensor *const *>(ops.data()));
  });
}

// triangle(kind, a, diagonal, out): 0 tril, 1 triu, 2 diag
napi_value Triangle(napi_env env, napi_callback_info info) {
  static const char *const names[] = {"tril", "triu", "diag"};
  Args a(env, info, "triangle");
  int64_t kind, k = 0;
  if (!a.integer(0, &kind, "kind")) return nullptr;
  if (kind < 0 || kind > 2) return a.typeError("kind", "0, 1 or 2"), nullptr;
  a.op = names[kind];
  THTensor *x;
  if (!a.tensor(1, &x, "input")) return nullptr;
  if (!a.isNullish(2) && !a.integer(2, &k, "diagonal")) return nullptr;
  return IntoOut(a, 3, THTensor_dtype(x), [&](THTensor *r) {
    return kind == 0 ? THTensor_tril(r, x, k) : kind == 1 ? THTensor_triu(r, x, k) : THTensor_diag(r, x, k);
  });
}

// diagEmbed(a, offset, dim1, dim2, out)
napi_value DiagEmbed(napi_env env, napi_callback_info info) {
  Args a(env, info, "diag_embed");
  THTensor *x;
  int64_t off = 0, d1 = -2, d2 = -1;
  if (!a.tensor(0, &x, "input")) return nullptr;
  if ((!a.isNullish(1) && !a.integer(1, &off, "offset")) || (!a.isNullish(2) && !a.integer(2, &d1, "dim1")) ||
      (!a.isNullish(3) && !a.integer(3, &d2, "dim2")))
    return nullptr;
  return IntoOut(a, 4, THTensor_dtype(x), [&](THTensor *r) { return THTensor_diagEmbed(r, x, off, d1, d2); });
}

// cross(a, b, dim | null, out)
napi_value Cross(napi_env env, napi_callback_info info) {
  Args a(env, info, "cross");
  THTensor *x, *y;
  int64_t dim = -1;
  if (!a.tensor(0, &x, "input") || !a.tensor(1, &y, "other")) return nullptr;
  bool hasDim = !a.isNullish(2);
  if (hasDim && !a.integer(2, &dim, "dim")) return nullptr;
  return IntoOut(a, 3, THTensor_dtype(x), [&](THTensor *r) { return THTensor_cross(r, x, y, hasDim, dim); });
}

// trace(a)
napi_value Trace(napi_env env, napi_callback_info info) {
  Args a(env, info, "trace");
  THTensor *x;
  if (!a.tensor(0, &x, "input")) return nullptr;
  THDType t = THTensor_dtype(x);
  return IntoOut(a, 1, THDType_isIntegral(t, 1) ? TH_Int64 : t, [&](THTensor *r) { return THTensor_trace(r, x); });
}

napi_value SetBlasBackend(napi_env env, napi_callback_info info) {
  Args a(env, info, "setBlasBackend");
  size_t len = 0;
  if (napi_get_value_string_utf8(env, a.at(0), nullptr, 0, &len) != napi_ok) return a.typeError("backend", "'blas' or 'builtin'"), nullptr;
  std::string name(len, '\0');
  napi_get_value_string_utf8(env, a.at(0), &name[0], len + 1, &len);
  if (THBlas_setBackend(name.c_str())) return ThrowTHError(env), nullptr;
  return Undefined(env);
}

napi_value BlasInfo(napi_env env, napi_callback_info) {
  // [buildName, hasLapack, backend in use]
  napi_value arr, s0, s2, b;
  napi_create_array_with_length(env, 3, &arr);
  napi_create_string_utf8(env, THBlas_buildName(), NAPI_AUTO_LENGTH, &s0);
  napi_get_boolean(env, THBlas_hasLapack() != 0, &b);
  napi_create_string_utf8(env, THBlas_backend(), NAPI_AUTO_LENGTH, &s2);
  napi_set_element(env, arr, 0, s0);
  napi_set_element(env, arr, 1, b);
  napi_set_element(env, arr, 2, s2);
  return arr;
}

}  // namespace

const Registrar kBlasFunctions({
    {"product", Product},     {"addProduct", AddProduct}, {"tensordot", Tensordot},
    {"einsum", Einsum},       {"triangle", Triangle},     {"diagEmbed", DiagEmbed},
    {"cross", Cross},         {"trace", Trace},           {"setBlasBackend", SetBlasBackend},
    {"blasInfo", BlasInfo},
});

}  // namespace tt
