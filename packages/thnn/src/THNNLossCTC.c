/* CTC loss: argument checks, the per-sample layout of targets, and the batch loop (split over
 * OpenMP threads; each sample's alpha/beta recursion is sequential in time). Kernels are in
 * generic/THNNLossCTC.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <tgmath.h>

#include "THNNLossInternal.h"

#define THNN_GENERIC_FILE "generic/THNNLossCTC.c"
#include "THNNGenerateFloatTypes.h"

#define DATA(t, type) ((t) ? (type *)THTensor_data(t) : NULL)

/* The checked, contiguous operands of one call. */
typedef struct CTCArgs {
  int64_t T, N, C, maxTargetLength;
  THTensor *lp, *targets, *il, *tl; /* owned */
  int64_t *targetOffset;            /* where sample b's labels start (malloc'ed, N entries) */
} CTCArgs;

static void ctcClose(CTCArgs *a) {
  THTensor *ts[4] = {a->lp, a->targets, a->il, a->tl};
  for (int k = 0; k < 4; k++)
    if (ts[k]) THTensor_free(ts[k]);
  free(a->targetOffset);
}

static int checkLengths(const char *op, const char *what, const THTensor *t, int64_t N) {
  if (lossCheckInt64(op, what, t)) return TH_ERR;
  if (THTensor_ndim(t) != 1 || THTensor_size(t, 0) != N) {
    char s[TH_SHAPE_BUF];
    return THError("%s: expected %s to have shape [%lld] (one length per sample), but got %s", op, what, (long long)N,
                   THNN_shapeStr(s, sizeof s, t));
  }
  return TH_OK;
}

static int ctcOpen(const char *op, const THTensor *logProbs, const THTensor *targets, const THTensor *inputLengths,
                   const THTensor *targetLengths, THNNReduction reduction, int64_t blank, CTCArgs *a) {
  memset(a, 0, sizeof *a);
  if (!logProbs || !targets || !inputLengths || !targetLengths) return THError("%s: a tensor argument is NULL", op);
  if (lossCheckReduction(op, reduction) || THNN_checkFloating(op, "logProbs", logProbs)) return TH_ERR;
  if (THTensor_ndim(logProbs) != 3) {
    char s[TH_SHAPE_BUF];
    return THError("%s: expected logProbs of shape [T, N, C], but got %s", op, THNN_shapeStr(s, sizeof s, logProbs));
  }
  a->T = THTensor_size(logProbs, 0), a->N = THTensor_size(logProbs, 1), a->C = THTensor_size(logProbs, 2);
  if (blank < 0 || blank >= a->C)
    return THError("%s: blank must be in label range (expected 0 <= blank < %lld), but got %lld", op, (long long)a->C,
                   (long long)blank);
  if (lossCheckInt64(op, "targets", targets) || checkLengths(op, "inputLengths", inputLengths, a->N) ||
      checkLengths(op, "targetLengths", targetLengths, a->N))
    return TH_ERR;
  int td = THTensor_ndim(targets);
  if (td != 1 && td != 2) return THError("%s: expected targets to be 1-d (concatenated) or 2-d [N, S] (padded), but got %dD", op, td);
  if (td == 2 && THTensor_size(targets, 0) != a->N)
    return THError("%s: expected padded targets to have %lld rows (one per sample), but got %lld", op, (long long)a->N,
                   (long long)THTensor_size(targets, 0));
  a->il = THTensor_newContiguous(inputLengths);
  a->tl = a->il ? THTensor_newContiguous(targetLengths) : NULL;
  a->targets = a->tl ? THTensor_newContiguous(targets) : NULL;
  a->targetOffset = malloc(sizeof(int64_t) * (size_t)(a->N > 0 ? a->N : 1));
  if (!a->targets || !a->targetOffset) return a->targetOffset ? TH_ERR : THError("%s: out of memory", op);
  const int64_t *il = DATA(a->il, int64_t), *tl = DATA(a->tl, int64_t);
  int64_t pos = 0;
  for (int64_t b = 0; b < a->N; b++) {
    if (il[b] < 0 || il[b] > a->T)
      return THError("%s: input length %lld of sample %lld is out of range (expected 0 <= length <= T = %lld)", op,
                     (long long)il[b], (long long)b, (long long)a->T);
    if (tl[b] < 0) return THError("%s: target length %lld of sample %lld is negative", op, (long long)tl[b], (long long)b);
    if (tl[b] > a->maxTargetLength) a->maxTargetLength = tl[b];
    a->targetOffset[b] = td == 1 ? pos : b * THTensor_size(targets, 1);
    pos += tl[b];
  }
  if (td == 1 && THTensor_size(targets, 0) != pos)
    return THError("%s: expected concatenated targets to have sum(targetLengths) = %lld labels, but got %lld", op,
                   (long long)pos, (long long)THTensor_size(targets, 0));
  if (td == 2 && THTensor_size(targets, 1) < a->maxTargetLength)
    return THError("%s: target length %lld is longer than the padded targets (%lld columns)", op,
                   (long long)a->maxTargetLength, (long long)THTensor_size(targets, 1));
  const int64_t *tg = DATA(a->targets, int64_t);
  for (int64_t b = 0; b < a->N; b++)
    for (int64_t k = 0; k < tl[b]; k++) {
      int64_t v = tg[a->targetOffset[b] + k];
      if (v < 0 || v >= a->C)
        return THError("%s: target %lld of sample %lld is out of bounds (expected 0 <= target < %lld)", op,
                       (long long)v, (long long)b, (long long)a->C);
    }
  a->lp = THTensor_newContiguous(logProbs);
  return a->lp ? TH_OK : TH_ERR;
}

