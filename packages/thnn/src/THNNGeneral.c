#include <stdio.h>

#include "THNNInternal.h"

const char *THNN_version(void) { return "0.1.0"; }

const char *THNN_shapeStr(char *buf, size_t n, const THTensor *t) {
  return THShapeStr(buf, n, THTensor_ndim(t), THTensor_sizes(t));
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
  char a[TH_SHAPE_BUF], b[TH_SHAPE_BUF];
  return THError("%s: expected %s to have the shape of %s %s, but got %s", op, what, refWhat,
                 THNN_shapeStr(b, sizeof b, ref), THNN_shapeStr(a, sizeof a, t));
}

int THNN_sameShape(const THTensor *a, const THTensor *b) {
  if (THTensor_ndim(a) != THTensor_ndim(b)) return 0;
  for (int k = 0; k < THTensor_ndim(a); k++)
    if (THTensor_size(a, k) != THTensor_size(b, k)) return 0;
  return 1;
}

int THNN_wrapDim(const char *op, const THTensor *t, int64_t dim, int *d) {
  if (THTensor_wrapDim(t, dim, d) == TH_OK) return TH_OK;
  char msg[512];
  snprintf(msg, sizeof msg, "%s", THGetLastError());
  return THError("%s: %s", op, msg);
}

int THNN_hasSizes(const THTensor *t, int ndim, const int64_t *sizes) {
  if (THTensor_ndim(t) != ndim) return 0;
  for (int k = 0; k < ndim; k++)
    if (THTensor_size(t, k) != sizes[k]) return 0;
  return 1;
}

THTensor *THNN_resultTarget(THTensor *r, int ndim, const int64_t *sizes, THTensor **tmp) {
  *tmp = NULL;
  if (!THNN_hasSizes(r, ndim, sizes)) return THTensor_resize(r, ndim, sizes) == TH_OK ? r : NULL;
  if (THTensor_isContiguous(r)) return r;
  *tmp = THTensor_newWithSize(THTensor_dtype(r), ndim, sizes);
  return *tmp;
}

int THNN_resultFinish(THTensor *r, THTensor *tmp) {
  int status = TH_OK;
  if (tmp) {
    status = THTensor_copy(r, tmp);
    THTensor_free(tmp);
  }
  if (status == TH_OK) THTensor_bumpVersion(r);
  return status;
}
