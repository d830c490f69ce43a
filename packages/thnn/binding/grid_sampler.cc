// Grid sampling (F.grid_sample): gridSampler(input, grid, output, mode, padding, alignCorners),
// gridSamplerBackward(input, grid, gradOutput, gradInput | null, gradGrid, mode, padding, alignCorners).
// mode is a THNNGridSamplerInterpolation, padding a THNNGridSamplerPadding.
#include "thnn_binding.h"

namespace {

using tt::Args;

bool Modes(const Args &a, size_t i, THNNGridSamplerInterpolation *mode, THNNGridSamplerPadding *padding, bool *align) {
  int64_t m, p;
  if (!a.integer(i, &m, "mode") || !a.integer(i + 1, &p, "padding") || !a.boolean(i + 2, align, "alignCorners"))
    return false;
  *mode = (THNNGridSamplerInterpolation)m, *padding = (THNNGridSamplerPadding)p;
  return true;
}

// gridSampler(input, grid, output, mode, padding, alignCorners)
napi_value GridSampler(napi_env env, napi_callback_info info) {
  Args a(env, info, "gridSampler");
  THTensor *input, *grid, *output;
  THNNGridSamplerInterpolation mode;
  THNNGridSamplerPadding padding;
  bool align;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &grid, "grid") || !a.tensor(2, &output, "output") ||
      !Modes(a, 3, &mode, &padding, &align))
    return nullptr;
  thnn::Check(env, THNN_GridSampler_updateOutput(input, grid, output, mode, padding, align));
  return thnn::Undefined(env);
}

// gridSamplerBackward(input, grid, gradOutput, gradInput | null, gradGrid, mode, padding, alignCorners)
napi_value GridSamplerBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "gridSamplerBackward");
  THTensor *input, *grid, *gradOutput, *gradInput, *gradGrid;
  THNNGridSamplerInterpolation mode;
  THNNGridSamplerPadding padding;
  bool align;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &grid, "grid") || !a.tensor(2, &gradOutput, "gradOutput") ||
      !thnn::OptionalTensor(a, 3, &gradInput, "gradInput") || !a.tensor(4, &gradGrid, "gradGrid") ||
      !Modes(a, 5, &mode, &padding, &align))
    return nullptr;
  thnn::Check(env, THNN_GridSampler_updateGradInput(input, grid, gradOutput, gradInput, gradGrid, mode, padding, align));
  return thnn::Undefined(env);
}

}  // namespace

void thnn::RegisterGridSampler(napi_env env, napi_value exports) {
  thnn::SetFunction(env, exports, "gridSampler", GridSampler);
  thnn::SetFunction(env, exports, "gridSamplerBackward", GridSamplerBackward);
}
