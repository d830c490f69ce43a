// thnn.node: the Node-API glue over libTHNN. Tensors are th.node's handles, unwrapped with th's
// own code (packages/th/binding/handle.cc is compiled into this addon: same type tag, same
// handle layout). Errors are parked in this addon's own slot (handle.h explains why nothing is
// thrown from native code) and thrown by ts/native.ts's guard. Results are tensors the caller
// passes in; libTHNN resizes them. Each module's callbacks are in their own file.
#include "thnn_binding.h"

bool thnn::Check(napi_env env, int status) {
  if (status != TH_OK) tt::ThrowTHError(env);
  return status == TH_OK;
}

napi_value thnn::Undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

void thnn::SetFunction(napi_env env, napi_value exports, const char *name, napi_callback cb) {
  napi_value fn;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, nullptr, &fn);
  napi_set_named_property(env, exports, name, fn);
}

bool thnn::OptionalTensor(const tt::Args &a, size_t i, THTensor **out, const char *what) {
  *out = nullptr;
  return a.isNullish(i) || a.tensor(i, out, what);
}

namespace {

napi_value Init(napi_env env, napi_value exports) {
  if (!tt::InstallErrorSlot(env, exports)) {
    napi_throw_error(env, nullptr, "@typetorch/thnn: could not set up error reporting");
    return exports;
  }
  thnn::RegisterActivation(env, exports);
  thnn::RegisterSoftmax(env, exports);
  thnn::RegisterEmbedding(env, exports);
  thnn::RegisterFusedRNN(env, exports);
  thnn::RegisterUpsampling(env, exports);
  thnn::RegisterGridSampler(env, exports);
  thnn::RegisterPadding(env, exports);
  thnn::RegisterPooling(env, exports);
  thnn::RegisterLoss(env, exports);
  thnn::RegisterNormalization(env, exports);
  thnn::RegisterActivationExtra(env, exports);
  thnn::RegisterDropout(env, exports);
  thnn::RegisterConvolution(env, exports);
  napi_value s;
  napi_create_string_utf8(env, THNN_version(), NAPI_AUTO_LENGTH, &s);
  napi_set_named_property(env, exports, "version", s);
  return exports;
}

}  // namespace

NAPI_MODULE(thnn, Init)
