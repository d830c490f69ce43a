// The caching allocators' controls and counters: torch.cuda.memory_stats and friends.
#include "thc_binding.h"

namespace tc {
namespace {

napi_value MemoryStats(napi_env env, napi_callback_info info) {
  // memoryStats(d): 8 stats x [current, peak, allocated, freed], then numAllocRetries, numOOMs,
  // numDeviceAllocs, numDeviceFrees (THCMemoryStats's order)
  Args a(env, info, "memoryStats");
  int d;
  THCMemoryStats s;
  if (!DeviceArg(a, 0, &d) || !Check(env, THCCachingAllocator_stats(State(), d, &s))) return nullptr;
  const THCMemoryStat *stats[] = {&s.allocatedBytes, &s.reservedBytes, &s.activeBytes, &s.inactiveSplitBytes,
                                  &s.allocation,     &s.segment,       &s.activeCount, &s.inactiveSplit};
  int64_t v[8 * 4 + 4];
  int n = 0;
  for (const THCMemoryStat *st : stats) {
    v[n++] = st->current;
    v[n++] = st->peak;
    v[n++] = st->allocated;
    v[n++] = st->freed;
  }
  v[n++] = s.numAllocRetries;
  v[n++] = s.numOOMs;
  v[n++] = s.numDeviceAllocs;
  v[n++] = s.numDeviceFrees;
  return tt::IntArray(env, n, v);
}

napi_value ResetPeakMemoryStats(napi_env env, napi_callback_info info) {
  Args a(env, info, "resetPeakMemoryStats");
  int d;
  if (!DeviceArg(a, 0, &d) || !Check(env, THCCachingAllocator_resetPeakStats(State(), d))) return nullptr;
  return Undefined(env);
}

napi_value ResetAccumulatedMemoryStats(napi_env env, napi_callback_info info) {
  Args a(env, info, "resetAccumulatedMemoryStats");
  int d;
  if (!DeviceArg(a, 0, &d) || !Check(env, THCCachingAllocator_resetAccumulatedStats(State(), d))) return nullptr;
  return Undefined(env);
}

napi_value EmptyCache(napi_env env, napi_callback_info info) {
  Args a(env, info, "emptyCache");
  if (!Check(env, THCCachingAllocator_emptyCache(State()))) return nullptr;
  if (!Check(env, THCCachingHostAllocator_emptyCache(State()))) return nullptr;
  return Undefined(env);
}

napi_value HostMemoryStats(napi_env env, napi_callback_info info) {
  // hostMemoryStats(): [reservedBytes, allocatedBytes] of the pinned allocator
  Args a(env, info, "hostMemoryStats");
  int64_t v[2];
  THCCachingHostAllocator_stats(State(), &v[0], &v[1]);
  return tt::IntArray(env, 2, v);
}

const tt::Registrar kMemoryFunctions({
    {"cudaMemoryStats", MemoryStats},
    {"resetPeakMemoryStats", ResetPeakMemoryStats},
    {"resetAccumulatedMemoryStats", ResetAccumulatedMemoryStats},
    {"cudaEmptyCache", EmptyCache},
    {"hostMemoryStats", HostMemoryStats},
});

}  // namespace
}  // namespace tc
