// Normalization: batch, instance, layer, group and local response norm (forward and backward).
// Optional tensors (weight, bias, running stats, unwanted gradients) are null/undefined.
// Backward callbacks pass scale = 1 (the TS layer hands in zeroed gradWeight / gradBias).
#include "thnn_binding.h"

namespace {

using tt::Args;
using thnn::OptionalTensor;

using BatchForward = int (*)(const THTensor *, THTensor *, const THTensor *, const THTensor *, THTensor *, THTensor *,
                             THTensor *, THTensor *, int, double, double);
using BatchBackward = int (*)(const THTensor *, const THTensor *, THTensor *, THTensor *, THTensor *, const THTensor *,
                              const THTensor *, const THTensor *, const THTensor *, const THTensor *, int, double,
                              double);

// (input, output, weight, bias, runningMean, runningVar, saveMean, saveInvstd, useInputStats, momentum, eps)
napi_value BatchOrInstance(napi_env env, napi_callback_info info, const char *op, BatchForward fn) {
  Args a(env, info, op);
  THTensor *input, *output, *weight, *bias, *rm, *rv, *saveMean, *saveInvstd;
  bool stats;
  double momentum, eps;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &output, "output") || !OptionalTensor(a, 2, &weight, "weight") ||
      !OptionalTensor(a, 3, &bias, "bias") || !OptionalTensor(a, 4, &rm, "runningMean") ||
      !OptionalTensor(a, 5, &rv, "runningVar") || !a.tensor(6, &saveMean, "saveMean") ||
      !a.tensor(7, &saveInvstd, "saveInvstd") || !a.boolean(8, &stats, "training") ||
      !a.number(9, &momentum, "momentum") || !a.number(10, &eps, "eps"))
    return nullptr;
  thnn::Check(env, fn(input, output, weight, bias, rm, rv, saveMean, saveInvstd, stats, momentum, eps));
  return thnn::Undefined(env);
}

// (input, gradOutput, gradInput, gradWeight, gradBias, weight, runningMean, runningVar, saveMean, saveInvstd,
//  useInputStats, eps)
napi_value BatchOrInstanceBackward(napi_env env, napi_callback_info info, const char *op, BatchBackward fn) {
  Args a(env, info, op);
  THTensor *input, *gradOutput, *gradInput, *gradWeight, *gradBias, *weight, *rm, *rv, *saveMean, *saveInvstd;
  bool stats;
  double eps;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &gradOutput, "gradOutput") ||
      !OptionalTensor(a, 2, &gradInput, "gradInput") || !OptionalTensor(a, 3, &gradWeight, "gradWeight") ||
      !OptionalTensor(a, 4, &gradBias, "gradBias") || !OptionalTensor(a, 5, &weight, "weight") ||
      !OptionalTensor(a, 6, &rm, "runningMean") || !OptionalTensor(a, 7, &rv, "runningVar") ||
      !OptionalTensor(a, 8, &saveMean, "saveMean") || !OptionalTensor(a, 9, &saveInvstd, "saveInvstd") ||
      !a.boolean(10, &stats, "training") || !a.number(11, &eps, "eps"))
    return nullptr;
  thnn::Check(env, fn(input, gradOutput, gradInput, gradWeight, gradBias, weight, rm, rv, saveMean, saveInvstd, stats,
                      eps, 1.0));
  return thnn::Undefined(env);
}

napi_value BatchNorm(napi_env env, napi_callback_info info) {
  return BatchOrInstance(env, info, "batchNorm", THNN_BatchNorm_updateOutput);
}
napi_value BatchNormBackward(napi_env env, napi_callback_info info) {
  return BatchOrInstanceBackward(env, info, "batchNormBackward", THNN_BatchNorm_backward);
}
napi_value InstanceNorm(napi_env env, napi_callback_info info) {
  return BatchOrInstance(env, info, "instanceNorm", THNN_InstanceNorm_updateOutput);
}
napi_value InstanceNormBackward(napi_env env, napi_callback_info info) {
  return BatchOrInstanceBackward(env, info, "instanceNormBackward", THNN_InstanceNorm_backward);
}

// layerNorm(input, output, weight, bias, saveMean, saveRstd, normalizedShape, eps)
napi_value LayerNorm(napi_env env, napi_callback_info info) {
  Args a(env, info, "layerNorm");
  THTensor *input, *output, *weight, *bias, *saveMean, *saveRstd;
  int n;
  int64_t shape[TH_MAX_DIMS];
  double eps;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &output, "output") || !OptionalTensor(a, 2, &weight, "weight") ||
      !OptionalTensor(a, 3, &bias, "bias") || !a.tensor(4, &saveMean, "saveMean") ||
      !a.tensor(5, &saveRstd, "saveRstd") || !a.intList(6, &n, shape, "normalizedShape") || !a.number(7, &eps, "eps"))
    return nullptr;
  thnn::Check(env, THNN_LayerNorm_updateOutput(input, output, weight, bias, saveMean, saveRstd, n, shape, eps));
  return thnn::Undefined(env);
}

