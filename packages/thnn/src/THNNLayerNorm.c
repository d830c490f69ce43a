/* Layer normalization (THNNNormalization.h): checks and the saved statistics here, the rows in
 * generic/THNNLayerNorm.c. The weight's gradient sums over rows: each thread sums its rows into
 * its own buffer, added up at the end. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tgmath.h>

#include "THNNNormCommon.h"
#include "THNNNormVec.h"

/* rows summed in the input's precision before the weight's gradient goes on in double */
#define LN_BLOCK_ROWS 16

#define THNN_GENERIC_FILE "generic/THNNLayerNorm.c"
#include "THNNGenerateFloatTypes.h"

/* Checks input against normalizedShape and weight / bias against it; *M rows of *D values. */
static int layout(const char *op, const THTensor *input, const THTensor *weight, const THTensor *bias, int nNorm,
                  const int64_t *shape, int64_t *M, int64_t *D) {
  char a[TH_SHAPE_BUF], b[TH_SHAPE_BUF], c[TH_SHAPE_BUF];
  if (THNN_checkFloating(op, "input", input)) return TH_ERR;
  if (nNorm < 1 || !shape)
    return THError("%s: Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, "
                   "but got normalized_shape = []", op);
  int nd = THTensor_ndim(input), lead = nd - nNorm, ok = lead >= 0;
  for (int k = 0; ok && k < nNorm; k++) ok = THTensor_size(input, lead + k) == shape[k];
  if (!ok)
    return THError("%s: Given normalized_shape=%s, expected input with shape [*, %s, but got input of size%s", op,
                   THShapeStr(a, sizeof a, nNorm, shape), THShapeStr(b, sizeof b, nNorm, shape) + 1,
                   THNN_shapeStr(c, sizeof c, input));
  const THTensor *params[2] = {weight, bias};
  const char *names[2] = {"weight", "bias"};
  for (int k = 0; k < 2; k++) {
    if (!params[k]) continue;
    if (THNN_checkSameDType(op, names[k], params[k], "input", input)) return TH_ERR;
    if (!THNN_hasSizes(params[k], nNorm, shape))
      return THError("%s: Expected %s to be of same shape as normalized_shape, but got %s of shape %s and "
                     "normalized_shape = %s", op, names[k], names[k], THNN_shapeStr(a, sizeof a, params[k]),
                     THShapeStr(b, sizeof b, nNorm, shape));
  }
  *M = *D = 1;
  for (int k = 0; k < nd; k++) *(k < lead ? M : D) *= THTensor_size(input, k);
  return TH_OK;
}

/* The saved statistics' shape: the input's leading sizes, then ones. */
static void statSizes(const THTensor *input, int nNorm, int64_t *sizes) {
  int nd = THTensor_ndim(input);
  for (int k = 0; k < nd; k++) sizes[k] = k < nd - nNorm ? THTensor_size(input, k) : 1;
}

int THNN_LayerNorm_updateOutput(const THTensor *input, THTensor *output, const THTensor *weight, const THTensor *bias,
                                THTensor *saveMean, THTensor *saveRstd, int nNormDims, const int64_t *normalizedShape,
                                double eps) {
  const char *op = "layerNorm";
  int64_t M, D;
  if (!input || !output) return THError("%s: input and output must not be NULL", op);
  if (layout(op, input, weight, bias, nNormDims, normalizedShape, &M, &D) ||
      THNN_checkSameDType(op, "output", output, "input", input) ||
      (saveMean && THNN_checkSameDType(op, "saveMean", saveMean, "input", input)) ||
      (saveRstd && THNN_checkSameDType(op, "saveRstd", saveRstd, "input", input)))
    return TH_ERR;
  THTensor *x = THTensor_newContiguous(input);
  THTensor *w = x && weight ? THTensor_newContiguous(weight) : NULL;
  THTensor *b = x && bias ? THTensor_newContiguous(bias) : NULL;
  THTensor *tmp = NULL, *y = NULL;
  double *stats = NULL;
  int status = x && (w || !weight) && (b || !bias) ? TH_OK : TH_ERR;
  if (status == TH_OK) y = THNN_resultTarget(output, THTensor_ndim(input), THTensor_sizes(input), &tmp);
  if (y) stats = THNN_normAlloc(2 * M);
  if (!stats) status = TH_ERR;
  if (status == TH_OK) {
    if (THTensor_dtype(input) == TH_Float32)
      ln_forward_Float((const float *)THTensor_data(x), (float *)THTensor_data(y), M, D,
                       w ? (const float *)THTensor_data(w) : NULL, b ? (const float *)THTensor_data(b) : NULL, eps,
                       stats, stats + M);
    else
      ln_forward_Double((const double *)THTensor_data(x), (double *)THTensor_data(y), M, D,
                        w ? (const double *)THTensor_data(w) : NULL, b ? (const double *)THTensor_data(b) : NULL, eps,
                        stats, stats + M);
  }
  if (y) {
    int st = THNN_resultFinish(output, tmp);
    if (status == TH_OK) status = st;
  }
  int64_t sizes[TH_MAX_DIMS];
  statSizes(input, nNormDims, sizes);
  THTensor *saves[2] = {saveMean, saveRstd};
  for (int k = 0; k < 2 && status == TH_OK; k++) {
    if (!saves[k]) continue;
    status = THNN_normResize(saves[k], THTensor_ndim(input), sizes);
    if (status == TH_OK) status = THNN_normStore(saves[k], M, stats + k * M);
  }
  free(stats);
  if (x) THTensor_free(x);
  if (w) THTensor_free(w);
  if (b) THTensor_free(b);
  return status;
}

