// PReLU, RReLU and GLU: prelu(input, output, weight), preluBackward(input, gradOutput, gradInput,
// weight, gradWeight), rrelu(input, output, noise, lower, upper, training, generator),
// rreluBackward(input, gradOutput, gradInput, noise, lower, upper, training), glu(input, output,
// dim), gluBackward(input, gradOutput, gradInput, dim).
#include "generator_handle.h"
#include "thnn_binding.h"

namespace {

using tt::Args;
using thnn::OptionalTensor;

napi_value Prelu(napi_env env, napi_callback_info info) {
  Args a(env, info, "prelu");
  THTensor *input, *output, *weight;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &output, "output") || !a.tensor(2, &weight, "weight")) return nullptr;
  thnn::Check(env, THNN_PReLU_updateOutput(input, output, weight));
  return thnn::Undefined(env);
}

// gradWeight (zeroed by the caller) receives the weight's gradient
napi_value PreluBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "preluBackward");
  THTensor *input, *gradOutput, *gradInput, *weight, *gradWeight;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &gradOutput, "gradOutput") || !a.tensor(2, &gradInput, "gradInput") ||
      !a.tensor(3, &weight, "weight") || !a.tensor(4, &gradWeight, "gradWeight"))
    return nullptr;
  if (thnn::Check(env, THNN_PReLU_updateGradInput(input, gradOutput, gradInput, weight)))
    thnn::Check(env, THNN_PReLU_accGradParameters(input, gradOutput, gradWeight, 1.0));
  return thnn::Undefined(env);
}

napi_value Rrelu(napi_env env, napi_callback_info info) {
  Args a(env, info, "rrelu");
  THTensor *input, *output, *noise;
  double lower, upper;
  bool training;
  THGenerator *gen;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &output, "output") || !OptionalTensor(a, 2, &noise, "noise") ||
      !a.number(3, &lower, "lower") || !a.number(4, &upper, "upper") || !a.boolean(5, &training, "training") ||
      !tt::GeneratorArg(a, 6, &gen))
    return nullptr;
  thnn::Check(env, THNN_RReLU_updateOutput(input, output, noise, lower, upper, training, gen));
  return thnn::Undefined(env);
}

napi_value RreluBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "rreluBackward");
  THTensor *input, *gradOutput, *gradInput, *noise;
  double lower, upper;
  bool training;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &gradOutput, "gradOutput") || !a.tensor(2, &gradInput, "gradInput") ||
      !OptionalTensor(a, 3, &noise, "noise") || !a.number(4, &lower, "lower") || !a.number(5, &upper, "upper") ||
      !a.boolean(6, &training, "training"))
    return nullptr;
  thnn::Check(env, THNN_RReLU_updateGradInput(input, gradOutput, gradInput, noise, lower, upper, training));
  return thnn::Undefined(env);
}

napi_value Glu(napi_env env, napi_callback_info info) {
  Args a(env, info, "glu");
  THTensor *input, *output;
  int64_t dim;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &output, "output") || !a.integer(2, &dim, "dim")) return nullptr;
  thnn::Check(env, THNN_GatedLinear_updateOutput(input, output, dim));
  return thnn::Undefined(env);
}

napi_value GluBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "gluBackward");
  THTensor *input, *gradOutput, *gradInput;
  int64_t dim;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &gradOutput, "gradOutput") || !a.tensor(2, &gradInput, "gradInput") ||
      !a.integer(3, &dim, "dim"))
    return nullptr;
  thnn::Check(env, THNN_GatedLinear_updateGradInput(input, gradOutput, gradInput, dim));
  return thnn::Undefined(env);
}

}  // namespace

void thnn::RegisterActivationExtra(napi_env env, napi_value exports) {
  thnn::SetFunction(env, exports, "prelu", Prelu);
  thnn::SetFunction(env, exports, "preluBackward", PreluBackward);
  thnn::SetFunction(env, exports, "rrelu", Rrelu);
  thnn::SetFunction(env, exports, "rreluBackward", RreluBackward);
  thnn::SetFunction(env, exports, "glu", Glu);
  thnn::SetFunction(env, exports, "gluBackward", GluBackward);
}
