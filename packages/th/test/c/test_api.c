/* test_api.c — libTH as a plain C program uses it: include TH/TH.h, link libTH, make tensors,
 * compute, read the results through THTensor_data, free everything, and leave no live objects. */
#include "TH/TH.h"
#include <float.h>
#include <math.h>
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

/* What other backends (libTHC) call instead of keeping copies: dtype helpers, the scatter
 * identities, the entropy seed and PyTorch's metadata-only argument checks (TH/THCheck.h;
 * quantile's in TH/THSort.h, a reduction's dims and norm's in TH/THReduce.h). */
static void test_backend_helpers(void) {
  CHECK(THDType_maxFinite(TH_Float16) == 65504.0);
  CHECK(THDType_maxFinite(TH_Float32) == FLT_MAX);
  CHECK(THDType_maxFinite(TH_Float64) == DBL_MAX);
  CHECK(THDType_maxFinite(TH_Int8) == 127);
  CHECK(THDType_maxFinite(TH_Bool) == 1);
  uint64_t bits = 0;
  THDType_store(TH_Float16, &bits, 1.0);
  CHECK_EQ_INT(bits, 0x3c00);
  bits = 0;
  THDType_store(TH_Int8, &bits, -1.7); /* through int64, as a Scalar converts */
  CHECK_EQ_INT(bits, 0xff);
  bits = 0;
  THDType_store(TH_Bool, &bits, 0.5);
  CHECK_EQ_INT(bits, 1);
  int64_t i64 = 0;
  THIndex_storeIdentity(TH_Int64, TH_SCATTER_AMAX, (char *)&i64);
  CHECK(i64 == INT64_MIN);
  float f = 0;
  THIndex_storeIdentity(TH_Float32, TH_SCATTER_AMIN, (char *)&f);
  CHECK(isinf(f) && f > 0);
  THIndex_storeIdentity(TH_Float32, TH_SCATTER_PROD, (char *)&f);
  CHECK(f == 1);
  CHECK(THRandom_entropySeed() < (1ULL << 53));

  THTensor *x = TENSOR(TH_Float32, SIZES(2, 3), NULL);
  THTensor *empty = TENSOR(TH_Float32, SIZES(0, 3), NULL);
  THTensor *idx = TENSOR(TH_Int64, SIZES(2), NULL);
  THTensor *fidx = TENSOR(TH_Float32, SIZES(2), NULL);
  THTensor *src3 = TENSOR(TH_Float32, SIZES(3), NULL);
  THTensor *flags = TENSOR(TH_Bool, SIZES(2), NULL);
  int seen[TH_MAX_DIMS];
  CHECK_OK(THCheckDimsOnce(x, 2, (int64_t[]){-1, 0}, seen));
  CHECK(seen[0] && seen[1]);
  CHECK_ERR(THCheckDimsOnce(x, 2, (int64_t[]){1, -1}, seen), "dim 1 appears multiple times in the list of dims");
  CHECK_ERR(THCheckDimsOnce(x, 1, (int64_t[]){2}, seen), "Dimension out of range");
  CHECK_ERR(THCheckReduceNonEmpty("max", empty, 0, NULL, 1), "Specify the reduction dim with the 'dim' argument.");
  CHECK_ERR(THCheckReduceNonEmpty("argmax", empty, 1, (uint8_t[]){1, 0}, 0), "argmax(): Expected reduction dim 0 to have non-zero size.");
  CHECK_OK(THCheckReduceNonEmpty("argmax", empty, 1, (uint8_t[]){0, 1}, 0));
  CHECK_OK(THCheckPut(x, idx, fidx));
  CHECK_ERR(THCheckPut(x, fidx, fidx), "put_(): Expected a long tensor for index, but got float32");
  CHECK_ERR(THCheckPut(x, idx, idx), "self.dtype = float32 and source.dtype = int64");
  CHECK_ERR(THCheckPut(x, idx, src3), "source.numel() = 3, index.numel() = 2");
  CHECK_ERR(THCheckPut(empty, idx, fidx), "Tried to put elements into an empty tensor");
  double start = 0.5, step = 1.5;
  int64_t n = 0;
  CHECK_OK(THCheckArange(TH_Float32, &start, 5, &step, &n));
  CHECK(n == 3 && start == 0.5 && step == 1.5);
  CHECK_OK(THCheckArange(TH_Int64, &start, 5, &step, &n)); /* computed from the truncated start and step */
  CHECK(n == 3 && start == 0 && step == 1);
  step = 0.5;
  CHECK_ERR(THCheckArange(TH_Int32, &start, 5, &step, &n), "the step converts to 0 in int32");
  step = 1;
  CHECK_ERR(THCheckArange(TH_Float32, &start, -1, &step, &n), "inconsistent with step sign");
  CHECK_ERR(THCheckArange(TH_Float32, &start, INFINITY, &step, &n), "values must be finite");
  CHECK_OK(THCheckUniform(TH_Float32, -1, 1));
  CHECK_ERR(THCheckUniform(TH_Float16, 0, 70000), "uniform_: to is out of bounds for float16");
  CHECK_ERR(THCheckUniform(TH_Float32, 1, 0), "from=1 > to=0");
  CHECK_ERR(THCheckUniform(TH_Float16, -60000, 60000), "to-from to exceed the limit");
  CHECK_OK(THCheckSameDtype("mm", "mat1", x, "mat2", x));
  CHECK_ERR(THCheckSameDtype("mm", "mat1", x, "mat2", idx), "mm: expected mat1 and mat2 to have the same dtype, but got: float32 != int64");
  CHECK_ERR(THCheckSameDtype("mm", "mat1", flags, "mat2", flags), "mm: not implemented for 'bool'");
  CHECK_OK(THQuantile_check(x, fidx));
  CHECK_ERR(THQuantile_check(x, idx), "quantile() q tensor must be same dtype as the input tensor (input float32, q int64)");
  CHECK_ERR(THQuantile_check(empty, NULL), "quantile() input tensor must be non-empty");
  CHECK_ERR(THQuantile_check(idx, NULL), "must be either float or double dtype (got int64)");
  int d = -1, m = -1;
  int64_t shape[TH_MAX_DIMS + 1];
  CHECK_OK(THQuantile_shape("quantile", x, 4, 1, 1, -1, 1, TH_QUANTILE_LINEAR, &d, shape, &m));
  CHECK(d == 1 && m == 3 && shape[0] == 4 && shape[1] == 2 && shape[2] == 1);
  CHECK_OK(THQuantile_shape("quantile", x, 1, 0, 0, 0, 0, TH_QUANTILE_NEAREST, &d, shape, &m));
  CHECK(d == 0 && m == 0);
  CHECK_ERR(THQuantile_shape("quantile", x, 1, 0, 0, 0, 0, (THQuantileMode)9, &d, shape, &m), "interpolation mode 9 is not valid");
  uint8_t mask[TH_MAX_DIMS];
  CHECK_OK(THReduce_dimMask("sum", x, 1, (int64_t[]){-1}, mask));
  CHECK(!mask[0] && mask[1]);
  CHECK_EQ_INT(THReduce_shape(x, mask, 1, shape), 2);
  CHECK(shape[0] == 2 && shape[1] == 1);
  CHECK_EQ_INT(THReduce_shape(x, mask, 0, shape), 1);
  CHECK_ERR(THReduce_dimMask("sum", x, 2, (int64_t[]){0, -2}, mask), "sum: dim 0 appears multiple times in the list of dims");
  CHECK_OK(THReduce_dimMask("norm", empty, 1, (int64_t[]){1}, mask));
  CHECK_OK(THReduce_checkNorm(empty, INFINITY, 1, mask)); /* the reduced dim (3) is not empty */
  CHECK_ERR(THReduce_checkNorm(x, NAN, 1, mask), "the order p must be a number, got nan");
  CHECK_OK(THReduce_dimMask("norm", empty, 1, (int64_t[]){0}, mask));
  CHECK_ERR(THReduce_checkNorm(empty, -INFINITY, 1, mask), "cannot compute the -inf norm on an empty tensor");
  THTensor *all[] = {x, empty, idx, fidx, src3, flags};
  for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) THTensor_free(all[k]);
}

