// Argument conversion for the binding: JS values to tensors, numbers, dims and shapes.
// Each getter returns false with a pending TypeError naming the argument.
#pragma once
#include <string>
#include <vector>

#include "handle.h"

namespace tt {

struct Args {
  static constexpr size_t kMax = 16;  // the most any binding function takes
  napi_env env;
  const char *op;  // named in error messages; ops chosen by a code argument set it once known
  size_t argc = kMax;
  napi_value argv[kMax];

  Args(napi_env e, napi_callback_info info, const char *opName) : env(e), op(opName) {
    napi_get_cb_info(e, info, &argc, argv, nullptr, nullptr);
    if (argc > kMax) argc = kMax;  // napi reports the count passed, but fills only kMax values
  }

  napi_value at(size_t i) const {
    if (i < argc) return argv[i];
    napi_value u;
    napi_get_undefined(env, &u);
    return u;
  }
  bool isNullish(size_t i) const {
    if (i >= argc) return true;
    napi_valuetype t;
    napi_typeof(env, argv[i], &t);
    return t == napi_undefined || t == napi_null;
  }
  bool typeError(const char *what, const char *expected) const {
    std::string msg = std::string(op) + ": expected " + what + " to be " + expected;
    ThrowTypeError(env, msg.c_str());
    return false;
  }
  bool tensor(size_t i, THTensor **out, const char *what) const {
    *out = UnwrapTensor(env, at(i), what, op);
    return *out != nullptr;
  }
  // A tensor on any device: for functions that only read or make metadata.
  bool anyTensor(size_t i, THTensor **out, const char *what) const {
    *out = UnwrapAnyTensor(env, at(i), what, op);
    return *out != nullptr;
  }
  bool number(size_t i, double *out, const char *what) const {
    *out = 0;
    if (napi_get_value_double(env, at(i), out) != napi_ok) return typeError(what, "a number");
    return true;
  }
  // An integer (dims, indices, sizes): a finite number with no fractional part.
  bool integer(size_t i, int64_t *out, const char *what) const {
    *out = 0;
    double d;
    if (napi_get_value_double(env, at(i), &d) != napi_ok || !(d == d) || d != (double)(int64_t)d)
      return typeError(what, "an integer");
    *out = (int64_t)d;
    return true;
  }
  // An array of integers, at most TH_MAX_DIMS long.
  bool intList(size_t i, int *n, int64_t *out, const char *what) const {
    bool isArray = false;
    napi_is_array(env, at(i), &isArray);
    if (!isArray) return typeError(what, "an array of integers");
    uint32_t len;
    napi_get_array_length(env, at(i), &len);
    if (len > TH_MAX_DIMS) {
 std::string msg = std::string(op) + ": " + what + ": at most " + std::to_string(TH_MAX_DIMS) + " entries are supported, got " + std::to_string(len);
      ThrowRangeError(env, msg.c_str());
      return false;
    }
    for (uint32_t k = 0; k < len; k++) {
      napi_value v;
      double d;
      napi_get_element(env, at(i), k, &v);
      if (napi_get_value_double(env, v, &d) != napi_ok || !(d == d) || d != (double)(int64_t)d) return typeError(what, "an array of integers");
      out[k] = (int64_t)d;
    }
    *n = (int)len;
    return true;
  }
  // A dim or a list of dims: a number gives one entry. (Callers test isNullish first for "all dims".)
  bool intOrList(size_t i, int *n, int64_t *out, const char *what) const {
    napi_valuetype t;
    napi_typeof(env, at(i), &t);
    if (t == napi_number) {
      *n = 1;
      return integer(i, out, what);
    }
    return intList(i, n, out, what);
  }
  bool boolean(size_t i, bool *out, const char *what) const {
    *out = false;
    if (napi_get_value_bool(env, at(i), out) != napi_ok) return typeError(what, "a boolean");
    return true;
  }
  // An optional boolean: false when the argument is null or undefined.
  bool optBoolean(size_t i, bool *out, const char *what) const {
    *out = false;
    return isNullish(i) || boolean(i, out, what);
  }
  // An array of tensor handles (cat, stack, einsum operands, index lists).
  bool tensorList(size_t i, std::vector<THTensor *> *out, const char *what) const {
    bool isArray = false;
    napi_is_array(env, at(i), &isArray);
    if (!isArray) return typeError(what, "an array of tensors");
    uint32_t len;
    napi_get_array_length(env, at(i), &len);
    out->clear();
    for (uint32_t k = 0; k < len; k++) {
      napi_value v;
      napi_get_element(env, at(i), k, &v);
      THTensor *t = UnwrapTensor(env, v, what, op);
      if (!t) return false;
      out->push_back(t);
    }
    return true;
  }
  bool dtype(size_t i, THDType *out) const {
    *out = TH_Float32;
    int64_t d;
    if (!integer(i, &d, "dtype")) return false;
    if (d < 0 || d >= TH_NumDTypes) return typeError("dtype", "a valid dtype");
    *out = (THDType)d;
    return true;
  }
};

// A tensor operand that may also be a JS number (a "wrapped number", owned here).
struct Operand {
  THTensor *t = nullptr;
  bool owned = false;
  ~Operand() {
    if (owned) THTensor_free(t);
  }
  // anyDevice: a device tensor is accepted too (resultType reads only dtypes).
  bool get(const Args &args, size_t i, const char *what, bool anyDevice = false) {
    napi_valuetype type;
    napi_typeof(args.env, args.at(i), &type);
    if (type == napi_number || type == napi_boolean) {
      if (type == napi_boolean) {
        bool b;
        napi_get_value_bool(args.env, args.at(i), &b);
        t = THTensor_newWrappedBool(b);
      } else {
        double v;
        napi_get_value_double(args.env, args.at(i), &v);
        t = THTensor_newWrappedNumber(v);
      }
      owned = true;
      if (!t) ThrowTHError(args.env);
      return t != nullptr;
    }
    return anyDevice ? args.anyTensor(i, &t, what) : args.tensor(i, &t, what);
  }
};

}  // namespace tt
