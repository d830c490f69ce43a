/* test_storage_tensor.c — storages, tensor objects, dtypes and half-precision conversions. */
#include "TH/TH.h"
#include "th_test.h"

/* ---- storage ---- */

static void test_storage_refcount(void) {
  THStorage *s = THStorage_new(64, NULL);
  CHECK_NOT_NULL(s);
  CHECK_EQ_INT(THStorage_refcount(s), 1);
  CHECK_EQ_INT(THStorage_nbytes(s), 64);
  CHECK_NOT_NULL(THStorage_data(s));
  CHECK_EQ_INT((uintptr_t)THStorage_data(s) % 64, 0); /* the default allocator aligns to 64 bytes */
  THStorage_retain(s);
  CHECK_EQ_INT(THStorage_refcount(s), 2);

  /* a tensor on the storage holds a reference of its own */
  int64_t sizes[2] = {2, 4};
  THTensor *t = THTensor_newWithStorage(s, TH_Float32, 8, 2, sizes, NULL);
  CHECK_NOT_NULL(t);
  CHECK_EQ_INT(THStorage_refcount(s), 3);
  CHECK(THTensor_storage(t) == s);
  CHECK_EQ_INT(THTensor_storageOffset(t), 8);
  CHECK(THTensor_data(t) == (char *)THStorage_data(s) + 8 * 4);
  CHECK_STRIDES(t, 2, 4, 1);

  THStorage_free(s);
  THStorage_free(s);
  CHECK_EQ_INT(THStorage_refcount(THTensor_storage(t)), 1);
  THTensor_free(t); /* frees the storage */
  THStorage_free(NULL); /* a no-op */
  THTensor_free(NULL);
}

static void test_storage_resize(void) {
  THMemoryStats m0 = th_test_mem();
  THStorage *s = THStorage_new(1000, NULL);
  memcpy(THStorage_data(s), "abcdefg", 8);
  CHECK_EQ_INT(th_test_mem().ownedBytes - m0.ownedBytes, 1000);
  CHECK_OK(THStorage_resize(s, 4)); /* shrinking keeps the memory */
  CHECK_EQ_INT(THStorage_nbytes(s), 1000);
  CHECK_OK(THStorage_resize(s, 3000));
  CHECK_EQ_INT(THStorage_nbytes(s), 3000);
  CHECK(memcmp(THStorage_data(s), "abcdefg", 8) == 0); /* growing keeps the contents */
  CHECK_EQ_INT(th_test_mem().ownedBytes - m0.ownedBytes, 3000);
  THStorage_free(s);
  CHECK_NO_LEAKS(m0);

  /* an empty storage owns no heap memory until it grows; small growth keeps the contents too */
  THStorage *e = THStorage_new(0, NULL);
  CHECK_NOT_NULL(e);
  CHECK_EQ_INT(THStorage_nbytes(e), 0);
  CHECK_EQ_INT(th_test_mem().ownedBytes, m0.ownedBytes);
  CHECK_OK(THStorage_resize(e, 16));
  CHECK_EQ_INT(THStorage_nbytes(e), 16);
  memcpy(THStorage_data(e), "0123456789abcde", 16);
  CHECK_OK(THStorage_resize(e, 24));
  CHECK(memcmp(THStorage_data(e), "0123456789abcde", 16) == 0);
  CHECK_OK(THStorage_resize(e, 4096));
  CHECK_EQ_INT(THStorage_nbytes(e), 4096);
  CHECK(memcmp(THStorage_data(e), "0123456789abcde", 16) == 0);
  CHECK_EQ_INT(th_test_mem().ownedBytes - m0.ownedBytes, 4096);
  THStorage_free(e);
  CHECK_NO_LEAKS(m0);
}

/* A custom allocator is used for storage memory and gets it back. */
typedef struct {
  int mallocs, frees;
} CountingCtx;
static void *countingMalloc(void *ctx, size_t n) {
  ((CountingCtx *)ctx)->mallocs++;
  return malloc(n);
}
static void countingFree(void *ctx, void *p, size_t n) {
  (void)n;
  ((CountingCtx *)ctx)->frees++;
  free(p);
}

static void test_custom_allocator(void) {
  CountingCtx c = {0, 0};
  THAllocator alloc = {countingMalloc, countingFree, &c, 0, 0, NULL};
  THStorage *s = THStorage_new(1000, &alloc);
  CHECK_EQ_INT(c.mallocs, 1);
  CHECK_OK(THStorage_resize(s, 2000));
  CHECK_EQ_INT(c.mallocs, 2);
  CHECK_EQ_INT(c.frees, 1);
  THStorage_free(s);
  CHECK_EQ_INT(c.frees, 2);
  CHECK(THDefaultAllocator() != NULL);
}

/* The default allocator caches large freed blocks (unless TH_CPU_CACHE=0) and reuses them;
 * cached bytes are not owned bytes, and THEmptyCache returns them. */