/* The weight, contiguous; ones when there is none (the backward kernel multiplies by w either way). */
static THTensor *weightOrOnes(const THTensor *weight, THDType dtype, int64_t D) {
  if (weight) return THTensor_newContiguous(weight);
  THTensor *w = THTensor_newWithSize(dtype, 1, &D);
  if (w && THTensor_fill(w, 1) != TH_OK) {
    THTensor_free(w);
    return NULL;
  }
  return w;
}

int THNN_LayerNorm_backward(const THTensor *input, const THTensor *gradOutput, THTensor *gradInput,
                            THTensor *gradWeight, THTensor *gradBias, const THTensor *weight, const THTensor *saveMean,
                            const THTensor *saveRstd, int nNormDims, const int64_t *normalizedShape, double scale) {
  const char *op = "layerNormBackward";
  int64_t M, D;
  if (!input || !gradOutput || !saveMean || !saveRstd)
    return THError("%s: input, gradOutput, saveMean and saveRstd must not be NULL", op);
  if (layout(op, input, weight, NULL, nNormDims, normalizedShape, &M, &D) ||
      THNN_checkSameDType(op, "gradOutput", gradOutput, "input", input) ||
      THNN_checkSameShape(op, "gradOutput", gradOutput, "input", input) ||
      (gradInput && THNN_checkSameDType(op, "gradInput", gradInput, "input", input)) ||
      THNN_normCheckVector(op, "gradWeight", gradWeight, input, D) ||
      THNN_normCheckVector(op, "gradBias", gradBias, input, D) ||
      THNN_normCheckVector(op, "saveMean", saveMean, input, M) ||
      THNN_normCheckVector(op, "saveRstd", saveRstd, input, M))
    return TH_ERR;
  int threads = THNN_normThreads(M * D);
  THTensor *x = THTensor_newContiguous(input);
  THTensor *dy = x ? THTensor_newContiguous(gradOutput) : NULL;
  THTensor *w = dy ? weightOrOnes(weight, THTensor_dtype(input), D) : NULL;
  THTensor *tmp = NULL, *gi = NULL;
  int status = w ? TH_OK : TH_ERR;
  if (status == TH_OK && gradInput) {
    gi = THNN_resultTarget(gradInput, THTensor_ndim(input), THTensor_sizes(input), &tmp);
    if (!gi) status = TH_ERR;
  }
  int wantParams = gradWeight || gradBias;
  double *stats = status == TH_OK ? THNN_normAlloc(2 * M) : NULL;
  double *partials = stats && wantParams ? THNN_normAlloc(4 * D * threads) : NULL;
  if (!stats || (wantParams && !partials)) status = TH_ERR;
  if (status == TH_OK) status = THNN_normLoad(saveMean, M, 0, stats);
  if (status == TH_OK) status = THNN_normLoad(saveRstd, M, 0, stats + M);
  if (status == TH_OK) {
    if (partials) memset(partials, 0, (size_t)(4 * D * threads) * sizeof(double));
    if (THTensor_dtype(input) == TH_Float32)
      ln_backward_Float((const float *)THTensor_data(dy), (const float *)THTensor_data(x),
                        gi ? (float *)THTensor_data(gi) : NULL, M, D, (const float *)THTensor_data(w), stats, stats + M,
                        threads, partials);
    else
      ln_backward_Double((const double *)THTensor_data(dy), (const double *)THTensor_data(x),
                         gi ? (double *)THTensor_data(gi) : NULL, M, D, (const double *)THTensor_data(w), stats,
                         stats + M, threads, partials);
  }
  if (status == TH_OK && wantParams) {
    for (int t = 1; t < threads; t++)
      for (int64_t j = 0; j < 2 * D; j++) partials[j] += partials[4 * D * t + j];
    status = THNN_normAccumulate(gradWeight, D, partials, scale);
    if (status == TH_OK) status = THNN_normAccumulate(gradBias, D, partials + D, scale);
  }
  if (gi) {
    int st = THNN_resultFinish(gradInput, tmp);
    if (status == TH_OK) status = st;
  }
  free(stats);
  free(partials);
  if (x) THTensor_free(x);
  if (dy) THTensor_free(dy);
  if (w) THTensor_free(w);
  return status;
}
