/* Batch and instance normalization (THNNNormalization.h): argument checks, statistics and the
 * running-stat updates in double here, the passes over the data in generic/THNNBatchNorm.c.
 * Instance norm is batch norm with one group per (n, c) plane, as PyTorch computes it (batch norm
 * of the input seen as [1, N * C, *], running stats averaged over the batch). */
#include <math.h>
#include <stdlib.h>
#include <tgmath.h>

#include "THNNNormCommon.h"
#include "THNNNormVec.h"

/* A group (one statistic's values) at most this big is normalized while it is in cache (L2). */
#define THNN_BN_CACHE_BYTES (1 << 20)

#define THNN_GENERIC_FILE "generic/THNNBatchNorm.c"
#include "THNNGenerateFloatTypes.h"

/* [N, C, S] of an input with at least 2 dims (S: the product of the spatial sizes). */
typedef struct NormShape {
  int64_t N, C, S;
} NormShape;

static int inputShape(const char *op, const THTensor *input, NormShape *s) {
  if (THNN_checkFloating(op, "input", input)) return TH_ERR;
  if (THTensor_ndim(input) < 2) {
    char b[TH_SHAPE_BUF];
    return THError("%s: expected input with at least 2 dimensions (N, C, *), but got input of size %s", op,
                   THNN_shapeStr(b, sizeof b, input));
  }
  s->N = THTensor_size(input, 0);
  s->C = THTensor_size(input, 1);
  s->S = 1;
  for (int k = 2; k < THTensor_ndim(input); k++) s->S *= THTensor_size(input, k);
  return TH_OK;
}

/* Groups (one statistic each) and runs per group; see generic/THNNBatchNorm.c. */
#define GROUPS(instance, s) ((instance) ? (s).N * (s).C : (s).C)
#define RUNS(instance, s) ((instance) ? 1 : (s).N)

/* Evaluation: the running stats as per-group mean and invstd. */
static int runningStats(const THTensor *input, int instance, NormShape s, const THTensor *runningMean,
                        const THTensor *runningVar, double eps, double *mean, double *invstd) {
  double *var = THNN_normAlloc(s.C);
  if (!var) return TH_ERR;
  int status = THNN_normLoad(runningMean, s.C, 0, mean);
  if (status == TH_OK) status = THNN_normLoad(runningVar, s.C, 0, var);
  if (status == TH_OK) {
    if (THTensor_dtype(input) == TH_Float32) bn_eval_invstd_Float(s.C, var, eps, invstd);
    else bn_eval_invstd_Double(s.C, var, eps, invstd);
    for (int64_t g = GROUPS(instance, s) - 1; instance && g >= 0; g--) { /* one per (n, c) */
      mean[g] = mean[g % s.C];
      invstd[g] = invstd[g % s.C];
    }
  }
  free(var);
  return status;
}

/* running = (1 - momentum) * running + momentum * statistic (unbiased variance); instance norm
 * averages the instances' statistics over the batch. */
static int updateRunning(THTensor *runningMean, THTensor *runningVar, int instance, NormShape s, const double *mean,
                         const double *var, double momentum) {
  double n = (double)(instance ? s.S : s.N * s.S);
  double *batch = THNN_normAlloc(2 * s.C), *running = THNN_normAlloc(s.C);
  int status = batch && running ? TH_OK : TH_ERR;
  double *bm = batch, *bv = batch + s.C;
  for (int64_t c = 0; status == TH_OK && c < s.C; c++) {
    bm[c] = bv[c] = 0;
    int64_t reps = instance ? s.N : 1;
    for (int64_t r = 0; r < reps; r++) {
      int64_t g = instance ? r * s.C + c : c;
      bm[c] += mean[g] / (double)reps;
      bv[c] += var[g] * n / (n - 1) / (double)reps;
    }
  }
  THTensor *targets[2] = {runningMean, runningVar};
  for (int k = 0; k < 2 && status == TH_OK; k++) {
    if (!targets[k]) continue;
    status = THNN_normLoad(targets[k], s.C, 0, running);
    for (int64_t c = 0; status == TH_OK && c < s.C; c++)
      running[c] = momentum * batch[k * s.C + c] + (1 - momentum) * running[c];
    if (status == TH_OK) status = THNN_normStore(targets[k], s.C, running);
  }
  free(batch);
  free(running);
  return status;
}