static void test_allocator_cache(void) {
  const char *env = getenv("TH_CPU_CACHE");
  int caching = !(env && env[0] == '0');
  THEmptyCache();
  THMemoryStats m0 = th_test_mem();
  CHECK_EQ_INT(m0.cachedBytes, 0);
  int64_t n = (int64_t)1 << 18; /* 1 MiB of float32 */
  THTensor *t = THTensor_newWithSize(TH_Float32, 1, &n);
  CHECK_EQ_INT(th_test_mem().ownedBytes - m0.ownedBytes, (int64_t)1 << 20);
  CHECK_EQ_INT((uintptr_t)THTensor_data(t) % 64, 0);
  void *p = THTensor_data(t);
  THTensor_free(t);
  THMemoryStats m1 = th_test_mem();
  CHECK_EQ_INT(m1.ownedBytes, m0.ownedBytes);
  if (caching) CHECK(m1.cachedBytes >= (int64_t)1 << 20);
  else CHECK_EQ_INT(m1.cachedBytes, 0);
  t = THTensor_newWithSize(TH_Float32, 1, &n); /* the same size again: the cached block */
  if (caching) CHECK(THTensor_data(t) == p);
  CHECK_EQ_INT(th_test_mem().cachedBytes, 0);
  THTensor_free(t);
  THEmptyCache();
  CHECK_EQ_INT(th_test_mem().cachedBytes, 0);
  /* every size class, from 64 KiB itself (the smallest cached size) up: a freed block is cached
   * whole (its size rounded up by at most 25%) and given back for the same size */
  const int64_t bytes[] = {64 << 10, (64 << 10) + 4, 80 << 10, 96 << 10, 128 << 10, (1 << 20) + 4};
  for (int i = 0; i < 6; i++) {
    int64_t ne = bytes[i] / 4;
    t = THTensor_newWithSize(TH_Float32, 1, &ne);
    p = THTensor_data(t);
    THTensor_free(t);
    int64_t cached = th_test_mem().cachedBytes;
    if (caching) CHECK(cached >= bytes[i] && cached <= bytes[i] + bytes[i] / 4);
    else CHECK_EQ_INT(cached, 0);
    t = THTensor_newWithSize(TH_Float32, 1, &ne);
    if (caching) CHECK(THTensor_data(t) == p);
    CHECK_EQ_INT(th_test_mem().cachedBytes, 0);
    THTensor_free(t);
    THEmptyCache();
  }
  /* small blocks are never cached */
  int64_t small = 100;
  THTensor_free(THTensor_newWithSize(TH_Float32, 1, &small));
  CHECK_EQ_INT(th_test_mem().cachedBytes, 0);
  CHECK_NO_LEAKS(m0);
}

/* ---- borrowed memory ---- */

typedef struct {
  int calls;
  void *lastData;
} ReleaseLog;
static void onRelease(void *ctx, void *data) {
  ReleaseLog *log = ctx;
  log->calls++;
  log->lastData = data;
}

static void test_borrowed_release(void) {
  float buf[6] = {1, 2, 3, 4, 5, 6};
  ReleaseLog log = {0, NULL};
  THMemoryStats m0 = th_test_mem();
  THStorage *s = THStorage_newWithData(buf, sizeof buf, onRelease, &log);
  CHECK_NOT_NULL(s);
  CHECK(THStorage_data(s) == buf);
  CHECK_EQ_INT(th_test_mem().ownedBytes, m0.ownedBytes); /* borrowed bytes are not owned */
  CHECK_EQ_INT(th_test_mem().liveStorages - m0.liveStorages, 1);

  int64_t sizes[2] = {2, 3};
  THTensor *t = THTensor_newWithStorage(s, TH_Float32, 0, 2, sizes, NULL);
  THStorage_free(s); /* the tensor now holds the only reference */
  CHECK_EQ_INT(log.calls, 0);
  THTensor *v = THTensor_newTranspose(t, 0, 1);
  THTensor *row = THTensor_newSelect(t, 0, 1);
  CHECK_VALUES(v, 0, 1, 4, 2, 5, 3, 6);
  CHECK_VALUES(row, 0, 4, 5, 6);

  /* writes through a tensor land in the caller's buffer */
  th_set(row, 0, 40);
  CHECK_NEAR(buf[3], 40, 0);

  THTensor_free(t);
  THTensor_free(v);
  CHECK_EQ_INT(log.calls, 0);
  THTensor_free(row); /* the last reference */
  CHECK_EQ_INT(log.calls, 1);
  CHECK(log.lastData == buf);
  CHECK_NO_LEAKS(m0);

  /* no release function is fine too */
  THStorage *s2 = THStorage_newWithData(buf, sizeof buf, NULL, NULL);
  THStorage_free(s2);
  CHECK_EQ_INT(log.calls, 1);
}

/* Resizing a tensor on borrowed memory beyond it moves the tensor to owned memory; the borrowed
 * buffer is released once, when nothing uses it any more. */
static void test_borrowed_tensor_resize(void) {
  double buf[4] = {1, 2, 3, 4};
  ReleaseLog log = {0, NULL};
  THStorage *s = THStorage_newWithData(buf, sizeof buf, onRelease, &log);
  int64_t four = 4, eight = 8, two = 2;
  THTensor *t = THTensor_newWithStorage(s, TH_Float64, 0, 1, &four, NULL);
  THStorage_free(s);
  CHECK_OK(THTensor_resize(t, 1, &two)); /* fits: stays on the buffer */
  CHECK(THTensor_data(t) == (void *)buf);
  CHECK_EQ_INT(log.calls, 0);
  CHECK_OK(THTensor_resize(t, 1, &eight));
  CHECK(THTensor_data(t) != (void *)buf);
  CHECK_EQ_INT(THTensor_size(t, 0), 8);
  CHECK_EQ_INT(log.calls, 1);
  THTensor_free(t);
  CHECK_EQ_INT(log.calls, 1);
}