/* The loss reported for sample b (zeroInfinity turns inf into 0) and its weight in the reduction. */
static double sampleLoss(double nll, int zeroInfinity) { return zeroInfinity && nll == INFINITY ? 0 : nll; }
static double sampleScale(const CTCArgs *a, int64_t b, THNNReduction reduction) {
  if (reduction != THNN_ReductionMean) return 1;
  int64_t tl = DATA(a->tl, int64_t)[b];
  return 1.0 / (double)(tl > 1 ? tl : 1) / (double)a->N;
}

#define SAMPLE(a, b, lpData)                                                                                     \
  {                                                                                                                   \
    (lpData) + (b) * (a)->C, (a)->N * (a)->C, DATA((a)->targets, int64_t) + (a)->targetOffset[b],                    \
        DATA((a)->il, int64_t)[b], DATA((a)->tl, int64_t)[b], blank                                                   \
  }

int THNN_CTCCriterion_updateOutput(const THTensor *logProbs, const THTensor *targets, const THTensor *inputLengths,
                                   const THTensor *targetLengths, THTensor *output, THTensor *negLogLikelihood,
                                   THTensor *logAlpha, THNNReduction reduction, int64_t blank, int zeroInfinity) {
  const char *op = "ctcLoss";
  CTCArgs a;
  if (!output || !negLogLikelihood || !logAlpha) return THError("%s: a tensor argument is NULL", op);
  int status = ctcOpen(op, logProbs, targets, inputLengths, targetLengths, reduction, blank, &a);
  if (status == TH_OK && (THNN_checkSameDType(op, "output", output, "logProbs", logProbs) ||
                          THNN_checkSameDType(op, "negLogLikelihood", negLogLikelihood, "logProbs", logProbs) ||
                          THNN_checkSameDType(op, "logAlpha", logAlpha, "logProbs", logProbs)))
    status = TH_ERR;
  int64_t S2 = 2 * a.maxTargetLength + 1;
  THTensor *tmpNll = NULL, *tmpAlpha = NULL, *nll = NULL, *alpha = NULL;
  if (status == TH_OK) {
    int64_t alphaSizes[3] = {a.N, a.T, S2};
    nll = THNN_resultTarget(negLogLikelihood, 1, &a.N, &tmpNll);
    alpha = nll ? THNN_resultTarget(logAlpha, 3, alphaSizes, &tmpAlpha) : NULL;
    if (!alpha) status = TH_ERR;
  }
  if (status == TH_OK) {
    int64_t b, N = a.N, T = a.T;
    int isFloat = lossIsFloat(logProbs);
    THNN_LOSS_FOR(b, N, (N > 1 ? N * T * S2 : 0), , {
      if (isFloat) {
        CTCSample_Float s = SAMPLE(&a, b, DATA(a.lp, float));
        DATA(nll, float)[b] = ctcAlpha_Float(&s, DATA(alpha, float) + b * T * S2, T, S2);
      } else {
        CTCSample_Double s = SAMPLE(&a, b, DATA(a.lp, double));
        DATA(nll, double)[b] = ctcAlpha_Double(&s, DATA(alpha, double) + b * T * S2, T, S2);
      }
    });
    double sum = 0;
    THTensor *tmpOut = NULL, *y = NULL;
    if (reduction == THNN_ReductionNone && !(y = THNN_resultTarget(output, 1, &a.N, &tmpOut))) status = TH_ERR;
    for (b = 0; b < N && status == TH_OK; b++) {
      double v = sampleLoss(lossLoad(nll, b), zeroInfinity);
      if (y) lossStore(y, b, v);
      sum += v * sampleScale(&a, b, reduction);
    }
    if (status == TH_OK) status = y ? THNN_resultFinish(output, tmpOut) : lossSetScalar(output, sum);
    int st1 = THNN_resultFinish(negLogLikelihood, tmpNll), st2 = THNN_resultFinish(logAlpha, tmpAlpha);
    tmpNll = tmpAlpha = NULL;
    if (status == TH_OK) status = st1 != TH_OK ? st1 : st2;
  }
  if (tmpNll) THTensor_free(tmpNll);
  if (tmpAlpha) THTensor_free(tmpAlpha);
  ctcClose(&a);
  return status;
}

