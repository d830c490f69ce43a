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

// Two results (values and indices, min and max, ...): into the out tensors at outIndex and
// outIndex + 1 (both must be given; that pair is returned as an array), else into fresh tensors of
// dtypes t0 and t1, returned as an array of two handles.
template <typename F>
napi_value IntoOut2(const Args &a, size_t outIndex, THDType t0, THDType t1, F fn) {
  if (!a.isNullish(outIndex) || !a.isNullish(outIndex + 1)) {
    THTensor *r0, *r1;
    if (!a.tensor(outIndex, &r0, "out[0]") || !a.tensor(outIndex + 1, &r1, "out[1]")) return nullptr;
    if (fn(r0, r1)) {
      ThrowTHError(a.env);
      return nullptr;
    }
    napi_value arr;
    napi_create_array_with_length(a.env, 2, &arr);
    napi_set_element(a.env, arr, 0, a.at(outIndex));
    napi_set_element(a.env, arr, 1, a.at(outIndex + 1));
    return arr;
  }
  THTensor *rs[2] = {THTensor_new(t0), THTensor_new(t1)};
  if (!rs[0] || !rs[1] || fn(rs[0], rs[1])) {
    THTensor_free(rs[0]);
    THTensor_free(rs[1]);
    ThrowTHError(a.env);
    return nullptr;
  }
  return WrapTensors(a.env, 2, rs);
}

}  // namespace tt
