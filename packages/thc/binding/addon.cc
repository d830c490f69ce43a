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

// The CUDA device of v (a tensor handle, or an array whose first element is one), or -1.
int DeviceOf(napi_env env, napi_value v) {
  bool isArray = false;
  if (napi_is_array(env, v, &isArray) == napi_ok && isArray) {
    uint32_t n = 0;
    napi_value first;
    if (napi_get_array_length(env, v, &n) != napi_ok || n == 0 || napi_get_element(env, v, 0, &first) != napi_ok) return -1;
    v = first;
  }
  THTensor *t = tt::PeekTensor(env, v);
  return t ? THCTensor_device(t) : -1;
}

// Every function runs with the device of its first CUDA tensor argument current (PyTorch's
// DeviceGuard), so that fresh results and scratch memory land on the inputs' device rather than
// on whichever device is current.
napi_value OnArgumentsDevice(napi_env env, napi_callback_info info) {
  constexpr size_t kScan = 8;
  size_t argc = kScan;
  napi_value argv[kScan];
  void *data = nullptr;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, &data) != napi_ok) return nullptr;
  const napi_callback fn = reinterpret_cast<napi_callback>(data);
  int device = -1;
  for (size_t i = 0; i < argc && i < kScan && device < 0; i++) device = DeviceOf(env, argv[i]);
  int previous = device;
  if (device < 0 || THCState_currentDevice(state, &previous) || previous == device) {
    THClearError();
    return fn(env, info);
  }
  if (THCState_setDevice(state, device)) {
    tt::ThrowTHError(env);
    return nullptr;
  }
  napi_value result = fn(env, info);
  if (THCState_setDevice(state, previous)) THClearError(); /* keeps fn's result and error */
  return result;
}

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
    napi_create_function(env, f.name, NAPI_AUTO_LENGTH, OnArgumentsDevice, reinterpret_cast<void *>(f.fn), &fn);
    exports.Set(f.name, Napi::Value(env, fn));
  }
  exports.Set("version", Napi::String::New(env, "0.1.0"));
  return exports;
}

}  // namespace

THCState *tc::State() { return state; }

NODE_API_MODULE(thc, Init)
