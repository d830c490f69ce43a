#include "handle.h"

namespace tt {

namespace {

// The handle's payload; `tensor` becomes null when disposed.
struct Handle {
  THTensor *tensor;
};

const napi_type_tag kTensorTag = {0x7479706574f07263ULL, 0x54485f74656e736fULL};

// A basic finalizer: as an experimental-version module it runs during GC itself, not on a later
// tick. It must not touch V8 (napi_adjust_external_memory here re-enters the GC and aborts): the
// freed bytes are reported by the next SyncExternalMemory, which reads libTH's global counter.
void FinalizeHandle(node_api_basic_env, void *data, void *) {
  Handle *h = static_cast<Handle *>(data);
  THTensor_free(h->tensor);
  delete h;
}

}  // namespace

// Tells V8 about native tensor memory, host and device, so that its GC runs (and frees unreachable
// tensors) as that memory grows: without it a loop making CUDA results it never disposes fills the
// GPU, since V8 sees only small handles. libTH keeps what has been reported, so that th.node,
// thnn.node and thc.node, each with a copy of this file, report every byte once.
void SyncExternalMemory(napi_env env) {
  int64_t delta = THTakeUnreportedBytes();
  if (delta == 0) return;
  int64_t adjusted;
  napi_adjust_external_memory(env, delta, &adjusted);
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
    ThrowError(env, "could not create a tensor handle");
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

THTensor *PeekTensor(napi_env env, napi_value v) {
  Handle *h = GetHandle(env, v);
  return h ? h->tensor : nullptr;
}

static bool acceptDeviceTensors = false;
void AcceptDeviceTensors(bool accept) { acceptDeviceTensors = accept; }

THTensor *UnwrapTensor(napi_env env, napi_value v, const char *what, const char *op) {
  THTensor *t = UnwrapAnyTensor(env, v, what, op);
  int device = t ? THStorage_device(THTensor_storage(t)) : -1;
  if (device >= 0 && !acceptDeviceTensors) {
    std::string msg = (op ? std::string(op) + ": " : std::string()) + "expected " + what +
                      " to be a CPU tensor, but it is on cuda:" + std::to_string(device);
    ThrowError(env, msg.c_str());
    return nullptr;
  }
  return t;
}

THTensor *UnwrapAnyTensor(napi_env env, napi_value v, const char *what, const char *op) {
  Handle *h = GetHandle(env, v);
  if (h && h->tensor) return h->tensor;
  // The messages are built only here: on every op's path a string would be work for nothing.
  std::string prefix = op ? std::string(op) + ": " : std::string();
  if (!h) {
    std::string msg = prefix + "expected " + what + " to be a Tensor";
    ThrowTypeError(env, msg.c_str());
  } else {
    std::string msg = prefix + "the " + what + " has been disposed and cannot be used any more";
    ThrowError(env, msg.c_str());
  }
  return nullptr;
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
  ThrowError(env, msg && *msg ? msg : "unknown error in libTH");
  THClearError();
}

namespace {

using ErrorFactory = napi_status (*)(napi_env, napi_value, napi_value, napi_value *);

void Park(napi_env env, ErrorFactory make, const char *msg) {
  ErrorSlot *slot = nullptr;
  napi_get_instance_data(env, reinterpret_cast<void **>(&slot));
  if (!slot || slot->pending) return;
  napi_value text, error;
  if (napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &text) != napi_ok || make(env, nullptr, text, &error) != napi_ok)
    return;
  if (napi_create_reference(env, error, 1, &slot->error) != napi_ok) return;
  slot->pending = 1;
}

void DeleteSlot(node_api_basic_env env, void *data, void *) {
  ErrorSlot *slot = static_cast<ErrorSlot *>(data);
  if (slot->error) napi_delete_reference(env, slot->error);
  delete slot;
}

// takeError(): the parked error (undefined when none), clearing the slot.
napi_value TakeError(napi_env env, napi_callback_info) {
  ErrorSlot *slot = nullptr;
  napi_value result;
  napi_get_undefined(env, &result);
  napi_get_instance_data(env, reinterpret_cast<void **>(&slot));
  if (!slot || !slot->error) return result;
  napi_get_reference_value(env, slot->error, &result);
  napi_delete_reference(env, slot->error);
  slot->error = nullptr;
  slot->pending = 0;
  return result;
}

}  // namespace

void DiscardError(napi_env env) {
  napi_value e = TakeError(env, nullptr);
  (void)e;
}

void ThrowError(napi_env env, const char *msg) { Park(env, napi_create_error, msg); }
void ThrowTypeError(napi_env env, const char *msg) { Park(env, napi_create_type_error, msg); }
void ThrowRangeError(napi_env env, const char *msg) { Park(env, napi_create_range_error, msg); }

double *MetaBuffer(napi_env env) {
  ErrorSlot *slot = nullptr;
  napi_get_instance_data(env, reinterpret_cast<void **>(&slot));
  return slot ? slot->meta : nullptr;
}

bool InstallErrorSlot(napi_env env, napi_value exports) {
  ErrorSlot *slot = new ErrorSlot();
  if (napi_set_instance_data(env, slot, DeleteSlot, nullptr) != napi_ok) {
    delete slot;
    return false;
  }
  napi_value buffer, meta, take;
  if (napi_create_external_arraybuffer(env, &slot->pending, sizeof slot->pending, nullptr, nullptr, &buffer) != napi_ok ||
      napi_create_external_arraybuffer(env, slot->meta, sizeof slot->meta, nullptr, nullptr, &meta) != napi_ok ||
      napi_create_function(env, "takeError", NAPI_AUTO_LENGTH, TakeError, nullptr, &take) != napi_ok)
    return false;
  napi_set_named_property(env, exports, "errorState", buffer);
  napi_set_named_property(env, exports, "metaBuffer", meta);
  napi_set_named_property(env, exports, "takeError", take);
  return true;
}

}  // namespace tt
