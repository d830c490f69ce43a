#include <stdio.h>

#include "THNNInternal.h"

const char *THNN_version(void) { return "0.1.0"; }

const char *THNN_shapeStr(char *buf, size_t n, const THTensor *t) {
  size_t used = 0;
  int nd = THTensor_ndim(t);
  const int64_t *s = THTensor_sizes(t);
  used += (size_t)snprintf(buf + used, n - used, "[");
  for (int k = 0; k < nd && used < n; k++)
    used += (size_t)snprintf(buf + used, n - used, k ? ", %lld" : "%lld", (long long)s[k]);
  if (used < n) snprintf(buf + used, n - used, "]");
  return buf;
}

int THNN_checkFloating(const char *op, const char *what, const THTensor *t) {
  THDType d = THTensor_dtype(t);
  if (d == TH_Float32 || d == TH_Float64) return TH_OK;
  return THError("%s: expected %s to be a float32 or float64 tensor, but got %s", op, what, THDType_name(d));
}

int THNN_checkSameDType(const char *op, const char *what, const THTensor *t, const char *refWhat, const THTensor *ref) {
  if (THTensor_dtype(t) == THTensor_dtype(ref)) return TH_OK;
  return THError("%s: expected %s to have the dtype of %s (%s), but got %s", op, what, refWhat,
                 THDType_name(THTensor_dtype(ref)), THDType_name(THTensor_dtype(t)));
}

int THNN_checkSameShape(const char *op, const char *what, const THTensor *t, const char *refWhat, const THTensor *ref) {
  int nd = THTensor_ndim(t);
  int same = nd == THTensor_ndim(ref);
  for (int k = 0; same && k < nd; k++) same = THTensor_size(t, k) == THTensor_size(ref, k);
  if (same) return TH_OK;
  char a[THNN_SHAPE_BUF], b[THNN_SHAPE_BUF];
  return THError("%s: expected %s to have the shape of %s %s, but got %s", op, what, refWhat,
                 THNN_shapeStr(b, sizeof b, ref), THNN_shapeStr(a, sizeof a, t));
}
