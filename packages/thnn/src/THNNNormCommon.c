#include <stdlib.h>

#include "THNNNormCommon.h"
#ifdef _OPENMP
#include <omp.h>
#endif

int THNN_normCheckVector(const char *op, const char *what, const THTensor *t, const THTensor *input, int64_t n) {
  if (!t) return TH_OK;
  if (THNN_checkSameDType(op, what, t, "input", input)) return TH_ERR;
  if (THTensor_numel(t) != n)
    return THError("%s: %s should contain %lld elements not %lld", op, what, (long long)n, (long long)THTensor_numel(t));
  return TH_OK;
}

int THNN_normLoad(const THTensor *t, int64_t n, double dflt, double *v) {
  if (!t) {
    for (int64_t i = 0; i < n; i++) v[i] = dflt;
    return TH_OK;
  }
  THTensor *c = THTensor_newContiguous(t);
  if (!c) return TH_ERR;
  if (THTensor_dtype(c) == TH_Float32) {
    const float *p = (const float *)THTensor_data(c);
    for (int64_t i = 0; i < n; i++) v[i] = p[i];
  } else {
    const double *p = (const double *)THTensor_data(c);
    for (int64_t i = 0; i < n; i++) v[i] = p[i];
  }
  THTensor_free(c);
  return TH_OK;
}

int THNN_normStore(THTensor *t, int64_t n, const double *v) {
  /* written into t itself when contiguous, else into a contiguous copy that is copied back */
  THTensor *dst = THTensor_isContiguous(t) ? t : THTensor_newWithSize(THTensor_dtype(t), THTensor_ndim(t), THTensor_sizes(t));
  if (!dst) return TH_ERR;
  if (THTensor_dtype(dst) == TH_Float32) {
    float *p = (float *)THTensor_data(dst);
    for (int64_t i = 0; i < n; i++) p[i] = (float)v[i];
  } else {
    double *p = (double *)THTensor_data(dst);
    for (int64_t i = 0; i < n; i++) p[i] = v[i];
  }
  int status = TH_OK;
  if (dst != t) {
    status = THTensor_copy(t, dst);
    THTensor_free(dst);
  }
  THTensor_bumpVersion(t);
  return status;
}

int THNN_normAccumulate(THTensor *t, int64_t n, const double *v, double scale) {
  if (!t) return TH_OK;
  double *acc = THNN_normAlloc(n);
  if (!acc) return TH_ERR;
  int status = THNN_normLoad(t, n, 0, acc);
  if (status == TH_OK) {
    for (int64_t i = 0; i < n; i++) acc[i] += scale * v[i];
    status = THNN_normStore(t, n, acc);
  }
  free(acc);
  return status;
}

int THNN_normResize(THTensor *t, int ndim, const int64_t *sizes) {
  int same = THTensor_ndim(t) == ndim;
  for (int k = 0; same && k < ndim; k++) same = THTensor_size(t, k) == sizes[k];
  return same ? TH_OK : THTensor_resize(t, ndim, sizes);
}

double *THNN_normAlloc(int64_t n) {
  double *p = (double *)malloc((size_t)(n > 0 ? n : 1) * sizeof(double));
  if (!p) THError("out of memory allocating %lld doubles", (long long)n);
  return p;
}

int THNN_normThreads(int64_t work) {
#ifdef _OPENMP
  return work > THNN_NORM_GRAIN ? omp_get_max_threads() : 1;
#else
  (void)work;
  return 1;
#endif
}

int THNN_threadNum(void) {
#ifdef _OPENMP
  return omp_get_thread_num();
#else
  return 0;
#endif
}