static int forward(const char *op, int instance, const THTensor *input, THTensor *output, const THTensor *weight,
                   const THTensor *bias, THTensor *runningMean, THTensor *runningVar, THTensor *saveMean,
                   THTensor *saveInvstd, int useStats, double momentum, double eps) {
  NormShape s;
  if (!input || !output) return THError("%s: input and output must not be NULL", op);
  if (inputShape(op, input, &s) || THNN_checkSameDType(op, "output", output, "input", input) ||
      THNN_normCheckVector(op, "weight", weight, input, s.C) || THNN_normCheckVector(op, "bias", bias, input, s.C) ||
      THNN_normCheckVector(op, "running_mean", runningMean, input, s.C) ||
      THNN_normCheckVector(op, "running_var", runningVar, input, s.C) ||
      (saveMean && THNN_checkSameDType(op, "saveMean", saveMean, "input", input)) ||
      (saveInvstd && THNN_checkSameDType(op, "saveInvstd", saveInvstd, "input", input)))
    return TH_ERR;
  if (!useStats && (!runningMean || !runningVar)) {
    if (instance) return THError("%s: Expected running_mean and running_var to be defined when use_input_stats is false", op);
    return THError("%s: running_%s must be defined in evaluation mode", op, runningMean ? "var" : "mean");
  }
  if (useStats && (instance ? s.S : s.N * s.S) == 1) {
    char b[TH_SHAPE_BUF];
    return THError("%s: Expected more than 1 %s when training, got input size %s", op,
                   instance ? "spatial element" : "value per channel", THNN_shapeStr(b, sizeof b, input));
  }
  int64_t G = GROUPS(instance, s), numel = s.N * s.C * s.S;
  int isFloat = THTensor_dtype(input) == TH_Float32;
  THTensor *x = THTensor_newContiguous(input);
  THTensor *tmp = NULL, *y = x ? THNN_resultTarget(output, THTensor_ndim(input), THTensor_sizes(input), &tmp) : NULL;
  double *buf = y ? THNN_normAlloc(3 * G + 2 * s.C) : NULL;
  int status = buf ? TH_OK : TH_ERR;
  double *mean = buf, *var = buf + G, *invstd = buf + 2 * G, *w = buf + 3 * G, *b = w + s.C;
  int computed = status == TH_OK && numel > 0;
  if (computed && !useStats) status = runningStats(input, instance, s, runningMean, runningVar, eps, mean, invstd);
  if (computed && status == TH_OK) status = THNN_normLoad(weight, s.C, 1, w);
  if (computed && status == TH_OK) status = THNN_normLoad(bias, s.C, 0, b);
  if (computed && status == TH_OK) {
    if (isFloat)
      bn_forward_Float((const float *)THTensor_data(x), (float *)THTensor_data(y), G, RUNS(instance, s), s.C * s.S, s.S,
                       s.C, useStats, eps, w, b, mean, var, invstd);
    else
      bn_forward_Double((const double *)THTensor_data(x), (double *)THTensor_data(y), G, RUNS(instance, s), s.C * s.S,
                        s.S, s.C, useStats, eps, w, b, mean, var, invstd);
  }
  if (y) {
    int st = THNN_resultFinish(output, tmp);
    if (status == TH_OK) status = st;
  }
  /* saved statistics: [C] (batch) or [N, C] (instance) when computed from the input, else [0] */
  int saving = computed && useStats;
  int64_t saveSizes[2] = {saving ? (instance ? s.N : s.C) : 0, s.C};
  int saveDims = saving && instance ? 2 : 1;
  THTensor *saves[2] = {saveMean, saveInvstd};
  const double *saved[2] = {mean, invstd};
  for (int k = 0; k < 2 && status == TH_OK; k++) {
    if (!saves[k]) continue;
    status = THNN_normResize(saves[k], saveDims, saveSizes);
    if (status == TH_OK && saving) status = THNN_normStore(saves[k], G, saved[k]);
  }
  if (status == TH_OK && computed && useStats && (runningMean || runningVar))
    status = updateRunning(runningMean, runningVar, instance, s, mean, var, momentum);
  free(buf);
  if (x) THTensor_free(x);
  return status;
}

