// Softmax: softmax(log, input, output, dim), softmaxBackward(log, gradOutput, output, gradInput, dim).
#include "thnn_binding.h"

namespace {

using tt::Args;

// softmax(log, input, output, dim)
napi_value Softmax(napi_env env, napi_callback_info info) {
  Args a(env, info, "softmax");
  bool log;
  if (!a.boolean(0, &log, "log")) return nullptr;
  if (log) a.op = "logSoftmax";
  THTensor *input, *output;
  int64_t dim;
  if (!a.tensor(1, &input, "input") || !a.tensor(2, &output, "output") || !a.integer(3, &dim, "dim")) return nullptr;
  thnn::Check(env, (log ? THNN_LogSoftmax_updateOutput : THNN_Softmax_updateOutput)(input, output, dim));
  return thnn::Undefined(env);
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
  thnn::Check(env, (log ? THNN_LogSoftmax_updateGradInput : THNN_Softmax_updateGradInput)(gradOutput, output, gradInput, dim));
  return thnn::Undefined(env);
}

}  // namespace

void thnn::RegisterSoftmax(napi_env env, napi_value exports) {
  thnn::SetFunction(env, exports, "softmax", Softmax);
  thnn::SetFunction(env, exports, "softmaxBackward", SoftmaxBackward);
}
