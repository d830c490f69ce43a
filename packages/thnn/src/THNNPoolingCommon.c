/* Shapes, checks and window tables shared by the pooling files (see THNNPoolingCommon.h). The
 * messages are PyTorch 1.13's, with the op's name in front. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "THNNPoolingCommon.h"

/* Geometry values beyond this are refused, so that window arithmetic cannot overflow. */
#define THNN_POOL_MAX_PARAM 2147483647LL

/* "kH: 2 kW: 3" for the op's dims (T, H, W named as PyTorch names them). */
static const char *namedList(char *buf, size_t n, const char *prefix, int nDims, const int64_t *v) {
  static const char *const dimNames[3] = {"T", "H", "W"};
  size_t used = 0;
  buf[0] = 0;
  for (int j = 0; j < nDims && used < n; j++)
    used += (size_t)snprintf(buf + used, n - used, "%s%s%s: %lld", j ? " " : "", prefix, dimNames[3 - nDims + j],
                             (long long)v[j]);
  return buf;
}

const char *THNNPool_gridStr(char *buf, size_t n, int nDims, const int64_t *g) {
  size_t used = 0;
  buf[0] = 0;
  for (int j = 3 - nDims; j < 3 && used < n; j++)
    used += (size_t)snprintf(buf + used, n - used, j > 3 - nDims ? "x%lld" : "%lld", (long long)g[j]);
  return buf;
}

int THNNPool_input(const char *op, int nDims, const THTensor *input, int flags, THNNPoolShape *s) {
  if (!input) return THError("%s: the input tensor is NULL", op);
  if (nDims < 1 || nDims > 3) return THError("%s: expected 1, 2 or 3 spatial dims, but got %d", op, nDims);
  if (THNN_checkFloating(op, "input", input)) return TH_ERR;
  char shape[TH_SHAPE_BUF];
  int nd = THTensor_ndim(input);
  if (nd != nDims + 1 && nd != nDims + 2)
    return THError("%s: Expected %dD or %dD (batch mode) tensor with optional 0 dim batch size for input, but got: %s",
                   op, nDims + 1, nDims + 2, THNN_shapeStr(shape, sizeof shape, input));
  memset(s, 0, sizeof *s);
  s->nDims = nDims;
  s->ndim = nd;
  int nLead = nd - nDims;
  s->lead[0] = s->lead[1] = 1;
  s->planes = 1;
  for (int k = 0; k < nLead; k++) {
    s->lead[k] = THTensor_size(input, k);
    s->planes *= s->lead[k];
  }
  for (int k = 0; k < 3; k++) s->in[k] = s->out[k] = 1;
  for (int j = 0; j < nDims; j++) s->in[3 - nDims + j] = THTensor_size(input, nLead + j);
  /* every dim but the batch dim must be non-empty (the channels may be, for some ops) */
  for (int k = nLead == 2 ? 1 : 0; k < nd; k++) {
    int isChannels = k == nLead - 1;
    if (THTensor_size(input, k) == 0 && !(isChannels && (flags & THNN_POOL_ALLOW_EMPTY_CHANNELS)))
      return THError("%s: Expected input to have non-zero size for non-batch dimensions, but input has sizes %s with "
                     "dimension %d being empty",
                     op, THNN_shapeStr(shape, sizeof shape, input), k);
  }
  return TH_OK;
}

/* Every geometry value fits an int32 (so that no window arithmetic overflows). */
static int checkRange(const char *op, const char *what, int nDims, const int64_t *v) {
  for (int j = 0; j < nDims; j++)
    if (v[j] > THNN_POOL_MAX_PARAM || v[j] < -THNN_POOL_MAX_PARAM)
      return THError("%s: %s must be at most %lld in magnitude, but got %lld", op, what, THNN_POOL_MAX_PARAM,
                     (long long)v[j]);
  return TH_OK;
}

/* floor(a / b) for b > 0 (PyTorch's div_rtn). */
static int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

