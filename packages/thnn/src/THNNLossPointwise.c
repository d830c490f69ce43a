/* Elementwise losses: one table of kinds (THNNLoss.h), one driver. Operands are made contiguous
 * (no copy when they already are; extra operands are broadcast to the input's shape), the
 * kernels in generic/THNNLossPointwise.c run once per dtype, split over OpenMP threads. */
#include <math.h>
#include <tgmath.h>

#include "THNNLossInternal.h"

#define THNN_LOSS_BLOCK 1024
#define THNN_LOSS_LANES 16
#define THNN_TWO_PI 6.283185307179586476925286766559
#define THNN_HALF_LOG_TWO_PI 0.91893853320467274178032973640562

#define THNN_GENERIC_FILE "generic/THNNLossPointwise.c"
#include "THNNGenerateFloatTypes.h"

typedef struct KindInfo {
  const char *name;
  int numExtras, numParams, hasTargetGrad, hasExtraGrad;
} KindInfo;

static const KindInfo kKinds[THNN_NumPointwiseLosses] = {
#define THNN_PW_INFO_(Kind, name, ne, np, gt, ge) {#name, ne, np, gt, ge},
    THNN_FOR_EACH_POINTWISE_LOSS(THNN_PW_INFO_)
#undef THNN_PW_INFO_
};

/* What the operands are called in messages, per kind (input, target, extra1, extra2). */
static const char *operandName(THNNPointwiseLoss kind, int k) {
  static const char *const generic[4] = {"input", "target", "weight", "posWeight"};
  if (kind == THNN_PointwiseLoss_GaussianNLL && k == 2) return "var";
  if (kind == THNN_PointwiseLoss_MarginRanking) return k == 0 ? "input1" : k == 1 ? "input2" : "target";
  return generic[k];
}

static int validKind(THNNPointwiseLoss kind) { return (int)kind >= 0 && kind < THNN_NumPointwiseLosses; }

const char *THNN_PointwiseLoss_name(THNNPointwiseLoss kind) { return validKind(kind) ? kKinds[kind].name : NULL; }

int THNN_PointwiseLoss_defaults(THNNPointwiseLoss kind, double *p) {
  if (!validKind(kind)) return THError("THNN_PointwiseLoss_defaults: invalid loss kind %d", (int)kind);
  p[0] = p[1] = p[2] = NAN;
  switch (kind) {
    case THNN_PointwiseLoss_SmoothL1:
    case THNN_PointwiseLoss_Huber:
    case THNN_PointwiseLoss_HingeEmbedding: p[0] = 1; break;
    case THNN_PointwiseLoss_KLDiv:
    case THNN_PointwiseLoss_MarginRanking: p[0] = 0; break;
    case THNN_PointwiseLoss_PoissonNLL: p[0] = 1, p[1] = 0, p[2] = 1e-8; break;
    case THNN_PointwiseLoss_GaussianNLL: p[0] = 0, p[1] = 1e-6; break;
    default: break;
  }
  return TH_OK;
}

/* The parameters the kernels see: the caller's (or the defaults), checked as PyTorch does. */
static int kernelParams(THNNPointwiseLoss kind, const double *given, const THTensor *extra2, double *k) {
  const char *op = kKinds[kind].name;
  THNN_PointwiseLoss_defaults(kind, k);
  for (int i = 0; i < kKinds[kind].numParams; i++) {
    if (given) k[i] = given[i];
    if (isnan(k[i]))
      return THError("%s: expected %d parameter(s), but parameter %d is missing or NaN", op, kKinds[kind].numParams, i);
  }
  if (kind == THNN_PointwiseLoss_SmoothL1 && k[0] < 0)
    return THError("smoothL1Loss: beta must be non-negative, but got %g", k[0]);
  if (kind == THNN_PointwiseLoss_Huber && !(k[0] > 0))
    return THError("huberLoss: delta must be positive, but got %g", k[0]);
  if (kind == THNN_PointwiseLoss_BCEWithLogits) k[0] = extra2 != NULL;
  return TH_OK;
}

