// thc.node's entry: makes the THC state, exports every registered function. Its functions take
// device tensors (th's handles over THTensors on device storages) and host tensors for copies.
#include <set>
#include <string>

#include "thc_binding.h"

std::vector<tt::FunctionEntry> &tt::RegisteredFunctions() {
  static std::vector<FunctionEntry> functions;  // built before main by the files' Registrars
  return functions;
}

namespace {

THCState *state = nullptr;

// th.node functions that stay host-only: the binding files shared with th.node register them, but
// they have no meaning for device memory (a zero-copy view of host memory, host thread pools,
// libTH's host memory counters, the CPU BLAS). Left out, TH's dispatcher refuses them by name.
const std::set<std::string> kHostOnly = {"fromBuffer", "storageView", "setNumThreads", "getNumThreads",
                                         "memoryStats", "emptyCache", "setBlasBackend", "blasInfo"};

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  if (!tt::InstallErrorSlot(env, exports)) {
    Napi::Error::New(env, "@typetorch/thc: could not set up error reporting").ThrowAsJavaScriptException();
    return exports;
  }
  tt::AcceptDeviceTensors(true);
  if (!state && !(state = THCState_new())) {
    Napi::Error::New(env, std::string("@typetorch/thc: ") + THGetLastError()).ThrowAsJavaScriptException();
    return exports;
  }
  for (const tt::FunctionEntry &f : tt::RegisteredFunctions()) {
    if (kHostOnly.count(f.name)) continue;
    if (exports.Has(f.name)) {
      Napi::Error::New(env, std::string("@typetorch/thc: two native functions are named ") + f.name).ThrowAsJavaScriptException();
      return exports;
    }
    napi_value fn;
    napi_create_function(env, f.name, NAPI_AUTO_LENGTH, f.fn, nullptr, &fn);
    exports.Set(f.name, Napi::Value(env, fn));
  }
  exports.Set("version", Napi::String::New(env, "0.1.0"));
  return exports;
}

}  // namespace

THCState *tc::State() { return state; }

NODE_API_MODULE(thc, Init)