int THNNPool_slidingOutput(const char *op, THNNPoolShape *s, const int64_t *kernel, const int64_t *stride,
                           const int64_t *padding, const int64_t *dilation, int ceilMode) {
  static const int64_t ones[3] = {1, 1, 1};
  int nDims = s->nDims;
  if (!dilation) dilation = ones;
  char buf[TH_SHAPE_BUF];
  if (checkRange(op, "kernel size", nDims, kernel) || checkRange(op, "stride", nDims, stride) ||
      checkRange(op, "padding", nDims, padding) || checkRange(op, "dilation", nDims, dilation))
    return TH_ERR;
  for (int j = 0; j < nDims; j++)
    if (kernel[j] <= 0)
      return THError("%s: kernel size should be greater than zero, but got %s", op,
                     namedList(buf, sizeof buf, "k", nDims, kernel));
  for (int j = 0; j < nDims; j++)
    if (stride[j] <= 0)
      return THError("%s: stride should be greater than zero, but got %s", op,
                     namedList(buf, sizeof buf, "d", nDims, stride));
  for (int j = 0; j < nDims; j++)
    if (dilation[j] <= 0)
      return THError("%s: dilation should be greater than zero, but got %s", op,
                     namedList(buf, sizeof buf, "dilation", nDims, dilation));
  for (int j = 0; j < nDims; j++) {
    if (padding[j] < 0) return THError("%s: pad must be non-negative, but got pad: %lld", op, (long long)padding[j]);
    if (padding[j] > kernel[j] / 2)
      return THError("%s: pad should be at most half of kernel size, but got pad=%lld and kernel_size=%lld", op,
                     (long long)padding[j], (long long)kernel[j]);
  }
  int tooSmall = 0;
  for (int j = 0; j < nDims; j++) {
    int k = 3 - nDims + j;
    int64_t in = s->in[k], st = stride[j], pad = padding[j];
    int64_t out = floorDiv(in + 2 * pad - dilation[j] * (kernel[j] - 1) - 1 + (ceilMode ? st - 1 : 0), st) + 1;
    /* in ceil mode the last window must start inside the input or its left padding */
    if (ceilMode && (out - 1) * st >= in + pad) out--;
    s->out[k] = out;
    if (out < 1) tooSmall = 1;
  }
  if (tooSmall) {
    char in[TH_SHAPE_BUF], out[TH_SHAPE_BUF];
    int64_t c = s->lead[s->ndim - nDims - 1];
    return THError("%s: Given input size: (%lldx%s). Calculated output size: (%lldx%s). Output size is too small", op,
                   (long long)c, THNNPool_gridStr(in, sizeof in, nDims, s->in), (long long)c,
                   THNNPool_gridStr(out, sizeof out, nDims, s->out));
  }
  return TH_OK;
}

int THNNPool_outputSizes(const THNNPoolShape *s, int64_t *sizes) {
  int nLead = s->ndim - s->nDims;
  for (int k = 0; k < nLead; k++) sizes[k] = s->lead[k];
  for (int j = 0; j < s->nDims; j++) sizes[nLead + j] = s->out[3 - s->nDims + j];
  return s->ndim;
}

int THNNPool_checkShape(const char *op, const char *what, const THTensor *t, const THNNPoolShape *s,
                        const int64_t *spatial) {
  int64_t want[TH_MAX_DIMS];
  int nLead = s->ndim - s->nDims;
  for (int k = 0; k < nLead; k++) want[k] = s->lead[k];
  for (int j = 0; j < s->nDims; j++) want[nLead + j] = spatial[3 - s->nDims + j];
  int same = THTensor_ndim(t) == s->ndim;
  for (int k = 0; same && k < s->ndim; k++) same = THTensor_size(t, k) == want[k];
  if (same) return TH_OK;
  char a[TH_SHAPE_BUF], b[TH_SHAPE_BUF];
  size_t used = (size_t)snprintf(b, sizeof b, "[");
  for (int k = 0; k < s->ndim && used < sizeof b; k++)
    used += (size_t)snprintf(b + used, sizeof b - used, k ? ", %lld" : "%lld", (long long)want[k]);
  if (used < sizeof b) snprintf(b + used, sizeof b - used, "]");
  return THError("%s: expected %s of shape %s, but got %s", op, what, b, THNN_shapeStr(a, sizeof a, t));
}

int THNNPool_checkIndices(const char *op, const THTensor *t) {
  if (!t) return THError("%s: the indices tensor is NULL", op);
  if (THTensor_dtype(t) == TH_Int64) return TH_OK;
  return THError("%s: expected indices to be an int64 tensor, but got %s", op, THDType_name(THTensor_dtype(t)));
}

int THNNPool_gridOf(const char *op, const char *what, THNNPoolShape *s, const THTensor *t) {
  if (!t) return THError("%s: the %s tensor is NULL", op, what);
  if (THTensor_ndim(t) != s->ndim) {
    char buf[TH_SHAPE_BUF];
    return THError("%s: expected %s to have %d dims, as the input, but got %s", op, what, s->ndim,
                   THNN_shapeStr(buf, sizeof buf, t));
  }
  for (int j = 0; j < s->nDims; j++) s->out[3 - s->nDims + j] = THTensor_size(t, s->ndim - s->nDims + j);
  return TH_OK;
}

int THNNPool_adaptiveOutput(const char *op, THNNPoolShape *s, const int64_t *outputSize) {
  if (!outputSize) return THError("%s: outputSize must not be NULL", op);
  for (int j = 0; j < s->nDims; j++)
    if (outputSize[j] < 0) {
      char buf[TH_SHAPE_BUF];
      size_t used = 0;
      buf[0] = 0;
      for (int i = 0; i < s->nDims && used < sizeof buf; i++)
        used += (size_t)snprintf(buf + used, sizeof buf - used, i ? ", %lld" : "%lld", (long long)outputSize[i]);
      return THError("%s: elements of output_size must be greater than or equal to 0 but received {%s}", op, buf);
    }
  for (int j = 0; j < s->nDims; j++) s->out[3 - s->nDims + j] = outputSize[j];
  return TH_OK;
}

