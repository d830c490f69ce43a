// Tensor handles: a JS External owning one THTensor reference, type-tagged so that other addons
// (thnn) can check and unwrap it. Native memory is reported to V8 so that GC runs when it grows.
#pragma once
#include <napi.h>

extern "C" {
#include "TH/TH.h"
// Exported by Node >= 20.10 for experimental-version modules; node-api-headers omits it.
napi_status node_api_post_finalizer(node_api_basic_env env, napi_finalize cb, void *data, void *hint);
}

namespace tt {

// Wraps an owned reference (taken over by the handle). Returns an empty value on failure.
napi_value WrapTensor(napi_env env, THTensor *t);
// The tensor behind a handle, or nullptr with a pending JS exception (not a handle, disposed)
// whose message starts with the op's name when one is given.
// Unless the addon accepts device tensors (AcceptDeviceTensors), a tensor on a device (THC's) is
// refused too: libTH's kernels read memory on the host.
THTensor *UnwrapTensor(napi_env env, napi_value v, const char *what = "tensor", const char *op = nullptr);
// The same, on any device: for what only reads or makes metadata (views, sizes, dispose).
THTensor *UnwrapAnyTensor(napi_env env, napi_value v, const char *what = "tensor", const char *op = nullptr);
// Called once by an addon whose kernels take device tensors (thc.node); th.node and thnn.node do not.
void AcceptDeviceTensors(bool accept);
bool IsTensorHandle(napi_env env, napi_value v);
// The live tensor of a handle, or null (not a handle, or disposed); never throws.
THTensor *PeekTensor(napi_env env, napi_value v);
// Drops the handle's reference now; later uses throw.
void DisposeHandle(napi_env env, napi_value v);
// Tells V8 how much native memory libTH holds now.
void SyncExternalMemory(napi_env env);
// Throws libTH's last error as a JS Error.
void ThrowTHError(napi_env env);

// Errors raised by native code. Node 20 runs basic finalizers inside the GC through a path that
// takes the env's pending exception for one the finalizer threw: a GC while V8 rethrows our
// exception on return would abort the process. So the binding never leaves an exception pending:
// these create the error and park it in the env's ErrorSlot, and the TS wrapper (native.ts)
// throws it as soon as the call returns, from the caller's frame. The first error of a call wins.
void ThrowError(napi_env env, const char *msg);
void ThrowTypeError(napi_env env, const char *msg);
void ThrowRangeError(napi_env env, const char *msg);
// Drops the error parked by this call, if any (for callers that only probe, like isDisposed).
void DiscardError(napi_env env);
// Per-env state behind those: `pending` is read by JS through an external ArrayBuffer.
// `meta` is where metaInto(t) writes a tensor's metadata, read by JS through another external
// ArrayBuffer: one call and no JS arrays built in C++ (metadata is read for every new tensor).
constexpr int kMetaLength = 6 + 2 * TH_MAX_DIMS;
struct ErrorSlot {
  int32_t pending = 0;
  napi_ref error = nullptr;
  double meta[kMetaLength] = {};
};
// Installs the slot as the env's instance data; exports `errorState` (ArrayBuffer over pending),
// `metaBuffer` (over meta) and `takeError()` on exports.
bool InstallErrorSlot(napi_env env, napi_value exports);
// The env's metadata buffer.
double *MetaBuffer(napi_env env);

}  // namespace tt
