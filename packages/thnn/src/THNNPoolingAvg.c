/* Average pooling and adaptive average pooling, forward and backward. Inputs are made contiguous
 * (a copy only when they are not); planes are split over OpenMP threads. */
#include <math.h>
#include <string.h>

#include "THNNPoolingCommon.h"

#define THNN_POOL_SUM_BLOCK 256
#define THNN_GENERIC_FILE "generic/THNNPoolingAvg.c"
#include "THNNGenerateFloatTypes.h"

static const char *const AVG_POOL[3] = {"avgPool1d", "avgPool2d", "avgPool3d"};
static const char *const AVG_POOL_BWD[3] = {"avgPool1dBackward", "avgPool2dBackward", "avgPool3dBackward"};
static const char *const ADAPTIVE_AVG[3] = {"adaptiveAvgPool1d", "adaptiveAvgPool2d", "adaptiveAvgPool3d"};
static const char *const ADAPTIVE_AVG_BWD[3] = {"adaptiveAvgPool1dBackward", "adaptiveAvgPool2dBackward",
                                                "adaptiveAvgPool3dBackward"};

static int forward(const char *op, const THNNPoolShape *s, const THNNPoolWindows *w, const THTensor *input,
                   THTensor *output, int64_t divisorOverride) {
  THNNPoolResults r;
  if (THNNPool_resultsBegin(op, &r, s, input, output, NULL)) return TH_ERR;
  THTensor *x = THTensor_newContiguous(input);
  if (!x) return THNNPool_resultsFinish(&r, output, NULL, TH_ERR);
  if (THTensor_numel(r.y) > 0) {
    if (THTensor_dtype(x) == TH_Float32)
      avgPlanes_Float((const float *)THTensor_data(x), (float *)THTensor_data(r.y), s, w, divisorOverride);
    else
      avgPlanes_Double((const double *)THTensor_data(x), (double *)THTensor_data(r.y), s, w, divisorOverride);
  }
  THTensor_free(x);
  return THNNPool_resultsFinish(&r, output, NULL, TH_OK);
}

static int backward(const char *op, const THNNPoolShape *s, const THNNPoolWindows *w, const THTensor *input,
                    const THTensor *gradOutput, THTensor *gradInput, int64_t divisorOverride) {
  if (!gradOutput || !gradInput) return THError("%s: a tensor argument is NULL", op);
  if (THNN_checkSameDType(op, "gradOutput", gradOutput, "input", input) ||
      THNN_checkSameDType(op, "gradInput", gradInput, "input", input) ||
      THNNPool_checkShape(op, "gradOutput", gradOutput, s, s->out))
    return TH_ERR;
  THTensor *go = THTensor_newContiguous(gradOutput);
  THTensor *tmp = NULL, *gi = go ? THNN_resultTarget(gradInput, THTensor_ndim(input), THTensor_sizes(input), &tmp) : NULL;
  int status = TH_ERR;
  if (gi) {
    if (THTensor_numel(gi) > 0) {
      if (THTensor_dtype(input) == TH_Float32)
        avgBackwardPlanes_Float((const float *)THTensor_data(go), (float *)THTensor_data(gi), s, w, divisorOverride);
      else
        avgBackwardPlanes_Double((const double *)THTensor_data(go), (double *)THTensor_data(gi), s, w, divisorOverride);
    }
    status = THNN_resultFinish(gradInput, tmp);
  }
  if (go) THTensor_free(go);
  return status;
}

/* Checks the arguments of an average pooling and builds its windows. */
static int slidingSetup(const char *op, int nDims, const THTensor *input, const int64_t *kernel, const int64_t *stride,
                        const int64_t *padding, int ceilMode, int countIncludePad, const int64_t *divisorOverride,
                        THNNPoolShape *s, THNNPoolWindows *w) {
  if (THNNPool_input(op, nDims, input, 0, s)) return TH_ERR;
  if (!kernel || !stride || !padding) return THError("%s: kernel, stride and padding must not be NULL", op);
  if (divisorOverride && *divisorOverride == 0) return THError("%s: divisor must be not zero", op);
  if (THNNPool_slidingOutput(op, s, kernel, stride, padding, NULL, ceilMode)) return TH_ERR;
  return THNNPool_slidingWindows(w, s, kernel, stride, padding, NULL, countIncludePad);
}

int THNN_AvgPool_updateOutput(int nDims, const THTensor *input, THTensor *output, const int64_t *kernel,
                              const int64_t *stride, const int64_t *padding, int ceilMode, int countIncludePad,
                              const int64_t *divisorOverride) {
  const char *op = THNN_POOL_OP(AVG_POOL, nDims);
  THNNPoolShape s;
  THNNPoolWindows w;
  if (slidingSetup(op, nDims, input, kernel, stride, padding, ceilMode, countIncludePad, divisorOverride, &s, &w))
    return TH_ERR;
  int status = forward(op, &s, &w, input, output, divisorOverride ? *divisorOverride : 0);
  THNNPool_windowsFree(&w);
  return status;
}

int THNN_AvgPool_updateGradInput(int nDims, const THTensor *input, const THTensor *gradOutput, THTensor *gradInput,
                                 const int64_t *kernel, const int64_t *stride, const int64_t *padding, int ceilMode,
                                 int countIncludePad, const int64_t *divisorOverride) {
  const char *op = THNN_POOL_OP(AVG_POOL_BWD, nDims);
  THNNPoolShape s;
  THNNPoolWindows w;
  if (slidingSetup(op, nDims, input, kernel, stride, padding, ceilMode, countIncludePad, divisorOverride, &s, &w))
    return TH_ERR;
  int status = backward(op, &s, &w, input, gradOutput, gradInput, divisorOverride ? *divisorOverride : 0);
  THNNPool_windowsFree(&w);
  return status;
}

int THNN_AdaptiveAvgPool_updateOutput(int nDims, const THTensor *input, THTensor *output, const int64_t *outputSize) {
  const char *op = THNN_POOL_OP(ADAPTIVE_AVG, nDims);
  THNNPoolShape s;
  THNNPoolWindows w;
  if (THNNPool_input(op, nDims, input, THNN_POOL_ALLOW_EMPTY_CHANNELS, &s) ||
      THNNPool_adaptiveOutput(op, &s, outputSize) || THNNPool_adaptiveWindows(&w, &s))
    return TH_ERR;
  int status = forward(op, &s, &w, input, output, 0);
  THNNPool_windowsFree(&w);
  return status;
}

int THNN_AdaptiveAvgPool_updateGradInput(int nDims, const THTensor *input, const THTensor *gradOutput,
                                         THTensor *gradInput) {
  const char *op = THNN_POOL_OP(ADAPTIVE_AVG_BWD, nDims);
  THNNPoolShape s;
  THNNPoolWindows w;
  if (THNNPool_input(op, nDims, input, THNN_POOL_ALLOW_EMPTY_CHANNELS, &s) ||
      THNNPool_gridOf(op, "gradOutput", &s, gradOutput) || THNNPool_adaptiveWindows(&w, &s))
    return TH_ERR;
  int status = backward(op, &s, &w, input, gradOutput, gradInput, 0);
  THNNPool_windowsFree(&w);
  return status;
}
