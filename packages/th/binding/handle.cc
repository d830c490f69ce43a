#include "handle.h"

namespace tt {

namespace {

// The handle's payload; `tensor` becomes null when disposed.
struct Handle {
  THTensor *tensor;
};

const napi_type_tag kTensorTag = {0x7479706574f07263ULL, 0x54485f74656e736fULL};
int64_t reportedBytes = 0;

// A basic finalizer: as an experimental-version module it runs during GC itself, not on a later
// tick. It must not touch V8 (napi_adjust_external_memory here re-enters the GC and aborts): the
// freed bytes are reported by the next SyncExternalMemory, which reads libTH's global counter.
void FinalizeHandle(node_api_basic_env, void *data, void *) {
  Handle *h = static_cast<Handle *>(data);
  THTensor_free(h->tensor);
  delete h;
}

}  // namespace

void SyncExternalMemory(napi_env env) {
  THMemoryStats stats;
  THGetMemoryStats(&stats);
  int64_t delta = stats.ownedBytes - reportedBytes;
  if (delta == 0) return;
  int64_t adjusted;
  napi_adjust_external_memory(env, delta, &adjusted);
  reportedBytes = stats.ownedBytes;
}

napi_value WrapTensor(napi_env env, THTensor *t) {
  if (!t) {
    ThrowTHError(env);
    return nullptr;
  }
  Handle *h = new Handle{t};
  napi_value ext;
  if (napi_create_external(env, h, FinalizeHandle, nullptr, &ext) != napi_ok) {
    THTensor_free(t);
    delete h;
    napi_throw_error(env, nullptr, "could not create a tensor handle");
    return nullptr;
  }
  napi_type_tag_object(env, ext, &kTensorTag);
  SyncExternalMemory(env);
  return ext;
}

static Handle *GetHandle(napi_env env, napi_value v) {
  bool tagged = false;
  napi_valuetype type;
  if (napi_typeof(env, v, &type) != napi_ok || type != napi_external) return nullptr;
  if (napi_check_object_type_tag(env, v, &kTensorTag, &tagged) != napi_ok || !tagged) return nullptr;
  void *data = nullptr;
  napi_get_value_external(env, v, &data);
  return static_cast<Handle *>(data);
}

bool IsTensorHandle(napi_env env, napi_value v) { return GetHandle(env, v) != nullptr; }

THTensor *UnwrapTensor(napi_env env, napi_value v, const char *what, const char *op) {
  Handle *h = GetHandle(env, v);
  std::string prefix = op ? std::string(op) + ": " : std::string();
  if (!h) {
    std::string msg = prefix + "expected " + what + " to be a Tensor";
    napi_throw_type_error(env, nullptr, msg.c_str());
    return nullptr;
  }
  if (!h->tensor) {
    std::string msg = prefix + "the " + what + " has been disposed and cannot be used any more";
    napi_throw_error(env, nullptr, msg.c_str());
    return nullptr;
  }
  return h->tensor;
}

void DisposeHandle(napi_env env, napi_value v) {
  Handle *h = GetHandle(env, v);
  if (!h || !h->tensor) return;
  THTensor_free(h->tensor);
  h->tensor = nullptr;
  SyncExternalMemory(env);
}

void ThrowTHError(napi_env env) {
  const char *msg = THGetLastError();
  napi_throw_error(env, nullptr, msg && *msg ? msg : "unknown error in libTH");
  THClearError();
}

}  // namespace tt
