/* test_api.c — libTH as a plain C program uses it: include TH/TH.h, link libTH, make tensors,
 * compute, read the results through THTensor_data, free everything, and leave no live objects. */
#include "TH/TH.h"
#include <stdlib.h>
#include <string.h>
#include "th_test.h"

/* The whole flow in one function, written the way a C user would, without the harness helpers. */
static void test_end_to_end(void) {
  THMemoryStats before;
  THGetMemoryStats(&before);

  /* a = arange(6, dtype=float32).view(2, 3) */
  THTensor *a = THTensor_new(TH_Float32);
  CHECK_NOT_NULL(a);
  CHECK_OK(THTensor_arange(a, 0, 6, 1));
  CHECK_EQ_INT(THTensor_numel(a), 6);
  int64_t shape23[2] = {2, 3};
  THTensor *m = THTensor_newView(a, 2, shape23);
  CHECK_NOT_NULL(m);
  CHECK_EQ_INT(THTensor_ndim(m), 2);
  CHECK_EQ_INT(THTensor_size(m, 0), 2);
  CHECK_EQ_INT(THTensor_size(m, 1), 3);
  CHECK(THTensor_isContiguous(m));
  CHECK(THTensor_storage(m) == THTensor_storage(a));
  CHECK_EQ_INT(THStorage_refcount(THTensor_storage(a)), 2);

  /* b = [10, 20, 30] (float32), filled through its data pointer */
  int64_t three = 3;
  THTensor *b = THTensor_newWithSize(TH_Float32, 1, &three);
  CHECK_NOT_NULL(b);
  float *bp = (float *)THTensor_data(b);
  for (int i = 0; i < 3; i++) bp[i] = 10.0f * (float)(i + 1);

  /* c = m + b, broadcast to [2, 3] */
  THDType ct;
  CHECK_OK(THTensor_binaryResultType(TH_OP_add, m, b, &ct));
  CHECK_EQ_INT(ct, TH_Float32);
  THTensor *c = THTensor_new(ct);
  CHECK_OK(THTensor_add(c, m, b, 1.0));
  CHECK_EQ_INT(THTensor_ndim(c), 2);
  CHECK_EQ_INT(THTensor_size(c, 0), 2);
  CHECK_EQ_INT(THTensor_size(c, 1), 3);
  CHECK(THTensor_isContiguous(c));
  const float *cp = (const float *)THTensor_data(c);
  const float want[6] = {10, 21, 32, 13, 24, 35};
  for (int i = 0; i < 6; i++) CHECK_NEAR(cp[i], want[i], 0);

  /* d = c - 2 * b, with a Python-number-like alpha; then d * 0.5 with a wrapped number */
  THTensor *d = THTensor_new(TH_Float32);
  CHECK_OK(THTensor_sub(d, c, b, 2.0));
  THTensor *half = THTensor_newWrappedNumber(0.5);
  CHECK_NOT_NULL(half);
  CHECK(THTensor_isWrappedNumber(half));
  CHECK_EQ_INT(THTensor_dtype(half), TH_Float64);
  THTensor *e = THTensor_new(TH_Float32);
  CHECK_OK(THTensor_binary(e, d, half, TH_OP_mul));
  CHECK_EQ_INT(THTensor_dtype(e), TH_Float32); /* a wrapped float64 does not widen float32 */
  const float *ep = (const float *)THTensor_data(e);
  const float wantE[6] = {-5, -9.5f, -14, -3.5f, -8, -12.5f}; /* (m - b) / 2 */
  for (int i = 0; i < 6; i++) CHECK_NEAR(ep[i], wantE[i], 0);

  /* the sum of c through item() of each selected element */
  double sum = 0;
  for (int i = 0; i < 2; i++) {
    THTensor *row = THTensor_newSelect(c, 0, i);
    for (int j = 0; j < 3; j++) {
      THTensor *x = THTensor_newSelect(row, 0, j);
      int st;
      sum += THTensor_item(x, &st);
      CHECK_EQ_INT(st, TH_OK);
      THTensor_free(x);
    }
    THTensor_free(row);
  }
  CHECK_NEAR(sum, 135, 0);

  /* names of dtypes and ops round-trip */
  THDType parsed;
  CHECK_OK(THDType_fromName("bfloat16", &parsed));
  CHECK_EQ_INT(parsed, TH_BFloat16);
  CHECK(strcmp(THDType_name(TH_Float32), "float32") == 0);
  CHECK(strcmp(THBinaryOp_name(TH_OP_add), "add") == 0);
  CHECK(strcmp(THUnaryOp_name(TH_OP_sqrt), "sqrt") == 0);

  THTensor_free(e);
  THTensor_free(half);
  THTensor_free(d);
  THTensor_free(c);
  THTensor_free(b);
  THTensor_free(m);
  THTensor_free(a);

  THMemoryStats after;
  THGetMemoryStats(&after);
  CHECK_EQ_INT(after.liveTensors, before.liveTensors);
  CHECK_EQ_INT(after.liveStorages, before.liveStorages);
  CHECK_EQ_INT(after.ownedBytes, before.ownedBytes);
}

