// Shared by thnn.node's binding files: each module's file (activation.cc, softmax.cc, ...) defines
// its napi callbacks and a Register<Module> that adds them to the exports; thnn.cc calls them all.
// Callbacks unwrap th.node's handles with th's own args.h, call libTHNN, and park libTH's error
// message (thrown later by ts/native.ts's guard). No math here.
#ifndef THNN_BINDING_H
#define THNN_BINDING_H

#include "args.h"
#include "handle.h"

extern "C" {
#include "THNN/THNN.h"
}

namespace thnn {

// Parks libTH's last error when status is not TH_OK; true when it is.
bool Check(napi_env env, int status);
napi_value Undefined(napi_env env);
void SetFunction(napi_env env, napi_value exports, const char *name, napi_callback cb);

// A tensor argument that may be null/undefined (an optional bias, weight, ...): *out is NULL then.
bool OptionalTensor(const tt::Args &a, size_t i, THTensor **out, const char *what);

void RegisterActivation(napi_env env, napi_value exports);
void RegisterSoftmax(napi_env env, napi_value exports);
void RegisterEmbedding(napi_env env, napi_value exports);
void RegisterFusedRNN(napi_env env, napi_value exports);
void RegisterUpsampling(napi_env env, napi_value exports);
void RegisterGridSampler(napi_env env, napi_value exports);
void RegisterPadding(napi_env env, napi_value exports);
void RegisterPooling(napi_env env, napi_value exports);
void RegisterLoss(napi_env env, napi_value exports);
void RegisterNormalization(napi_env env, napi_value exports);
void RegisterActivationExtra(napi_env env, napi_value exports);
void RegisterDropout(napi_env env, napi_value exports);
void RegisterConvolution(napi_env env, napi_value exports);

}  // namespace thnn

#endif
