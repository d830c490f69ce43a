/* Filling and ranges: fill_, zero_, arange, linspace, logspace, eye. */
#include "THKernels.h"

#include <math.h>
#include <string.h>

#define FILL_LOOP(D, unused)                                                             \
  static inline void fill_##D##_row(char **data, const int64_t *s, int64_t n, void *vctx) { \
    THKernelCtx *ctx = vctx;                                                             \
    CT_##D v;                                                                            \
    TH_STORE_##D(&v, ctx->p0);                                                           \
    if (s[0] == sizeof(CT_##D)) {                                                        \
      CT_##D *o = (CT_##D *)data[0];                                                     \
      for (int64_t i = 0; i < n; i++) o[i] = v;                                          \
    } else {                                                                             \
      for (int64_t i = 0; i < n; i++) *(CT_##D *)(data[0] + i * s[0]) = v;               \
    }                                                                                    \
  } \
  TH_LOOP2D(fill_##D, 1)
TH_ALL_DTYPES(FILL_LOOP, _)
#define FILL_ENTRY(D, unused) [TH_##D] = fill_##D,
static const THLoop fillLoops[TH_NumDTypes] = {TH_ALL_DTYPES(FILL_ENTRY, _)};

/* Stores a double into element i of a contiguous tensor of any dtype. */
#define STORE_AT(D, unused) \
  static void storeAt_##D(void *base, int64_t i, double v) { TH_STORE_##D((CT_##D *)base + i, v); }
TH_ALL_DTYPES(STORE_AT, _)
#define STORE_ENTRY(D, unused) [TH_##D] = storeAt_##D,
void (*const thStoreAt[TH_NumDTypes])(void *, int64_t, double) = {TH_ALL_DTYPES(STORE_ENTRY, _)};

int THTensor_fill(THTensor *r, double value) {
  THIter it;
  const THTensor *ops[1] = {r};
  if (THCheckScalarFits("fill_", r->dtype, value)) return TH_ERR;
  if (THIter_init(&it, 1, ops)) return TH_ERR;
  THKernelCtx ctx = {.p0 = value};
  THIter_forEach(&it, fillLoops[r->dtype], &ctx, 0);
  THTensor_bumpVersion(r);
  return TH_OK;
}

int THTensor_zero(THTensor *r) { return THTensor_fill(r, 0); }

int THTensor_arange(THTensor *r, double start, double end, double step) {
  int64_t size;
  if (THCheckArange(r->dtype, &start, end, &step, &size)) return TH_ERR;
  if (THTensor_resize(r, 1, &size)) return TH_ERR;
  char *base = THTensor_bytes(r);
  for (int64_t i = 0; i < size; i++) thStoreAt[r->dtype](base, i, start + (double)i * step);
  THTensor_bumpVersion(r);
  return TH_OK;
}

/* PyTorch fills ranges from both ends so that the last value is exactly `end`, computing in the
 * result's own type (float for float32; the ends truncated and a double step for integers). */
#define SPACED_VALUE(T, start, end, step, i, steps, half) \
  ((i) < (half) ? (T)((start) + (step) * (T)(i)) : (T)((end) - (step) * (T)((steps) - (i)-1)))

static int spaced(THTensor *r, const char *op, double start, double end, int64_t steps, int isLog, double base) {
  if (steps < 0) return THError("%s: number of steps must be non-negative, got %lld", op, (long long)steps);
  if (THTensor_resize(r, 1, &steps)) return TH_ERR;
  char *p = THTensor_bytes(r);
  if (steps == 1) end = start; /* a single step is `start`, as PyTorch */
  int64_t half = steps / 2;
  if (r->dtype == TH_Float32 || r->dtype == TH_Float16 || r->dtype == TH_BFloat16) {
    float s0 = (float)start, s1 = (float)end, step = steps > 1 ? (s1 - s0) / (float)(steps - 1) : 0;
    for (int64_t i = 0; i < steps; i++) {
      float v = SPACED_VALUE(float, s0, s1, step, i, steps, half);
      thStoreAt[r->dtype](p, i, isLog ? pow(base, v) : v);
    }
  } else {
    if (THDType_isIntegral(r->dtype, 1)) { /* the ends are converted to the integer type first */
      start = (double)(int64_t)start;
      end = (double)(int64_t)end;
    }
    double step = steps > 1 ? (end - start) / (double)(steps - 1) : 0;
    for (int64_t i = 0; i < steps; i++) {
      double v = SPACED_VALUE(double, start, end, step, i, steps, half);
      thStoreAt[r->dtype](p, i, isLog ? pow(base, v) : v);
    }
  }
  THTensor_bumpVersion(r);
  return TH_OK;
}

int THTensor_linspace(THTensor *r, double start, double end, int64_t steps) { return spaced(r, "linspace", start, end, steps, 0, 0); }

int THTensor_logspace(THTensor *r, double start, double end, int64_t steps, double base) {
  return spaced(r, "logspace", start, end, steps, 1, base);
}

int THTensor_eye(THTensor *r, int64_t n, int64_t m) {
  if (n < 0) return THError("eye: n must be greater or equal to 0, got %lld", (long long)n);
  if (m < 0) return THError("eye: m must be greater or equal to 0, got %lld", (long long)m);
  int64_t sizes[2] = {n, m};
  if (THTensor_resize(r, 2, sizes) || THTensor_zero(r)) return TH_ERR;
  char *p = THTensor_bytes(r);
  for (int64_t i = 0; i < n && i < m; i++) thStoreAt[r->dtype](p, i * m + i, 1);
  return TH_OK;
}