/* Live-object counters move as objects are made and freed. */
static void test_memory_stats(void) {
  THMemoryStats s0, s1, s2;
  THGetMemoryStats(&s0);
  int64_t sizes[2] = {4, 8};
  THTensor *t = THTensor_newWithSize(TH_Float64, 2, sizes);
  THTensor *v = THTensor_newTranspose(t, 0, 1);
  THGetMemoryStats(&s1);
  CHECK_EQ_INT(s1.liveTensors - s0.liveTensors, 2);
  CHECK_EQ_INT(s1.liveStorages - s0.liveStorages, 1); /* the view shares the storage */
  CHECK_EQ_INT(s1.ownedBytes - s0.ownedBytes, 4 * 8 * 8);
  THTensor_free(t);
  THGetMemoryStats(&s2);
  CHECK_EQ_INT(s2.liveTensors - s0.liveTensors, 1);
  CHECK_EQ_INT(s2.liveStorages - s0.liveStorages, 1); /* still held by the view */
  CHECK_EQ_INT(THStorage_refcount(THTensor_storage(v)), 1);
  THTensor_free(v);
  THGetMemoryStats(&s2);
  CHECK_EQ_INT(s2.liveTensors, s0.liveTensors);
  CHECK_EQ_INT(s2.liveStorages, s0.liveStorages);
  CHECK_EQ_INT(s2.ownedBytes, s0.ownedBytes);
}

/* A stand-in for a device allocator (THC's): host memory that libTH must count as device memory. */
static void *fakeDeviceMalloc(void *ctx, size_t nbytes) { (void)ctx; return malloc(nbytes ? nbytes : 1); }
static void fakeDeviceFree(void *ctx, void *p, size_t nbytes) { (void)ctx, (void)nbytes; free(p); }
static int fakeDeviceCopy(void *ctx, void *dst, const void *src, size_t nbytes) {
  (void)ctx;
  memcpy(dst, src, nbytes);
  return TH_OK;
}

/* Device storages are counted in deviceBytes, and every byte, host or device, is reported once. */
static void test_unreported_bytes(void) {
  THAllocator device = {fakeDeviceMalloc, fakeDeviceFree, NULL, 1, 0, fakeDeviceCopy};
  THTakeUnreportedBytes();
  THMemoryStats s0, s1;
  THGetMemoryStats(&s0);
  THStorage *d = THStorage_new(1000, &device);
  int64_t sizes[1] = {512};
  THTensor *h = THTensor_newWithSize(TH_Float32, 1, sizes);
  THGetMemoryStats(&s1);
  CHECK_EQ_INT(s1.deviceBytes - s0.deviceBytes, 1000);
  CHECK_EQ_INT(s1.ownedBytes - s0.ownedBytes, 2048);
  CHECK_EQ_INT(THTakeUnreportedBytes(), 3048);
  CHECK_EQ_INT(THTakeUnreportedBytes(), 0); /* a second reader (another addon) gets nothing */
  CHECK_EQ_INT(THStorage_resize(d, 5000), TH_OK);
  THGetMemoryStats(&s1);
  CHECK_EQ_INT(s1.deviceBytes - s0.deviceBytes, 5000);
  CHECK_EQ_INT(THTakeUnreportedBytes(), 4000);
  /* a fall is reported once 64 calls in a row found less than was reported */
  THStorage_free(d);
  THTensor_free(h);
  THGetMemoryStats(&s1);
  CHECK_EQ_INT(s1.deviceBytes, s0.deviceBytes);
  int64_t got = 0;
  int quiet = 0;
  while (quiet < 100 && (got = THTakeUnreportedBytes()) == 0) quiet++;
  CHECK_EQ_INT(quiet, 63);
  CHECK_EQ_INT(got, -7048);
  CHECK_EQ_INT(THTakeUnreportedBytes(), 0); /* reported: nothing left */
  /* growth between the calls of a fall resets it: made and freed every step, nothing is reported */
  THStorage *big = THStorage_new(1 << 20, &device);
  CHECK_EQ_INT(THTakeUnreportedBytes(), 1 << 20);
  for (int step = 0; step < 200; step++) {
    THStorage_free(big);
    CHECK_EQ_INT(THTakeUnreportedBytes(), 0);
    big = THStorage_new(1 << 20, &device);
    CHECK_EQ_INT(THTakeUnreportedBytes(), 0);
  }
  THStorage_free(big);
  for (int i = 0; i < 63; i++) THTakeUnreportedBytes();
  CHECK_EQ_INT(THTakeUnreportedBytes(), -(1 << 20));
}

/* Errors are reported through return values and THGetLastError, and cleared by THClearError. */
static void test_error_state(void) {
  THClearError();
  CHECK(strcmp(THGetLastError(), "") == 0);
  CHECK_EQ_INT(THError("custom %d", 42), TH_ERR);
  CHECK(strcmp(THGetLastError(), "custom 42") == 0);
  THClearError();
  CHECK(strcmp(THGetLastError(), "") == 0);
  THDType dt;
  CHECK_ERR(THDType_fromName("float128", &dt), "unknown dtype 'float128'");
}

static void test_threads(void) {
  int old = THGetNumThreads();
  CHECK(old >= 1);
  THSetNumThreads(1);
  CHECK_EQ_INT(THGetNumThreads(), 1);
  THSetNumThreads(0); /* clamped to 1 */
  CHECK_EQ_INT(THGetNumThreads(), 1);
  THSetNumThreads(old);
}

static void test_version_macros(void) {
  CHECK_EQ_INT(TH_VERSION_MAJOR, 0);
  CHECK(TH_MAX_DIMS == 25);
  CHECK(TH_OK == 0 && TH_ERR == -1);
}

int main(void) {
  RUN_TEST(test_end_to_end);
  RUN_TEST(test_memory_stats);
  RUN_TEST(test_unreported_bytes);
  RUN_TEST(test_error_state);
  RUN_TEST(test_threads);
  RUN_TEST(test_version_macros);
  return TH_TEST_RESULT();
}
