// Padding (F.pad): padding(mode, input, output, pad, value), paddingBackward(mode, gradOutput,
// gradInput, pad). mode is a THNNPaddingMode; pad is F.pad's flat list (an even number of integers).
#include <string>

#include "thnn_binding.h"

namespace {

using tt::Args;

constexpr int kMaxPad = 2 * TH_MAX_DIMS;

// F.pad's list: integers, an even number of them, at most 2 per dim of the largest tensor.
bool PadList(const Args &a, size_t i, int *nPadDims, int64_t *pad) {
  bool isArray = false;
  napi_is_array(a.env, a.at(i), &isArray);
  if (!isArray) return a.typeError("pad", "an array of integers");
  uint32_t len;
  napi_get_array_length(a.env, a.at(i), &len);
  if (len % 2 != 0 || len > kMaxPad) {
    std::string msg = std::string(a.op) + ": expected pad to have an even number of entries, at most " + std::to_string(kMaxPad) +
                      ", but got " + std::to_string(len);
    tt::ThrowRangeError(a.env, msg.c_str());
    return false;
  }
  for (uint32_t k = 0; k < len; k++) {
    napi_value v;
    double d;
    napi_get_element(a.env, a.at(i), k, &v);
    if (napi_get_value_double(a.env, v, &d) != napi_ok || !(d == d) || d != (double)(int64_t)d)
      return a.typeError("pad", "an array of integers");
    pad[k] = (int64_t)d;
  }
  *nPadDims = (int)(len / 2);
  return true;
}

bool Mode(const Args &a, size_t i, THNNPaddingMode *mode) {
  int64_t m;
  if (!a.integer(i, &m, "mode")) return false;
  *mode = (THNNPaddingMode)m;
  return true;
}

// padding(mode, input, output, pad, value)
napi_value Padding(napi_env env, napi_callback_info info) {
  Args a(env, info, "pad");
  THNNPaddingMode mode;
  THTensor *input, *output;
  int nPadDims;
  int64_t pad[kMaxPad];
  double value;
  if (!Mode(a, 0, &mode) || !a.tensor(1, &input, "input") || !a.tensor(2, &output, "output") ||
      !PadList(a, 3, &nPadDims, pad) || !a.number(4, &value, "value"))
    return nullptr;
  thnn::Check(env, THNN_Padding_updateOutput(mode, input, output, nPadDims, pad, value));
  return thnn::Undefined(env);
}

// paddingBackward(mode, gradOutput, gradInput, pad)
napi_value PaddingBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "padBackward");
  THNNPaddingMode mode;
  THTensor *gradOutput, *gradInput;
  int nPadDims;
  int64_t pad[kMaxPad];
  if (!Mode(a, 0, &mode) || !a.tensor(1, &gradOutput, "gradOutput") || !a.tensor(2, &gradInput, "gradInput") ||
      !PadList(a, 3, &nPadDims, pad))
    return nullptr;
  thnn::Check(env, THNN_Padding_updateGradInput(mode, gradOutput, gradInput, nPadDims, pad));
  return thnn::Undefined(env);
}

}  // namespace

void thnn::RegisterPadding(napi_env env, napi_value exports) {
  thnn::SetFunction(env, exports, "padding", Padding);
  thnn::SetFunction(env, exports, "paddingBackward", PaddingBackward);
}