/* The contiguous operands of one call; extras broadcast to the input's shape (NULL if absent). */
typedef struct Operands {
  THTensor *t[4];
} Operands;

static void closeOperands(Operands *o) {
  for (int k = 0; k < 4; k++)
    if (o->t[k]) THTensor_free(o->t[k]);
}

static int openOperands(THNNPointwiseLoss kind, const char *op, const THTensor *input, const THTensor *target,
                        const THTensor *extra1, const THTensor *extra2, Operands *o) {
  const THTensor *given[4] = {input, target, extra1, extra2};
  for (int k = 0; k < 4; k++) o->t[k] = NULL;
  if (!input || !target) return THError("%s: %s is NULL", op, operandName(kind, input ? 1 : 0));
  if (THNN_checkFloating(op, operandName(kind, 0), input) ||
      THNN_checkSameDType(op, operandName(kind, 1), target, operandName(kind, 0), input) ||
      THNN_checkSameShape(op, operandName(kind, 1), target, operandName(kind, 0), input))
    return TH_ERR;
  int required = kind == THNN_PointwiseLoss_GaussianNLL || kind == THNN_PointwiseLoss_MarginRanking;
  for (int k = 2; k < 4; k++) {
    if (k - 2 >= kKinds[kind].numExtras && given[k])
      return THError("%s: expected %d extra tensor(s), but extra tensor %d was given", op, kKinds[kind].numExtras, k - 1);
    if (k == 2 && required && !given[k]) return THError("%s: %s is NULL", op, operandName(kind, k));
  }
  if (kind == THNN_PointwiseLoss_MarginRanking && extra1 &&
      THNN_checkSameShape(op, "target", extra1, operandName(kind, 0), input))
    return TH_ERR;
  for (int k = 0; k < 4; k++) {
    if (!given[k]) continue;
    o->t[k] = k < 2 ? THTensor_newContiguous(given[k]) : lossExpandAs(op, operandName(kind, k), given[k], input);
    if (!o->t[k]) {
      closeOperands(o);
      return TH_ERR;
    }
  }
  return TH_OK;
}

/* PyTorch's value checks on the operands: bce's input in [0, 1], gaussianNll's var >= 0. */
static int checkValues(THNNPointwiseLoss kind, const Operands *o) {
  int64_t n = THTensor_numel(o->t[0]);
  if (kind == THNN_PointwiseLoss_BCE) {
    for (int64_t i = 0; i < n; i++) {
      double v = lossLoad(o->t[0], i);
      if (!(v >= 0 && v <= 1))
        return THError("binaryCrossEntropy: all elements of input should be between 0 and 1, but got %g", v);
    }
  }
  if (kind == THNN_PointwiseLoss_GaussianNLL) {
    for (int64_t i = 0; i < n; i++)
      if (lossLoad(o->t[2], i) < 0) return THError("gaussianNllLoss: var has negative entry/entries");
  }
  return TH_OK;
}

#define DATA(t, type) ((t) ? (type *)THTensor_data(t) : NULL)

