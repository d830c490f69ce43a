/* Max pooling and adaptive max pooling, forward and backward, and the backward by indices that
 * every max pooling (fractional included) shares. Inputs are made contiguous (a copy only when
 * they are not); planes are split over OpenMP threads. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "THNNPoolingCommon.h"

/* pos_t: an index as wide as scalar_t, so that the vectorized passes keep one lane width */
#define scalar_t float
#define pos_t int32_t
#define POS_MAX INT32_MAX
#define SUF Float
#include "generic/THNNPoolingMax.c"
#undef scalar_t
#undef pos_t
#undef POS_MAX
#undef SUF

#define scalar_t double
#define pos_t int64_t
#define POS_MAX INT64_MAX
#define SUF Double
#include "generic/THNNPoolingMax.c"
#undef scalar_t
#undef pos_t
#undef POS_MAX
#undef SUF

static const char *const MAX_POOL[3] = {"maxPool1d", "maxPool2d", "maxPool3d"};
static const char *const MAX_POOL_BWD[3] = {"maxPool1dBackward", "maxPool2dBackward", "maxPool3dBackward"};
static const char *const ADAPTIVE_MAX[3] = {"adaptiveMaxPool1d", "adaptiveMaxPool2d", "adaptiveMaxPool3d"};
static const char *const ADAPTIVE_MAX_BWD[3] = {"adaptiveMaxPool1dBackward", "adaptiveMaxPool2dBackward",
                                                "adaptiveMaxPool3dBackward"};

/* The windows' maxima of every plane of input into output (and indices when not NULL). */
static int runMax(const char *op, const THNNPoolShape *s, const THNNPoolWindows *w, const THTensor *input,
                  THTensor *output, THTensor *indices) {
  THNNPoolResults r;
  if (THNNPool_resultsBegin(op, &r, s, input, output, indices)) return TH_ERR;
  THTensor *x = THTensor_newContiguous(input);
  if (!x) return THNNPool_resultsFinish(&r, output, indices, TH_ERR);
  int64_t *ind = r.ind ? (int64_t *)THTensor_data(r.ind) : NULL;
  if (THTensor_numel(r.y) > 0) {
    if (THTensor_dtype(x) == TH_Float32)
      maxPlanes_Float((const float *)THTensor_data(x), (float *)THTensor_data(r.y), ind, s, w);
    else
      maxPlanes_Double((const double *)THTensor_data(x), (double *)THTensor_data(r.y), ind, s, w);
  }
  THTensor_free(x);
  return THNNPool_resultsFinish(&r, output, indices, TH_OK);
}

int THNNPool_maxBackward(const char *op, const THNNPoolShape *s, const THTensor *input, const THTensor *gradOutput,
                         THTensor *gradInput, const THTensor *indices) {
  if (!gradOutput || !gradInput) return THError("%s: a tensor argument is NULL", op);
  if (THNN_checkSameDType(op, "gradOutput", gradOutput, "input", input) ||
      THNN_checkSameDType(op, "gradInput", gradInput, "input", input) || THNNPool_checkIndices(op, indices) ||
      THNNPool_checkShape(op, "gradOutput", gradOutput, s, s->out) ||
      THNNPool_checkShape(op, "indices", indices, s, s->out))
    return TH_ERR;
  THTensor *go = THTensor_newContiguous(gradOutput);
  THTensor *ind = go ? THTensor_newContiguous(indices) : NULL;
  THTensor *tmp = NULL, *gi = ind ? THNN_resultTarget(gradInput, THTensor_ndim(input), THTensor_sizes(input), &tmp) : NULL;
  int status = TH_ERR;
  if (gi) {
    const int64_t inPlane = THNNPool_numel3(s->in), outPlane = THNNPool_numel3(s->out);
    int64_t badIndex = 0;
    int bad = 0;
    if (THTensor_numel(gi) > 0) {
      if (THTensor_dtype(input) == TH_Float32)
        bad = maxBackwardPlanes_Float((const float *)THTensor_data(go), (const int64_t *)THTensor_data(ind),
                                      (float *)THTensor_data(gi), s->planes, inPlane, outPlane, &badIndex);
      else
        bad = maxBackwardPlanes_Double((const double *)THTensor_data(go), (const int64_t *)THTensor_data(ind),
                                       (double *)THTensor_data(gi), s->planes, inPlane, outPlane, &badIndex);
    }
    if (bad) {
      char grid[TH_SHAPE_BUF];
      if (tmp) THTensor_free(tmp);
      status = THError("%s: index %lld is out of range for an input plane of size %s (expected 0 <= index < %lld)", op,
                       (long long)badIndex, THNNPool_gridStr(grid, sizeof grid, s->nDims, s->in), (long long)inPlane);
    } else {
      status = THNN_resultFinish(gradInput, tmp);
    }
  }
  if (go) THTensor_free(go);
  if (ind) THTensor_free(ind);
  return status;
}

