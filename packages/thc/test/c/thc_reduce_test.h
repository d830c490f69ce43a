/* thc_reduce_test.h — what test_reduce.c and test_scan.c share: host <-> device copies of whole
 * views (cudaMemcpy of the storage, so any geometry survives), random inputs from TH's generator,
 * and comparison of a THC result with libTH's within a tolerance. */
#ifndef THC_REDUCE_TEST_H
#define THC_REDUCE_TEST_H

#include "thc_test.h"

#include <cuda_runtime_api.h>
#include <stdlib.h>
#include <string.h>

#define S thc_test_state

static THGenerator *gen;

static const THDType ALL_DTYPES[] = {TH_Bool,    TH_UInt8,    TH_Int8,    TH_Int16,  TH_Int32,
                                     TH_Int64,   TH_Float16,  TH_BFloat16, TH_Float32, TH_Float64};
#define N_DTYPES 10

/* t's whole storage copied to the other side, viewed with t's geometry */
static TH_TEST_UNUSED THTensor *viewOn(const THTensor *t, THAllocator *alloc, enum cudaMemcpyKind kind) {
  THStorage *src = THTensor_storage(t);
  size_t nb = THStorage_nbytes(src);
  THStorage *dst = THStorage_new(nb, alloc);
  if (!dst) return NULL;
  if (nb && cudaMemcpy(THStorage_data(dst), THStorage_data(src), nb, kind) != cudaSuccess) {
    fprintf(stderr, "cudaMemcpy failed: %s\n", cudaGetErrorString(cudaGetLastError()));
    THStorage_free(dst);
    return NULL;
  }
  THTensor *r = THTensor_newWithStorage(dst, THTensor_dtype(t), THTensor_storageOffset(t), THTensor_ndim(t),
                                        THTensor_sizes(t), THTensor_strides(t));
  THStorage_free(dst);
  return r;
}
static TH_TEST_UNUSED THTensor *toDev(const THTensor *h) {
  return viewOn(h, THCCachingAllocator_get(S, 0), cudaMemcpyHostToDevice);
}
static TH_TEST_UNUSED THTensor *toHost(const THTensor *d) {
  if (cudaDeviceSynchronize() != cudaSuccess) {
    fprintf(stderr, "kernel failed: %s\n", cudaGetErrorString(cudaGetLastError()));
    return NULL;
  }
  return viewOn(d, NULL, cudaMemcpyDeviceToHost);
}

/* Random host tensor. ties: few distinct values (integers in [-2, 2], [0, 3] for uint8), so that
 * extrema repeat; else floats uniform in [-1, 1), integers in [-50, 50) ([0, 100) for uint8). */
static TH_TEST_UNUSED THTensor *rnd(THDType dt, int ndim, const int64_t *sizes, int ties) {
  THTensor *t = THTensor_newWithSize(dt, ndim, sizes);
  if (!t) return NULL;
  int st;
  if (THDType_isFloating(dt) && !ties) st = THTensor_uniform_(t, -1, 1, gen);
  else if (dt == TH_Bool) st = THTensor_random_(t, 1, 0, 1, 2, gen);
  else if (dt == TH_UInt8) st = THTensor_random_(t, 1, 0, 1, ties ? 4 : 100, gen);
  else st = THTensor_random_(t, 1, ties ? -2 : -50, 1, ties ? 3 : 50, gen);
  if (st) fprintf(stderr, "rnd(%s): %s\n", THDType_name(dt), THGetLastError());
  return t;
}
/* the largest |x| rnd gives */
static TH_TEST_UNUSED double rndScale(THDType dt, int ties) {
  if (ties) return 3;
  return THDType_isFloating(dt) ? 1 : 100;
}

static TH_TEST_UNUSED double epsOf(THDType t) {
  switch (t) {
    case TH_Float16: return 1.0 / 1024;
    case TH_BFloat16: return 1.0 / 128;
    case TH_Float32: return 1.2e-7;
    case TH_Float64: return 2.3e-16;
    default: return 0;
  }
}

