// Pooling: max, average, adaptive, fractional max pooling and max unpooling, forward and backward.
// Every callback takes nDims (1-3) first; per-dim arguments are arrays of nDims integers (the TS
// wrapper expands single numbers).
#include <string>

#include "thnn_binding.h"

namespace {

using tt::Args;

bool NDims(const Args &a, size_t i, int *nDims) {
  int64_t n;
  if (!a.integer(i, &n, "nDims")) return false;
  if (n < 1 || n > 3) return a.typeError("nDims", "1, 2 or 3");
  *nDims = (int)n;
  return true;
}

// An array of exactly nDims integers.
bool PerDim(const Args &a, size_t i, int nDims, int64_t *out, const char *what) {
  int n;
  if (!a.intList(i, &n, out, what)) return false;
  if (n != nDims) return a.typeError(what, (std::string("an array of ") + std::to_string(nDims) + " integers").c_str());
  return true;
}

// The geometry of a sliding-window pooling: kernel, stride, padding at i, i + 1, i + 2.
struct Sliding {
  int64_t kernel[3], stride[3], padding[3];
  bool parse(const Args &a, size_t i, int nDims) {
    return PerDim(a, i, nDims, kernel, "kernelSize") && PerDim(a, i + 1, nDims, stride, "stride") &&
           PerDim(a, i + 2, nDims, padding, "padding");
  }
};

// maxPool(nDims, input, output, indices | null, kernel, stride, padding, dilation, ceilMode)
napi_value MaxPool(napi_env env, napi_callback_info info) {
  Args a(env, info, "maxPool");
  int nDims;
  THTensor *input, *output, *indices;
  Sliding g;
  int64_t dilation[3];
  bool ceilMode;
  if (!NDims(a, 0, &nDims) || !a.tensor(1, &input, "input") || !a.tensor(2, &output, "output") ||
      !thnn::OptionalTensor(a, 3, &indices, "indices") || !g.parse(a, 4, nDims) ||
      !PerDim(a, 7, nDims, dilation, "dilation") || !a.boolean(8, &ceilMode, "ceilMode"))
    return nullptr;
  thnn::Check(env, THNN_MaxPool_updateOutput(nDims, input, output, indices, g.kernel, g.stride, g.padding, dilation,
                                             ceilMode));
  return thnn::Undefined(env);
}

// maxPoolBackward(nDims, input, gradOutput, gradInput, indices, kernel, stride, padding, dilation, ceilMode)
napi_value MaxPoolBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "maxPoolBackward");
  int nDims;
  THTensor *input, *gradOutput, *gradInput, *indices;
  Sliding g;
  int64_t dilation[3];
  bool ceilMode;
  if (!NDims(a, 0, &nDims) || !a.tensor(1, &input, "input") || !a.tensor(2, &gradOutput, "gradOutput") ||
      !a.tensor(3, &gradInput, "gradInput") || !a.tensor(4, &indices, "indices") || !g.parse(a, 5, nDims) ||
      !PerDim(a, 8, nDims, dilation, "dilation") || !a.boolean(9, &ceilMode, "ceilMode"))
    return nullptr;
  thnn::Check(env, THNN_MaxPool_updateGradInput(nDims, input, gradOutput, gradInput, indices, g.kernel, g.stride,
                                                g.padding, dilation, ceilMode));
  return thnn::Undefined(env);
}

// The average pooling flags at i, i + 1 and the divisor (null: none) at i + 2.
struct AvgFlags {
  bool ceilMode, countIncludePad, hasDivisor = false;
  int64_t divisor = 0;
  bool parse(const Args &a, size_t i) {
    if (!a.boolean(i, &ceilMode, "ceilMode") || !a.boolean(i + 1, &countIncludePad, "countIncludePad")) return false;
    hasDivisor = !a.isNullish(i + 2);
    return !hasDivisor || a.integer(i + 2, &divisor, "divisorOverride");
  }
  const int64_t *divisorOverride() const { return hasDivisor ? &divisor : nullptr; }
};

