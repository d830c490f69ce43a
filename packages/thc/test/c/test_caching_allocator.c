/* test_caching_allocator.c — the caching allocators on a real GPU (skipped without one): storages
 * through THCCachingAllocator_get, the stats, emptyCache against cudaMemGetInfo, recordStream with
 * a second stream (held back by a host function, so the test does not depend on timing), storage
 * growth through the allocator's copy, the out-of-memory message, the pinned host allocator, and
 * THCState_free returning everything. The logic itself is tested without a GPU in
 * test_block_pool.c. */
#include "thc_test.h"

#include <cuda_runtime_api.h>
#include <stdlib.h>
#include <time.h>

#define KiB ((size_t)1024)
#define MiB ((size_t)1024 * 1024)

static THCState *S;

static THCMemoryStats devStats(int device) {
  THCMemoryStats st;
  memset(&st, 0, sizeof st);
  if (THCCachingAllocator_stats(S, device, &st) != TH_OK) CHECK(0);
  return st;
}

/* THC_TEST_SHARED_GPU=1 (set under compute-sanitizer, which sub-allocates device memory itself):
 * the driver's free memory is not this process's to read, and those checks are left out */
static int driverView(void) { return !getenv("THC_TEST_SHARED_GPU"); }
#define CHECK_DRIVER(cond) \
  do {                     \
    if (driverView()) CHECK(cond); \
  } while (0)

static size_t freeMem(int device) {
  size_t f = 0, t = 0;
  CHECK_OK(THCState_memGetInfo(S, device, &f, &t));
  return f;
}

/* ---- a stream that stays busy until the test lets it go ---- */

static int gateOpen;

static void gateFn(void *arg) {
  (void)arg;
  struct timespec t0, t;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  while (!__atomic_load_n(&gateOpen, __ATOMIC_ACQUIRE)) {
    clock_gettime(CLOCK_MONOTONIC, &t);
    if (t.tv_sec - t0.tv_sec > 20) break; /* never hang the test run */
  }
}

/* Work queued on st after this waits until openGate(). No cudaFree/synchronize in between! */
static int closeGate(THCStream *st) {
  __atomic_store_n(&gateOpen, 0, __ATOMIC_RELEASE);
  return cudaLaunchHostFunc((cudaStream_t)THCStream_handle(st), gateFn, NULL) == cudaSuccess ? TH_OK : TH_ERR;
}

static void openGate(void) { __atomic_store_n(&gateOpen, 1, __ATOMIC_RELEASE); }

/* ---- tests ---- */

static void test_allocator_identity(void) {
  THAllocator *a = THCCachingAllocator_get(S, 0);
  CHECK_NOT_NULL(a);
  if (!a) return;
  CHECK_EQ_INT(a->onDevice, 1);
  CHECK_EQ_INT(a->deviceIndex, 0);
  CHECK(a->copy != NULL);
  CHECK_OK(THCState_setDevice(S, 0));
  CHECK(THCCachingAllocator_get(S, -1) == a);
  CHECK(THCCachingAllocator_get(S, THCState_deviceCount(S)) == NULL);
  CHECK_STR_CONTAINS(THGetLastError(), "Invalid device ordinal");
  THCMemoryStats st;
  CHECK_ERR(THCCachingAllocator_stats(S, 99, &st), "Invalid device ordinal");
  THAllocator *h = THCCachingHostAllocator_get(S);
  CHECK_NOT_NULL(h);
  if (h) CHECK_EQ_INT(h->onDevice, 0);
}

