/* searchsorted, bucketize, histc and bincount on the GPU, with libTH's checks, messages and
 * results (THSearch.c, THHist.c). */
#include "THCIndexUtil.h"

#include <math.h>
#include <string.h>

int THCTensor_searchsorted(THCState *state, THTensor *r, const THTensor *seq, const THTensor *values, int outInt32, int right,
                           const THTensor *sorter) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  int device;
  if (THCTensor_callDevice("searchsorted", 3, (const THTensor *const[]){seq, values, sorter}, 1, &r, &device)) return TH_ERR;
  THDType outType = outInt32 ? TH_Int32 : TH_Int64;
  if (THTensor_dtype(r) != outType)
    return THError("torch.searchsorted(): output tensor's dtype is wrong, it can only be Int(int32) or Long(int64) depending on "
                   "whether out_int32 flag is True, but we got output tensor's dtype %s and out_int32 flag is %s",
                   THDType_name(THTensor_dtype(r)), outInt32 ? "True" : "False");
  THDType st = THTensor_dtype(seq);
  if (st == TH_Bool) return THError("\"searchsorted_out_cuda\" not implemented for '%s'", THDType_torchName(st));
  int sn = THTensor_ndim(seq), vn = THTensor_ndim(values);
  if (sn == 0) return THError("torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 dimension");
  if (vn == 0 && sn != 1)
    return THError("torch.searchsorted(): input value can be a scalar only when boundaries tensor dimension is 1, but we got "
                   "boundaries tensor dim(%d) and input value's dim(0) numel(1)",
                   sn);
  if (sn > 1) {
    int match = vn == sn;
    for (int i = 0; match && i < sn - 1; i++) match = THTensor_size(values, i) == THTensor_size(seq, i);
    if (!match)
      return THError("torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries "
                     "tensor and input value tensor must match, but we got boundaries tensor %s and input value tensor %s",
                     THShapeStr(ba, sizeof ba, sn, THTensor_sizes(seq)), THShapeStr(bb, sizeof bb, vn, THTensor_sizes(values)));
  }
  int64_t nb = THTensor_size(seq, sn - 1);
  if (sorter) {
    if (THTensor_dtype(sorter) != TH_Int64)
      return THError("torch.searchsorted(): sorter must be a tensor of long dtype but got dtype %s", THDType_name(THTensor_dtype(sorter)));
    if (!THTensor_hasShape(sorter, sn, THTensor_sizes(seq)))
      return THError("torch.searchsorted(): boundary and sorter must have the same size, but got boundary tensor %s and got sorter "
                     "tensor %s",
                     THShapeStr(ba, sizeof ba, sn, THTensor_sizes(seq)),
                     THShapeStr(bb, sizeof bb, THTensor_ndim(sorter), THTensor_sizes(sorter)));
  }
  int integral = THDType_isIntegral(st, 1) && THDType_isIntegral(THTensor_dtype(values), 1);
  THDType ct = integral ? TH_Int64 : TH_Float64;
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  THTensor *bc = NULL, *vc = NULL, *s = NULL, *tmp = NULL;
  int status = TH_ERR;
  if (!(bc = THCIdx_newContiguousAs(&c, seq, ct)) || !(vc = THCIdx_newContiguousAs(&c, values, ct))) goto done;
  if (sorter) {
    if (!(s = THCIdx_newContiguous(&c, sorter))) goto done;
    THCIdxGeom g;
    THCIdx_geom(&g, s);
    THCIdx_geomCoalesce(&g);
    int64_t pos, bad;
    if (THCIdx_check(THCIdx_firstOutOfRange(c.state, c.stream, &g, THTensor_numel(s), THTensor_data(s), 0, nb, &pos, &bad),
                     "searchsorted"))
      goto done;
    if (pos >= 0) {
      THError("torch.searchsorted(): sorter index %lld is out of range for a sorted sequence of size %lld", (long long)bad, (long long)nb);
      goto done;
    }
  }
  int64_t total = THTensor_numel(vc);
  if (!(tmp = THCIdx_newWithSize(&c, TH_Int64, vn, THTensor_sizes(values)))) goto done;
  int64_t nv = vn > 0 ? THTensor_size(values, vn - 1) : 1;
  int64_t rowsB = sn == 1 ? 1 : THTensor_numel(bc) / (nb > 0 ? nb : 1);
  if (THCIdx_check(THCIdx_launchSearch(c.cs, THTensor_data(bc), s ? THTensor_data(s) : NULL, nb, rowsB, THTensor_data(vc), nv, total, right,
                                       integral, THTensor_data(tmp)),
                   "searchsorted"))
    goto done;
  if (THCIdx_resizeOut(r, vn, THTensor_sizes(values))) goto done;
  if (total > 0 && THCIdx_copy(&c, r, tmp)) goto done;
  THTensor_bumpVersion(r);
  status = TH_OK;
done:
  THTensor_free(bc);
  THTensor_free(vc);
  THTensor_free(s);
  THTensor_free(tmp);
  THCIdx_exit(&c);
  return status;
}

int THCTensor_bucketize(THCState *state, THTensor *r, const THTensor *input, const THTensor *boundaries, int outInt32, int right) {
  if (THTensor_ndim(boundaries) != 1) return THError("boundaries tensor must be 1 dimension, but got dim(%d)", THTensor_ndim(boundaries));
  return THCTensor_searchsorted(state, r, boundaries, input, outInt32, right, NULL);
}

