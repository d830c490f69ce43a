// Activations: activation(kind, input, output, params), activationBackward(...), activationNames.
#include <string>

#include "thnn_binding.h"

namespace {

using tt::Args;

// The activation kind at argument i (an index into activationNames).
bool Kind(const Args &a, size_t i, THNNActivation *kind) {
  int64_t k;
  if (!a.integer(i, &k, "kind")) return false;
  if (k < 0 || k >= THNN_NumActivations) return a.typeError("kind", "a valid activation kind");
  *kind = (THNNActivation)k;
  return true;
}

// Parameters at argument i: an array of numbers, at most THNN_ACTIVATION_MAX_PARAMS (null: defaults).
bool Params(const Args &a, size_t i, double *p, bool *given) {
  *given = false;
  p[0] = p[1] = p[2] = 0;
  if (a.isNullish(i)) return true;
  bool isArray = false;
  napi_is_array(a.env, a.at(i), &isArray);
  if (!isArray) return a.typeError("params", "an array of numbers");
  uint32_t len;
  napi_get_array_length(a.env, a.at(i), &len);
  if (len > THNN_ACTIVATION_MAX_PARAMS) return a.typeError("params", "an array of at most 3 numbers");
  for (uint32_t k = 0; k < len; k++) {
    napi_value v;
    napi_get_element(a.env, a.at(i), k, &v);
    if (napi_get_value_double(a.env, v, &p[k]) != napi_ok) return a.typeError("params", "an array of numbers");
  }
  *given = true;
  return true;
}

// activation(kind, input, output, params | null)
napi_value Activation(napi_env env, napi_callback_info info) {
  Args a(env, info, "activation");
  THNNActivation kind = THNN_Activation_ReLU;
  if (!Kind(a, 0, &kind)) return nullptr;
  a.op = THNN_Activation_name(kind);
  THTensor *input, *output;
  double p[THNN_ACTIVATION_MAX_PARAMS];
  bool given;
  if (!a.tensor(1, &input, "input") || !a.tensor(2, &output, "output") || !Params(a, 3, p, &given)) return nullptr;
  thnn::Check(env, THNN_Activation_updateOutput(kind, input, output, given ? p : nullptr));
  return thnn::Undefined(env);
}

// activationBackward(kind, input, gradOutput, gradInput, params | null)
napi_value ActivationBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "activationBackward");
  THNNActivation kind = THNN_Activation_ReLU;
  if (!Kind(a, 0, &kind)) return nullptr;
  std::string op = std::string(THNN_Activation_name(kind)) + "Backward";
  a.op = op.c_str();
  THTensor *input, *gradOutput, *gradInput;
  double p[THNN_ACTIVATION_MAX_PARAMS];
  bool given;
  if (!a.tensor(1, &input, "input") || !a.tensor(2, &gradOutput, "gradOutput") || !a.tensor(3, &gradInput, "gradInput") ||
      !Params(a, 4, p, &given))
    return nullptr;
  thnn::Check(env, THNN_Activation_updateGradInput(kind, input, gradOutput, gradInput, given ? p : nullptr));
  return thnn::Undefined(env);
}

}  // namespace

void thnn::RegisterActivation(napi_env env, napi_value exports) {
  thnn::SetFunction(env, exports, "activation", Activation);
  thnn::SetFunction(env, exports, "activationBackward", ActivationBackward);
  napi_value names, s;
  napi_create_array_with_length(env, THNN_NumActivations, &names);
  for (int k = 0; k < THNN_NumActivations; k++) {
    napi_create_string_utf8(env, THNN_Activation_name((THNNActivation)k), NAPI_AUTO_LENGTH, &s);
    napi_set_element(env, names, (uint32_t)k, s);
  }
  napi_set_named_property(env, exports, "activationNames", names);
}