/* ---- tensor construction ---- */

static void test_new_with_storage_bounds(void) {
  THStorage *s = THStorage_new(6 * sizeof(float), NULL);
  int64_t sizes[2] = {2, 3};
  int64_t strides[2] = {3, 1};
  THTensor *ok = THTensor_newWithStorage(s, TH_Float32, 0, 2, sizes, strides);
  CHECK_NOT_NULL(ok);
  THTensor_free(ok);

  /* one element too many: offset 1 needs 7 floats */
  CHECK_NULL_ERR(THTensor_newWithStorage(s, TH_Float32, 1, 2, sizes, NULL), "need 28 bytes but the storage has 24");
  int64_t big[2] = {2, 4};
  CHECK_NULL_ERR(THTensor_newWithStorage(s, TH_Float32, 0, 2, big, NULL), "setStorage");
  /* the same bytes viewed as float64 hold only 3 elements */
  CHECK_NULL_ERR(THTensor_newWithStorage(s, TH_Float64, 0, 2, sizes, NULL), "need 48 bytes");
  int64_t wide[2] = {3, 2};
  CHECK_NULL_ERR(THTensor_newWithStorage(s, TH_Float32, 0, 2, sizes, wide), "setStorage"); /* last = 3 + 2 + 2 */
  CHECK_NULL_ERR(THTensor_newWithStorage(s, TH_Float32, -1, 2, sizes, NULL), "storage offset must be non-negative");
  int64_t neg[2] = {2, -3};
  CHECK_NULL_ERR(THTensor_newWithStorage(s, TH_Float32, 0, 2, neg, NULL), "negative dimension -3");
  int64_t negStride[2] = {-1, 1};
  CHECK_NULL_ERR(THTensor_newWithStorage(s, TH_Float32, 0, 2, sizes, negStride), "negative strides");

  /* stride 0 and empty views always fit */
  int64_t zeroStrides[2] = {0, 0};
  int64_t huge[2] = {1000, 1000};
  THTensor *bcast = THTensor_newWithStorage(s, TH_Float32, 5, 2, huge, zeroStrides);
  CHECK_NOT_NULL(bcast);
  THTensor_free(bcast);
  int64_t empty[2] = {0, 100};
  THTensor *e = THTensor_newWithStorage(s, TH_Float32, 100, 2, empty, NULL);
  CHECK_NOT_NULL(e);
  THTensor_free(e);
  CHECK_EQ_INT(THStorage_refcount(s), 1); /* failures did not keep references */
  THStorage_free(s);
}

static void test_scalars(void) {
  THTensor *s = THTensor_newScalar(TH_Float32, 2.5);
  CHECK_NOT_NULL(s);
  CHECK_EQ_INT(THTensor_ndim(s), 0);
  CHECK_EQ_INT(THTensor_numel(s), 1);
  CHECK(THTensor_isContiguous(s));
  CHECK(!THTensor_isWrappedNumber(s));
  int st;
  CHECK_NEAR(THTensor_item(s, &st), 2.5, 0);
  CHECK_EQ_INT(st, TH_OK);

  /* a 0-d tensor accepts dims -1 and 0 */
  int d = -5;
  CHECK_OK(THTensor_wrapDim(s, -1, &d));
  CHECK_EQ_INT(d, 0);
  CHECK_OK(THTensor_wrapDim(s, 0, &d));
  CHECK_EQ_INT(d, 0);
  CHECK_ERR(THTensor_wrapDim(s, 1, &d), "Dimension out of range (expected to be in range of [-1, 0], but got 1)");

  /* scalars of every dtype keep their value through item() */
  THTensor *flag = THTensor_newScalar(TH_Bool, 7);
  CHECK_NEAR(THTensor_item(flag, &st), 1, 0);
  THTensor_free(flag);
  struct {
    THDType dt;
    double in, out;
  } cases[] = {
      {TH_UInt8, 200, 200},     {TH_UInt8, -1, 255},     {TH_Int8, -100, -100},     {TH_Int16, -30000, -30000},
      {TH_Int32, 123456789, 123456789},                   {TH_Int64, 9007199254740992.0, 9007199254740992.0},
      {TH_Float16, 0.1, 0.0999755859375},                 {TH_BFloat16, 0.1, 0.10009765625},
      {TH_Float32, 0.1, (float)0.1},                      {TH_Float64, 0.1, 0.1},
      {TH_Int32, 3.9, 3},       {TH_Int32, -3.9, -3}, /* float -> int truncates */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    THTensor *x = THTensor_newScalar(cases[i].dt, cases[i].in);
    CHECK_EQ_INT(THTensor_dtype(x), cases[i].dt);
    CHECK_NEAR(THTensor_item(x, &st), cases[i].out, 0);
    THTensor_free(x);
  }

  /* wrapped numbers: int64 when integral, float64 otherwise */
  THTensor *w1 = THTensor_newWrappedNumber(3.0), *w2 = THTensor_newWrappedNumber(3.5), *w3 = THTensor_newWrappedNumber(NAN);
  CHECK_EQ_INT(THTensor_dtype(w1), TH_Int64);
  CHECK_EQ_INT(THTensor_dtype(w2), TH_Float64);
  CHECK_EQ_INT(THTensor_dtype(w3), TH_Float64);
  CHECK(THTensor_isWrappedNumber(w1) && THTensor_isWrappedNumber(w2));
  CHECK_EQ_INT(THTensor_ndim(w1), 0);
  CHECK(isnan(THTensor_item(w3, &st)));
  THTensor_free(w1);
  THTensor_free(w2);
  THTensor_free(w3);
  THTensor_free(s);
}