int THCTensor_histc(THCState *state, THTensor *r, const THTensor *a, int64_t bins, double min, double max) {
  int device;
  if (THCTensor_callDevice("histc", 1, &a, 1, &r, &device)) return TH_ERR;
  THDType dt = THTensor_dtype(a);
  if (dt != TH_Float32 && dt != TH_Float64) return THError("\"histogram_cuda\" not implemented for '%s'", THDType_torchName(dt));
  if (THTensor_dtype(r) != dt)
    return THError("torch.histc: expected out tensor to have dtype %s, but got %s instead", THDType_name(dt),
                   THDType_name(THTensor_dtype(r)));
  if (bins <= 0) return THError("torch.histogram(): bins must be > 0, but got %lld for dimension 0", (long long)bins);
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  THTensor *in = NULL, *hist = NULL;
  int status = TH_ERR;
  if (!(in = THCIdx_newDeviceInput(&c, a))) goto done;
  int64_t n = THTensor_numel(in);
  THCIdxGeom g;
  THCIdx_geom(&g, in);
  THCIdx_geomCoalesce(&g);
  double lo = min, hi = max;
  if (lo == hi && n > 0) { /* the data's range (NaN if it has a NaN) */
    int hasNan;
    if (THCIdx_check(THCIdx_minMax(c.state, c.stream, &g, n, THTensor_data(in), dt, &lo, &hi, &hasNan), "histc")) goto done;
    if (hasNan) lo = hi = NAN;
  }
  if (lo == hi) {
    lo -= 1;
    hi += 1;
  }
  if (isinf(lo) || isinf(hi) || isnan(lo) || isnan(hi)) {
    THError("torch.histc: range of [%g, %g] is not finite", lo, hi);
    goto done;
  }
  if (!(lo < hi)) {
    THError("torch.histc: max must be larger than min");
    goto done;
  }
  if (!(hist = THCIdx_newWithSize(&c, TH_Int64, 1, &bins))) goto done;
  if (cudaMemsetAsync(THTensor_data(hist), 0, sizeof(int64_t) * (size_t)bins, (cudaStream_t)c.cs) != cudaSuccess) {
    THCError(cudaGetLastError(), "cudaMemsetAsync");
    goto done;
  }
  if (THCIdx_check(THCIdx_launchHistc(c.cs, &g, n, THTensor_data(in), dt, bins, lo, hi, THTensor_data(hist)), "histc")) goto done;
  if (THCIdx_resizeOut(r, 1, &bins) || THCIdx_copy(&c, r, hist)) goto done;
  THTensor_bumpVersion(r);
  status = TH_OK;
done:
  THTensor_free(in);
  THTensor_free(hist);
  THCIdx_exit(&c);
  return status;
}

int THCTensor_bincount(THCState *state, THTensor *r, const THTensor *a, const THTensor *weights, int64_t minlength) {
  int device;
  if (THCTensor_callDevice("bincount", 2, (const THTensor *const[]){a, weights}, 1, &r, &device)) return TH_ERR;
  THDType at = THTensor_dtype(a);
  if (!THDType_isIntegral(at, 0)) return THError("\"bincount_cuda\" not implemented for '%s'", THDType_torchName(at));
  if (minlength < 0) return THError("minlength should be >= 0");
  if (THTensor_ndim(a) != 1) return THError("bincount only supports 1-d non-negative integral inputs.");
  int64_t n = THTensor_size(a, 0);
  if (weights && (THTensor_ndim(weights) != 1 || THTensor_size(weights, 0) != n))
    return THError("weights should be 1-d and have the same length as input");
  THDType rt = THTensor_bincountResultType(weights);
  if (THTensor_dtype(r) != rt)
    return THError("bincount: expected out tensor to have dtype %s, but got %s instead", THDType_name(rt), THDType_name(THTensor_dtype(r)));
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  THTensor *x = NULL, *w = NULL, *tmp = NULL;
  int status = TH_ERR;
  if (!(x = THCIdx_newContiguousAs(&c, a, TH_Int64))) goto done;
  if (weights && !(w = THCIdx_newContiguousAs(&c, weights, rt))) goto done;
  THCIdxGeom g;
  THCIdx_geom(&g, x);
  int64_t lo, hi;
  if (THCIdx_check(THCIdx_minMaxInt64(c.state, c.stream, &g, n, THTensor_data(x), &lo, &hi), "bincount")) goto done;
  if (n > 0 && lo < 0) {
    THError("bincount only supports 1-d non-negative integral inputs.");
    goto done;
  }
  int64_t len = n > 0 && hi + 1 > minlength ? hi + 1 : minlength;
  if (!(tmp = THCIdx_newWithSize(&c, rt, 1, &len))) goto done;
  if (len > 0 && cudaMemsetAsync(THTensor_data(tmp), 0, (size_t)len * THDType_size(rt), (cudaStream_t)c.cs) != cudaSuccess) {
    THCError(cudaGetLastError(), "cudaMemsetAsync");
    goto done;
  }
  if (THCIdx_check(THCIdx_launchBincount(c.cs, THTensor_data(x), n, w ? THTensor_data(w) : NULL, rt, THTensor_data(tmp)), "bincount"))
    goto done;
  if (THCIdx_resizeOut(r, 1, &len)) goto done;
  if (len > 0 && THCIdx_copy(&c, r, tmp)) goto done;
  THTensor_bumpVersion(r);
  status = TH_OK;
done:
  THTensor_free(x);
  THTensor_free(w);
  THTensor_free(tmp);
  THCIdx_exit(&c);
  return status;
}
