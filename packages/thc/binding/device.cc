// Devices, streams and events: torch.cuda's device functions, Stream and Event.
#include "thc_binding.h"

namespace tc {

const napi_type_tag kStreamTag = {0x7468635f73747265ULL, 0x616d5f68616e646cULL};
const napi_type_tag kEventTag = {0x7468635f6576656eULL, 0x745f68616e646c65ULL};

namespace {

void FinalizeStream(node_api_basic_env, void *data, void *) {
  auto *h = static_cast<ObjectHandle<THCStream> *>(data);
  if (h->owned) THCStream_free(h->object);
  delete h;
}

void FinalizeEvent(node_api_basic_env, void *data, void *) {
  auto *h = static_cast<ObjectHandle<THCEvent> *>(data);
  THCEvent_free(h->object);
  delete h;
}

template <typename T>
napi_value Wrap(napi_env env, T *object, bool owned, const napi_type_tag *tag, node_api_basic_finalize fin) {
  if (!object) return tt::ThrowTHError(env), nullptr;
  auto *h = new ObjectHandle<T>{object, owned};
  napi_value ext;
  if (napi_create_external(env, h, fin, nullptr, &ext) != napi_ok) {
    delete h;
    return nullptr;
  }
  napi_type_tag_object(env, ext, tag);
  return ext;
}

template <typename T>
T *Unwrap(const Args &a, size_t i, const napi_type_tag *tag, const char *what, const char *kind) {
  napi_value v = a.at(i);
  napi_valuetype type;
  bool tagged = false;
  if (napi_typeof(a.env, v, &type) != napi_ok || type != napi_external ||
      napi_check_object_type_tag(a.env, v, tag, &tagged) != napi_ok || !tagged) {
    a.typeError(what, kind);
    return nullptr;
  }
  void *data = nullptr;
  napi_get_value_external(a.env, v, &data);
  return static_cast<ObjectHandle<T> *>(data)->object;
}

napi_value DeviceInfo(napi_env env, napi_callback_info info) {
  // deviceInfo(): [deviceCount, unavailableReason | null, runtimeVersion, driverVersion]
  Args a(env, info, "deviceInfo");
  THCState *s = State();
  napi_value r, reason;
  napi_create_array_with_length(env, 4, &r);
  const char *why = THCState_unavailableReason(s);
  if (why) napi_create_string_utf8(env, why, NAPI_AUTO_LENGTH, &reason);
  else napi_get_null(env, &reason);
  napi_set_element(env, r, 0, Number(env, THCState_deviceCount(s)));
  napi_set_element(env, r, 1, reason);
  napi_set_element(env, r, 2, Number(env, THCState_runtimeVersion()));
  napi_set_element(env, r, 3, Number(env, THCState_driverVersion()));
  return r;
}

napi_value CurrentDevice(napi_env env, napi_callback_info info) {
  Args a(env, info, "currentDevice");
  int d = -1;
  if (!Check(env, THCState_currentDevice(State(), &d))) return nullptr;
  return Number(env, d);
}

napi_value SetDevice(napi_env env, napi_callback_info info) {
  Args a(env, info, "setDevice");
  int64_t d;
  if (!a.integer(0, &d, "device")) return nullptr;
  if (!Check(env, THCState_setDevice(State(), (int)d))) return nullptr;
  return Undefined(env);
}

napi_value Synchronize(napi_env env, napi_callback_info info) {
  Args a(env, info, "synchronize");
  int d;
  if (!DeviceArg(a, 0, &d) || !Check(env, THCState_synchronize(State(), d))) return nullptr;
  return Undefined(env);
}

napi_value DeviceProperties(napi_env env, napi_callback_info info) {
  // deviceProperties(d): [name, major, minor, multiProcessorCount, totalMemory, maxThreadsPerBlock, warpSize]
  Args a(env, info, "getDeviceProperties");
  int d;
  THCDeviceProperties p;
  if (!DeviceArg(a, 0, &d) || !Check(env, THCState_deviceProperties(State(), d, &p))) return nullptr;
  napi_value r, name;
  napi_create_array_with_length(env, 7, &r);
  napi_create_string_utf8(env, p.name, NAPI_AUTO_LENGTH, &name);
  napi_set_element(env, r, 0, name);
  napi_set_element(env, r, 1, Number(env, p.major));
  napi_set_element(env, r, 2, Number(env, p.minor));
  napi_set_element(env, r, 3, Number(env, p.multiProcessorCount));
  napi_set_element(env, r, 4, Number(env, (double)p.totalGlobalMem));
  napi_set_element(env, r, 5, Number(env, p.maxThreadsPerBlock));
  napi_set_element(env, r, 6, Number(env, p.warpSize));
  return r;
}

napi_value MemGetInfo(napi_env env, napi_callback_info info) {
  Args a(env, info, "memGetInfo");
  int d;
  size_t freeBytes = 0, total = 0;
  if (!DeviceArg(a, 0, &d) || !Check(env, THCState_memGetInfo(State(), d, &freeBytes, &total))) return nullptr;
  int64_t v[2] = {(int64_t)freeBytes, (int64_t)total};
  return tt::IntArray(env, 2, v);
}

// ---- streams ----

napi_value StreamNew(napi_env env, napi_callback_info info) {
  Args a(env, info, "Stream");
  int d;
  int64_t priority = 0;
  if (!DeviceArg(a, 0, &d) || (!a.isNullish(1) && !a.integer(1, &priority, "priority"))) return nullptr;
  return WrapStream(env, THCStream_new(State(), d, (int)priority), true);
}

napi_value CurrentStream(napi_env env, napi_callback_info info) {
  Args a(env, info, "currentStream");
  int d;
  if (!DeviceArg(a, 0, &d)) return nullptr;
  return WrapStream(env, THCState_currentStream(State(), d), false);
}

napi_value DefaultStream(napi_env env, napi_callback_info info) {
  Args a(env, info, "defaultStream");
  int d;
  if (!DeviceArg(a, 0, &d)) return nullptr;
  return WrapStream(env, THCState_defaultStream(State(), d), false);
}

napi_value SetStream(napi_env env, napi_callback_info info) {
  Args a(env, info, "setStream");
  THCStream *s = UnwrapStream(a, 0, "stream");
  if (!s || !Check(env, THCState_setCurrentStream(State(), s))) return nullptr;
  return Undefined(env);
}

napi_value StreamInfo(napi_env env, napi_callback_info info) {
  // streamInfo(s): [device, priority, isDefault, cudaStream_t as a number]
  Args a(env, info, "Stream");
  THCStream *s = UnwrapStream(a, 0, "stream");
  if (!s) return nullptr;
  int64_t v[4] = {THCStream_device(s), THCStream_priority(s), THCStream_isDefault(s), (int64_t)(uintptr_t)THCStream_handle(s)};
  return tt::IntArray(env, 4, v);
}

napi_value StreamSynchronize(napi_env env, napi_callback_info info) {
  Args a(env, info, "Stream.synchronize");
  THCStream *s = UnwrapStream(a, 0, "stream");
  if (!s || !Check(env, THCStream_synchronize(s))) return nullptr;
  return Undefined(env);
}

napi_value StreamQuery(napi_env env, napi_callback_info info) {
  Args a(env, info, "Stream.query");
  THCStream *s = UnwrapStream(a, 0, "stream");
  if (!s) return nullptr;
  int r = THCStream_query(s);
  if (r < 0) return tt::ThrowTHError(env), nullptr;
  return Boolean(env, r == 1);
}

napi_value StreamWaitEvent(napi_env env, napi_callback_info info) {
  Args a(env, info, "Stream.waitEvent");
  THCStream *s = UnwrapStream(a, 0, "stream");
  THCEvent *e = s ? UnwrapEvent(a, 1, "event") : nullptr;
  if (!e || !Check(env, THCStream_waitEvent(s, e))) return nullptr;
  return Undefined(env);
}

napi_value StreamWaitStream(napi_env env, napi_callback_info info) {
  Args a(env, info, "Stream.waitStream");
  THCStream *s = UnwrapStream(a, 0, "stream");
  THCStream *o = s ? UnwrapStream(a, 1, "stream") : nullptr;
  if (!o || !Check(env, THCStream_waitStream(s, o))) return nullptr;
  return Undefined(env);
}

// ---- events ----

napi_value EventNew(napi_env env, napi_callback_info info) {
  Args a(env, info, "Event");
  bool timing = false, blocking = false, interprocess = false;
  if (!a.boolean(0, &timing, "enableTiming") || !a.boolean(1, &blocking, "blocking") || !a.boolean(2, &interprocess, "interprocess"))
    return nullptr;
  return WrapEvent(env, THCEvent_new(State(), timing, blocking, interprocess));
}

napi_value EventRecord(napi_env env, napi_callback_info info) {
  Args a(env, info, "Event.record");
  THCEvent *e = UnwrapEvent(a, 0, "event");
  THCStream *s = nullptr;
  if (!e || (!a.isNullish(1) && !(s = UnwrapStream(a, 1, "stream")))) return nullptr;
  if (!Check(env, THCEvent_record(e, s))) return nullptr;
  return Undefined(env);
}

napi_value EventSynchronize(napi_env env, napi_callback_info info) {
  Args a(env, info, "Event.synchronize");
  THCEvent *e = UnwrapEvent(a, 0, "event");
  if (!e || !Check(env, THCEvent_synchronize(e))) return nullptr;
  return Undefined(env);
}

napi_value EventQuery(napi_env env, napi_callback_info info) {
  Args a(env, info, "Event.query");
  THCEvent *e = UnwrapEvent(a, 0, "event");
  if (!e) return nullptr;
  int r = THCEvent_query(e);
  if (r < 0) return tt::ThrowTHError(env), nullptr;
  return Boolean(env, r == 1);
}

napi_value EventElapsedTime(napi_env env, napi_callback_info info) {
  Args a(env, info, "Event.elapsedTime");
  THCEvent *s = UnwrapEvent(a, 0, "event");
  THCEvent *e = s ? UnwrapEvent(a, 1, "end_event") : nullptr;
  float ms = 0;
  if (!e || !Check(env, THCEvent_elapsedTime(s, e, &ms))) return nullptr;
  return Number(env, ms);
}

const tt::Registrar kDeviceFunctions({
    {"deviceInfo", DeviceInfo},         {"currentDevice", CurrentDevice},       {"setDevice", SetDevice},
    {"synchronize", Synchronize},       {"deviceProperties", DeviceProperties}, {"memGetInfo", MemGetInfo},
    {"streamNew", StreamNew},           {"currentStream", CurrentStream},       {"defaultStream", DefaultStream},
    {"setStream", SetStream},           {"streamInfo", StreamInfo},             {"streamSynchronize", StreamSynchronize},
    {"streamQuery", StreamQuery},       {"streamWaitEvent", StreamWaitEvent},   {"streamWaitStream", StreamWaitStream},
    {"eventNew", EventNew},             {"eventRecord", EventRecord},           {"eventSynchronize", EventSynchronize},
    {"eventQuery", EventQuery},         {"eventElapsedTime", EventElapsedTime},
});

}  // namespace

napi_value WrapStream(napi_env env, THCStream *s, bool owned) { return Wrap(env, s, owned, &kStreamTag, FinalizeStream); }
napi_value WrapEvent(napi_env env, THCEvent *e) { return Wrap(env, e, true, &kEventTag, FinalizeEvent); }
THCStream *UnwrapStream(const Args &a, size_t i, const char *what) {
  return Unwrap<THCStream>(a, i, &kStreamTag, what, "a torch.cuda.Stream");
}
THCEvent *UnwrapEvent(const Args &a, size_t i, const char *what) {
  return Unwrap<THCEvent>(a, i, &kEventTag, what, "a torch.cuda.Event");
}

bool DeviceArg(const Args &a, size_t i, int *device) {
  int64_t d = -1;
  if (!a.isNullish(i) && !a.integer(i, &d, "device")) return false;
  if (d == -1) return Check(a.env, THCState_currentDevice(State(), device));
  *device = (int)d;
  return Check(a.env, THCState_checkDevice(State(), (int)d));
}

}  // namespace tc