static void test_zero_size(void) {
  THTensor *e = THTensor_new(TH_Float32);
  CHECK_SHAPE(e, 1, 0);
  CHECK_EQ_INT(THTensor_numel(e), 0);
  THTensor_free(e);

  THTensor *t = TENSOR(TH_Float32, SIZES(2, 0, 3), NULL);
  CHECK_NOT_NULL(t);
  CHECK_SHAPE(t, 3, 2, 0, 3);
  CHECK_STRIDES(t, 3, 3, 3, 1); /* as torch.empty(2, 0, 3).stride() */
  CHECK_EQ_INT(THTensor_numel(t), 0);
  CHECK(THTensor_isContiguous(t));
  CHECK_EQ_INT(THStorage_nbytes(THTensor_storage(t)), 0);
  int st;
  THTensor_item(t, &st);
  CHECK_EQ_INT(st, TH_ERR);
  CHECK_STR_CONTAINS(THGetLastError(), "a Tensor with 0 elements cannot be converted to Scalar");

  /* elementwise ops on empty tensors give empty results */
  THTensor *r = THTensor_new(TH_Float32);
  THTensor *one = THTensor_newWrappedNumber(1);
  CHECK_OK(THTensor_add(r, t, one, 1));
  CHECK_SHAPE(r, 3, 2, 0, 3);
  /* [2, 0, 3] + [1, 3] broadcasts to [2, 0, 3]; [0] + [1] to [0] */
  THTensor *row = TENSOR(TH_Float32, SIZES(1, 3), VALUES(1, 2, 3));
  CHECK_OK(THTensor_binary(r, t, row, TH_OP_mul));
  CHECK_SHAPE(r, 3, 2, 0, 3);
  THTensor_free(row);
  THTensor_free(one);
  THTensor_free(r);
  THTensor_free(t);
}

static void test_resize(void) {
  THTensor *t = VEC(TH_Int32, 1, 2, 3, 4, 5, 6);
  THStorage *s0 = THTensor_storage(t);
  CHECK_OK(THTensor_resize(t, 2, (int64_t[]){2, 3}));
  CHECK(THTensor_storage(t) == s0); /* same number of elements: same storage */
  CHECK_SHAPE(t, 2, 2, 3);
  CHECK_STRIDES(t, 2, 3, 1);
  CHECK_VALUES(t, 0, 1, 2, 3, 4, 5, 6);
  CHECK_OK(THTensor_resize(t, 1, (int64_t[]){2}));
  CHECK_VALUES(t, 0, 1, 2);
  CHECK_EQ_INT(THStorage_nbytes(THTensor_storage(t)), 24); /* shrinking keeps the memory */
  CHECK_OK(THTensor_resize(t, 2, (int64_t[]){4, 5}));
  CHECK_EQ_INT(THStorage_nbytes(THTensor_storage(t)), 80);
  CHECK_EQ_INT(THTensor_numel(t), 20);
  CHECK_NEAR(th_at(t, 0), 1, 0); /* an unshared storage grows in place, keeping its contents */
  CHECK_NEAR(th_at(t, 5), 6, 0);
  CHECK_OK(THTensor_resize(t, 0, NULL));
  CHECK_EQ_INT(THTensor_ndim(t), 0);
  CHECK_EQ_INT(THTensor_numel(t), 1);

  /* a shared storage keeps its memory for the other views; the resized tensor gets a new one */
  THTensor *u = VEC(TH_Float32, 1, 2);
  THTensor *alias = THTensor_newAlias(u);
  CHECK_OK(THTensor_resize(u, 1, (int64_t[]){10}));
  CHECK(THTensor_storage(u) != THTensor_storage(alias));
  CHECK_VALUES(alias, 0, 1, 2);
  CHECK_EQ_INT(THStorage_refcount(THTensor_storage(alias)), 1);
  THTensor_free(alias);
  THTensor_free(u);

  /* resizeWithLayout: perm lists dims outermost first */
  THTensor *l = THTensor_new(TH_Float64);
  CHECK_OK(THTensor_resizeWithLayout(l, 3, (int64_t[]){2, 3, 4}, (int[]){0, 2, 1}));
  CHECK_SHAPE(l, 3, 2, 3, 4);
  CHECK_STRIDES(l, 3, 12, 1, 3);
  CHECK(!THTensor_isContiguous(l));
  CHECK_OK(THTensor_resizeWithLayout(l, 2, (int64_t[]){3, 4}, (int[]){1, 0}));
  CHECK_STRIDES(l, 2, 1, 3); /* a transposed layout */
  CHECK_OK(THTensor_resizeWithLayout(l, 2, (int64_t[]){3, 4}, NULL));
  CHECK_STRIDES(l, 2, 4, 1);
  CHECK(THTensor_isContiguous(l));

  CHECK_ERR(THTensor_resize(l, 2, (int64_t[]){3, -1}), "negative dimension");
  CHECK_ERR(THTensor_resize(l, TH_MAX_DIMS + 1, (int64_t[TH_MAX_DIMS + 1]){0}), "at most 25 dimensions");
  CHECK_SHAPE(l, 2, 3, 4); /* failed resizes change nothing */
  THTensor_free(l);
  THTensor_free(t);
}