int THNN_PointwiseLoss_updateOutput(THNNPointwiseLoss kind, const THTensor *input, const THTensor *target,
                                    const THTensor *extra1, const THTensor *extra2, THTensor *output,
                                    THNNReduction reduction, const double *params) {
  if (!validKind(kind)) return THError("THNN_PointwiseLoss: invalid loss kind %d", (int)kind);
  const char *op = kKinds[kind].name;
  double k[THNN_POINTWISE_LOSS_MAX_PARAMS];
  if (!output) return THError("%s: output is NULL", op);
  if (lossCheckReduction(op, reduction) || kernelParams(kind, params, extra2, k)) return TH_ERR;
  Operands o;
  if (openOperands(kind, op, input, target, extra1, extra2, &o)) return TH_ERR;
  int status = THNN_checkSameDType(op, "output", output, "input", input);
  if (status == TH_OK) status = checkValues(kind, &o);
  if (status != TH_OK) {
    closeOperands(&o);
    return TH_ERR;
  }
  int64_t n = THTensor_numel(input);
  int isFloat = lossIsFloat(input);
  float kf[THNN_POINTWISE_LOSS_MAX_PARAMS] = {(float)k[0], (float)k[1], (float)k[2]};
  if (reduction == THNN_ReductionNone) {
    THTensor *tmp, *y = THNN_resultTarget(output, THTensor_ndim(input), THTensor_sizes(input), &tmp);
    if (y) {
      if (isFloat)
        pointwiseFwd_Float[kind](DATA(o.t[0], float), DATA(o.t[1], float), DATA(o.t[2], float), DATA(o.t[3], float),
                                 DATA(y, float), n, kf);
      else
        pointwiseFwd_Double[kind](DATA(o.t[0], double), DATA(o.t[1], double), DATA(o.t[2], double),
                                  DATA(o.t[3], double), DATA(y, double), n, k);
      status = THNN_resultFinish(output, tmp);
    } else {
      status = TH_ERR;
    }
  } else {
    double sum = isFloat ? pointwiseFwd_Float[kind](DATA(o.t[0], float), DATA(o.t[1], float), DATA(o.t[2], float),
                                                    DATA(o.t[3], float), NULL, n, kf)
                         : pointwiseFwd_Double[kind](DATA(o.t[0], double), DATA(o.t[1], double),
                                                     DATA(o.t[2], double), DATA(o.t[3], double), NULL, n, k);
    status = lossSetScalar(output, reduction == THNN_ReductionMean ? sum / (double)n : sum);
  }
  closeOperands(&o);
  return status;
}

int THNN_PointwiseLoss_updateGradInput(THNNPointwiseLoss kind, const THTensor *input, const THTensor *target,
                                       const THTensor *extra1, const THTensor *extra2, const THTensor *gradOutput,
                                       THTensor *gradInput, THTensor *gradTarget, THTensor *gradExtra1,
                                       THNNReduction reduction, const double *params) {
  if (!validKind(kind)) return THError("THNN_PointwiseLoss: invalid loss kind %d", (int)kind);
  char op[64];
  snprintf(op, sizeof op, "%sBackward", kKinds[kind].name);
  double k[THNN_POINTWISE_LOSS_MAX_PARAMS];
  if (!gradInput) return THError("%s: %s is NULL", op, kind == THNN_PointwiseLoss_MarginRanking ? "gradInput1" : "gradInput");
  if (gradTarget && !kKinds[kind].hasTargetGrad) return THError("%s: the %s has no gradient", op, operandName(kind, 1));
  if (gradExtra1 && !kKinds[kind].hasExtraGrad) return THError("%s: the %s has no gradient", op, operandName(kind, 2));
  if (lossCheckReduction(op, reduction) || kernelParams(kind, params, extra2, k)) return TH_ERR;
  Operands o;
  if (openOperands(kind, op, input, target, extra1, extra2, &o)) return TH_ERR;
  THTensor *results[3] = {gradInput, gradTarget, gradExtra1};
  THTensor *tmps[3] = {NULL, NULL, NULL}, *ys[3] = {NULL, NULL, NULL};
  THTensor *extraFull = NULL; /* gradExtra1 at the input's shape, when extra1 was broadcast */
  LossGrad g;
  int nd = THTensor_ndim(input);
  const int64_t *sizes = THTensor_sizes(input);
  int status = lossGradOpen(op, gradOutput, input, reduction, nd, sizes, &g);
  for (int r = 0; r < 3 && status == TH_OK; r++)
    if (results[r]) status = THNN_checkSameDType(op, r == 0 ? "gradInput" : r == 1 ? "gradTarget" : "gradExtra", results[r], "input", input);
  if (status == TH_OK && kind == THNN_PointwiseLoss_GaussianNLL) status = checkValues(kind, &o);
  for (int r = 0; r < 2 && status == TH_OK; r++) {
    if (!results[r]) continue;
    ys[r] = THNN_resultTarget(results[r], nd, sizes, &tmps[r]);
    if (!ys[r]) status = TH_ERR;
  }
  if (status == TH_OK && gradExtra1) {
    extraFull = THNN_sameShape(extra1, input) ? NULL : THTensor_newWithSize(THTensor_dtype(input), nd, sizes);
    ys[2] = extraFull ? extraFull : THNN_resultTarget(gradExtra1, nd, sizes, &tmps[2]);
    if (!ys[2]) status = TH_ERR;
  }
  if (status == TH_OK) {
    int64_t n = THTensor_numel(input);
    double scale = reduction == THNN_ReductionMean ? g.scalar / (double)n : g.scalar;
    if (lossIsFloat(input)) {
      float kf[THNN_POINTWISE_LOSS_MAX_PARAMS] = {(float)k[0], (float)k[1], (float)k[2]};
      pointwiseBwd_Float[kind](DATA(o.t[0], float), DATA(o.t[1], float), DATA(o.t[2], float), DATA(o.t[3], float),
                               DATA(g.perSample, float), (float)scale, DATA(ys[0], float), DATA(ys[1], float),
                               DATA(ys[2], float), n, kf);
    } else {
      pointwiseBwd_Double[kind](DATA(o.t[0], double), DATA(o.t[1], double), DATA(o.t[2], double),
                                DATA(o.t[3], double), DATA(g.perSample, double), scale, DATA(ys[0], double),
                                DATA(ys[1], double), DATA(ys[2], double), n, k);
    }
    for (int r = 0; r < 3; r++) {
      if (!results[r] || (r == 2 && extraFull)) continue;
      int st = THNN_resultFinish(results[r], tmps[r]);
      tmps[r] = NULL;
      if (status == TH_OK) status = st;
    }
    if (status == TH_OK && extraFull) status = lossSumToShape(gradExtra1, extraFull, extra1);
  }
  for (int r = 0; r < 3; r++)
    if (tmps[r]) THTensor_free(tmps[r]);
  if (extraFull) THTensor_free(extraFull);
  lossGradClose(&g);
  closeOperands(&o);
  return status;
}