static void test_storage_alloc_free(void) {
  THAllocator *a = THCCachingAllocator_get(S, 0);
  THCMemoryStats before = devStats(0);
  THStorage *st = THStorage_new(1000, a);
  CHECK_NOT_NULL(st);
  if (!st) return;
  CHECK_EQ_INT(THStorage_device(st), 0);
  void *data = THStorage_data(st);
  struct cudaPointerAttributes attr;
  CHECK(cudaPointerGetAttributes(&attr, data) == cudaSuccess);
  CHECK_EQ_INT(attr.type, cudaMemoryTypeDevice);
  CHECK_EQ_INT(attr.device, 0);
  CHECK(cudaMemset(data, 0x5a, 1000) == cudaSuccess);
  THCMemoryStats mid = devStats(0);
  CHECK_EQ_INT(mid.allocation.current, before.allocation.current + 1);
  CHECK_EQ_INT(mid.allocatedBytes.current, before.allocatedBytes.current + 1024);
  THStorage_free(st);
  THCMemoryStats after = devStats(0);
  CHECK_EQ_INT(after.allocation.current, before.allocation.current);
  CHECK_EQ_INT(after.reservedBytes.current, mid.reservedBytes.current); /* cached, not returned */
  THStorage *again = THStorage_new(1000, a);
  CHECK_NOT_NULL(again);
  if (again) CHECK(THStorage_data(again) == data);
  CHECK_EQ_INT(devStats(0).numDeviceAllocs, mid.numDeviceAllocs);
  THStorage_free(again);
  THStorage *empty = THStorage_new(0, a); /* no block for an empty storage */
  CHECK_NOT_NULL(empty);
  THStorage_free(empty);
  CHECK_EQ_INT(devStats(0).allocation.current, before.allocation.current);

  /* tensors allocate through it too */
  int64_t sizes[2] = {300, 400};
  THTensor *t = THCTensor_newWithSize(S, TH_Float32, 0, 2, sizes);
  CHECK_NOT_NULL(t);
  CHECK_EQ_INT(devStats(0).allocatedBytes.current, before.allocatedBytes.current + 480256); /* 480000 -> 512 B */
  THTensor_free(t);
  CHECK_EQ_INT(devStats(0).allocatedBytes.current, before.allocatedBytes.current);
}

static void test_stats_and_empty_cache(void) {
  CHECK_OK(THCCachingAllocator_emptyCache(S));
  CHECK_OK(THCCachingAllocator_resetPeakStats(S, 0));
  CHECK_OK(THCCachingAllocator_resetAccumulatedStats(S, 0));
  THCMemoryStats st = devStats(0);
  CHECK_EQ_INT(st.reservedBytes.current, 0);
  CHECK_EQ_INT(st.segment.current, 0);
  CHECK_EQ_INT(st.numDeviceAllocs, 0);
  size_t free0 = freeMem(0);
  void *p = THCCachingAllocator_malloc(S, 64 * MiB, NULL);
  CHECK_NOT_NULL(p);
  size_t free1 = freeMem(0);
  CHECK_DRIVER(free1 + 60 * MiB <= free0); /* the driver's view: 64 MiB are gone */
  st = devStats(0);
  CHECK_EQ_INT(st.reservedBytes.current, 64 * MiB);
  CHECK_EQ_INT(st.allocatedBytes.current, 64 * MiB);
  CHECK_EQ_INT(st.segment.current, 1);
  CHECK_EQ_INT(st.numDeviceAllocs, 1);
  THCCachingAllocator_free(S, p);
  size_t free2 = freeMem(0);
  CHECK_DRIVER(free2 + 60 * MiB <= free0); /* still cached */
  st = devStats(0);
  CHECK_EQ_INT(st.allocatedBytes.current, 0);
  CHECK_EQ_INT(st.reservedBytes.current, 64 * MiB);
  CHECK_OK(THCCachingAllocator_emptyCache(S));
  size_t free3 = freeMem(0);
  CHECK_DRIVER(free3 + 4 * MiB >= free0); /* returned to the driver */
  st = devStats(0);
  CHECK_EQ_INT(st.reservedBytes.current, 0);
  CHECK_EQ_INT(st.reservedBytes.peak, 64 * MiB);
  CHECK_EQ_INT(st.reservedBytes.allocated, 64 * MiB);
  CHECK_EQ_INT(st.reservedBytes.freed, 64 * MiB);
  CHECK_EQ_INT(st.allocatedBytes.peak, 64 * MiB);
  CHECK_EQ_INT(st.numDeviceFrees, 1);
  CHECK_OK(THCCachingAllocator_resetPeakStats(S, 0));
  CHECK_EQ_INT(devStats(0).reservedBytes.peak, 0);
  CHECK_OK(THCCachingAllocator_resetAccumulatedStats(S, -1));
  st = devStats(0);
  CHECK_EQ_INT(st.reservedBytes.allocated, 0);
  CHECK_EQ_INT(st.numDeviceFrees, 0);
}

static void test_scratch_malloc(void) {
  void *p = THCCachingAllocator_malloc(S, 4096, NULL);
  CHECK_NOT_NULL(p);
  CHECK(cudaMemset(p, 0, 4096) == cudaSuccess);
  THCCachingAllocator_free(S, p);
  void *q = THCCachingAllocator_malloc(S, 4000, THCState_currentStream(S, 0));
  CHECK(q == p);
  THCCachingAllocator_free(S, q);
  void *z = THCCachingAllocator_malloc(S, 0, NULL); /* still a (512 B) block */
  CHECK_NOT_NULL(z);
  THCCachingAllocator_free(S, z);
  THClearError();
  int x;
  THCCachingAllocator_free(S, &x);
  CHECK_STR_CONTAINS(THGetLastError(), "invalid device pointer");
  THCCachingAllocator_free(S, NULL);
  CHECK_ERR(THCCachingAllocator_recordStream(S, &x, NULL), "not memory from the caching allocator");
  CHECK_OK(THCCachingAllocator_recordStream(S, NULL, NULL));
}

