// What thc.node's binding files share: the process's THC state, error checks, and handles for
// streams and events. Tensors use th's handles (binding/handle.h): a THC tensor is a THTensor.
#pragma once
#include "convert.h"
#include "ops.h"
extern "C" {
#include "THC/THC.h"
}

namespace tc {

using tt::Args;
using tt::Number;
using tt::Undefined;

// The state made when the addon loads (never NULL: a machine without a GPU has a state with no devices).
THCState *State();

// Turns a libTH/libTHC status into a parked JS error; returns whether it was TH_OK.
inline bool Check(napi_env env, int status) {
  if (status == TH_OK) return true;
  tt::ThrowTHError(env);
  return false;
}

// A stream or event handle: a type-tagged external; `owned` objects are freed with the handle.
template <typename T>
struct ObjectHandle {
  T *object;
  bool owned;
};
extern const napi_type_tag kStreamTag;
extern const napi_type_tag kEventTag;
napi_value WrapStream(napi_env env, THCStream *s, bool owned);
napi_value WrapEvent(napi_env env, THCEvent *e);
// nullptr with a parked TypeError when v is not such a handle (or was released).
THCStream *UnwrapStream(const Args &a, size_t i, const char *what);
THCEvent *UnwrapEvent(const Args &a, size_t i, const char *what);

// A device argument: an integer (-1 or null: the current device), checked against the state.
bool DeviceArg(const Args &a, size_t i, int *device);

inline napi_value Boolean(napi_env env, bool v) {
  napi_value r;
  napi_get_boolean(env, v, &r);
  return r;
}

}  // namespace tc