// avgPool(nDims, input, output, kernel, stride, padding, ceilMode, countIncludePad, divisorOverride | null)
napi_value AvgPool(napi_env env, napi_callback_info info) {
  Args a(env, info, "avgPool");
  int nDims;
  THTensor *input, *output;
  Sliding g;
  AvgFlags f;
  if (!NDims(a, 0, &nDims) || !a.tensor(1, &input, "input") || !a.tensor(2, &output, "output") ||
      !g.parse(a, 3, nDims) || !f.parse(a, 6))
    return nullptr;
  thnn::Check(env, THNN_AvgPool_updateOutput(nDims, input, output, g.kernel, g.stride, g.padding, f.ceilMode,
                                             f.countIncludePad, f.divisorOverride()));
  return thnn::Undefined(env);
}

// avgPoolBackward(nDims, input, gradOutput, gradInput, kernel, stride, padding, ceilMode, countIncludePad, divisor)
napi_value AvgPoolBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "avgPoolBackward");
  int nDims;
  THTensor *input, *gradOutput, *gradInput;
  Sliding g;
  AvgFlags f;
  if (!NDims(a, 0, &nDims) || !a.tensor(1, &input, "input") || !a.tensor(2, &gradOutput, "gradOutput") ||
      !a.tensor(3, &gradInput, "gradInput") || !g.parse(a, 4, nDims) || !f.parse(a, 7))
    return nullptr;
  thnn::Check(env, THNN_AvgPool_updateGradInput(nDims, input, gradOutput, gradInput, g.kernel, g.stride, g.padding,
                                                f.ceilMode, f.countIncludePad, f.divisorOverride()));
  return thnn::Undefined(env);
}

// adaptiveAvgPool(nDims, input, output, outputSize)
napi_value AdaptiveAvgPool(napi_env env, napi_callback_info info) {
  Args a(env, info, "adaptiveAvgPool");
  int nDims;
  THTensor *input, *output;
  int64_t size[3];
  if (!NDims(a, 0, &nDims) || !a.tensor(1, &input, "input") || !a.tensor(2, &output, "output") ||
      !PerDim(a, 3, nDims, size, "outputSize"))
    return nullptr;
  thnn::Check(env, THNN_AdaptiveAvgPool_updateOutput(nDims, input, output, size));
  return thnn::Undefined(env);
}

// adaptiveAvgPoolBackward(nDims, input, gradOutput, gradInput)
napi_value AdaptiveAvgPoolBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "adaptiveAvgPoolBackward");
  int nDims;
  THTensor *input, *gradOutput, *gradInput;
  if (!NDims(a, 0, &nDims) || !a.tensor(1, &input, "input") || !a.tensor(2, &gradOutput, "gradOutput") ||
      !a.tensor(3, &gradInput, "gradInput"))
    return nullptr;
  thnn::Check(env, THNN_AdaptiveAvgPool_updateGradInput(nDims, input, gradOutput, gradInput));
  return thnn::Undefined(env);
}

// adaptiveMaxPool(nDims, input, output, indices | null, outputSize)
napi_value AdaptiveMaxPool(napi_env env, napi_callback_info info) {
  Args a(env, info, "adaptiveMaxPool");
  int nDims;
  THTensor *input, *output, *indices;
  int64_t size[3];
  if (!NDims(a, 0, &nDims) || !a.tensor(1, &input, "input") || !a.tensor(2, &output, "output") ||
      !thnn::OptionalTensor(a, 3, &indices, "indices") || !PerDim(a, 4, nDims, size, "outputSize"))
    return nullptr;
  thnn::Check(env, THNN_AdaptiveMaxPool_updateOutput(nDims, input, output, indices, size));
  return thnn::Undefined(env);
}

// The backward of a max pooling whose output size is its indices': fn(nDims, input, gradOutput, gradInput, indices).
using IndexedBackward = int (*)(int, const THTensor *, const THTensor *, THTensor *, const THTensor *);
napi_value ByIndices(napi_env env, napi_callback_info info, const char *op, IndexedBackward fn) {
  Args a(env, info, op);
  int nDims;
  THTensor *input, *gradOutput, *gradInput, *indices;
  if (!NDims(a, 0, &nDims) || !a.tensor(1, &input, "input") || !a.tensor(2, &gradOutput, "gradOutput") ||
      !a.tensor(3, &gradInput, "gradInput") || !a.tensor(4, &indices, "indices"))
    return nullptr;
  thnn::Check(env, fn(nDims, input, gradOutput, gradInput, indices));
  return thnn::Undefined(env);
}