static int checkGeometryArgs(const char *op, const int64_t *kernel, const int64_t *stride, const int64_t *padding) {
  if (!kernel || !stride || !padding) return THError("%s: kernel, stride and padding must not be NULL", op);
  return TH_OK;
}

int THNN_MaxPool_updateOutput(int nDims, const THTensor *input, THTensor *output, THTensor *indices,
                              const int64_t *kernel, const int64_t *stride, const int64_t *padding,
                              const int64_t *dilation, int ceilMode) {
  const char *op = THNN_POOL_OP(MAX_POOL, nDims);
  THNNPoolShape s;
  THNNPoolWindows w;
  if (THNNPool_input(op, nDims, input, 0, &s) || checkGeometryArgs(op, kernel, stride, padding) ||
      THNNPool_slidingOutput(op, &s, kernel, stride, padding, dilation, ceilMode) ||
      THNNPool_slidingWindows(&w, &s, kernel, stride, padding, dilation, 0))
    return TH_ERR;
  int status = runMax(op, &s, &w, input, output, indices);
  THNNPool_windowsFree(&w);
  return status;
}

int THNN_MaxPool_updateGradInput(int nDims, const THTensor *input, const THTensor *gradOutput, THTensor *gradInput,
                                 const THTensor *indices, const int64_t *kernel, const int64_t *stride,
                                 const int64_t *padding, const int64_t *dilation, int ceilMode) {
  const char *op = THNN_POOL_OP(MAX_POOL_BWD, nDims);
  THNNPoolShape s;
  if (THNNPool_input(op, nDims, input, 0, &s) || checkGeometryArgs(op, kernel, stride, padding) ||
      THNNPool_slidingOutput(op, &s, kernel, stride, padding, dilation, ceilMode))
    return TH_ERR;
  return THNNPool_maxBackward(op, &s, input, gradOutput, gradInput, indices);
}

int THNN_AdaptiveMaxPool_updateOutput(int nDims, const THTensor *input, THTensor *output, THTensor *indices,
                                      const int64_t *outputSize) {
  const char *op = THNN_POOL_OP(ADAPTIVE_MAX, nDims);
  THNNPoolShape s;
  THNNPoolWindows w;
  if (THNNPool_input(op, nDims, input, 0, &s) || THNNPool_adaptiveOutput(op, &s, outputSize) ||
      THNNPool_adaptiveWindows(&w, &s))
    return TH_ERR;
  int status = runMax(op, &s, &w, input, output, indices);
  THNNPool_windowsFree(&w);
  return status;
}

int THNN_AdaptiveMaxPool_updateGradInput(int nDims, const THTensor *input, const THTensor *gradOutput,
                                         THTensor *gradInput, const THTensor *indices) {
  const char *op = THNN_POOL_OP(ADAPTIVE_MAX_BWD, nDims);
  THNNPoolShape s;
  if (THNNPool_input(op, nDims, input, 0, &s) || THNNPool_checkIndices(op, indices) ||
      THNNPool_gridOf(op, "indices", &s, indices))
    return TH_ERR;
  return THNNPool_maxBackward(op, &s, input, gradOutput, gradInput, indices);
}
