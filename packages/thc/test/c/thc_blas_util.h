/* thc_blas_util.h — what test_blas.c and test_random.c share: moving tensors between the host and
 * a device with cudaMemcpy (independent of THCTensor_copy, which another part of libTHC provides),
 * random host tensors from libTH, and comparisons. */
#ifndef THC_BLAS_UTIL_H
#define THC_BLAS_UTIL_H

#include <cuda_runtime_api.h>

#include "thc_test.h"

/* A device tensor on cuda:0 with h's shape and values (contiguous). */
static TH_TEST_UNUSED THTensor *tu_toDevice(const THTensor *h) {
  THTensor *c = THTensor_newContiguous(h);
  THTensor *d = THCTensor_newWithSize(thc_test_state, THTensor_dtype(h), 0, THTensor_ndim(h), THTensor_sizes(h));
  size_t bytes = (size_t)THTensor_numel(h) * THDType_size(THTensor_dtype(h));
  if (d && bytes && cudaMemcpy(THTensor_data(d), THTensor_data(c), bytes, cudaMemcpyHostToDevice) != cudaSuccess) {
    fprintf(stderr, "cudaMemcpy to the device failed\n");
    THTensor_free(d);
    d = NULL;
  }
  THTensor_free(c);
  return d;
}

/* A contiguous host copy of device tensor d, whatever its layout (the whole storage comes over and
 * the same view is taken of it). Synchronises the device first. */
static TH_TEST_UNUSED THTensor *tu_toHost(const THTensor *d) {
  if (cudaDeviceSynchronize() != cudaSuccess) {
    fprintf(stderr, "cudaDeviceSynchronize failed: %s\n", cudaGetErrorString(cudaGetLastError()));
    return NULL;
  }
  THStorage *ds = THTensor_storage(d);
  size_t nbytes = THStorage_nbytes(ds);
  THStorage *hs = THStorage_new(nbytes ? nbytes : 1, NULL);
  if (nbytes && cudaMemcpy(THStorage_data(hs), THStorage_data(ds), nbytes, cudaMemcpyDeviceToHost) != cudaSuccess) {
    fprintf(stderr, "cudaMemcpy to the host failed\n");
    THStorage_free(hs);
    return NULL;
  }
  THTensor *v = THTensor_newWithStorage(hs, THTensor_dtype(d), THTensor_storageOffset(d), THTensor_ndim(d), THTensor_sizes(d),
                                        THTensor_strides(d));
  THStorage_free(hs);
  THTensor *c = v ? THTensor_newClone(v) : NULL;
  THTensor_free(v);
  return c;
}

/* A host tensor of random values: floats uniform in [-1, 1), integers in [-5, 5] (or [0, 5]
 * for unsigned/bool ranges as they allow). */
static TH_TEST_UNUSED THTensor *tu_random(THGenerator *g, THDType dt, int ndim, const int64_t *sizes) {
  THTensor *t = THTensor_newWithSize(dt, ndim, sizes);
  if (!t) return NULL;
  if (THDType_isFloating(dt)) THTensor_uniform_(t, -1, 1, g);
  else if (dt == TH_Bool) THTensor_random_(t, 1, 0, 1, 2, g);
  else if (dt == TH_UInt8) THTensor_random_(t, 1, 0, 1, 6, g);
  else THTensor_random_(t, 1, -5, 1, 6, g);
  return t;
}

/* The same random values on the host (*h) and on the device (return). */
static TH_TEST_UNUSED THTensor *tu_pair(THGenerator *g, THDType dt, int ndim, const int64_t *sizes, THTensor **h) {
  *h = tu_random(g, dt, ndim, sizes);
  return *h ? tu_toDevice(*h) : NULL;
}

/* Fills a device tensor (any layout) with value: through a host clone and back into its storage. */
static TH_TEST_UNUSED int tu_fillDevice(THTensor *d, double value) {
  if (cudaDeviceSynchronize() != cudaSuccess) return TH_ERR;
  THStorage *ds = THTensor_storage(d);
  size_t nbytes = THStorage_nbytes(ds);
  THStorage *hs = THStorage_new(nbytes ? nbytes : 1, NULL);
  if (nbytes) cudaMemcpy(THStorage_data(hs), THStorage_data(ds), nbytes, cudaMemcpyDeviceToHost);
  THTensor *v = THTensor_newWithStorage(hs, THTensor_dtype(d), THTensor_storageOffset(d), THTensor_ndim(d), THTensor_sizes(d),
                                        THTensor_strides(d));
  int64_t n = THTensor_numel(v);
  for (int64_t i = 0; i < n; i++) th_set(v, i, value);
  if (nbytes) cudaMemcpy(THStorage_data(ds), THStorage_data(hs), nbytes, cudaMemcpyHostToDevice);
  THTensor_free(v);
  THStorage_free(hs);
  return TH_OK;
}

/* Compares device result d with host reference ref element by element: |d - ref| <= atol +
 * rtol * |ref| (exact for rtol = atol = 0; NaN only where ref is NaN). Reports the first
 * mismatch under `what`. */
static TH_TEST_UNUSED int tu_compare(const THTensor *d, const THTensor *ref, double rtol, double atol, const char *what) {
  th_test_checks++;
  if (!d || !ref) {
    TH_TEST_FAIL_("%s: missing tensor (last error: %s)", what, THGetLastError());
    return 0;
  }
  if (THTensor_ndim(d) != THTensor_ndim(ref) ||
      memcmp(THTensor_sizes(d), THTensor_sizes(ref), sizeof(int64_t) * (size_t)THTensor_ndim(d)) != 0) {
    TH_TEST_FAIL_("%s: shape %s, expected %s", what, th_test_dims_str(THTensor_ndim(d), THTensor_sizes(d), 0),
                  th_test_dims_str(THTensor_ndim(ref), THTensor_sizes(ref), 1));
    return 0;
  }
  if (THTensor_dtype(d) != THTensor_dtype(ref)) {
    TH_TEST_FAIL_("%s: dtype %s, expected %s", what, THDType_name(THTensor_dtype(d)), THDType_name(THTensor_dtype(ref)));
    return 0;
  }
  THTensor *h = tu_toHost(d);
  if (!h) {
    TH_TEST_FAIL_("%s: could not read the result back", what);
    return 0;
  }
  int64_t n = THTensor_numel(h), bad = 0, first = -1;
  double fv = 0, fr = 0;
  for (int64_t i = 0; i < n; i++) {
    double v = th_at(h, i), r = th_at(ref, i);
    int ok = isnan(r) ? isnan(v) : (isinf(r) ? v == r : !isnan(v) && fabs(v - r) <= atol + rtol * fabs(r));
    if (!ok && bad++ == 0) first = i, fv = v, fr = r;
  }
  THTensor_free(h);
  if (bad) {
    TH_TEST_FAIL_("%s: %lld of %lld elements differ; first at %lld: %.9g vs %.9g (rtol %g, atol %g)", what, (long long)bad,
                  (long long)n, (long long)first, fv, fr, rtol, atol);
    return 0;
  }
  return 1;
}

#endif
