/* Group normalization (THNNNormalization.h): checks and the saved statistics here, the rows
 * (n, group) in generic/THNNGroupNorm.c. */
#include <math.h>
#include <stdlib.h>
#include <tgmath.h>

#include "THNNNormCommon.h"
#include "THNNNormVec.h"

#define THNN_GENERIC_FILE "generic/THNNGroupNorm.c"
#include "THNNGenerateFloatTypes.h"

/* Checks; [N, C, S] of the input. */
static int layout(const char *op, const THTensor *input, const THTensor *weight, const THTensor *bias, int64_t G,
                  int64_t *N, int64_t *C, int64_t *S) {
  char a[TH_SHAPE_BUF], b[TH_SHAPE_BUF];
  if (THNN_checkFloating(op, "input", input)) return TH_ERR;
  if (THTensor_ndim(input) < 2)
    return THError("%s: expected input with at least 2 dimensions (N, C, *), but got input of size %s", op,
                   THNN_shapeStr(a, sizeof a, input));
  *N = THTensor_size(input, 0);
  *C = THTensor_size(input, 1);
  *S = 1;
  for (int k = 2; k < THTensor_ndim(input); k++) *S *= THTensor_size(input, k);
  if (G < 1) return THError("%s: expected numGroups to be positive, but got %lld", op, (long long)G);
  if (*C % G)
    return THError("%s: Expected number of channels in input to be divisible by num_groups, but got input of shape %s "
                   "and num_groups=%lld", op, THNN_shapeStr(a, sizeof a, input), (long long)G);
  const THTensor *params[2] = {weight, bias};
  const char *names[2] = {"weight", "bias"};
  for (int k = 0; k < 2; k++) {
    if (!params[k]) continue;
    if (THNN_checkSameDType(op, names[k], params[k], "input", input)) return TH_ERR;
    if (THTensor_ndim(params[k]) != 1 || THTensor_numel(params[k]) != *C)
      return THError("%s: Expected %s to be a vector of size equal to the number of channels in input, but got %s of "
                     "shape %s and input of shape %s", op, names[k], names[k], THNN_shapeStr(a, sizeof a, params[k]),
                     THNN_shapeStr(b, sizeof b, input));
  }
  return TH_OK;
}

int THNN_GroupNorm_updateOutput(const THTensor *input, THTensor *output, const THTensor *weight, const THTensor *bias,
                                THTensor *saveMean, THTensor *saveRstd, int64_t numGroups, double eps) {
  const char *op = "groupNorm";
  int64_t N, C, S;
  if (!input || !output) return THError("%s: input and output must not be NULL", op);
  if (layout(op, input, weight, bias, numGroups, &N, &C, &S) ||
      THNN_checkSameDType(op, "output", output, "input", input) ||
      (saveMean && THNN_checkSameDType(op, "saveMean", saveMean, "input", input)) ||
      (saveRstd && THNN_checkSameDType(op, "saveRstd", saveRstd, "input", input)))
    return TH_ERR;
  int64_t rows = N * numGroups;
  THTensor *x = THTensor_newContiguous(input);
  THTensor *tmp = NULL, *y = x ? THNN_resultTarget(output, THTensor_ndim(input), THTensor_sizes(input), &tmp) : NULL;
  double *buf = y ? THNN_normAlloc(2 * rows + 2 * C) : NULL;
  double *mean = buf, *rstd = buf + rows, *w = buf + 2 * rows, *b = w + C;
  int status = buf ? TH_OK : TH_ERR;
  if (status == TH_OK) status = THNN_normLoad(weight, C, 1, w);
  if (status == TH_OK) status = THNN_normLoad(bias, C, 0, b);
  if (status == TH_OK) {
    if (THTensor_dtype(input) == TH_Float32)
      gn_forward_Float((const float *)THTensor_data(x), (float *)THTensor_data(y), N, C, S, numGroups, w, b, eps, mean,
                       rstd);
    else
      gn_forward_Double((const double *)THTensor_data(x), (double *)THTensor_data(y), N, C, S, numGroups, w, b, eps,
                        mean, rstd);
  }
  if (y) {
    int st = THNN_resultFinish(output, tmp);
    if (status == TH_OK) status = st;
  }
  int64_t sizes[2] = {N, numGroups};
  THTensor *saves[2] = {saveMean, saveRstd};
  for (int k = 0; k < 2 && status == TH_OK; k++) {
    if (!saves[k]) continue;
    status = THNN_normResize(saves[k], 2, sizes);
    if (status == TH_OK) status = THNN_normStore(saves[k], rows, buf + k * rows);
  }
  free(buf);
  if (x) THTensor_free(x);
  return status;
}