/* The BLAS family's checks, repeat's plan and a reduction's layout: what libTHC calls on its own tensors. */
static void test_backend_plans(void) {
  THTensor *m23 = TENSOR(TH_Float32, SIZES(2, 3), NULL), *m32 = TENSOR(TH_Float32, SIZES(3, 2), NULL);
  THTensor *m22 = TENSOR(TH_Float32, SIZES(2, 2), NULL), *d22 = TENSOR(TH_Float64, SIZES(2, 2), NULL);
  THTensor *v2 = TENSOR(TH_Float32, SIZES(2), NULL), *v3 = TENSOR(TH_Float32, SIZES(3), NULL);
  THTensor *i2 = TENSOR(TH_Int64, SIZES(2), NULL), *i3 = TENSOR(TH_Int64, SIZES(3), NULL);
  THTensor *b423 = TENSOR(TH_Float32, SIZES(4, 2, 3), NULL), *b435 = TENSOR(TH_Float32, SIZES(4, 3, 5), NULL);
  CHECK_OK(THCheckMm("mm", m22, NULL, m23, m32));
  CHECK_ERR(THCheckMm("mm", m22, NULL, v3, m32), "mm: self must be a 2D tensor (a matrix), but got a 1D tensor");
  CHECK_ERR(THCheckMm("addmm", m22, m22, m23, m23), "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)");
  CHECK_ERR(THCheckMm("addmm", m22, d22, m23, m32), "addmm: expected self and mat1 to have the same dtype, but got: float64 != float32");
  CHECK_ERR(THCheckMm("mm", d22, NULL, m23, m32), "mm: Expected out tensor to have dtype float32, but got float64 instead");
  CHECK_OK(THCheckBmm("bmm", m22, NULL, b423, b435));
  CHECK_ERR(THCheckBmm("baddbmm", m22, m22, b423, b423), "baddbmm: batch1 and batch2 shapes cannot be multiplied ([4, 2, 3] and [4, 2, 3])");
  CHECK_OK(THCheckMv("mv", v2, NULL, m23, v3));
  CHECK_ERR(THCheckMv("mv", v2, NULL, m23, m23), "mv: vec must be a 1D tensor (a vector), but got a 2D tensor");
  CHECK_ERR(THCheckMv("addmv", v2, v2, m23, v2), "size mismatch, got input (2), mat (2x3), vec (2)");
  THDType promote = TH_Bool;
  CHECK_OK(THCheckAddr(m23, m23, v2, v3, &promote));
  CHECK(promote == TH_DTYPE_NONE);
  CHECK_OK(THCheckAddr(m23, m23, i2, v3, &promote));
  CHECK(promote == TH_Float32);
  CHECK_ERR(THCheckAddr(i3, m23, i2, v3, &promote), "addr: result type float32 can't be cast to the desired output type int64");
  CHECK_OK(THCheckDot("dot", v2, v3, v3));
  CHECK_ERR(THCheckDot("vdot", v2, v3, i3), "vdot : expected both vectors to have same dtype, but found float32 and int64");
  CHECK_ERR(THCheckDot("dot", v2, v3, v2), "inconsistent tensor size, expected tensor [3] and src [2]");
  CHECK_OK(THCheckMatmul(m22, b423, b435));
  CHECK_ERR(THCheckMatmul(m22, m23, m23), "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)");
  CHECK_ERR(THCheckMatmul(m22, b423, i3), "matmul: expected self and other to have the same dtype, but got: float32 != int64");
  CHECK_OK(THCheckAddShape("addmm", m22, v2, 2, (const int64_t[]){2, 2}));
  CHECK_ERR(THCheckAddShape("addmm", m22, m23, 2, (const int64_t[]){2, 2}), "the expanded size of self [2, 3] must match the product's shape [2, 2]");
  CHECK_ERR(THCheckAddShape("addmm", m23, m23, 2, (const int64_t[]){2, 2}), "Bad in-place call: input tensor size [2, 3] and output tensor size [2, 2]");

  /* repeat([2, 3] by (2, 1, 2)): [2, 2, 6], walked as [2, 1, 1, 2, 2, 3] */
  THRepeatPlan rp;
  CHECK_OK(THRepeat_plan(&rp, m23, 3, (const int64_t[]){2, 1, 2}));
  const int64_t shape[] = {2, 2, 6}, sizes[] = {2, 1, 1, 2, 2, 3}, src[] = {0, 0, 0, 3, 0, 1}, dst[] = {12, 12, 12, 6, 3, 1};
  for (int i = 0; i < 3; i++) CHECK(rp.shape[i] == shape[i]);
  for (int i = 0; i < 6; i++) CHECK(rp.sizes[i] == sizes[i] && rp.srcStrides[i] == src[i] && rp.dstStrides[i] == dst[i]);
  CHECK_ERR(THRepeat_plan(&rp, m23, 1, (const int64_t[]){2}), "Number of dimensions of repeat dims can not be smaller");
  CHECK_ERR(THRepeat_plan(&rp, m23, 2, (const int64_t[]){2, -1}), "Trying to create tensor with negative dimension -1: [2, -1]");

  /* [2, 3, 4] permuted to [4, 2, 3] (strides [1, 12, 4]), dim 1 reduced into a contiguous [4, 3] */
  THTensor *c = TENSOR(TH_Float32, SIZES(2, 3, 4), NULL), *p = THTensor_newPermute(c, 3, (const int64_t[]){2, 0, 1});
  THTensor *o43 = TENSOR(TH_Float32, SIZES(4, 3), NULL), *o34 = TENSOR(TH_Float32, SIZES(3, 4), NULL);
  THReduceLayout l;
  THReduce_layout(&l, p, (uint8_t[]){0, 1, 0}, 0, o43, NULL, 0);
  CHECK(l.nout == 12 && l.nred == 2 && l.nk == 2 && l.nr == 1);
  CHECK(l.kd[0].size == 4 && l.kd[0].s[0] == 1 && l.kd[0].s[1] == 3 && l.kd[0].s[2] == 0); /* sorted by the input's strides */
  CHECK(l.kd[1].size == 3 && l.kd[1].s[0] == 4 && l.kd[1].s[1] == 1);
  CHECK(l.rd[0].size == 2 && l.rd[0].s[0] == 12);
  THReduce_layout(&l, c, (uint8_t[]){1, 0, 0}, 0, o34, NULL, 0); /* kept dims coalesce; */
  CHECK(l.nk == 1 && l.kd[0].size == 12 && l.kd[0].s[0] == 1 && l.kd[0].s[1] == 1);
  THReduce_layout(&l, c, (uint8_t[]){0, 0, 0}, 0, c, NULL, 0); /* nothing reduced: one dim of size 1 */
  CHECK(l.nred == 1 && l.nr == 1 && l.rd[0].size == 1);
  THReduce_layout(&l, p, (uint8_t[]){1, 1, 1}, 0, v2, NULL, 0); /* all of it, by memory order: one run */
  CHECK(l.nr == 1 && l.rd[0].size == 24 && l.rd[0].s[0] == 1);
  THReduce_layout(&l, p, (uint8_t[]){1, 1, 1}, 0, v2, NULL, 1); /* logical: dim order kept */
  CHECK(l.nr == 2 && l.rd[0].size == 6 && l.rd[0].s[0] == 4 && l.rd[1].size == 4 && l.rd[1].s[0] == 1);
  /* index_select's layout of p along dim 1 by 5 positions: B = [4] (stride 1), A = [3] (stride 4) */
  THIndexPlan ip;
  THIndex_planDimLayout(&ip, p, 1, 5);
  CHECK(ip.nB == 1 && ip.Bsz[0] == 4 && ip.Bst[0] == 1 && ip.nA == 1 && ip.Asz[0] == 3 && ip.Ast[0] == 4);
  CHECK(ip.nI == 1 && ip.Isz[0] == 5 && ip.numB == 4 && ip.numI == 5 && ip.numA == 3 && !ip.offI && !ip.offB);
  int64_t rs[TH_MAX_DIMS];
  CHECK_EQ_INT(THReduce_shapeDim(p, 1, 0, rs), 2);
  CHECK(rs[0] == 4 && rs[1] == 3);
  CHECK_EQ_INT(THReduce_shapeDim(p, 2, 1, rs), 3);
  CHECK(rs[0] == 4 && rs[1] == 2 && rs[2] == 1);

  /* views and the sort family's out= checks */
  THTensor *same = THTensor_newPermute(c, 3, (const int64_t[]){2, 0, 1}), *t = THTensor_newTranspose(p, 0, 1);
  CHECK(THTensor_isSameView(p, same) && !THTensor_isSameView(p, t) && !THTensor_isSameView(p, c));
  CHECK(THTensor_sharesStorage(p, c) && !THTensor_sharesStorage(p, o43) && !THTensor_sharesStorage(p, NULL));
  CHECK(THTensor_hasShape(p, 3, (const int64_t[]){4, 2, 3}) && !THTensor_hasShape(p, 2, (const int64_t[]){4, 2}));
  CHECK_OK(THTensor_resizeOutput(t, 3, (const int64_t[]){2, 4, 3})); /* the shape it has: its layout kept */
  CHECK(THTensor_stride(t, 0) == 12 && THTensor_stride(t, 1) == 1);
  CHECK_OK(THTensor_resizeOutput(o43, 2, (const int64_t[]){2, 6}));
  CHECK(THTensor_hasShape(o43, 2, (const int64_t[]){2, 6}) && THTensor_isContiguous(o43));
  CHECK_OK(THSort_checkOut("sort", NULL, TH_Int64));
  CHECK_ERR(THSort_checkOut("sort", p, TH_Int64), "sort: expected out tensor to have dtype int64, but got float32 instead");
  CHECK_OK(THSort_checkNoAlias("sort", p, same, 1)); /* a sort in place */
  CHECK_ERR(THSort_checkNoAlias("sort", p, t, 1), "sort: unsupported operation: the output tensor shares memory with the input");
  CHECK_ERR(THSort_checkNoAlias("topk", p, same, 0), "topk: unsupported operation");
  CHECK_OK(THSort_checkNoAlias("topk", o43, p, 0));

  /* dtype helpers */
  CHECK(strcmp(THDType_torchName(TH_Float16), "Half") == 0 && strcmp(THDType_torchName(TH_Int64), "Long") == 0);
  CHECK(THDType_round(TH_Float16, 0.1) == 0.0999755859375);
  CHECK(THDType_round(TH_BFloat16, 1.0 / 3) == 0.333984375);
  CHECK(THDType_round(TH_Float32, 0.1) == (double)0.1f);
  CHECK(THDType_round(TH_Float64, 0.1) == 0.1 && THDType_round(TH_Int32, 2.5) == 2.5);
  THTensor *all[] = {m23, m32, m22, d22, v2, v3, i2, i3, b423, b435, c, p, o43, o34, same, t};
  for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) THTensor_free(all[k]);
}

int main(void) {
  RUN_TEST(test_end_to_end);
  RUN_TEST(test_memory_stats);
  RUN_TEST(test_unreported_bytes);
  RUN_TEST(test_error_state);
  RUN_TEST(test_threads);
  RUN_TEST(test_version_macros);
  RUN_TEST(test_backend_helpers);
  RUN_TEST(test_backend_plans);
  return TH_TEST_RESULT();
}