static void test_record_stream(void) {
  THCStream *st2 = THCStream_new(S, 0, 0);
  CHECK_NOT_NULL(st2);
  if (!st2) return;
  THCStream *def = THCState_currentStream(S, 0);
  char *p = THCCachingAllocator_malloc(S, 256 * KiB, def);
  char *spare = THCCachingAllocator_malloc(S, 256 * KiB, def); /* makes sure the segment is split */
  char *dst = THCCachingAllocator_malloc(S, 256 * KiB, st2);
  CHECK_NOT_NULL(p);
  CHECK_NOT_NULL(dst);
  /* from here to openGate, nothing may synchronise (cudaMalloc/cudaFree): st2 is held back */
  CHECK_OK(closeGate(st2));
  /* st2 copies from p, after the gate */
  CHECK(cudaMemcpyAsync(dst, p, 256 * KiB, cudaMemcpyDeviceToDevice, (cudaStream_t)THCStream_handle(st2)) == cudaSuccess);
  CHECK_OK(THCCachingAllocator_recordStream(S, p + 1000, st2));
  THCMemoryStats before = devStats(0);
  THCCachingAllocator_free(S, p);
  THCMemoryStats mid = devStats(0);
  CHECK_EQ_INT(mid.allocation.current, before.allocation.current - 1);
  CHECK_EQ_INT(mid.activeCount.current, before.activeCount.current); /* waits for st2 */
  char *q = THCCachingAllocator_malloc(S, 256 * KiB, def);
  CHECK(q != p); /* st2 has not run: p may not be reused yet */
  THCCachingAllocator_free(S, q);
  openGate();
  CHECK_OK(THCStream_synchronize(st2));
  char *r = THCCachingAllocator_malloc(S, 256 * KiB, def); /* the event is done: p is back */
  CHECK(r == p); /* the exact fit */
  CHECK_EQ_INT(devStats(0).activeCount.current, before.activeCount.current); /* r replaces p */
  THCCachingAllocator_free(S, r);
  THCCachingAllocator_free(S, spare);
  THCCachingAllocator_free(S, dst);
  /* blocks of st2 are not handed to the default stream */
  char *s2 = THCCachingAllocator_malloc(S, 256 * KiB, st2);
  CHECK(s2 == dst);
  THCCachingAllocator_free(S, s2);
  THCStream_free(st2);
  CHECK_OK(THCCachingAllocator_emptyCache(S));
}

static void test_storage_growth(void) {
  THAllocator *a = THCCachingAllocator_get(S, 0);
  enum { N = 4096 };
  unsigned char host[N], back[N];
  for (int i = 0; i < N; i++) host[i] = (unsigned char)(i * 7 + 3);
  THStorage *st = THStorage_new(N, a);
  CHECK_NOT_NULL(st);
  if (!st) return;
  CHECK(cudaMemcpy(THStorage_data(st), host, N, cudaMemcpyHostToDevice) == cudaSuccess);
  void *old = THStorage_data(st);
  CHECK_OK(THStorage_resize(st, 3 * MiB));
  CHECK(THStorage_data(st) != old);
  CHECK_EQ_INT(THStorage_nbytes(st), 3 * MiB);
  memset(back, 0, N);
  CHECK(cudaMemcpy(back, THStorage_data(st), N, cudaMemcpyDeviceToHost) == cudaSuccess);
  CHECK(memcmp(host, back, N) == 0);

  /* growth on a non-default current stream: the copy runs there, the old block waits for it */
  THCStream *st2 = THCStream_new(S, 0, 0);
  CHECK_OK(THCState_setCurrentStream(S, st2));
  THStorage *s2 = THStorage_new(N, a); /* a block of st2 */
  CHECK(cudaMemcpy(THStorage_data(s2), host, N, cudaMemcpyHostToDevice) == cudaSuccess);
  CHECK_OK(THStorage_resize(st, 4 * MiB)); /* st's block belongs to the default stream */
  CHECK_OK(THStorage_resize(s2, 2 * MiB));
  CHECK_OK(THCStream_synchronize(st2));
  memset(back, 0, N);
  CHECK(cudaMemcpy(back, THStorage_data(st), N, cudaMemcpyDeviceToHost) == cudaSuccess);
  CHECK(memcmp(host, back, N) == 0);
  memset(back, 0, N);
  CHECK(cudaMemcpy(back, THStorage_data(s2), N, cudaMemcpyDeviceToHost) == cudaSuccess);
  CHECK(memcmp(host, back, N) == 0);
  CHECK_OK(THCState_setCurrentStream(S, NULL));
  THStorage_free(s2);
  THStorage_free(st);
  THCStream_free(st2);

  /* a THC tensor grows the same way */
  int64_t n1 = 1000, n2 = 300000;
  THTensor *t = THCTensor_newWithSize(S, TH_Int32, 0, 1, &n1);
  int32_t vals[1000], got[1000];
  for (int i = 0; i < 1000; i++) vals[i] = i * 31 - 7;
  CHECK(cudaMemcpy(THTensor_data(t), vals, sizeof vals, cudaMemcpyHostToDevice) == cudaSuccess);
  CHECK_OK(THTensor_resize(t, 1, &n2));
  CHECK(cudaMemcpy(got, THTensor_data(t), sizeof got, cudaMemcpyDeviceToHost) == cudaSuccess);
  CHECK(memcmp(vals, got, sizeof got) == 0);
  THTensor_free(t);
  CHECK_OK(THCCachingAllocator_emptyCache(S));
}