int THNNPool_windowsAlloc(THNNPoolWindows *w, const THNNPoolShape *s) {
  int64_t total = 3 * (s->out[0] + s->out[1] + s->out[2]);
  memset(w, 0, sizeof *w);
  w->buf = (int64_t *)malloc((size_t)(total > 0 ? total : 1) * sizeof(int64_t));
  if (!w->buf) return THError("pooling: out of memory for %lld window bounds", (long long)total);
  int64_t *p = w->buf;
  for (int k = 0; k < 3; k++) {
    w->start[k] = p, p += s->out[k];
    w->end[k] = p, p += s->out[k];
    w->count[k] = p, p += s->out[k];
    w->step[k] = 1;
  }
  return TH_OK;
}

void THNNPool_windowsFree(THNNPoolWindows *w) {
  free(w->buf);
  w->buf = NULL;
}

int THNNPool_slidingWindows(THNNPoolWindows *w, const THNNPoolShape *s, const int64_t *kernel, const int64_t *stride,
                            const int64_t *padding, const int64_t *dilation, int countIncludePad) {
  if (THNNPool_windowsAlloc(w, s)) return TH_ERR;
  for (int k = 0; k < 3; k++) {
    int j = k - (3 - s->nDims); /* the op's dim, < 0 for a unit dim in front */
    int64_t kk = j < 0 ? 1 : kernel[j], st = j < 0 ? 1 : stride[j], pad = j < 0 ? 0 : padding[j];
    int64_t dil = j < 0 || !dilation ? 1 : dilation[j], in = s->in[k];
    w->step[k] = dil;
    for (int64_t o = 0; o < s->out[k]; o++) {
      int64_t first = o * st - pad;
      int64_t start = first < 0 ? first + (-first + dil - 1) / dil * dil : first; /* first position inside */
      int64_t end = first + (kk - 1) * dil + 1;
      w->start[k][o] = start;
      w->end[k][o] = end < in ? end : in;
      /* averages (dilation 1): the window clipped to the padded input, or to the input */
      int64_t padEnd = first + kk < in + pad ? first + kk : in + pad;
      w->count[k][o] = countIncludePad ? padEnd - first : w->end[k][o] - start;
    }
    if (k == 2) {
      /* outputs whose window [o st - pad, o st - pad + (kk - 1) dil] lies inside [0, in) */
      int64_t lo = (pad + st - 1) / st, span = (kk - 1) * dil + 1;
      int64_t hi = in - span + pad >= 0 ? (in - span + pad) / st + 1 : 0;
      if (hi > s->out[2]) hi = s->out[2];
      if (lo > hi) lo = hi;
      w->wKernel = kk, w->wStride = st, w->wPad = pad, w->wDilation = dil, w->wLo = lo, w->wHi = hi;
    }
  }
  return TH_OK;
}

int THNNPool_adaptiveWindows(THNNPoolWindows *w, const THNNPoolShape *s) {
  if (THNNPool_windowsAlloc(w, s)) return TH_ERR;
  for (int k = 0; k < 3; k++) {
    int64_t in = s->in[k], out = s->out[k];
    for (int64_t o = 0; o < out; o++) {
      /* floor(o in / out) and ceil((o + 1) in / out), as PyTorch's start_index / end_index */
      int64_t start = (o / out) * in + ((o % out) * in) / out;
      int64_t end = 1 + ((o + 1) * in - 1) / out;
      w->start[k][o] = start;
      w->end[k][o] = end;
      w->count[k][o] = end - start;
    }
  }
  return TH_OK;
}

int THNNPool_resultsBegin(const char *op, THNNPoolResults *r, const THNNPoolShape *s, const THTensor *input,
                          THTensor *output, THTensor *indices) {
  memset(r, 0, sizeof *r);
  if (!output) return THError("%s: the output tensor is NULL", op);
  if (THNN_checkSameDType(op, "output", output, "input", input)) return TH_ERR;
  if (indices && THNNPool_checkIndices(op, indices)) return TH_ERR;
  int64_t sizes[TH_MAX_DIMS];
  int nd = THNNPool_outputSizes(s, sizes);
  r->y = THNN_resultTarget(output, nd, sizes, &r->yTmp);
  if (!r->y) return TH_ERR;
  if (indices) {
    r->ind = THNN_resultTarget(indices, nd, sizes, &r->indTmp);
    if (!r->ind) {
      if (r->yTmp) THTensor_free(r->yTmp);
      r->yTmp = NULL;
      return TH_ERR;
    }
  }
  return TH_OK;
}

int THNNPool_resultsFinish(THNNPoolResults *r, THTensor *output, THTensor *indices, int status) {
  if (status != TH_OK) {
    if (r->yTmp) THTensor_free(r->yTmp);
    if (r->indTmp) THTensor_free(r->indTmp);
    return status;
  }
  status = THNN_resultFinish(output, r->yTmp);
  if (indices) {
    int st = THNN_resultFinish(indices, r->indTmp);
    if (status == TH_OK) status = st;
  }
  return status;
}