// adaptiveMaxPoolBackward(nDims, input, gradOutput, gradInput, indices)
napi_value AdaptiveMaxPoolBackward(napi_env env, napi_callback_info info) {
  return ByIndices(env, info, "adaptiveMaxPoolBackward", THNN_AdaptiveMaxPool_updateGradInput);
}

// fractionalMaxPool(nDims, input, output, indices | null, poolSize, outputSize, randomSamples)
napi_value FractionalMaxPool(napi_env env, napi_callback_info info) {
  Args a(env, info, "fractionalMaxPool");
  int nDims;
  THTensor *input, *output, *indices, *samples;
  int64_t pool[3], size[3];
  if (!NDims(a, 0, &nDims) || !a.tensor(1, &input, "input") || !a.tensor(2, &output, "output") ||
      !thnn::OptionalTensor(a, 3, &indices, "indices") || !PerDim(a, 4, nDims, pool, "kernelSize") ||
      !PerDim(a, 5, nDims, size, "outputSize") || !a.tensor(6, &samples, "randomSamples"))
    return nullptr;
  thnn::Check(env, THNN_FractionalMaxPool_updateOutput(nDims, input, output, indices, pool, size, samples));
  return thnn::Undefined(env);
}

// fractionalMaxPoolBackward(nDims, input, gradOutput, gradInput, indices)
napi_value FractionalMaxPoolBackward(napi_env env, napi_callback_info info) {
  return ByIndices(env, info, "fractionalMaxPoolBackward", THNN_FractionalMaxPool_updateGradInput);
}

// maxUnpool(nDims, input, indices, output, outputSize)
napi_value MaxUnpool(napi_env env, napi_callback_info info) {
  Args a(env, info, "maxUnpool");
  int nDims;
  THTensor *input, *indices, *output;
  int64_t size[3];
  if (!NDims(a, 0, &nDims) || !a.tensor(1, &input, "input") || !a.tensor(2, &indices, "indices") ||
      !a.tensor(3, &output, "output") || !PerDim(a, 4, nDims, size, "outputSize"))
    return nullptr;
  thnn::Check(env, THNN_MaxUnpool_updateOutput(nDims, input, indices, output, size));
  return thnn::Undefined(env);
}

// maxUnpoolBackward(nDims, indices, gradOutput, gradInput)
napi_value MaxUnpoolBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "maxUnpoolBackward");
  int nDims;
  THTensor *indices, *gradOutput, *gradInput;
  if (!NDims(a, 0, &nDims) || !a.tensor(1, &indices, "indices") || !a.tensor(2, &gradOutput, "gradOutput") ||
      !a.tensor(3, &gradInput, "gradInput"))
    return nullptr;
  thnn::Check(env, THNN_MaxUnpool_updateGradInput(nDims, indices, gradOutput, gradInput));
  return thnn::Undefined(env);
}

}  // namespace

void thnn::RegisterPooling(napi_env env, napi_value exports) {
  thnn::SetFunction(env, exports, "maxPool", MaxPool);
  thnn::SetFunction(env, exports, "maxPoolBackward", MaxPoolBackward);
  thnn::SetFunction(env, exports, "avgPool", AvgPool);
  thnn::SetFunction(env, exports, "avgPoolBackward", AvgPoolBackward);
  thnn::SetFunction(env, exports, "adaptiveAvgPool", AdaptiveAvgPool);
  thnn::SetFunction(env, exports, "adaptiveAvgPoolBackward", AdaptiveAvgPoolBackward);
  thnn::SetFunction(env, exports, "adaptiveMaxPool", AdaptiveMaxPool);
  thnn::SetFunction(env, exports, "adaptiveMaxPoolBackward", AdaptiveMaxPoolBackward);
  thnn::SetFunction(env, exports, "fractionalMaxPool", FractionalMaxPool);
  thnn::SetFunction(env, exports, "fractionalMaxPoolBackward", FractionalMaxPoolBackward);
  thnn::SetFunction(env, exports, "maxUnpool", MaxUnpool);
  thnn::SetFunction(env, exports, "maxUnpoolBackward", MaxUnpoolBackward);
}
