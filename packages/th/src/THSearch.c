/* searchsorted and bucketize: binary search of values in the innermost dim of a sorted sequence,
 * with PyTorch's comparisons (so NaN values land past the end) and an optional sorter. */
#include "THSortUtil.h"

#include <stdio.h>

#define TH_SEARCH(T)                                                                                          \
  static void search_##T(const T *bd, const int64_t *sorter, int64_t nb, int64_t rowsB, const T *val,         \
                         int64_t nv, int64_t total, int right, int64_t *res) {                                \
    (void)rowsB;                                                                                              \
    int nt = THSort_threads(total / 64 + 1, 64, 32768);                                                              \
    _Pragma("omp parallel for num_threads(nt) if (nt > 1) schedule(static)")                                  \
    for (int64_t i = 0; i < total; i++) {                                                                     \
      int64_t row = rowsB > 1 ? i / nv : 0;                                                                   \
      const T *b = bd + row * nb;                                                                             \
      const int64_t *so = sorter ? sorter + row * nb : NULL;                                                  \
      T v = val[i];                                                                                           \
      int64_t lo = 0, hi = nb;                                                                                \
      while (lo < hi) {                                                                                       \
        int64_t mid = lo + ((hi - lo) >> 1);                                                                  \
        T m = so ? b[so[mid]] : b[mid];                                                                       \
        int goRight = right ? !(m > v) : !(m >= v);                                                           \
        if (goRight) lo = mid + 1;                                                                            \
        else hi = mid;                                                                                        \
      }                                                                                                       \
      res[i] = lo;                                                                                            \
    }                                                                                                         \
  }
TH_SEARCH(double)
TH_SEARCH(int64_t)

static void shapeStr(char *buf, size_t n, const THTensor *t) { THShapeStr(buf, n, t->ndim, t->sizes); }

int THTensor_searchsorted(THTensor *r, const THTensor *seq, const THTensor *values, int outInt32, int right, const THTensor *sorter) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  THDType outType = outInt32 ? TH_Int32 : TH_Int64;
  if (r->dtype != outType)
    return THError("torch.searchsorted(): output tensor's dtype is wrong, it can only be Int(int32) or Long(int64) depending on "
                   "whether out_int32 flag is True, but we got output tensor's dtype %s and out_int32 flag is %s",
                   THDType_name(r->dtype), outInt32 ? "True" : "False");
  if (seq->dtype == TH_Bool) return THError("\"searchsorted_out_cpu\" not implemented for '%s'", THDType_torchName(seq->dtype));
  if (seq->ndim == 0) return THError("torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 dimension");
  if (values->ndim == 0 && seq->ndim != 1)
    return THError("torch.searchsorted(): input value can be a scalar only when boundaries tensor dimension is 1, but we got "
                   "boundaries tensor dim(%d) and input value's dim(0) numel(1)", seq->ndim);
  if (seq->ndim > 1) {
    int match = values->ndim == seq->ndim;
    for (int i = 0; match && i < seq->ndim - 1; i++) match = values->sizes[i] == seq->sizes[i];
    if (!match) {
      shapeStr(ba, sizeof ba, seq);
      shapeStr(bb, sizeof bb, values);
      return THError("torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries "
                     "tensor and input value tensor must match, but we got boundaries tensor %s and input value tensor %s", ba, bb);
    }
  }
  int64_t nb = seq->sizes[seq->ndim - 1];
  if (sorter) {
    if (sorter->dtype != TH_Int64)
      return THError("torch.searchsorted(): sorter must be a tensor of long dtype but got dtype %s", THDType_name(sorter->dtype));
    int same = sorter->ndim == seq->ndim;
    for (int i = 0; same && i < seq->ndim; i++) same = sorter->sizes[i] == seq->sizes[i];
    if (!same) {
      shapeStr(ba, sizeof ba, seq);
      shapeStr(bb, sizeof bb, sorter);
      return THError("torch.searchsorted(): boundary and sorter must have the same size, but got boundary tensor %s and got sorter "
                     "tensor %s", ba, bb);
    }
  }
  int integral = THDType_isIntegral(seq->dtype, 1) && THDType_isIntegral(values->dtype, 1);
  THDType ct = integral ? TH_Int64 : TH_Float64;
  THTensor *b = NULL, *bc = NULL, *v = NULL, *vc = NULL, *s = NULL, *tmp = NULL;
  int status = TH_ERR;
  if (!(b = THTensor_newTo(seq, ct, 0)) || !(bc = THTensor_newContiguous(b))) goto done;
  if (!(v = THTensor_newTo(values, ct, 0)) || !(vc = THTensor_newContiguous(v))) goto done;
  if (sorter) {
    if (!(s = THTensor_newContiguous(sorter))) goto done;
    const int64_t *sp = (const int64_t *)THTensor_bytes(s);
    int64_t ns = THTensor_numel(s);
    for (int64_t i = 0; i < ns; i++)
      if (sp[i] < 0 || sp[i] >= nb) {
        THError("torch.searchsorted(): sorter index %lld is out of range for a sorted sequence of size %lld", (long long)sp[i],
                (long long)nb);
        goto done;
      }
  }
  int64_t total = THTensor_numel(vc);
  if (!(tmp = THTensor_newWithSize(TH_Int64, values->ndim, values->sizes))) goto done;
  int64_t nv = values->ndim > 0 ? values->sizes[values->ndim - 1] : 1;
  int64_t rowsB = THTensor_numel(bc) / (nb > 0 ? nb : 1);
  if (seq->ndim == 1) rowsB = 1;
  const int64_t *so = s ? (const int64_t *)THTensor_bytes(s) : NULL;
  if (total > 0) {
    if (integral)
      search_int64_t((const int64_t *)THTensor_bytes(bc), so, nb, rowsB, (const int64_t *)THTensor_bytes(vc), nv, total, right,
                     (int64_t *)THTensor_bytes(tmp));
    else
      search_double((const double *)THTensor_bytes(bc), so, nb, rowsB, (const double *)THTensor_bytes(vc), nv, total, right,
                    (int64_t *)THTensor_bytes(tmp));
  }
  if (THSort_resizeOut(r, values->ndim, values->sizes)) goto done;
  if (total > 0 && THTensor_copy(r, tmp)) goto done;
  THTensor_bumpVersion(r);
  status = TH_OK;
done:
  THTensor_free(b);
  THTensor_free(bc);
  THTensor_free(v);
  THTensor_free(vc);
  THTensor_free(s);
  THTensor_free(tmp);
  return status;
}

int THTensor_bucketize(THTensor *r, const THTensor *input, const THTensor *boundaries, int outInt32, int right) {
  if (boundaries->ndim != 1) return THError("boundaries tensor must be 1 dimension, but got dim(%d)", boundaries->ndim);
  return THTensor_searchsorted(r, boundaries, input, outInt32, right, NULL);
}
