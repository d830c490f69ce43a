/* histc (equal-width bins, PyTorch's linear bin selection) and bincount. */
#include "THSortUtil.h"

#include <math.h>

#define TH_HISTC(T)                                                                                      \
  static void histc_##T(const T *x, int64_t n, int64_t bins, T lo, T hi, int64_t *hist) {                 \
    for (int64_t i = 0; i < n; i++) {                                                                     \
      T e = x[i];                                                                                         \
      if (e < lo || e > hi) continue;                                                                     \
      /* as PyTorch 1.13, a NaN is not skipped: it lands in the first bin */                             \
      int64_t pos = e != e ? 0 : (int64_t)((e - lo) * (T)bins / (hi - lo));                               \
      if (pos >= bins) pos = bins - 1; /* the last bin includes its right edge */                        \
      if (pos < 0) pos = 0;                                                                               \
      hist[pos]++;                                                                                        \
    }                                                                                                     \
  }
TH_HISTC(float)
TH_HISTC(double)

int THTensor_histc(THTensor *r, const THTensor *a, int64_t bins, double min, double max) {
  if (a->dtype != TH_Float32 && a->dtype != TH_Float64) return THError("\"histogram_cpu\" not implemented for '%s'", THDType_torchName(a->dtype));
  if (r->dtype != a->dtype)
    return THError("torch.histc: expected out tensor to have dtype %s, but got %s instead", THDType_name(a->dtype), THDType_name(r->dtype));
  if (bins <= 0) return THError("torch.histogram(): bins must be > 0, but got %lld for dimension 0", (long long)bins);
  THTensor *c = THTensor_newContiguous(a);
  if (!c) return TH_ERR;
  int64_t n = THTensor_numel(c);
  const char *data = THTensor_bytes(c);
  double lo = min, hi = max;
  if (lo == hi && n > 0) { /* the data's range (NaN if it has a NaN) */
    lo = INFINITY;
    hi = -INFINITY;
    for (int64_t i = 0; i < n; i++) {
      double v = a->dtype == TH_Float32 ? ((const float *)data)[i] : ((const double *)data)[i];
      if (v != v) {
        lo = hi = NAN;
        break;
      }
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo == hi) {
    lo -= 1;
    hi += 1;
  }
  if (isinf(lo) || isinf(hi) || isnan(lo) || isnan(hi)) {
    THTensor_free(c);
    return THError("torch.histc: range of [%g, %g] is not finite", lo, hi);
  }
  if (!(lo < hi)) {
    THTensor_free(c);
    return THError("torch.histc: max must be larger than min");
  }
  int64_t *hist = (int64_t *)calloc((size_t)bins, sizeof(int64_t));
  if (!hist || THSort_resizeOut(r, 1, &bins)) {
    free(hist);
    THTensor_free(c);
    return hist ? TH_ERR : THError("histc: out of memory for %lld bins", (long long)bins);
  }
  if (a->dtype == TH_Float32) histc_float((const float *)data, n, bins, (float)lo, (float)hi, hist);
  else histc_double((const double *)data, n, bins, lo, hi, hist);
  char *o = THTensor_bytes(r);
  int64_t st = r->strides[0];
  for (int64_t i = 0; i < bins; i++) {
    if (a->dtype == TH_Float32) ((float *)o)[i * st] = (float)hist[i];
    else ((double *)o)[i * st] = (double)hist[i];
  }
  free(hist);
  THTensor_free(c);
  THTensor_bumpVersion(r);
  return TH_OK;
}

THDType THTensor_bincountResultType(const THTensor *weights) {
  if (!weights) return TH_Int64;
  return weights->dtype == TH_Float32 ? TH_Float32 : TH_Float64;
}

int THTensor_bincount(THTensor *r, const THTensor *a, const THTensor *weights, int64_t minlength) {
  if (!THDType_isIntegral(a->dtype, 0)) return THError("\"bincount_cpu\" not implemented for '%s'", THDType_torchName(a->dtype));
  if (minlength < 0) return THError("minlength should be >= 0");
  if (a->ndim != 1) return THError("bincount only supports 1-d non-negative integral inputs.");
  int64_t n = a->sizes[0];
  if (weights && (weights->ndim != 1 || weights->sizes[0] != n)) return THError("weights should be 1-d and have the same length as input");
  THDType rt = THTensor_bincountResultType(weights);
  if (r->dtype != rt)
    return THError("bincount: expected out tensor to have dtype %s, but got %s instead", THDType_name(rt), THDType_name(r->dtype));
  THTensor *idx = THTensor_newTo(a, TH_Int64, 0), *ic = idx ? THTensor_newContiguous(idx) : NULL;
  THTensor *w = NULL, *wc = NULL;
  int status = TH_ERR;
  if (!ic) goto done;
  if (weights && (!(w = THTensor_newTo(weights, rt, 0)) || !(wc = THTensor_newContiguous(w)))) goto done;
  const int64_t *x = (const int64_t *)THTensor_bytes(ic);
  int64_t mx = -1;
  for (int64_t i = 0; i < n; i++) {
    if (x[i] < 0) {
      THError("bincount only supports 1-d non-negative integral inputs.");
      goto done;
    }
    if (x[i] > mx) mx = x[i];
  }
  int64_t len = mx + 1 > minlength ? mx + 1 : minlength;
  THTensor *tmp = THTensor_newWithSize(rt, 1, &len);
  if (!tmp) goto done;
  char *o = THTensor_bytes(tmp);
  memset(o, 0, (size_t)len * THDType_size(rt));
  if (!weights) {
    for (int64_t i = 0; i < n; i++) ((int64_t *)o)[x[i]]++;
  } else if (rt == TH_Float32) {
    const float *wp = (const float *)THTensor_bytes(wc);
    for (int64_t i = 0; i < n; i++) ((float *)o)[x[i]] += wp[i];
  } else {
    const double *wp = (const double *)THTensor_bytes(wc);
    for (int64_t i = 0; i < n; i++) ((double *)o)[x[i]] += wp[i];
  }
  status = THSort_resizeOut(r, 1, &len);
  if (status == TH_OK && len > 0) status = THTensor_copy(r, tmp);
  if (status == TH_OK) THTensor_bumpVersion(r);
  THTensor_free(tmp);
done:
  THTensor_free(idx);
  THTensor_free(ic);
  THTensor_free(w);
  THTensor_free(wc);
  return status;
}