int THNN_GroupNorm_backward(const THTensor *input, const THTensor *gradOutput, THTensor *gradInput,
                            THTensor *gradWeight, THTensor *gradBias, const THTensor *weight, const THTensor *saveMean,
                            const THTensor *saveRstd, int64_t numGroups, double scale) {
  const char *op = "groupNormBackward";
  int64_t N, C, S;
  if (!input || !gradOutput || !saveMean || !saveRstd)
    return THError("%s: input, gradOutput, saveMean and saveRstd must not be NULL", op);
  if (layout(op, input, weight, NULL, numGroups, &N, &C, &S) ||
      THNN_checkSameDType(op, "gradOutput", gradOutput, "input", input) ||
      THNN_checkSameShape(op, "gradOutput", gradOutput, "input", input) ||
      (gradInput && THNN_checkSameDType(op, "gradInput", gradInput, "input", input)) ||
      THNN_normCheckVector(op, "gradWeight", gradWeight, input, C) ||
      THNN_normCheckVector(op, "gradBias", gradBias, input, C) ||
      THNN_normCheckVector(op, "saveMean", saveMean, input, N * numGroups) ||
      THNN_normCheckVector(op, "saveRstd", saveRstd, input, N * numGroups))
    return TH_ERR;
  int64_t rows = N * numGroups, K = C / numGroups;
  THTensor *x = THTensor_newContiguous(input);
  THTensor *dy = x ? THTensor_newContiguous(gradOutput) : NULL;
  THTensor *tmp = NULL, *gi = NULL;
  int status = dy ? TH_OK : TH_ERR;
  if (status == TH_OK && gradInput) {
    gi = THNN_resultTarget(gradInput, THTensor_ndim(input), THTensor_sizes(input), &tmp);
    if (!gi) status = TH_ERR;
  }
  double *buf = status == TH_OK ? THNN_normAlloc(2 * rows + 2 * N * C + 3 * C) : NULL;
  if (!buf) status = TH_ERR;
  double *mean = buf, *rstd = buf + rows, *sumDy = buf + 2 * rows, *dot = sumDy + N * C, *w = dot + N * C;
  double *gw = w + C, *gb = gw + C;
  if (status == TH_OK) status = THNN_normLoad(saveMean, rows, 0, mean);
  if (status == TH_OK) status = THNN_normLoad(saveRstd, rows, 0, rstd);
  if (status == TH_OK) status = THNN_normLoad(weight, C, 1, w);
  if (status == TH_OK) {
    if (THTensor_dtype(input) == TH_Float32)
      gn_backward_Float((const float *)THTensor_data(dy), (const float *)THTensor_data(x),
                        gi ? (float *)THTensor_data(gi) : NULL, N, C, S, numGroups, w, mean, rstd, sumDy, dot);
    else
      gn_backward_Double((const double *)THTensor_data(dy), (const double *)THTensor_data(x),
                         gi ? (double *)THTensor_data(gi) : NULL, N, C, S, numGroups, w, mean, rstd, sumDy, dot);
  }
  if (status == TH_OK && (gradWeight || gradBias)) {
    for (int64_t c = 0; c < C; c++) gw[c] = gb[c] = 0;
    for (int64_t n = 0; n < N; n++)
      for (int64_t c = 0; c < C; c++) {
        gw[c] += dot[n * C + c] * rstd[n * numGroups + c / K];
        gb[c] += sumDy[n * C + c];
      }
    status = THNN_normAccumulate(gradWeight, C, gw, scale);
    if (status == TH_OK) status = THNN_normAccumulate(gradBias, C, gb, scale);
  }
  if (gi) {
    int st = THNN_resultFinish(gradInput, tmp);
    if (status == TH_OK) status = st;
  }
  free(buf);
  if (x) THTensor_free(x);
  if (dy) THTensor_free(dy);
  return status;
}
