// Convolutions, transposed convolutions, fold and unfold. The geometry arrives as per-dim integer
// lists (the TS wrapper expands numbers and 'same'/'valid'); the number of spatial dims is the
// length of stride, and every other list must have as many entries (C reads that many).
//   conv(transposed, input, output, weight, bias?, columns, stride, padding, paddingEnd | outputPadding, dilation, groups)
//   convBackwardInput(transposed, input, gradOutput, gradInput, weight, columns, stride, padding, paddingEnd | outputPadding, dilation, groups)
//   convBackwardParams(transposed, input, gradOutput, gradWeight, gradBias?, columns, stride, padding, paddingEnd | outputPadding, dilation, groups, scale)
//   unfold(input, output, kernelSize, dilation, padding, stride)
//   unfoldBackward(gradOutput, gradInput, inputSize, kernelSize, dilation, padding, stride)
//   fold(input, output, outputSize, kernelSize, dilation, padding, stride)
//   foldBackward(gradOutput, gradInput, kernelSize, dilation, padding, stride)
#include <string>

#include "thnn_binding.h"

namespace {

using tt::Args;

// An integer list of exactly n entries (n < 0: any length from 1 to 3, returned in *n).
bool dimList(const Args &a, size_t i, int *n, int64_t *out, const char *what) {
  int len;
  if (!a.intList(i, &len, out, what)) return false;
  if ((*n < 0 && (len < 1 || len > 3)) || (*n >= 0 && len != *n)) {
    std::string msg = std::string(a.op) + ": expected " + what + " to have " +
                      (*n < 0 ? std::string("1 to 3") : std::to_string(*n)) + " entries, but got " + std::to_string(len);
    tt::ThrowRangeError(a.env, msg.c_str());
    return false;
  }
  *n = len;
  return true;
}

// The geometry lists at i.. : stride, padding, paddingEnd | outputPadding, dilation; then groups.
struct Geometry {
  int nDims = -1;
  int64_t stride[TH_MAX_DIMS], padding[TH_MAX_DIMS], third[TH_MAX_DIMS], dilation[TH_MAX_DIMS];
  int64_t groups = 1;
  bool get(const Args &a, size_t i, bool transposed) {
    return dimList(a, i, &nDims, stride, "stride") && dimList(a, i + 1, &nDims, padding, "padding") &&
           dimList(a, i + 2, &nDims, third, transposed ? "outputPadding" : "paddingEnd") &&
           dimList(a, i + 3, &nDims, dilation, "dilation") && a.integer(i + 4, &groups, "groups");
  }
};

const char *convName(bool transposed) { return transposed ? "convTranspose" : "conv"; }

napi_value Conv(napi_env env, napi_callback_info info) {
  Args a(env, info, "conv");
  bool transposed;
  if (!a.boolean(0, &transposed, "transposed")) return nullptr;
  a.op = convName(transposed);
  THTensor *input, *output, *weight, *bias, *columns;
  Geometry g;
  if (!a.tensor(1, &input, "input") || !a.tensor(2, &output, "output") || !a.tensor(3, &weight, "weight") ||
      !thnn::OptionalTensor(a, 4, &bias, "bias") || !a.tensor(5, &columns, "columns") || !g.get(a, 6, transposed))
    return nullptr;
  thnn::Check(env, transposed ? THNN_ConvolutionTranspose_updateOutput(g.nDims, input, output, weight, bias, columns,
                                                                       g.stride, g.padding, g.third, g.dilation, g.groups)
                              : THNN_Convolution_updateOutput(g.nDims, input, output, weight, bias, columns, g.stride,
                                                              g.padding, g.third, g.dilation, g.groups));
  return thnn::Undefined(env);
}

napi_value ConvBackwardInput(napi_env env, napi_callback_info info) {
  Args a(env, info, "convBackward");
  bool transposed;
  if (!a.boolean(0, &transposed, "transposed")) return nullptr;
  if (transposed) a.op = "convTransposeBackward";
  THTensor *input, *gradOutput, *gradInput, *weight, *columns;
  Geometry g;
  if (!a.tensor(1, &input, "input") || !a.tensor(2, &gradOutput, "gradOutput") || !a.tensor(3, &gradInput, "gradInput") ||
      !a.tensor(4, &weight, "weight") || !a.tensor(5, &columns, "columns") || !g.get(a, 6, transposed))
    return nullptr;
  thnn::Check(env, transposed
                       ? THNN_ConvolutionTranspose_updateGradInput(g.nDims, input, gradOutput, gradInput, weight, columns,
                                                                   g.stride, g.padding, g.third, g.dilation, g.groups)
                       : THNN_Convolution_updateGradInput(g.nDims, input, gradOutput, gradInput, weight, columns, g.stride,
                                                          g.padding, g.third, g.dilation, g.groups));
  return thnn::Undefined(env);
}

napi_value ConvBackwardParams(napi_env env, napi_callback_info info) {
  Args a(env, info, "convBackward");
  bool transposed;
  if (!a.boolean(0, &transposed, "transposed")) return nullptr;
  if (transposed) a.op = "convTransposeBackward";
  THTensor *input, *gradOutput, *gradWeight, *gradBias, *columns;
  Geometry g;
  double scale;
  if (!a.tensor(1, &input, "input") || !a.tensor(2, &gradOutput, "gradOutput") ||
      !a.tensor(3, &gradWeight, "gradWeight") || !thnn::OptionalTensor(a, 4, &gradBias, "gradBias") ||
      !a.tensor(5, &columns, "columns") || !g.get(a, 6, transposed) || !a.number(11, &scale, "scale"))
    return nullptr;
  thnn::Check(env, transposed ? THNN_ConvolutionTranspose_accGradParameters(g.nDims, input, gradOutput, gradWeight,
                                                                            gradBias, columns, g.stride, g.padding,
                                                                            g.third, g.dilation, g.groups, scale)
                              : THNN_Convolution_accGradParameters(g.nDims, input, gradOutput, gradWeight, gradBias,
                                                                   columns, g.stride, g.padding, g.third, g.dilation,
                                                                   g.groups, scale));
  return thnn::Undefined(env);
}

// kernelSize, dilation, padding, stride at i..i+3, two entries each.
struct FoldParams {
  int64_t kernel[TH_MAX_DIMS], dilation[TH_MAX_DIMS], padding[TH_MAX_DIMS], stride[TH_MAX_DIMS];
  bool get(const Args &a, size_t i) {
    int n = 2;
    return dimList(a, i, &n, kernel, "kernelSize") && dimList(a, i + 1, &n, dilation, "dilation") &&
           dimList(a, i + 2, &n, padding, "padding") && dimList(a, i + 3, &n, stride, "stride");
  }
};

napi_value Unfold(napi_env env, napi_callback_info info) {
  Args a(env, info, "unfold");
  THTensor *input, *output;
  FoldParams p;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &output, "output") || !p.get(a, 2)) return nullptr;
  thnn::Check(env, THNN_Im2Col_updateOutput(input, output, p.kernel, p.dilation, p.padding, p.stride));
  return thnn::Undefined(env);
}