static void test_item(void) {
  int st = 12345;
  THTensor *t = TENSOR(TH_Int64, SIZES(1, 1, 1), VALUES(-42));
  CHECK_NEAR(THTensor_item(t, &st), -42, 0);
  CHECK_EQ_INT(st, TH_OK);
  THTensor_free(t);
  t = VEC(TH_Float32, 1, 2);
  CHECK_NEAR(THTensor_item(t, &st), 0, 0);
  CHECK_EQ_INT(st, TH_ERR);
  CHECK_STR_CONTAINS(THGetLastError(), "a Tensor with 2 elements cannot be converted to Scalar");
  THTensor_free(t);
}

static void test_wrap_dim(void) {
  THTensor *t = TENSOR(TH_Float32, SIZES(2, 3, 4), NULL);
  int d = -1;
  for (int64_t in = -3; in < 3; in++) {
    CHECK_OK(THTensor_wrapDim(t, in, &d));
    CHECK_EQ_INT(d, in < 0 ? in + 3 : in);
  }
  CHECK_ERR(THTensor_wrapDim(t, 3, &d), "Dimension out of range (expected to be in range of [-3, 2], but got 3)");
  CHECK_ERR(THTensor_wrapDim(t, -4, &d), "Dimension out of range (expected to be in range of [-3, 2], but got -4)");
  CHECK_ERR(THTensor_wrapDim(t, INT64_MAX, &d), "Dimension out of range");
  THTensor_free(t);
}

static void test_alias_retain_version(void) {
  THTensor *t = VEC(TH_Float32, 1, 2, 3);
  THTensor *a = THTensor_newAlias(t);
  CHECK(a != t);
  CHECK(THTensor_data(a) == THTensor_data(t));
  CHECK_EQ_INT(THStorage_refcount(THTensor_storage(t)), 2);

  THTensor_retain(t);
  THTensor_free(t); /* still alive */
  CHECK_VALUES(t, 0, 1, 2, 3);

  uint64_t v0 = THTensor_version(t);
  CHECK_OK(THTensor_fill(t, 7));
  CHECK(THTensor_version(t) > v0);
  uint64_t v1 = THTensor_version(t);
  CHECK_OK(THTensor_add(t, t, a, 1)); /* in place */
  CHECK(THTensor_version(t) > v1);
  CHECK_VALUES(a, 0, 14, 14, 14);
  THTensor_bumpVersion(t);
  CHECK(THTensor_version(t) > v1 + 1);
  THTensor_free(a);
  THTensor_free(t);
}

static void test_contiguous_clone_to(void) {
  THTensor *t = TENSOR(TH_Float32, SIZES(2, 3), VALUES(1.5, 2.5, -3.5, 4, 5, 6));
  THTensor *c = THTensor_newContiguous(t);
  CHECK(c == t); /* already contiguous: the same object, retained */
  THTensor_free(c);
  THTensor *tt = THTensor_newTranspose(t, 0, 1);
  c = THTensor_newContiguous(tt);
  CHECK(c != tt);
  CHECK(THTensor_isContiguous(c));
  CHECK(THTensor_storage(c) != THTensor_storage(t));
  CHECK_VALUES(c, 0, 1.5, 4, 2.5, 5, -3.5, 6);
  THTensor_free(c);

  THTensor *k = THTensor_newClone(t);
  CHECK(k != t && THTensor_storage(k) != THTensor_storage(t));
  th_set(k, 0, 100);
  CHECK_NEAR(th_at(t, 0), 1.5, 0);
  THTensor_free(k);

  THTensor *i = THTensor_newTo(tt, TH_Int32, 0);
  CHECK_EQ_INT(THTensor_dtype(i), TH_Int32);
  CHECK_SHAPE(i, 2, 3, 2);
  CHECK_VALUES(i, 0, 1, 4, 2, 5, -3, 6); /* truncation toward zero */
  THTensor_free(i);
  THTensor *b = THTensor_newTo(t, TH_Bool, 0);
  CHECK_VALUES(b, 0, 1, 1, 1, 1, 1, 1);
  THTensor_free(b);
  THTensor *same = THTensor_newTo(t, TH_Float32, 0);
  CHECK(same == t);
  THTensor_free(same);
  THTensor *forced = THTensor_newTo(t, TH_Float32, 1);
  CHECK(forced != t);
  THTensor_free(forced);
  THTensor_free(tt);
  THTensor_free(t);
}