static void test_oom_message(void) {
  THCMemoryStats before = devStats(0);
  void *p = THCCachingAllocator_malloc(S, (size_t)1 << 50, NULL); /* 1 PiB */
  CHECK(p == NULL);
  const char *msg = THGetLastError();
  CHECK_STR_CONTAINS(msg, "CUDA out of memory. Tried to allocate 1048576.00 GiB (GPU 0; ");
  CHECK_STR_CONTAINS(msg, " total capacity; ");
  CHECK_STR_CONTAINS(msg, " reserved in total by TypeTorch)");
  fprintf(stderr, "  OOM message: %s\n", msg);
  THCMemoryStats after = devStats(0);
  CHECK_EQ_INT(after.numOOMs, before.numOOMs + 1);
  CHECK_EQ_INT(after.numAllocRetries, before.numAllocRetries + 1);
  CHECK(cudaGetLastError() == cudaSuccess); /* no sticky error left behind */
  /* still works */
  void *q = THCCachingAllocator_malloc(S, 1000, NULL);
  CHECK_NOT_NULL(q);
  THCCachingAllocator_free(S, q);
  int64_t huge = (int64_t)1 << 48;
  CHECK_NULL_ERR(THCTensor_newWithSize(S, TH_Float32, 0, 1, &huge), "out of memory");
}