napi_value UnfoldBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "unfoldBackward");
  THTensor *gradOutput, *gradInput;
  int64_t size[TH_MAX_DIMS];
  int n = 2;
  FoldParams p;
  if (!a.tensor(0, &gradOutput, "gradOutput") || !a.tensor(1, &gradInput, "gradInput") ||
      !dimList(a, 2, &n, size, "inputSize") || !p.get(a, 3))
    return nullptr;
  thnn::Check(env, THNN_Im2Col_updateGradInput(gradOutput, gradInput, size, p.kernel, p.dilation, p.padding, p.stride));
  return thnn::Undefined(env);
}

napi_value Fold(napi_env env, napi_callback_info info) {
  Args a(env, info, "fold");
  THTensor *input, *output;
  int64_t size[TH_MAX_DIMS];
  int n = 2;
  FoldParams p;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &output, "output") || !dimList(a, 2, &n, size, "outputSize") ||
      !p.get(a, 3))
    return nullptr;
  thnn::Check(env, THNN_Col2Im_updateOutput(input, output, size, p.kernel, p.dilation, p.padding, p.stride));
  return thnn::Undefined(env);
}

napi_value FoldBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "foldBackward");
  THTensor *gradOutput, *gradInput;
  FoldParams p;
  if (!a.tensor(0, &gradOutput, "gradOutput") || !a.tensor(1, &gradInput, "gradInput") || !p.get(a, 2)) return nullptr;
  thnn::Check(env, THNN_Col2Im_updateGradInput(gradOutput, gradInput, p.kernel, p.dilation, p.padding, p.stride));
  return thnn::Undefined(env);
}

}  // namespace

void thnn::RegisterConvolution(napi_env env, napi_value exports) {
  thnn::SetFunction(env, exports, "conv", Conv);
  thnn::SetFunction(env, exports, "convBackwardInput", ConvBackwardInput);
  thnn::SetFunction(env, exports, "convBackwardParams", ConvBackwardParams);
  thnn::SetFunction(env, exports, "unfold", Unfold);
  thnn::SetFunction(env, exports, "unfoldBackward", UnfoldBackward);
  thnn::SetFunction(env, exports, "fold", Fold);
  thnn::SetFunction(env, exports, "foldBackward", FoldBackward);
}