/* ---- dtypes ---- */

static void test_dtype_basics(void) {
  const size_t sizes[TH_NumDTypes] = {1, 1, 1, 2, 4, 8, 2, 2, 4, 8};
  const char *names[TH_NumDTypes] = {"bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64"};
  for (int i = 0; i < TH_NumDTypes; i++) {
    CHECK_EQ_INT(THDType_size((THDType)i), sizes[i]);
    CHECK(strcmp(THDType_name((THDType)i), names[i]) == 0);
    THDType back;
    CHECK_OK(THDType_fromName(names[i], &back));
    CHECK_EQ_INT(back, i);
    CHECK_EQ_INT(THDType_isFloating((THDType)i), i >= TH_Float16);
    CHECK_EQ_INT(THDType_isIntegral((THDType)i, 0), i >= TH_UInt8 && i <= TH_Int64);
    CHECK_EQ_INT(THDType_isIntegral((THDType)i, 1), i <= TH_Int64);
  }
  CHECK_EQ_INT(THDType_size(TH_NumDTypes), 0);
  CHECK(strcmp(THDType_name((THDType)99), "invalid") == 0);
}

/* The whole of torch.promote_types over the ten dtypes. */
static void test_dtype_promotion_table(void) {
  enum { B = TH_Bool, U8 = TH_UInt8, I8 = TH_Int8, I16 = TH_Int16, I32 = TH_Int32, I64 = TH_Int64,
         F16 = TH_Float16, BF16 = TH_BFloat16, F32 = TH_Float32, F64 = TH_Float64 };
  static const int table[TH_NumDTypes][TH_NumDTypes] = {
      {B, U8, I8, I16, I32, I64, F16, BF16, F32, F64},
      {U8, U8, I16, I16, I32, I64, F16, BF16, F32, F64},
      {I8, I16, I8, I16, I32, I64, F16, BF16, F32, F64},
      {I16, I16, I16, I16, I32, I64, F16, BF16, F32, F64},
      {I32, I32, I32, I32, I32, I64, F16, BF16, F32, F64},
      {I64, I64, I64, I64, I64, I64, F16, BF16, F32, F64},
      {F16, F16, F16, F16, F16, F16, F16, F32, F32, F64},
      {BF16, BF16, BF16, BF16, BF16, BF16, F32, BF16, F32, F64},
      {F32, F32, F32, F32, F32, F32, F32, F32, F32, F64},
      {F64, F64, F64, F64, F64, F64, F64, F64, F64, F64},
  };
  for (int a = 0; a < TH_NumDTypes; a++)
    for (int b = 0; b < TH_NumDTypes; b++) {
      THDType got = THDType_promote((THDType)a, (THDType)b);
      if ((int)got != table[a][b])
        TH_TEST_FAIL_("promote(%s, %s) = %s, expected %s", THDType_name((THDType)a), THDType_name((THDType)b),
                      THDType_name(got), THDType_name((THDType)table[a][b]));
      th_test_checks++;
    }
  /* the cases called out in the brief, spelled out */
  CHECK_EQ_INT(THDType_promote(TH_UInt8, TH_Int8), TH_Int16);
  CHECK_EQ_INT(THDType_promote(TH_Int32, TH_Float16), TH_Float16);
  CHECK_EQ_INT(THDType_promote(TH_Float16, TH_BFloat16), TH_Float32);
  CHECK_EQ_INT(THDType_promote(TH_Bool, TH_Int8), TH_Int8);
  CHECK_EQ_INT(THDType_promote(TH_BFloat16, TH_Bool), TH_BFloat16);
}

/* The whole of torch.can_cast over the ten dtypes. */
static void test_dtype_can_cast(void) {
  for (int from = 0; from < TH_NumDTypes; from++)
    for (int to = 0; to < TH_NumDTypes; to++) {
      int want = 1;
      if (from != TH_Bool && to == TH_Bool) want = 0;              /* no non-bool -> bool */
      if (from >= TH_Float16 && to <= TH_Int64) want = 0;          /* no floating -> integral (or bool) */
      int got = THDType_canCast((THDType)from, (THDType)to);
      if (got != want)
        TH_TEST_FAIL_("canCast(%s, %s) = %d, expected %d", THDType_name((THDType)from), THDType_name((THDType)to), got, want);
      th_test_checks++;
    }
  CHECK(THDType_canCast(TH_Int64, TH_UInt8)); /* same kind, narrower: allowed */
  CHECK(!THDType_canCast(TH_Float16, TH_Int64));
  CHECK(!THDType_canCast(TH_UInt8, TH_Bool));
}

/* ---- half and bfloat16 ---- */

static float bitsToFloat(uint32_t u) {
  float f;
  memcpy(&f, &u, 4);
  return f;
}

