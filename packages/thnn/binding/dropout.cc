// Dropout: dropout(kind, input, output, noise, p, training, generator) with kind 0..3 = dropout,
// featureDropout, alphaDropout, featureAlphaDropout; dropoutBackward(gradOutput, noise, gradInput).
#include "generator_handle.h"
#include "thnn_binding.h"

namespace {

using tt::Args;

using DropoutFn = int (*)(const THTensor *, THTensor *, THTensor *, double, int, THGenerator *);
const DropoutFn kKinds[] = {THNN_Dropout_updateOutput, THNN_FeatureDropout_updateOutput,
                            THNN_AlphaDropout_updateOutput, THNN_FeatureAlphaDropout_updateOutput};

napi_value Dropout(napi_env env, napi_callback_info info) {
  Args a(env, info, "dropout");
  int64_t kind;
  THTensor *input, *output, *noise;
  double p;
  bool training;
  THGenerator *gen;
  if (!a.integer(0, &kind, "kind")) return nullptr;
  if (kind < 0 || kind >= (int64_t)(sizeof kKinds / sizeof kKinds[0])) return a.typeError("kind", "0, 1, 2 or 3"), nullptr;
  if (!a.tensor(1, &input, "input") || !a.tensor(2, &output, "output") || !a.tensor(3, &noise, "noise") ||
      !a.number(4, &p, "p") || !a.boolean(5, &training, "training") || !tt::GeneratorArg(a, 6, &gen))
    return nullptr;
  thnn::Check(env, kKinds[kind](input, output, noise, p, training, gen));
  return thnn::Undefined(env);
}

napi_value DropoutBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "dropoutBackward");
  THTensor *gradOutput, *noise, *gradInput;
  if (!a.tensor(0, &gradOutput, "gradOutput") || !a.tensor(1, &noise, "noise") || !a.tensor(2, &gradInput, "gradInput"))
    return nullptr;
  thnn::Check(env, THNN_Dropout_updateGradInput(gradOutput, noise, gradInput));
  return thnn::Undefined(env);
}

}  // namespace

void thnn::RegisterDropout(napi_env env, napi_value exports) {
  thnn::SetFunction(env, exports, "dropout", Dropout);
  thnn::SetFunction(env, exports, "dropoutBackward", DropoutBackward);
}