/* the spacing of the smallest values of t (float16's subnormals are far apart) */
static TH_TEST_UNUSED double tinyOf(THDType t) { return t == TH_Float16 ? 6e-8 : t == TH_BFloat16 ? 1e-38 : 1e-300; }

static TH_TEST_UNUSED int nearRel(double ref, double got, double abs, double rel) {
  if (isnan(ref) || isnan(got)) return isnan(ref) && isnan(got);
  if (isinf(ref) || isinf(got)) return ref == got;
  return fabs(ref - got) <= abs + rel * fabs(ref);
}

/* dev (a device result) has ref's shape and dtype and its values: integers exactly, floats within
 * abs + rel * |ref|. One check; the first difference is reported. */
static TH_TEST_UNUSED void compareTo(const char *what, const THTensor *ref, const THTensor *dev, double abs, double rel) {
  th_test_checks++;
  THTensor *got = toHost(dev);
  if (!got) {
    th_test_failures++;
    fprintf(stderr, "FAILED: %s: could not copy the result back\n", what);
    return;
  }
  int n = THTensor_ndim(ref);
  if (THTensor_dtype(got) != THTensor_dtype(ref) || THTensor_ndim(got) != n ||
      memcmp(THTensor_sizes(got), THTensor_sizes(ref), sizeof(int64_t) * (size_t)n) != 0) {
    th_test_failures++;
    fprintf(stderr, "FAILED: %s: result %s %s, expected %s %s\n", what, THDType_name(THTensor_dtype(got)),
            th_test_dims_str(THTensor_ndim(got), THTensor_sizes(got), 0), THDType_name(THTensor_dtype(ref)),
            th_test_dims_str(n, THTensor_sizes(ref), 1));
    THTensor_free(got);
    return;
  }
  const THDType dt = THTensor_dtype(ref);
  const int isInt = !THDType_isFloating(dt);
  const int64_t numel = THTensor_numel(ref);
  for (int64_t i = 0; i < numel; i++) {
    const char *pr = th_test_addr(ref, i), *pg = th_test_addr(got, i);
    int ok;
    if (dt == TH_Int64) ok = *(const int64_t *)pr == *(const int64_t *)pg;
    else if (isInt) ok = th_test_load(dt, pr) == th_test_load(dt, pg);
    else ok = nearRel(th_test_load(dt, pr), th_test_load(dt, pg), abs + (abs || rel ? tinyOf(dt) : 0), rel);
    if (!ok) {
      th_test_failures++;
      double r = th_test_load(dt, pr), g = th_test_load(dt, pg);
      fprintf(stderr, "FAILED: %s: element %lld of %lld is %.17g, TH gives %.17g (diff %.3g, tol %.3g + %.3g*|ref|)\n",
              what, (long long)i, (long long)numel, g, r, fabs(g - r), abs, rel);
      break;
    }
  }
  THTensor_free(got);
}

/* libTH's call (status sh, message msg) and libTHC's (status sd, its message still set) agree:
 * both fail with the same message, or both succeed. Nonzero when both succeeded, for the caller
 * to compare their results; a disagreement is a failed check, reported with desc. */
static TH_TEST_UNUSED int thc_same_outcome(const char *desc, int sh, const char *msg, int sd) {
  th_test_checks++;
  if (sh != TH_OK && sd == TH_OK) {
    th_test_failures++;
    fprintf(stderr, "FAILED: %s: TH fails (%s) but THC does not\n", desc, msg);
  } else if (sh != TH_OK && !thc_same_message(msg, THGetLastError())) {
    th_test_failures++;
    fprintf(stderr, "FAILED: %s: TH says \"%s\", THC \"%s\"\n", desc, msg, THGetLastError());
  } else if (sh == TH_OK && sd != TH_OK) {
    th_test_failures++;
    fprintf(stderr, "FAILED: %s: %s\n", desc, THGetLastError());
  }
  return sh == TH_OK && sd == TH_OK;
}

static TH_TEST_UNUSED const char *shapeStr(const THTensor *t, int which) {
  return th_test_dims_str(THTensor_ndim(t), THTensor_sizes(t), which);
}

#endif