int THNN_CTCCriterion_updateGradInput(const THTensor *logProbs, const THTensor *targets, const THTensor *inputLengths,
                                      const THTensor *targetLengths, const THTensor *gradOutput,
                                      const THTensor *negLogLikelihood, const THTensor *logAlpha, THTensor *gradInput,
                                      THTensor *logBeta, THNNReduction reduction, int64_t blank, int zeroInfinity) {
  const char *op = "ctcLossBackward";
  CTCArgs a;
  LossGrad g = {NULL, 0};
  if (!gradInput || !negLogLikelihood || !logAlpha) return THError("%s: a tensor argument is NULL", op);
  int status = ctcOpen(op, logProbs, targets, inputLengths, targetLengths, reduction, blank, &a);
  int64_t S2 = 2 * a.maxTargetLength + 1;
  if (status == TH_OK) {
    int64_t alphaSizes[3] = {a.N, a.T, S2};
    int ok = THTensor_ndim(logAlpha) == 3;
    for (int k = 0; ok && k < 3; k++) ok = THTensor_size(logAlpha, k) == alphaSizes[k];
    char s[TH_SHAPE_BUF];
    if (!ok)
      status = THError("%s: expected logAlpha of shape [%lld, %lld, %lld] (from the forward pass), but got %s", op,
                       (long long)a.N, (long long)a.T, (long long)S2, THNN_shapeStr(s, sizeof s, logAlpha));
    else if (THTensor_numel(negLogLikelihood) != a.N)
      status = THError("%s: expected negLogLikelihood to have %lld elements, but got shape %s", op, (long long)a.N,
                       THNN_shapeStr(s, sizeof s, negLogLikelihood));
    else if (THNN_checkSameDType(op, "logAlpha", logAlpha, "logProbs", logProbs) ||
             THNN_checkSameDType(op, "negLogLikelihood", negLogLikelihood, "logProbs", logProbs) ||
             THNN_checkSameDType(op, "gradInput", gradInput, "logProbs", logProbs))
      status = TH_ERR;
  }
  if (status == TH_OK) status = lossGradOpen(op, gradOutput, logProbs, reduction, 1, &a.N, &g);
  THTensor *nll = NULL, *alpha = NULL, *tmp = NULL, *gi = NULL, *beta = NULL;
  if (status == TH_OK && logBeta && THNN_checkSameDType(op, "logBeta", logBeta, "logProbs", logProbs)) status = TH_ERR;
  if (status == TH_OK) {
    int64_t betaSizes[3] = {a.N, a.T, S2};
    nll = THTensor_newContiguous(negLogLikelihood);
    alpha = nll ? THTensor_newContiguous(logAlpha) : NULL;
    gi = alpha ? THNN_resultTarget(gradInput, 3, THTensor_sizes(logProbs), &tmp) : NULL;
    /* the work buffer: the caller's (resized, contiguous) or a temporary */
    if (gi && logBeta && THTensor_resize(logBeta, 3, betaSizes) == TH_OK && THTensor_isContiguous(logBeta))
      beta = logBeta, THTensor_retain(beta);
    else if (gi)
      beta = THTensor_newWithSize(THTensor_dtype(logProbs), 3, betaSizes);
    if (!beta) status = TH_ERR;
  }
  if (status == TH_OK) {
    int64_t b, N = a.N, T = a.T, C = a.C;
    int isFloat = lossIsFloat(logProbs);
    THNN_LOSS_FOR(b, N, (N > 1 ? N * T * S2 : 0), , {
      double nllb = lossLoad(nll, b);
      double gr = (g.perSample ? lossLoad(g.perSample, b) : g.scalar) * sampleScale(&a, b, reduction);
      if (zeroInfinity && nllb == INFINITY) {
        for (int64_t t = 0; t < T; t++)
          if (isFloat) memset(DATA(gi, float) + (t * N + b) * C, 0, sizeof(float) * (size_t)C);
          else memset(DATA(gi, double) + (t * N + b) * C, 0, sizeof(double) * (size_t)C);
        continue;
      }
      if (isFloat) {
        CTCSample_Float s = SAMPLE(&a, b, DATA(a.lp, float));
        ctcGrad_Float(&s, DATA(alpha, float) + b * T * S2, DATA(beta, float) + b * T * S2, T, S2, C, (float)nllb,
                      (float)gr, DATA(gi, float) + b * C);
      } else {
        CTCSample_Double s = SAMPLE(&a, b, DATA(a.lp, double));
        ctcGrad_Double(&s, DATA(alpha, double) + b * T * S2, DATA(beta, double) + b * T * S2, T, S2, C, nllb, gr,
                       DATA(gi, double) + b * C);
      }
    });
    status = THNN_resultFinish(gradInput, tmp);
    tmp = NULL;
  }
  if (tmp) THTensor_free(tmp);
  if (beta) THTensor_free(beta);
  if (nll) THTensor_free(nll);
  if (alpha) THTensor_free(alpha);
  lossGradClose(&g);
  ctcClose(&a);
  return status;
}
