// Results back to JS, shared by every binding file: numbers, int arrays, tensors, out= handling.
#pragma once
#include <vector>

#include "args.h"

namespace tt {

inline napi_value Undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

inline napi_value Number(napi_env env, double v) {
  napi_value r;
  napi_create_double(env, v, &r);
  return r;
}

inline napi_value IntArray(napi_env env, int n, const int64_t *v) {
  napi_value arr;
  napi_create_array_with_length(env, (size_t)n, &arr);
  for (int i = 0; i < n; i++) napi_set_element(env, arr, (uint32_t)i, Number(env, (double)v[i]));
  return arr;
}

// A JS array of handles for owned tensors (multi-result ops: values and indices, split, ...).
// Takes over every reference, also on failure; returns nullptr with a pending exception then.
inline napi_value WrapTensors(napi_env env, size_t n, THTensor *const *ts) {
  napi_value arr;
  napi_create_array_with_length(env, n, &arr);
  bool ok = true;
  for (size_t i = 0; i < n; i++) {
    if (!ok) {
      THTensor_free(ts[i]);
      continue;
    }
    napi_value h = WrapTensor(env, ts[i]);
    if (!h) ok = false;
    else napi_set_element(env, arr, (uint32_t)i, h);
  }
  return ok ? arr : nullptr;
}

// Runs fn(r) into the `out` argument when one is given, else into a fresh tensor of dtype `fresh`.
template <typename F>
napi_value IntoOut(const Args &a, size_t outIndex, THDType fresh, F fn) {
  if (!a.isNullish(outIndex)) {
    THTensor *r;
    if (!a.tensor(outIndex, &r, "out")) return nullptr;
    if (fn(r)) {
      ThrowTHError(a.env);
      return nullptr;
    }
    return a.at(outIndex);
  }
  THTensor *r = THTensor_new(fresh);
  if (!r || fn(r)) {
    THTensor_free(r);
    ThrowTHError(a.env);
    return nullptr;
  }
  return WrapTensor(a.env, r);
}

}  // namespace tt