// layerNormBackward(input, gradOutput, gradInput, gradWeight, gradBias, weight, saveMean, saveRstd, normalizedShape)
napi_value LayerNormBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "layerNormBackward");
  THTensor *input, *gradOutput, *gradInput, *gradWeight, *gradBias, *weight, *saveMean, *saveRstd;
  int n;
  int64_t shape[TH_MAX_DIMS];
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &gradOutput, "gradOutput") ||
      !OptionalTensor(a, 2, &gradInput, "gradInput") || !OptionalTensor(a, 3, &gradWeight, "gradWeight") ||
      !OptionalTensor(a, 4, &gradBias, "gradBias") || !OptionalTensor(a, 5, &weight, "weight") ||
      !a.tensor(6, &saveMean, "saveMean") || !a.tensor(7, &saveRstd, "saveRstd") ||
      !a.intList(8, &n, shape, "normalizedShape"))
    return nullptr;
  thnn::Check(env, THNN_LayerNorm_backward(input, gradOutput, gradInput, gradWeight, gradBias, weight, saveMean,
                                           saveRstd, n, shape, 1.0));
  return thnn::Undefined(env);
}

// groupNorm(input, output, weight, bias, saveMean, saveRstd, numGroups, eps)
napi_value GroupNorm(napi_env env, napi_callback_info info) {
  Args a(env, info, "groupNorm");
  THTensor *input, *output, *weight, *bias, *saveMean, *saveRstd;
  int64_t groups;
  double eps;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &output, "output") || !OptionalTensor(a, 2, &weight, "weight") ||
      !OptionalTensor(a, 3, &bias, "bias") || !a.tensor(4, &saveMean, "saveMean") ||
      !a.tensor(5, &saveRstd, "saveRstd") || !a.integer(6, &groups, "numGroups") || !a.number(7, &eps, "eps"))
    return nullptr;
  thnn::Check(env, THNN_GroupNorm_updateOutput(input, output, weight, bias, saveMean, saveRstd, groups, eps));
  return thnn::Undefined(env);
}

// groupNormBackward(input, gradOutput, gradInput, gradWeight, gradBias, weight, saveMean, saveRstd, numGroups)
napi_value GroupNormBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "groupNormBackward");
  THTensor *input, *gradOutput, *gradInput, *gradWeight, *gradBias, *weight, *saveMean, *saveRstd;
  int64_t groups;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &gradOutput, "gradOutput") ||
      !OptionalTensor(a, 2, &gradInput, "gradInput") || !OptionalTensor(a, 3, &gradWeight, "gradWeight") ||
      !OptionalTensor(a, 4, &gradBias, "gradBias") || !OptionalTensor(a, 5, &weight, "weight") ||
      !a.tensor(6, &saveMean, "saveMean") || !a.tensor(7, &saveRstd, "saveRstd") ||
      !a.integer(8, &groups, "numGroups"))
    return nullptr;
  thnn::Check(env, THNN_GroupNorm_backward(input, gradOutput, gradInput, gradWeight, gradBias, weight, saveMean,
                                           saveRstd, groups, 1.0));
  return thnn::Undefined(env);
}

// localResponseNorm(input, output, size, alpha, beta, k)
napi_value LocalResponseNorm(napi_env env, napi_callback_info info) {
  Args a(env, info, "localResponseNorm");
  THTensor *input, *output;
  int64_t size;
  double alpha, beta, k;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &output, "output") || !a.integer(2, &size, "size") ||
      !a.number(3, &alpha, "alpha") || !a.number(4, &beta, "beta") || !a.number(5, &k, "k"))
    return nullptr;
  thnn::Check(env, THNN_LocalResponseNorm_updateOutput(input, output, size, alpha, beta, k));
  return thnn::Undefined(env);
}

// localResponseNormBackward(input, gradOutput, gradInput, size, alpha, beta, k)
napi_value LocalResponseNormBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "localResponseNormBackward");
  THTensor *input, *gradOutput, *gradInput;
  int64_t size;
  double alpha, beta, k;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &gradOutput, "gradOutput") || !a.tensor(2, &gradInput, "gradInput") ||
      !a.integer(3, &size, "size") || !a.number(4, &alpha, "alpha") || !a.number(5, &beta, "beta") ||
      !a.number(6, &k, "k"))
    return nullptr;
  thnn::Check(env, THNN_LocalResponseNorm_updateGradInput(input, gradOutput, gradInput, size, alpha, beta, k));
  return thnn::Undefined(env);
}

}  // namespace

void thnn::RegisterNormalization(napi_env env, napi_value exports) {
  thnn::SetFunction(env, exports, "batchNorm", BatchNorm);
  thnn::SetFunction(env, exports, "batchNormBackward", BatchNormBackward);
  thnn::SetFunction(env, exports, "instanceNorm", InstanceNorm);
  thnn::SetFunction(env, exports, "instanceNormBackward", InstanceNormBackward);
  thnn::SetFunction(env, exports, "layerNorm", LayerNorm);
  thnn::SetFunction(env, exports, "layerNormBackward", LayerNormBackward);
  thnn::SetFunction(env, exports, "groupNorm", GroupNorm);
  thnn::SetFunction(env, exports, "groupNormBackward", GroupNormBackward);
  thnn::SetFunction(env, exports, "localResponseNorm", LocalResponseNorm);
  thnn::SetFunction(env, exports, "localResponseNormBackward", LocalResponseNormBackward);
}