static int backward(const char *op, int instance, const THTensor *input, const THTensor *gradOutput,
                    THTensor *gradInput, THTensor *gradWeight, THTensor *gradBias, const THTensor *weight,
                    const THTensor *runningMean, const THTensor *runningVar, const THTensor *saveMean,
                    const THTensor *saveInvstd, int useStats, double eps, double scale) {
  NormShape s;
  if (!input || !gradOutput) return THError("%s: input and gradOutput must not be NULL", op);
  if (inputShape(op, input, &s) || THNN_checkSameDType(op, "gradOutput", gradOutput, "input", input) ||
      THNN_checkSameShape(op, "gradOutput", gradOutput, "input", input) ||
      (gradInput && THNN_checkSameDType(op, "gradInput", gradInput, "input", input)) ||
      THNN_normCheckVector(op, "weight", weight, input, s.C) ||
      THNN_normCheckVector(op, "gradWeight", gradWeight, input, s.C) ||
      THNN_normCheckVector(op, "gradBias", gradBias, input, s.C))
    return TH_ERR;
  int64_t G = GROUPS(instance, s), numel = s.N * s.C * s.S;
  if (numel > 0 && useStats) {
    if (!saveMean || !saveInvstd) return THError("%s: saveMean and saveInvstd must be given when training", op);
    if (THNN_normCheckVector(op, "saveMean", saveMean, input, G) ||
        THNN_normCheckVector(op, "saveInvstd", saveInvstd, input, G))
      return TH_ERR;
  }
  if (numel > 0 && !useStats) {
    if (!runningMean || !runningVar)
      return THError("%s: running_%s must be defined in evaluation mode", op, runningMean ? "var" : "mean");
    if (THNN_normCheckVector(op, "running_mean", runningMean, input, s.C) ||
        THNN_normCheckVector(op, "running_var", runningVar, input, s.C))
      return TH_ERR;
  }
  int isFloat = THTensor_dtype(input) == TH_Float32;
  THTensor *x = THTensor_newContiguous(input);
  THTensor *dy = x ? THTensor_newContiguous(gradOutput) : NULL;
  THTensor *tmp = NULL, *gi = NULL;
  if (dy && gradInput) gi = THNN_resultTarget(gradInput, THTensor_ndim(input), THTensor_sizes(input), &tmp);
  double *buf = dy && (gi || !gradInput) ? THNN_normAlloc(4 * G + 3 * s.C) : NULL;
  int status = buf ? TH_OK : TH_ERR;
  double *mean = buf, *invstd = buf + G, *sumDy = buf + 2 * G, *dot = buf + 3 * G;
  double *w = buf + 4 * G, *gw = w + s.C, *gb = gw + s.C;
  if (status == TH_OK && numel > 0) {
    if (useStats) {
      status = THNN_normLoad(saveMean, G, 0, mean);
      if (status == TH_OK) status = THNN_normLoad(saveInvstd, G, 0, invstd);
    } else {
      status = runningStats(input, instance, s, runningMean, runningVar, eps, mean, invstd);
    }
    if (status == TH_OK) status = THNN_normLoad(weight, s.C, 1, w);
  }
  if (status == TH_OK && numel > 0) {
    int wantSums = gradWeight || gradBias;
    if (isFloat)
      bn_backward_Float((const float *)THTensor_data(dy), (const float *)THTensor_data(x),
                        gi ? (float *)THTensor_data(gi) : NULL, G, RUNS(instance, s), s.C * s.S, s.S, s.C, useStats,
                        wantSums, mean, invstd, w, sumDy, dot);
    else
      bn_backward_Double((const double *)THTensor_data(dy), (const double *)THTensor_data(x),
                         gi ? (double *)THTensor_data(gi) : NULL, G, RUNS(instance, s), s.C * s.S, s.S, s.C, useStats,
                         wantSums, mean, invstd, w, sumDy, dot);
  }
  if (status == TH_OK && (gradWeight || gradBias)) {
    for (int64_t c = 0; c < s.C; c++) gw[c] = gb[c] = 0;
    for (int64_t g = 0; numel > 0 && g < G; g++) { /* instance norm: summed over the batch */
      gw[g % s.C] += dot[g] * invstd[g];
      gb[g % s.C] += sumDy[g];
    }
    status = THNN_normAccumulate(gradWeight, s.C, gw, scale);
    if (status == TH_OK) status = THNN_normAccumulate(gradBias, s.C, gb, scale);
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

int THNN_BatchNorm_updateOutput(const THTensor *input, THTensor *output, const THTensor *weight, const THTensor *bias,
                                THTensor *runningMean, THTensor *runningVar, THTensor *saveMean, THTensor *saveInvstd,
                                int train, double momentum, double eps) {
  return forward("batchNorm", 0, input, output, weight, bias, runningMean, runningVar, saveMean, saveInvstd, train,
                 momentum, eps);
}

int THNN_BatchNorm_backward(const THTensor *input, const THTensor *gradOutput, THTensor *gradInput,
                            THTensor *gradWeight, THTensor *gradBias, const THTensor *weight,
                            const THTensor *runningMean, const THTensor *runningVar, const THTensor *saveMean,
                            const THTensor *saveInvstd, int train, double eps, double scale) {
  return backward("batchNormBackward", 0, input, gradOutput, gradInput, gradWeight, gradBias, weight, runningMean,
                  runningVar, saveMean, saveInvstd, train, eps, scale);
}

int THNN_InstanceNorm_updateOutput(const THTensor *input, THTensor *output, const THTensor *weight,
                                   const THTensor *bias, THTensor *runningMean, THTensor *runningVar,
                                   THTensor *saveMean, THTensor *saveInvstd, int useInputStats, double momentum,
                                   double eps) {
  return forward("instanceNorm", 1, input, output, weight, bias, runningMean, runningVar, saveMean, saveInvstd,
                 useInputStats, momentum, eps);
}

int THNN_InstanceNorm_backward(const THTensor *input, const THTensor *gradOutput, THTensor *gradInput,
                               THTensor *gradWeight, THTensor *gradBias, const THTensor *weight,
                               const THTensor *runningMean, const THTensor *runningVar, const THTensor *saveMean,
                               const THTensor *saveInvstd, int useInputStats, double eps, double scale) {
  return backward("instanceNormBackward", 1, input, gradOutput, gradInput, gradWeight, gradBias, weight, runningMean,
                  runningVar, saveMean, saveInvstd, useInputStats, eps, scale);
}
