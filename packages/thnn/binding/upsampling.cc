// Upsampling (F.interpolate): upsampling(mode, input, output, outputSize, scales, alignCorners),
// upsamplingBackward(mode, gradOutput, gradInput, inputSize, outputSize, scales, alignCorners).
// mode is a THNNUpsamplingMode; scales is null or one number per spatial dim.
#include "thnn_binding.h"

namespace {

using tt::Args;

// An optional array of numbers (null/undefined: *has = false), at most 3 long.
bool OptionalScales(const Args &a, size_t i, double *out, bool *has) {
  *has = false;
  if (a.isNullish(i)) return true;
  bool isArray = false;
  napi_is_array(a.env, a.at(i), &isArray);
  if (!isArray) return a.typeError("scales", "an array of numbers or null");
  uint32_t len;
  napi_get_array_length(a.env, a.at(i), &len);
  if (len > 3) return a.typeError("scales", "an array of at most 3 numbers");
  for (uint32_t k = 0; k < len; k++) {
    napi_value v;
    napi_get_element(a.env, a.at(i), k, &v);
    if (napi_get_value_double(a.env, v, &out[k]) != napi_ok) return a.typeError("scales", "an array of numbers or null");
  }
  *has = true;
  return true;
}

bool Mode(const Args &a, size_t i, THNNUpsamplingMode *mode) {
  int64_t m;
  if (!a.integer(i, &m, "mode")) return false;
  *mode = (THNNUpsamplingMode)m;
  return true;
}

// upsampling(mode, input, output, outputSize, scales, alignCorners)
napi_value Upsampling(napi_env env, napi_callback_info info) {
  Args a(env, info, "upsampling");
  THNNUpsamplingMode mode;
  THTensor *input, *output;
  int nDims;
  int64_t outputSize[TH_MAX_DIMS];
  double scales[3];
  bool hasScales, alignCorners;
  if (!Mode(a, 0, &mode) || !a.tensor(1, &input, "input") || !a.tensor(2, &output, "output") ||
      !a.intList(3, &nDims, outputSize, "outputSize") || !OptionalScales(a, 4, scales, &hasScales) ||
      !a.boolean(5, &alignCorners, "alignCorners"))
    return nullptr;
  thnn::Check(env, THNN_Upsampling_updateOutput(mode, input, output, nDims, outputSize, hasScales ? scales : nullptr,
                                                alignCorners));
  return thnn::Undefined(env);
}

// upsamplingBackward(mode, gradOutput, gradInput, inputSize, outputSize, scales, alignCorners)
napi_value UpsamplingBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "upsamplingBackward");
  THNNUpsamplingMode mode;
  THTensor *gradOutput, *gradInput;
  int nIn, nDims;
  int64_t inputSize[TH_MAX_DIMS], outputSize[TH_MAX_DIMS];
  double scales[3];
  bool hasScales, alignCorners;
  if (!Mode(a, 0, &mode) || !a.tensor(1, &gradOutput, "gradOutput") || !a.tensor(2, &gradInput, "gradInput") ||
      !a.intList(3, &nIn, inputSize, "inputSize") || !a.intList(4, &nDims, outputSize, "outputSize") ||
      !OptionalScales(a, 5, scales, &hasScales) || !a.boolean(6, &alignCorners, "alignCorners"))
    return nullptr;
  if (nIn != nDims + 2) return a.typeError("inputSize", "an array of 2 more entries than outputSize"), nullptr;
  thnn::Check(env, THNN_Upsampling_updateGradInput(mode, gradOutput, gradInput, nDims, inputSize, outputSize,
                                                   hasScales ? scales : nullptr, alignCorners));
  return thnn::Undefined(env);
}

}  // namespace

void thnn::RegisterUpsampling(napi_env env, napi_value exports) {
  thnn::SetFunction(env, exports, "upsampling", Upsampling);
  thnn::SetFunction(env, exports, "upsamplingBackward", UpsamplingBackward);
}