static void test_pinned(void) {
  THAllocator *h = THCCachingHostAllocator_get(S);
  CHECK_NOT_NULL(h);
  if (!h) return;
  CHECK_OK(THCCachingHostAllocator_emptyCache(S));
  int64_t reserved0 = 0, allocated0 = 0, reserved = 0, allocated = 0;
  THCCachingHostAllocator_stats(S, &reserved0, &allocated0);
  THStorage *st = THStorage_new(MiB, h);
  CHECK_NOT_NULL(st);
  if (!st) return;
  char *data = THStorage_data(st);
  CHECK(THCCachingHostAllocator_isPinned(S, data));
  CHECK(THCCachingHostAllocator_isPinned(S, data + MiB - 1));
  int local = 0;
  CHECK(!THCCachingHostAllocator_isPinned(S, &local));
  struct cudaPointerAttributes attr;
  CHECK(cudaPointerGetAttributes(&attr, data) == cudaSuccess);
  CHECK_EQ_INT(attr.type, cudaMemoryTypeHost);
  memset(data, 0x11, MiB); /* host memory: TH can use it */
  THCCachingHostAllocator_stats(S, &reserved, &allocated);
  CHECK_EQ_INT(reserved, reserved0 + (int64_t)MiB);
  CHECK_EQ_INT(allocated, allocated0 + (int64_t)MiB);
  THStorage_free(st);
  THCCachingHostAllocator_stats(S, &reserved, &allocated);
  CHECK_EQ_INT(reserved, reserved0 + (int64_t)MiB);
  CHECK_EQ_INT(allocated, allocated0);
  THStorage *st2 = THStorage_new(MiB - 100, h); /* same power of two: reused */
  CHECK(THStorage_data(st2) == data);

#ifdef THC_EMU /* test/emu runs each stream's work at once: no stream can be held back */
  THStorage_free(st2);
#else
  /* an async copy from the pinned block on a held-back stream: the block waits for it */
  THCStream *s = THCStream_new(S, 0, 0);
  void *dev = THCCachingAllocator_malloc(S, MiB, s);
  THStorage *spare = THStorage_new(MiB, h); /* cached for st3 below: no cudaHostAlloc under the gate */
  char *spareData = THStorage_data(spare);
  THStorage_free(spare);
  CHECK_OK(closeGate(s));
  CHECK(cudaMemcpyAsync(dev, data, MiB, cudaMemcpyHostToDevice, (cudaStream_t)THCStream_handle(s)) == cudaSuccess);
  CHECK_OK(THCCachingHostAllocator_recordEvent(S, data, s));
  THStorage_free(st2);
  THStorage *st3 = THStorage_new(MiB, h);
  CHECK(THStorage_data(st3) != data);
  CHECK(THStorage_data(st3) == spareData);
  openGate();
  CHECK_OK(THCStream_synchronize(s));
  THStorage *st4 = THStorage_new(MiB, h);
  CHECK(THStorage_data(st4) == data);
  CHECK_OK(THCCachingHostAllocator_recordEvent(S, &local, s)); /* not pinned: nothing to do */
  THStorage_free(st3);
  THStorage_free(st4);
  THCCachingAllocator_free(S, dev);
  THCStream_free(s);
#endif
  CHECK_OK(THCCachingHostAllocator_emptyCache(S));
  THCCachingHostAllocator_stats(S, &reserved, &allocated);
  CHECK_EQ_INT(reserved, reserved0);
  CHECK(!THCCachingHostAllocator_isPinned(S, data));
}

static void test_other_devices(void) {
  int n = THCState_deviceCount(S);
  if (n < 2) return;
  THAllocator *a1 = THCCachingAllocator_get(S, 1);
  CHECK_NOT_NULL(a1);
  CHECK_EQ_INT(a1->deviceIndex, 1);
  THCMemoryStats b0 = devStats(0), b1 = devStats(1);
  THStorage *st = THStorage_new(MiB, a1);
  struct cudaPointerAttributes attr;
  CHECK(cudaPointerGetAttributes(&attr, THStorage_data(st)) == cudaSuccess);
  CHECK_EQ_INT(attr.device, 1);
  CHECK_EQ_INT(devStats(1).allocation.current, b1.allocation.current + 1);
  CHECK_EQ_INT(devStats(0).allocation.current, b0.allocation.current);
  THStorage_free(st);
  void *p = THCCachingAllocator_malloc(S, KiB, THCState_defaultStream(S, 1));
  THCCachingAllocator_free(S, p); /* found on device 1 */
  CHECK_EQ_INT(devStats(1).allocation.current, b1.allocation.current);
  CHECK_OK(THCCachingAllocator_emptyCache(S));
  CHECK_EQ_INT(devStats(1).reservedBytes.current, 0);
}

/* THCState_free gives back what the state's allocators still hold, live blocks included. */
static void test_state_free_releases(void) {
  size_t free0 = freeMem(0);
  THCState *s2 = THCState_new();
  void *p = THCCachingAllocator_malloc(s2, 256 * MiB, NULL);
  CHECK_NOT_NULL(p);
  void *q = THCCachingAllocator_malloc(s2, 64 * MiB, NULL);
  THCCachingAllocator_free(s2, q); /* cached */
  CHECK_DRIVER(freeMem(0) + 300 * MiB <= free0);
  THStorage *pinned = THStorage_new(MiB, THCCachingHostAllocator_get(s2));
  THStorage_free(pinned);
  THCState_free(s2);
  CHECK_DRIVER(freeMem(0) + 8 * MiB >= free0);
}

int main(void) {
  THC_REQUIRE_GPU();
  S = thc_test_state;
  RUN_TEST(test_allocator_identity);
  RUN_TEST(test_storage_alloc_free);
  RUN_TEST(test_stats_and_empty_cache);
  RUN_TEST(test_scratch_malloc);
#ifndef THC_EMU /* test/emu runs each stream's work at once: no stream can be held back */
  RUN_TEST(test_record_stream);
#endif
  RUN_TEST(test_storage_growth);
  RUN_TEST(test_oom_message);
  RUN_TEST(test_pinned);
  RUN_TEST(test_other_devices);
  RUN_TEST(test_state_free_releases);
  THCState_free(S);
  return TH_TEST_RESULT();
}
