/* thc_idx_test.h — helpers of the indexing and sorting tests (test_index.c, test_sort.c): random
 * host tensors from libTH's generator, device copies made with plain cudaMemcpy (so the tests do
 * not depend on THCTensor_copy), and comparisons of a THC result with libTH's on the same inputs. */
#ifndef THC_IDX_TEST_H
#define THC_IDX_TEST_H

#include "thc_test.h"

#include <cuda_runtime_api.h>

static THGenerator *idx_gen;

/* A shape literal (th_test.h's SIZES also passes the count). */
#define SZ(...) ((const int64_t[]){__VA_ARGS__})

static const THDType ALL_DTYPES[] = {TH_Bool, TH_UInt8, TH_Int8, TH_Int16, TH_Int32, TH_Int64, TH_Float16, TH_BFloat16, TH_Float32, TH_Float64};
#define N_ALL_DTYPES 10

static TH_TEST_UNUSED int isFloat(THDType dt) { return THDType_isFloating(dt); }

/* A uniform integer in [lo, hi]. */
static TH_TEST_UNUSED int64_t rnd_int(int64_t lo, int64_t hi) {
  return lo + (int64_t)(THGenerator_random64(idx_gen) % (uint64_t)(hi - lo + 1));
}

/* A host tensor of random values: integers in [lo, hi] (bool: 0/1; unsigned types: clamped at 0);
 * floating types also get a fraction unless `integral` (sums in any order are then exact). */
static TH_TEST_UNUSED THTensor *rnd_tensor(THDType dt, int nd, const int64_t *sizes, int lo, int hi, int integral) {
  THTensor *t = THTensor_newWithSize(dt, nd, sizes);
  int64_t n = THTensor_numel(t);
  for (int64_t i = 0; i < n; i++) {
    double v;
    if (dt == TH_Bool) v = (double)rnd_int(0, 1);
    else {
      int64_t l = (dt == TH_UInt8 && lo < 0) ? 0 : lo;
      v = (double)rnd_int(l, hi);
      if (isFloat(dt) && !integral) v += (double)rnd_int(0, 7) / 8.0;
    }
    th_set(t, i, v);
  }
  return t;
}

/* Puts NaN, -0, +inf and -inf at random places of a floating tensor. */
static TH_TEST_UNUSED void add_specials(THTensor *t) {
  if (!isFloat(THTensor_dtype(t))) return;
  int64_t n = THTensor_numel(t);
  const double specials[] = {NAN, -0.0, INFINITY, -INFINITY, NAN};
  for (int64_t k = 0; k < n / 7 + 1 && n > 0; k++) th_set(t, rnd_int(0, n - 1), specials[rnd_int(0, 4)]);
}

/* A device copy (contiguous) of a host tensor. */
static TH_TEST_UNUSED THTensor *dev(const THTensor *h) {
  THTensor *c = THTensor_newContiguous(h);
  THTensor *d = THCTensor_newWithSize(thc_test_state, THTensor_dtype(h), 0, THTensor_ndim(h), THTensor_sizes(h));
  size_t nb = (size_t)THTensor_numel(h) * THDType_size(THTensor_dtype(h));
  if (d && nb && cudaMemcpy(THTensor_data(d), THTensor_data(c), nb, cudaMemcpyHostToDevice) != cudaSuccess) {
    fprintf(stderr, "dev: cudaMemcpy failed\n");
    cudaGetLastError();
  }
  THTensor_free(c);
  return d;
}

/* A contiguous host copy of a device tensor of any geometry (its whole storage is copied back). */
static TH_TEST_UNUSED THTensor *host(const THTensor *d) {
  if (!d) return NULL;
  THStorage *ds = THTensor_storage(d);
  int64_t nb = (int64_t)THStorage_nbytes(ds);
  THTensor *bytes = THTensor_newWithSize(TH_UInt8, 1, &nb);
  if (nb && cudaMemcpy(THTensor_data(bytes), THStorage_data(ds), (size_t)nb, cudaMemcpyDeviceToHost) != cudaSuccess) {
    fprintf(stderr, "host: cudaMemcpy failed\n");
    cudaGetLastError();
  }
  THTensor *v = THTensor_newWithStorage(THTensor_storage(bytes), THTensor_dtype(d), THTensor_storageOffset(d), THTensor_ndim(d),
                                        THTensor_sizes(d), THTensor_strides(d));
  THTensor *r = v ? THTensor_newContiguous(v) : NULL;
  THTensor_free(v);
  THTensor_free(bytes);
  return r;
}

/* A fresh empty device result. */
static TH_TEST_UNUSED THTensor *dnew(THDType dt) { return THCTensor_new(thc_test_state, dt, 0); }