static void test_half(void) {
  struct {
    float in;
    uint16_t bits;
    double back;
  } cases[] = {
      {1.0f, 0x3c00, 1.0},
      {-2.0f, 0xc000, -2.0},
      {65504.0f, 0x7bff, 65504.0},               /* the largest half */
      {65519.99f, 0x7bff, 65504.0},              /* just below the rounding boundary */
      {65520.0f, 0x7c00, INFINITY},              /* halfway to 65536: rounds (to even) to inf */
      {1e-7f, 0x0002, 1.1920928955078125e-07},   /* subnormal: 1.68 * 2^-24 rounds to 2 * 2^-24 */
      {5.9604644775390625e-08f, 0x0001, 5.9604644775390625e-08}, /* the smallest subnormal */
      {2.98023223876953125e-08f, 0x0000, 0.0},   /* 2^-25: halfway, ties to even (0) */
      {8.94069671630859375e-08f, 0x0002, 1.1920928955078125e-07}, /* 1.5 * 2^-24: ties to even (2) */
      {6.1e-5f, 0x03ff, 6.097555160522461e-05},  /* the largest subnormal */
      {6.103515625e-05f, 0x0400, 6.103515625e-05}, /* the smallest normal */
      {0.1f, 0x2e66, 0.0999755859375},
      {1.0f / 3.0f, 0x3555, 0.333251953125},
      {1.00048828125f, 0x3c00, 1.0},             /* 1 + 2^-11: halfway, ties to even (down) */
      {1.00146484375f, 0x3c02, 1.001953125},     /* 1 + 3 * 2^-11: halfway, ties to even (up) */
      {-0.0f, 0x8000, -0.0},
      {INFINITY, 0x7c00, INFINITY},
      {-INFINITY, 0xfc00, -INFINITY},
      {1e6f, 0x7c00, INFINITY},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    uint16_t h = THHalf_fromFloat(cases[i].in);
    if (h != cases[i].bits) TH_TEST_FAIL_("THHalf_fromFloat(%.9g) = 0x%04x, expected 0x%04x", cases[i].in, h, cases[i].bits);
    th_test_checks++;
    CHECK_NEAR(THHalf_toFloat(cases[i].bits), cases[i].back, 0);
  }
  CHECK(signbit(THHalf_toFloat(0x8000)));
  uint16_t n = THHalf_fromFloat(NAN);
  CHECK((n & 0x7c00) == 0x7c00 && (n & 0x3ff) != 0);
  CHECK(isnan(THHalf_toFloat(n)));
  CHECK(isnan(THHalf_toFloat(0x7e00)));
  /* every finite half survives a round trip through float */
  int bad = 0;
  for (uint32_t b = 0; b < 0x10000; b++) {
    if ((b & 0x7c00) == 0x7c00) continue;
    if (THHalf_fromFloat(THHalf_toFloat((uint16_t)b)) != b) bad++;
  }
  CHECK_EQ_INT(bad, 0);
}

static void test_bfloat16(void) {
  struct {
    float in;
    uint16_t bits;
  } cases[] = {
      {1.0f, 0x3f80},
      {1.00390625f, 0x3f80},  /* 1 + 2^-8: halfway between 0x3f80 and 0x3f81, ties to even (down) */
      {1.01171875f, 0x3f82},  /* 1 + 3 * 2^-8: halfway, ties to even (up) */
      {-1.00390625f, 0xbf80},
      {0.1f, 0x3dcd},
      {1.0f / 3.0f, 0x3eab},
      {3.0e38f, 0x7f62},
      {3.4e38f, 0x7f80},      /* rounds past the largest bfloat16 to inf */
      {1e-40f, 0x0001},       /* float subnormals stay subnormal */
      {INFINITY, 0x7f80},
      {-INFINITY, 0xff80},
      {-0.0f, 0x8000},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    uint16_t h = THBFloat16_fromFloat(cases[i].in);
    if (h != cases[i].bits) TH_TEST_FAIL_("THBFloat16_fromFloat(%.9g) = 0x%04x, expected 0x%04x", cases[i].in, h, cases[i].bits);
    th_test_checks++;
  }
  /* just above a halfway point rounds up */
  CHECK_EQ_INT(THBFloat16_fromFloat(bitsToFloat(0x3f808001u)), 0x3f81);
  CHECK_EQ_INT(THBFloat16_fromFloat(bitsToFloat(0x3f807fffu)), 0x3f80);
  CHECK_NEAR(THBFloat16_toFloat(0x3f80), 1.0, 0);
  CHECK_NEAR(THBFloat16_toFloat(0x3dcd), 0.10009765625, 0);
  CHECK_NEAR(THBFloat16_toFloat(0x7f80), INFINITY, 0);
  /* NaN stays NaN (never rounds into infinity), including NaNs with only low mantissa bits */
  CHECK(isnan(THBFloat16_toFloat(THBFloat16_fromFloat(NAN))));
  CHECK(isnan(THBFloat16_toFloat(THBFloat16_fromFloat(bitsToFloat(0x7f800001u)))));
  CHECK(isnan(THBFloat16_toFloat(THBFloat16_fromFloat(bitsToFloat(0xffffffffu)))));
  /* every bfloat16 survives a round trip through float */
  int bad = 0;
  for (uint32_t b = 0; b < 0x10000; b++) {
    if ((b & 0x7f80) == 0x7f80 && (b & 0x7f)) continue; /* NaNs */
    if (THBFloat16_fromFloat(THBFloat16_toFloat((uint16_t)b)) != b) bad++;
  }
  CHECK_EQ_INT(bad, 0);
}

