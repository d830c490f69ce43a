// Module entry: exports the function table and the name lists (dtypes, ops, view kinds) that
// the TypeScript wrapper turns into its enums, so numbers are defined in one place.
#include "ops.h"

std::vector<tt::FunctionEntry> &tt::RegisteredFunctions() {
  static std::vector<FunctionEntry> functions;  // built before main by the files' Registrars
  return functions;
}

namespace {

napi_value NameList(napi_env env, size_t n, const char *(*name)(int)) {
  napi_value arr;
  napi_create_array_with_length(env, n, &arr);
  for (size_t i = 0; i < n; i++) {
    napi_value s;
    napi_create_string_utf8(env, name((int)i), NAPI_AUTO_LENGTH, &s);
    napi_set_element(env, arr, (uint32_t)i, s);
  }
  return arr;
}

const char *DTypeName(int i) { return THDType_name((THDType)i); }
const char *UnaryName(int i) { return THUnaryOp_name((THUnaryOp)i); }
const char *BinaryName(int i) { return THBinaryOp_name((THBinaryOp)i); }
const char *ViewName(int i) { return tt::kViewNames[i]; }

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  if (!tt::InstallErrorSlot(env, exports)) {
    Napi::Error::New(env, "@typetorch/th: could not set up error reporting").ThrowAsJavaScriptException();
    return exports;
  }
  for (const tt::FunctionEntry &f : tt::RegisteredFunctions()) {
    if (exports.Has(f.name)) {
      Napi::Error::New(env, std::string("@typetorch/th: two native functions are named ") + f.name).ThrowAsJavaScriptException();
      return exports;
    }
    napi_value fn;
    napi_create_function(env, f.name, NAPI_AUTO_LENGTH, f.fn, nullptr, &fn);
    exports.Set(f.name, Napi::Value(env, fn));
  }
  exports.Set("dtypes", Napi::Value(env, NameList(env, TH_NumDTypes, DTypeName)));
  exports.Set("unaryOps", Napi::Value(env, NameList(env, TH_NumUnaryOps, UnaryName)));
  exports.Set("binaryOps", Napi::Value(env, NameList(env, TH_NumBinaryOps, BinaryName)));
  exports.Set("viewKinds", Napi::Value(env, NameList(env, tt::TH_NumViewKinds, ViewName)));
  exports.Set("version", Napi::String::New(env, std::to_string(TH_VERSION_MAJOR) + "." + std::to_string(TH_VERSION_MINOR) + "." +
                                                    std::to_string(TH_VERSION_PATCH)));
  return exports;
}

}  // namespace

NODE_API_MODULE(th, Init)
