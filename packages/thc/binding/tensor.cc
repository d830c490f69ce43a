// What only thc.node has for tensors: moving them between the host and devices, and pinned memory.
#include "thc_binding.h"

namespace tc {
namespace {

// toDevice(h, device, nonBlocking, pinned): a copy on `device` (-1: the host, pinned or not).
napi_value ToDevice(napi_env env, napi_callback_info info) {
  Args a(env, info, "to");
  THTensor *t;
  int64_t device;
  bool nonBlocking = false, pinned = false;
  if (!a.tensor(0, &t, "tensor") || !a.integer(1, &device, "device") || !a.boolean(2, &nonBlocking, "non_blocking") ||
      !a.boolean(3, &pinned, "pinned"))
    return nullptr;
  if (device < -1 || device >= THC_MAX_DEVICES) return tt::ThrowRangeError(env, "to: invalid device index"), nullptr;
  return tt::WrapTensor(env, THCTensor_newToDevice(State(), t, (int)device, nonBlocking, pinned));
}

// isPinned(h): whether a host tensor's memory comes from the pinned allocator.
napi_value IsPinned(napi_env env, napi_callback_info info) {
  Args a(env, info, "is_pinned");
  THTensor *t;
  if (!a.tensor(0, &t, "tensor")) return nullptr;
  bool pinned = THCTensor_device(t) < 0 && THCCachingHostAllocator_isPinned(State(), THTensor_data(t));
  return Boolean(env, pinned);
}

const tt::Registrar kTensorFunctions({
    {"toDevice", ToDevice},
    {"isPinned", IsPinned},
});

}  // namespace
}  // namespace tc