/* ---- the original THNN names ---- */
int THNN_MSECriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output, THNNReduction reduction) {
  return THNN_PointwiseLoss_updateOutput(THNN_PointwiseLoss_MSE, input, target, NULL, NULL, output, reduction, NULL);
}
int THNN_MSECriterion_updateGradInput(const THTensor *input, const THTensor *target, const THTensor *gradOutput,
                                      THTensor *gradInput, THTensor *gradTarget, THNNReduction reduction) {
  return THNN_PointwiseLoss_updateGradInput(THNN_PointwiseLoss_MSE, input, target, NULL, NULL, gradOutput, gradInput,
                                            gradTarget, NULL, reduction, NULL);
}
int THNN_AbsCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output, THNNReduction reduction) {
  return THNN_PointwiseLoss_updateOutput(THNN_PointwiseLoss_L1, input, target, NULL, NULL, output, reduction, NULL);
}
int THNN_AbsCriterion_updateGradInput(const THTensor *input, const THTensor *target, const THTensor *gradOutput,
                                      THTensor *gradInput, THTensor *gradTarget, THNNReduction reduction) {
  return THNN_PointwiseLoss_updateGradInput(THNN_PointwiseLoss_L1, input, target, NULL, NULL, gradOutput, gradInput,
                                            gradTarget, NULL, reduction, NULL);
}
int THNN_SmoothL1Criterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                        THNNReduction reduction, double beta) {
  double p[THNN_POINTWISE_LOSS_MAX_PARAMS] = {beta, 0, 0};
  return THNN_PointwiseLoss_updateOutput(THNN_PointwiseLoss_SmoothL1, input, target, NULL, NULL, output, reduction, p);
}
int THNN_SmoothL1Criterion_updateGradInput(const THTensor *input, const THTensor *target, const THTensor *gradOutput,
                                           THTensor *gradInput, THTensor *gradTarget, THNNReduction reduction,
                                           double beta) {
  double p[THNN_POINTWISE_LOSS_MAX_PARAMS] = {beta, 0, 0};
  return THNN_PointwiseLoss_updateGradInput(THNN_PointwiseLoss_SmoothL1, input, target, NULL, NULL, gradOutput,
                                            gradInput, gradTarget, NULL, reduction, p);
}
int THNN_HuberCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                     THNNReduction reduction, double delta) {
  double p[THNN_POINTWISE_LOSS_MAX_PARAMS] = {delta, 0, 0};
  return THNN_PointwiseLoss_updateOutput(THNN_PointwiseLoss_Huber, input, target, NULL, NULL, output, reduction, p);
}
int THNN_HuberCriterion_updateGradInput(const THTensor *input, const THTensor *target, const THTensor *gradOutput,
                                        THTensor *gradInput, THTensor *gradTarget, THNNReduction reduction,
                                        double delta) {
  double p[THNN_POINTWISE_LOSS_MAX_PARAMS] = {delta, 0, 0};
  return THNN_PointwiseLoss_updateGradInput(THNN_PointwiseLoss_Huber, input, target, NULL, NULL, gradOutput, gradInput,
                                            gradTarget, NULL, reduction, p);
}
int THNN_BCECriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                   THNNReduction reduction, const THTensor *weights) {
  return THNN_PointwiseLoss_updateOutput(THNN_PointwiseLoss_BCE, input, target, weights, NULL, output, reduction, NULL);
}
int THNN_BCECriterion_updateGradInput(const THTensor *input, const THTensor *target, const THTensor *gradOutput,
                                      THTensor *gradInput, THTensor *gradTarget, THNNReduction reduction,
                                      const THTensor *weights) {
  return THNN_PointwiseLoss_updateGradInput(THNN_PointwiseLoss_BCE, input, target, weights, NULL, gradOutput, gradInput,
                                            gradTarget, NULL, reduction, NULL);
}
int THNN_BCEWithLogitsCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                             THNNReduction reduction, const THTensor *weights,
                                             const THTensor *posWeight) {
  return THNN_PointwiseLoss_updateOutput(THNN_PointwiseLoss_BCEWithLogits, input, target, weights, posWeight, output,
                                         reduction, NULL);
}
int THNN_BCEWithLogitsCriterion_updateGradInput(const THTensor *input, const THTensor *target,
                                                const THTensor *gradOutput, THTensor *gradInput, THTensor *gradTarget,
                                                THNNReduction reduction, const THTensor *weights,
                                                const THTensor *posWeight) {
  return THNN_PointwiseLoss_updateGradInput(THNN_PointwiseLoss_BCEWithLogits, input, target, weights, posWeight,
                                            gradOutput, gradInput, gradTarget, NULL, reduction, NULL);
}
int THNN_DistKLDivCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                         THNNReduction reduction, int logTarget) {
  double p[THNN_POINTWISE_LOSS_MAX_PARAMS] = {logTarget != 0, 0, 0};
  return THNN_PointwiseLoss_updateOutput(THNN_PointwiseLoss_KLDiv, input, target, NULL, NULL, output, reduction, p);
}
int THNN_DistKLDivCriterion_updateGradInput(const THTensor *input, const THTensor *target, const THTensor *gradOutput,
                                            THTensor *gradInput, THTensor *gradTarget, THNNReduction reduction,
                                            int logTarget) {
  double p[THNN_POINTWISE_LOSS_MAX_PARAMS] = {logTarget != 0, 0, 0};
  return THNN_PointwiseLoss_updateGradInput(THNN_PointwiseLoss_KLDiv, input, target, NULL, NULL, gradOutput, gradInput,
                                            gradTarget, NULL, reduction, p);
}
int THNN_PoissonNLLCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                          THNNReduction reduction, int logInput, int full, double eps) {
  double p[THNN_POINTWISE_LOSS_MAX_PARAMS] = {logInput != 0, full != 0, eps};
  return THNN_PointwiseLoss_updateOutput(THNN_PointwiseLoss_PoissonNLL, input, target, NULL, NULL, output, reduction, p);
}
int THNN_PoissonNLLCriterion_updateGradInput(const THTensor *input, const THTensor *target, const THTensor *gradOutput,
                                             THTensor *gradInput, THTensor *gradTarget, THNNReduction reduction,
                                             int logInput, int full, double eps) {
  double p[THNN_POINTWISE_LOSS_MAX_PARAMS] = {logInput != 0, full != 0, eps};
  return THNN_PointwiseLoss_updateGradInput(THNN_PointwiseLoss_PoissonNLL, input, target, NULL, NULL, gradOutput,
                                            gradInput, gradTarget, NULL, reduction, p);
}
int THNN_GaussianNLLCriterion_updateOutput(const THTensor *input, const THTensor *target, const THTensor *var,
                                           THTensor *output, THNNReduction reduction, int full, double eps) {
  double p[THNN_POINTWISE_LOSS_MAX_PARAMS] = {full != 0, eps, 0};
  return THNN_PointwiseLoss_updateOutput(THNN_PointwiseLoss_GaussianNLL, input, target, var, NULL, output, reduction, p);
}
int THNN_GaussianNLLCriterion_updateGradInput(const THTensor *input, const THTensor *target, const THTensor *var,
                                              const THTensor *gradOutput, THTensor *gradInput, THTensor *gradTarget,
                                              THTensor *gradVar, THNNReduction reduction, int full, double eps) {
  double p[THNN_POINTWISE_LOSS_MAX_PARAMS] = {full != 0, eps, 0};
  return THNN_PointwiseLoss_updateGradInput(THNN_PointwiseLoss_GaussianNLL, input, target, var, NULL, gradOutput,
                                            gradInput, gradTarget, gradVar, reduction, p);
}
int THNN_SoftMarginCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                          THNNReduction reduction) {
  return THNN_PointwiseLoss_updateOutput(THNN_PointwiseLoss_SoftMargin, input, target, NULL, NULL, output, reduction,
                                         NULL);
}
int THNN_SoftMarginCriterion_updateGradInput(const THTensor *input, const THTensor *target, const THTensor *gradOutput,
                                             THTensor *gradInput, THNNReduction reduction) {
  return THNN_PointwiseLoss_updateGradInput(THNN_PointwiseLoss_SoftMargin, input, target, NULL, NULL, gradOutput,
                                            gradInput, NULL, NULL, reduction, NULL);
}
int THNN_HingeEmbeddingCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                              THNNReduction reduction, double margin) {
  double p[THNN_POINTWISE_LOSS_MAX_PARAMS] = {margin, 0, 0};
  return THNN_PointwiseLoss_updateOutput(THNN_PointwiseLoss_HingeEmbedding, input, target, NULL, NULL, output,
                                         reduction, p);
}
int THNN_HingeEmbeddingCriterion_updateGradInput(const THTensor *input, const THTensor *target,
                                                 const THTensor *gradOutput, THTensor *gradInput,
                                                 THNNReduction reduction, double margin) {
  double p[THNN_POINTWISE_LOSS_MAX_PARAMS] = {margin, 0, 0};
  return THNN_PointwiseLoss_updateGradInput(THNN_PointwiseLoss_HingeEmbedding, input, target, NULL, NULL, gradOutput,
                                            gradInput, NULL, NULL, reduction, p);
}
int THNN_MarginRankingCriterion_updateOutput(const THTensor *input1, const THTensor *input2, const THTensor *target,
                                             THTensor *output, THNNReduction reduction, double margin) {
  double p[THNN_POINTWISE_LOSS_MAX_PARAMS] = {margin, 0, 0};
  return THNN_PointwiseLoss_updateOutput(THNN_PointwiseLoss_MarginRanking, input1, input2, target, NULL, output,
                                         reduction, p);
}
int THNN_MarginRankingCriterion_updateGradInput(const THTensor *input1, const THTensor *input2,
                                                const THTensor *target, const THTensor *gradOutput,
                                                THTensor *gradInput1, THTensor *gradInput2, THTensor *gradTarget,
                                                THNNReduction reduction, double margin) {
  double p[THNN_POINTWISE_LOSS_MAX_PARAMS] = {margin, 0, 0};
  return THNN_PointwiseLoss_updateGradInput(THNN_PointwiseLoss_MarginRanking, input1, input2, target, NULL,
                                            gradOutput, gradInput1, gradInput2, gradTarget, reduction, p);
}