/* Half tensors store rounded values and compute like PyTorch (in float, rounded on store). */
static void test_half_tensors(void) {
  THTensor *h = VEC(TH_Float16, 1.0, 65504, 1e-7, INFINITY, NAN);
  CHECK_VALUES(h, 0, 1.0, 65504, 1.1920928955078125e-07, INFINITY, NAN);
  THTensor *r = THTensor_new(TH_Float16);
  THTensor *two = THTensor_newWrappedNumber(2);
  CHECK_OK(THTensor_binary(r, h, two, TH_OP_mul));
  CHECK_EQ_INT(THTensor_dtype(r), TH_Float16);
  CHECK_VALUES(r, 0, 2.0, INFINITY, 2.384185791015625e-07, INFINITY, NAN); /* 65504 * 2 overflows */
  THTensor *b = VEC(TH_BFloat16, 1.0, 1.00390625, 1.01171875, 3.0e38);
  CHECK_VALUES(b, 0, 1.0, 1.0, 1.015625, 3.00405527047391e+38);
  THTensor *rb = THTensor_new(TH_BFloat16);
  THTensor *one = THTensor_newWrappedNumber(1);
  CHECK_OK(THTensor_add(rb, b, one, 1));
  CHECK_VALUES(rb, 0, 2.0, 2.0, 2.015625, 3.00405527047391e+38);
  THTensor_free(one);
  THTensor_free(rb);
  THTensor_free(b);
  THTensor_free(two);
  THTensor_free(r);
  THTensor_free(h);
}


/* A device allocator (as THC's): here host memory that counts its calls. */
typedef struct { int mallocs, frees, copies; } FakeDevice;
static void *fake_malloc(void *ctx, size_t n) { ((FakeDevice *)ctx)->mallocs++; return malloc(n ? n : 1); }
static void fake_free(void *ctx, void *p, size_t n) { ((FakeDevice *)ctx)->frees++; free(p); }
static int fake_copy(void *ctx, void *dst, const void *src, size_t n) {
  ((FakeDevice *)ctx)->copies++;
  memcpy(dst, src, n);
  return TH_OK;
}

static void test_device_allocator(void) {
  THMemoryStats m0 = th_test_mem();
  FakeDevice dev = {0};
  THAllocator a = {fake_malloc, fake_free, &dev, 1, 3, fake_copy};
  /* small device storages do not use the (host) inline buffer, and are not host memory */
  THStorage *s = THStorage_new(8, &a);
  CHECK_NOT_NULL(s);
  CHECK_EQ_INT(dev.mallocs, 1);
  CHECK_EQ_INT(THStorage_device(s), 3);
  CHECK(THStorage_allocator(s) == &a);
  CHECK_EQ_INT(th_test_mem().ownedBytes, m0.ownedBytes);
  memcpy(THStorage_data(s), "devices", 8);
  /* growing keeps the contents through the allocator's copy, never memcpy on device memory */
  CHECK_OK(THStorage_resize(s, 100));
  CHECK_EQ_INT(dev.copies, 1);
  CHECK_EQ_INT(dev.mallocs, 2);
  CHECK_EQ_INT(dev.frees, 1);
  CHECK(memcmp(THStorage_data(s), "devices", 8) == 0);

  /* a tensor resized past a storage shared with a view gets a new storage from the same allocator */
  int64_t four = 4, sixty = 60;
  THTensor *t = THTensor_newWithStorage(s, TH_Float32, 0, 1, &four, NULL);
  THTensor *v = THTensor_newAlias(t);
  CHECK_OK(THTensor_resize(t, 1, &sixty));
  CHECK(THTensor_storage(t) != s);
  CHECK_EQ_INT(THStorage_device(THTensor_storage(t)), 3);
  CHECK_EQ_INT(dev.mallocs, 3);
  CHECK_EQ_INT(th_test_mem().ownedBytes, m0.ownedBytes);
  THTensor_free(t);
  THTensor_free(v);
  THStorage_free(s);
  CHECK_EQ_INT(dev.frees, 3);

  /* host storages say -1 */
  THStorage *h = THStorage_new(8, NULL);
  CHECK_EQ_INT(THStorage_device(h), -1);
  THStorage_free(h);
  CHECK_NO_LEAKS(m0);
}

int main(void) {
  RUN_TEST(test_storage_refcount);
  RUN_TEST(test_storage_resize);
  RUN_TEST(test_custom_allocator);
  RUN_TEST(test_device_allocator);
  RUN_TEST(test_allocator_cache);
  RUN_TEST(test_borrowed_release);
  RUN_TEST(test_borrowed_tensor_resize);
  RUN_TEST(test_new_with_storage_bounds);
  RUN_TEST(test_scalars);
  RUN_TEST(test_zero_size);
  RUN_TEST(test_resize);
  RUN_TEST(test_item);
  RUN_TEST(test_wrap_dim);
  RUN_TEST(test_alias_retain_version);
  RUN_TEST(test_contiguous_clone_to);
  RUN_TEST(test_dtype_basics);
  RUN_TEST(test_dtype_promotion_table);
  RUN_TEST(test_dtype_can_cast);
  RUN_TEST(test_half);
  RUN_TEST(test_bfloat16);
  RUN_TEST(test_half_tensors);
  return TH_TEST_RESULT();
}