/* The device and host versions of one view: the same view ops applied to a tensor and its copy. */
typedef struct Pair {
  THTensor *h, *d;
} Pair;

static TH_TEST_UNUSED Pair pair_of(THTensor *h) { /* takes h */
  Pair p = {h, dev(h)};
  return p;
}

static TH_TEST_UNUSED void pair_free(Pair p) {
  THTensor_free(p.h);
  THTensor_free(p.d);
}

/* The transpose of dims a and b of both (a non-contiguous view); takes p. */
static TH_TEST_UNUSED Pair pair_t(Pair p, int a, int b) {
  Pair q = {THTensor_newTranspose(p.h, a, b), THTensor_newTranspose(p.d, a, b)};
  pair_free(p);
  return q;
}

/* Every other element along dim (a strided view); takes p. */
static TH_TEST_UNUSED Pair pair_step(Pair p, int dim) {
  Pair q = {THTensor_newSlice(p.h, dim, 0, THTensor_size(p.h, dim), 2), THTensor_newSlice(p.d, dim, 0, THTensor_size(p.d, dim), 2)};
  pair_free(p);
  return q;
}

static TH_TEST_UNUSED int idx_values_match(const THTensor *want, const THTensor *got, double tol, const char *what, int line) {
  th_test_checks++;
  if (!want || !got) {
    th_test_failures++;
    fprintf(stderr, "%s:%d: FAILED: %s: missing tensor (last error: %s)\n", __FILE__, line, what, THGetLastError());
    return 0;
  }
  if (THTensor_dtype(want) != THTensor_dtype(got) || THTensor_ndim(want) != THTensor_ndim(got) ||
      (THTensor_ndim(want) && memcmp(THTensor_sizes(want), THTensor_sizes(got), sizeof(int64_t) * (size_t)THTensor_ndim(want)))) {
    th_test_failures++;
    fprintf(stderr, "%s:%d: FAILED: %s: TH gives %s %s, THC %s %s\n", __FILE__, line, what, THDType_name(THTensor_dtype(want)),
            th_test_dims_str(THTensor_ndim(want), THTensor_sizes(want), 0), THDType_name(THTensor_dtype(got)),
            th_test_dims_str(THTensor_ndim(got), THTensor_sizes(got), 1));
    return 0;
  }
  int64_t n = THTensor_numel(want);
  for (int64_t i = 0; i < n; i++) {
    double a = th_at(want, i), b = th_at(got, i);
    double t = tol * (fabs(a) > 1 ? fabs(a) : 1);
    if (!th_test_near(a, b, t)) {
      th_test_failures++;
      fprintf(stderr, "%s:%d: FAILED: %s: element %lld: TH %.17g, THC %.17g\n", __FILE__, line, what, (long long)i, a, b);
      return 0;
    }
  }
  return 1;
}

/* SAME(want, got, tol): the host tensor want (libTH's result) equals the device tensor got
 * (shape, dtype, every element within tol, relative above 1; NaN matches NaN). */
#define SAME(want, got, tol)                                            \
  do {                                                                  \
    THTensor *got_h_ = host(got);                                       \
    idx_values_match((want), got_h_, (tol), #got, __LINE__);            \
    THTensor_free(got_h_);                                              \
  } while (0)

/* rh / rd: fresh results of dtype dt for libTH's and libTHC's call; compared at the end. */
#define BOTH(dt, tol, thCall, thcCall)               \
  do {                                               \
    THTensor *rh = THTensor_new(dt), *rd = dnew(dt); \
    CHECK_OK(thCall);                                \
    CHECK_OK(thcCall);                               \
    SAME(rh, rd, tol);                               \
    THTensor_free(rh);                               \
    THTensor_free(rd);                               \
  } while (0)

/* The device is still usable: a small op runs and gives the right answer. */
static TH_TEST_UNUSED void check_device_usable(void) {
  th_test_checks++;
  if (cudaDeviceSynchronize() != cudaSuccess) {
    th_test_failures++;
    fprintf(stderr, "FAILED: the device is not usable after an error: %s\n", cudaGetErrorString(cudaGetLastError()));
    return;
  }
  THTensor *h = VEC(TH_Float32, 1, 2, 3, 4), *i = VEC(TH_Int64, 3, 0);
  THTensor *d = dev(h), *di = dev(i), *r = dnew(TH_Float32);
  CHECK_OK(THCTensor_indexSelect(thc_test_state, r, d, 0, di));
  THTensor *rh = host(r);
  CHECK_VALUES(rh, 0, 4, 1);
  THTensor_free(rh);
  THTensor_free(r);
  THTensor_free(d);
  THTensor_free(di);
  THTensor_free(h);
  THTensor_free(i);
}

#endif
