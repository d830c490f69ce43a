// thnn.node: the Node-API glue over libTHNN. Tensors are th.node's handles, unwrapped with th's
// own code (packages/th/binding/handle.cc is compiled into this addon: same type tag, same
// handle layout). Errors are parked in this addon's own slot (handle.h explains why nothing is
// thrown from native code) and thrown by ts/native.ts's guard. Results are tensors the caller
// passes in; libTHNN resizes them. No math here.
#include <string>

#include "args.h"
#include "handle.h"

extern "C" {
#include "THNN/THNN.h"
}

namespace {

using tt::Args;

bool Check(napi_env env, int status) {
  if (status != TH_OK) tt::ThrowTHError(env);
  return status == TH_OK;
}

napi_value Undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

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
  Check(env, THNN_Activation_updateOutput(kind, input, output, given ? p : nullptr));
  return Undefined(env);
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
  Check(env, THNN_Activation_updateGradInput(kind, input, gradOutput, gradInput, given ? p : nullptr));
  return Undefined(env);
}

// softmax(log, input, output, dim)
napi_value Softmax(napi_env env, napi_callback_info info) {
  Args a(env, info, "softmax");
  bool log;
  if (!a.boolean(0, &log, "log")) return nullptr;
  if (log) a.op = "logSoftmax";
  THTensor *input, *output;
  int64_t dim;
  if (!a.tensor(1, &input, "input") || !a.tensor(2, &output, "output") || !a.integer(3, &dim, "dim")) return nullptr;
  Check(env, (log ? THNN_LogSoftmax_updateOutput : THNN_Softmax_updateOutput)(input, output, dim));
  return Undefined(env);
}

// softmaxBackward(log, gradOutput, output, gradInput, dim)
napi_value SoftmaxBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "softmaxBackward");
  bool log;
  if (!a.boolean(0, &log, "log")) return nullptr;
  if (log) a.op = "logSoftmaxBackward";
  THTensor *gradOutput, *output, *gradInput;
  int64_t dim;
  if (!a.tensor(1, &gradOutput, "gradOutput") || !a.tensor(2, &output, "output") || !a.tensor(3, &gradInput, "gradInput") ||
      !a.integer(4, &dim, "dim"))
    return nullptr;
  Check(env, (log ? THNN_LogSoftmax_updateGradInput : THNN_Softmax_updateGradInput)(gradOutput, output, gradInput, dim));
  return Undefined(env);
}

void SetFunction(napi_env env, napi_value exports, const char *name, napi_callback cb) {
  napi_value fn;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, nullptr, &fn);
  napi_set_named_property(env, exports, name, fn);
}

napi_value Init(napi_env env, napi_value exports) {
  if (!tt::InstallErrorSlot(env, exports)) {
    napi_throw_error(env, nullptr, "@typetorch/thnn: could not set up error reporting");
    return exports;
  }
  SetFunction(env, exports, "activation", Activation);
  SetFunction(env, exports, "activationBackward", ActivationBackward);
  SetFunction(env, exports, "softmax", Softmax);
  SetFunction(env, exports, "softmaxBackward", SoftmaxBackward);
  napi_value names, s;
  napi_create_array_with_length(env, THNN_NumActivations, &names);
  for (int k = 0; k < THNN_NumActivations; k++) {
    napi_create_string_utf8(env, THNN_Activation_name((THNNActivation)k), NAPI_AUTO_LENGTH, &s);
    napi_set_element(env, names, (uint32_t)k, s);
  }
  napi_set_named_property(env, exports, "activationNames", names);
  napi_create_string_utf8(env, THNN_version(), NAPI_AUTO_LENGTH, &s);
  napi_set_named_property(env, exports, "version", s);
  return exports;
}

}  // namespace

NAPI_MODULE(thnn, Init)
