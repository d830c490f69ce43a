/* Classification losses: nll (on log-probabilities) and cross-entropy (on logits, log-softmax
 * fused in). Cross-entropy never writes the N x C log-probabilities: the forward pass keeps one
 * log-sum-exp per sample and the backward pass recomputes softmax from it, in one pass over the
 * input (the float row helpers, generic/THNNLossRows.c, are vectorized: SSE, and AVX2+FMA where
 * the CPU has it). Inputs are [N, C, d1, ...], [N, C] or [C]; with spatial dims, cross-entropy moves the
 * class dim last (a copy) so that each sample's scores are contiguous. */
#include <math.h>
#include <string.h>

#include "THNNLossInternal.h"

/* ---- row helpers: log-sum-exp of a row, and out = a * softmax(row) - b * w (w NULL: all ones) ---- */

/* Diagnostic about passing 32-byte vectors by value: only static functions take them. */
#pragma GCC diagnostic ignored "-Wpsabi"

#define ROWS(name) name##Base
#define ROWS_LANES 4
#define ROWS_TARGET
#include "generic/THNNLossRows.c"
#undef ROWS
#undef ROWS_LANES
#undef ROWS_TARGET

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define THNN_HAVE_AVX2_ROWS 1
#define ROWS(name) name##AVX2
#define ROWS_LANES 8
#define ROWS_TARGET __attribute__((target("avx2,fma")))
#include "generic/THNNLossRows.c"
#undef ROWS
#undef ROWS_LANES
#undef ROWS_TARGET
#endif

typedef double (*RowLogSumExpFn)(const float *, int64_t);
typedef void (*RowSoftmaxScaledFn)(float *, const float *, int64_t, float, float, float, const float *);

/* The float row kernels for this CPU, picked once (before any parallel region uses them). */
static RowLogSumExpFn rowLogSumExpFloat;
static RowSoftmaxScaledFn rowSoftmaxScaledFloat;
static void pickRowKernels(void) {
  if (__atomic_load_n(&rowSoftmaxScaledFloat, __ATOMIC_ACQUIRE)) return;
  RowLogSumExpFn lse = rowLogSumExpBase;
  RowSoftmaxScaledFn sm = rowSoftmaxScaledBase;
#ifdef THNN_HAVE_AVX2_ROWS
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) lse = rowLogSumExpAVX2, sm = rowSoftmaxScaledAVX2;
#endif
  __atomic_store_n(&rowLogSumExpFloat, lse, __ATOMIC_RELEASE);
  __atomic_store_n(&rowSoftmaxScaledFloat, sm, __ATOMIC_RELEASE);
}

static double rowLogSumExp_Float(const float *x, int64_t n) { return rowLogSumExpFloat(x, n); }
static void rowSoftmaxScaled_Float(float *out, const float *x, int64_t n, float lse, float a, float b, const float *w) {
  rowSoftmaxScaledFloat(out, x, n, lse, a, b, w);
}

static double rowLogSumExp_Double(const double *x, int64_t n) {
  double mx = -INFINITY, s = 0;
  for (int64_t i = 0; i < n; i++) mx = x[i] > mx || x[i] != x[i] ? x[i] : mx;
  for (int64_t i = 0; i < n; i++) s += exp(x[i] - mx);
  return mx + log(s);
}

static void rowSoftmaxScaled_Double(double *out, const double *x, int64_t n, double lse, double a, double b,
                                    const double *w) {
  for (int64_t i = 0; i < n; i++) out[i] = a * exp(x[i] - lse) - (w ? b * w[i] : b);
}

/* Where sample r's score for class t is in [outer, C, inner] (no division when inner is 1). */
static inline int64_t nllIndex(int64_t r, int64_t t, int64_t C, int64_t inner) {
  return inner == 1 ? r * C + t : ((r / inner) * C + t) * inner + r % inner;
}

#define THNN_GENERIC_FILE "generic/THNNLossClassification.c"
#include "THNNGenerateFloatTypes.h"

/* ---- shapes and checks ---- */

/* The input seen as [outer, C, inner] (a 1-d input is one sample); sampleNdim/sampleSizes: the
 * input's shape without the class dim (what class-index targets and per-sample results have). */
typedef struct ClassLayout {
  int64_t outer, C, inner;
  int sampleNdim;
  int64_t sampleSizes[TH_MAX_DIMS];
} ClassLayout;

static int classLayout(const char *op, const THTensor *input, ClassLayout *L) {
  int nd = THTensor_ndim(input);
  if (nd < 1) return THError("%s: expected input with 1 or more dimensions (got %d)", op, nd);
  L->outer = nd == 1 ? 1 : THTensor_size(input, 0);
  L->C = THTensor_size(input, nd == 1 ? 0 : 1);
  L->inner = 1;
  L->sampleNdim = 0;
  for (int k = 0; k < nd; k++) {
    if (k == (nd == 1 ? 0 : 1)) continue;
    if (k >= 2) L->inner *= THTensor_size(input, k);
    L->sampleSizes[L->sampleNdim++] = THTensor_size(input, k);
  }
  return TH_OK;
}

static int checkClassTarget(const char *op, const THTensor *target, const ClassLayout *L) {
  if (lossCheckInt64(op, "target (class indices)", target)) return TH_ERR;
  int same = THTensor_ndim(target) == L->sampleNdim;
  for (int k = 0; same && k < L->sampleNdim; k++) same = THTensor_size(target, k) == L->sampleSizes[k];
  if (same) return TH_OK;
  char a[TH_SHAPE_BUF], b[TH_SHAPE_BUF] = "[";
  size_t used = 1;
  for (int k = 0; k < L->sampleNdim && used < sizeof b; k++)
    used += (size_t)snprintf(b + used, sizeof b - used, k ? ", %lld" : "%lld", (long long)L->sampleSizes[k]);
  if (used < sizeof b) snprintf(b + used, sizeof b - used, "]");
  return THError("%s: expected target to have shape %s (the input's shape without the class dim), but got %s", op, b,
                 THNN_shapeStr(a, sizeof a, target));
}

/* Every target is a class index in [0, C) or ignoreIndex. */
static int checkTargetValues(const char *op, const int64_t *tg, int64_t R, int64_t C, int64_t ignoreIndex) {
  for (int64_t r = 0; r < R; r++) {
    int64_t t = tg[r];
    if (t != ignoreIndex && (t < 0 || t >= C))
      return THError("%s: target %lld is out of bounds (expected 0 <= target < %lld)", op, (long long)t, (long long)C);
  }
  return TH_OK;
}

/* A contiguous copy of the class weights (NULL stays NULL). */
static int openWeights(const char *op, const THTensor *weights, const THTensor *input, int64_t C, THTensor **out) {
  *out = NULL;
  if (!weights) return TH_OK;
  if (THNN_checkSameDType(op, "weight", weights, "input", input)) return TH_ERR;
  if (THTensor_ndim(weights) != 1 || THTensor_size(weights, 0) != C) {
    char s[TH_SHAPE_BUF];
    return THError("%s: expected weight to be defined for all %lld classes (shape [%lld]), but got shape %s", op,
                   (long long)C, (long long)C, THNN_shapeStr(s, sizeof s, weights));
  }
  *out = THTensor_newContiguous(weights);
  return *out ? TH_OK : TH_ERR;
}

static void freeAll(THTensor **ts, int n) {
  for (int k = 0; k < n; k++)
    if (ts[k]) THTensor_free(ts[k]);
}

#define DATA(t, type) ((t) ? (type *)THTensor_data(t) : NULL)

/* ---- nll ---- */

int THNN_ClassNLLCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                        THNNReduction reduction, const THTensor *weights, THTensor *totalWeight,
                                        int64_t ignoreIndex) {
  const char *op = "nllLoss";
  ClassLayout L;
  if (!input || !target || !output || !totalWeight) return THError("%s: a tensor argument is NULL", op);
  if (lossCheckReduction(op, reduction) || THNN_checkFloating(op, "input", input) || classLayout(op, input, &L) ||
      checkClassTarget(op, target, &L) || THNN_checkSameDType(op, "output", output, "input", input) ||
      THNN_checkSameDType(op, "totalWeight", totalWeight, "input", input))
    return TH_ERR;
  THTensor *own[3] = {NULL, NULL, NULL}; /* x, target, weights */
  own[0] = THTensor_newContiguous(input);
  own[1] = own[0] ? THTensor_newContiguous(target) : NULL;
  int status = own[1] ? openWeights(op, weights, input, L.C, &own[2]) : TH_ERR;
  int64_t R = L.outer * L.inner;
  if (status == TH_OK) status = checkTargetValues(op, DATA(own[1], int64_t), R, L.C, ignoreIndex);
  THTensor *tmp = NULL, *y = NULL;
  if (status == TH_OK && reduction == THNN_ReductionNone) {
    y = THNN_resultTarget(output, L.sampleNdim, L.sampleSizes, &tmp);
    if (!y) status = TH_ERR;
  }
  if (status == TH_OK) {
    double tw, sum;
    if (lossIsFloat(input))
      sum = nllForward_Float(DATA(own[0], float), DATA(own[1], int64_t), DATA(own[2], float), L.outer, L.C, L.inner,
                             ignoreIndex, DATA(y, float), &tw);
    else
      sum = nllForward_Double(DATA(own[0], double), DATA(own[1], int64_t), DATA(own[2], double), L.outer, L.C, L.inner,
                              ignoreIndex, DATA(y, double), &tw);
    status = y ? THNN_resultFinish(output, tmp) : lossSetScalar(output, reduction == THNN_ReductionMean ? sum / tw : sum);
    tmp = NULL;
    if (status == TH_OK) status = lossSetScalar(totalWeight, tw);
  }
  if (tmp) THTensor_free(tmp);
  freeAll(own, 3);
  return status;
}

int THNN_ClassNLLCriterion_updateGradInput(const THTensor *input, const THTensor *target, const THTensor *gradOutput,
                                           THTensor *gradInput, THNNReduction reduction, const THTensor *weights,
                                           const THTensor *totalWeight, int64_t ignoreIndex) {
  const char *op = "nllLossBackward";
  ClassLayout L;
  if (!input || !target || !gradInput) return THError("%s: a tensor argument is NULL", op);
  if (lossCheckReduction(op, reduction) || THNN_checkFloating(op, "input", input) || classLayout(op, input, &L) ||
      checkClassTarget(op, target, &L) || THNN_checkSameDType(op, "gradInput", gradInput, "input", input))
    return TH_ERR;
  double tw = 1;
  if (reduction == THNN_ReductionMean) {
    if (!totalWeight) return THError("%s: totalWeight is NULL (reduction mean needs the forward's total weight)", op);
    if (lossScalarOf(op, "totalWeight", totalWeight, &tw)) return TH_ERR;
  }
  LossGrad g;
  if (lossGradOpen(op, gradOutput, input, reduction, L.sampleNdim, L.sampleSizes, &g)) return TH_ERR;
  THTensor *own[2] = {THTensor_newContiguous(target), NULL};
  int status = own[0] ? openWeights(op, weights, input, L.C, &own[1]) : TH_ERR;
  int64_t R = L.outer * L.inner;
  if (status == TH_OK) status = checkTargetValues(op, DATA(own[0], int64_t), R, L.C, ignoreIndex);
  THTensor *tmp = NULL, *gi = NULL;
  if (status == TH_OK) {
    gi = THNN_resultTarget(gradInput, THTensor_ndim(input), THTensor_sizes(input), &tmp);
    if (!gi) status = TH_ERR;
  }
  if (status == TH_OK) {
    memset(THTensor_data(gi), 0, (size_t)THTensor_numel(gi) * (lossIsFloat(input) ? sizeof(float) : sizeof(double)));
    double g0 = -(reduction == THNN_ReductionMean ? g.scalar / tw : g.scalar);
    if (lossIsFloat(input))
      nllBackward_Float(DATA(gi, float), DATA(own[0], int64_t), DATA(own[1], float), L.outer, L.C, L.inner,
                        ignoreIndex, DATA(g.perSample, float), (float)g0);
    else
      nllBackward_Double(DATA(gi, double), DATA(own[0], int64_t), DATA(own[1], double), L.outer, L.C, L.inner,
                         ignoreIndex, DATA(g.perSample, double), g0);
    status = THNN_resultFinish(gradInput, tmp);
    tmp = NULL;
  }
  if (tmp) THTensor_free(tmp);
  freeAll(own, 2);
  lossGradClose(&g);
  return status;
}

/* ---- cross-entropy ---- */

/* t as rows [R, C]: t itself (retained) when its classes are already contiguous, else the class
 * dim moved last and made contiguous. */
static THTensor *classRows(const THTensor *t, const ClassLayout *L) {
  if (L->inner == 1 || THTensor_ndim(t) == 1) return THTensor_newContiguous(t);
  int64_t src = 1, dst = THTensor_ndim(t) - 1;
  THTensor *moved = THTensor_newMovedim(t, 1, &src, &dst);
  if (!moved) return NULL;
  THTensor *rows = THTensor_newContiguous(moved);
  THTensor_free(moved);
  return rows;
}

/* r (of t's shape) = rows (classes last) put back in t's layout. */
static THTensor *resultFromRows(THTensor *r, const THTensor *like, const ClassLayout *L, THTensor **tmp,
                                THTensor **rows) {
  THTensor *y = THNN_resultTarget(r, THTensor_ndim(like), THTensor_sizes(like), tmp);
  *rows = NULL;
  if (!y || L->inner == 1 || THTensor_ndim(like) == 1) return y;
  int64_t src = 1, dst = THTensor_ndim(like) - 1;
  THTensor *moved = THTensor_newMovedim(y, 1, &src, &dst);
  if (!moved) return NULL;
  *rows = THTensor_newWithSize(THTensor_dtype(like), THTensor_ndim(moved), THTensor_sizes(moved));
  THTensor_free(moved);
  return *rows ? y : NULL;
}

/* Copies rows (classes last) into y (t's layout). */
static int rowsToResult(THTensor *y, THTensor *rows) {
  int64_t src = 1, dst = THTensor_ndim(y) - 1;
  THTensor *moved = THTensor_newMovedim(y, 1, &src, &dst);
  int status = moved ? THTensor_copy(moved, rows) : TH_ERR;
  if (moved) THTensor_free(moved);
  return status;
}

typedef struct CEArgs {
  ClassLayout L;
  int probabilities; /* the target holds class probabilities (the input's shape) */
} CEArgs;

static int ceCheck(const char *op, const THTensor *input, const THTensor *target, THNNReduction reduction,
                   int64_t ignoreIndex, double labelSmoothing, CEArgs *a) {
  if (!input || !target) return THError("%s: a tensor argument is NULL", op);
  if (lossCheckReduction(op, reduction) || THNN_checkFloating(op, "input", input) || classLayout(op, input, &a->L))
    return TH_ERR;
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
    return THError("%s: labelSmoothing must be between 0.0 and 1.0, but got %g", op, labelSmoothing);
  a->probabilities = THNN_sameShape(input, target);
  if (!a->probabilities) return checkClassTarget(op, target, &a->L);
  if (THTensor_dtype(target) == TH_Int64)
    return THError("%s: expected a floating target for class probabilities (the input's shape), but got int64", op);
  if (THNN_checkSameDType(op, "target (class probabilities)", target, "input", input)) return TH_ERR;
  if (ignoreIndex >= 0)
    return THError("%s: ignoreIndex is not supported for class-probability targets (got %lld)", op, (long long)ignoreIndex);
  return TH_OK;
}

int THNN_CrossEntropyCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                            THTensor *logSumExp, THTensor *totalWeight, THNNReduction reduction,
                                            const THTensor *weights, int64_t ignoreIndex, double labelSmoothing) {
  const char *op = "crossEntropy";
  CEArgs a;
  pickRowKernels();
  if (!output || !logSumExp || !totalWeight) return THError("%s: a tensor argument is NULL", op);
  if (ceCheck(op, input, target, reduction, ignoreIndex, labelSmoothing, &a) ||
      THNN_checkSameDType(op, "output", output, "input", input) ||
      THNN_checkSameDType(op, "logSumExp", logSumExp, "input", input) ||
      THNN_checkSameDType(op, "totalWeight", totalWeight, "input", input))
    return TH_ERR;
  const ClassLayout *L = &a.L;
  int64_t R = L->outer * L->inner;
  THTensor *own[3] = {classRows(input, L), NULL, NULL}; /* x rows, target (indices or rows), weights */
  if (own[0]) own[1] = a.probabilities ? classRows(target, L) : THTensor_newContiguous(target);
  int status = own[1] ? openWeights(op, weights, input, L->C, &own[2]) : TH_ERR;
  if (status == TH_OK && !a.probabilities) status = checkTargetValues(op, DATA(own[1], int64_t), R, L->C, ignoreIndex);
  THTensor *tmpOut = NULL, *y = NULL, *tmpLse = NULL, *lse = NULL;
  if (status == TH_OK) {
    lse = THNN_resultTarget(logSumExp, L->sampleNdim, L->sampleSizes, &tmpLse);
    if (lse && reduction == THNN_ReductionNone) y = THNN_resultTarget(output, L->sampleNdim, L->sampleSizes, &tmpOut);
    if (!lse || (reduction == THNN_ReductionNone && !y)) status = TH_ERR;
  }
  if (status == TH_OK) {
    double sum, tw = (double)R;
    int f = lossIsFloat(input);
    if (a.probabilities)
      sum = f ? ceProbForward_Float(DATA(own[0], float), DATA(own[1], float), DATA(own[2], float), R, L->C,
                                    labelSmoothing, DATA(lse, float), DATA(y, float))
              : ceProbForward_Double(DATA(own[0], double), DATA(own[1], double), DATA(own[2], double), R, L->C,
                                     labelSmoothing, DATA(lse, double), DATA(y, double));
    else
      sum = f ? ceIndexForward_Float(DATA(own[0], float), DATA(own[1], int64_t), DATA(own[2], float), R, L->C,
                                     ignoreIndex, labelSmoothing, DATA(lse, float), DATA(y, float), &tw)
              : ceIndexForward_Double(DATA(own[0], double), DATA(own[1], int64_t), DATA(own[2], double), R, L->C,
                                      ignoreIndex, labelSmoothing, DATA(lse, double), DATA(y, double), &tw);
    status = THNN_resultFinish(logSumExp, tmpLse);
    tmpLse = NULL;
    if (status == TH_OK)
      status = y ? THNN_resultFinish(output, tmpOut) : lossSetScalar(output, reduction == THNN_ReductionMean ? sum / tw : sum);
    tmpOut = NULL;
    if (status == TH_OK) status = lossSetScalar(totalWeight, tw);
  }
  if (tmpOut) THTensor_free(tmpOut);
  if (tmpLse) THTensor_free(tmpLse);
  freeAll(own, 3);
  return status;
}

int THNN_CrossEntropyCriterion_updateGradInput(const THTensor *input, const THTensor *target,
                                               const THTensor *gradOutput, const THTensor *logSumExp,
                                               const THTensor *totalWeight, THTensor *gradInput, THTensor *gradTarget,
                                               THNNReduction reduction, const THTensor *weights, int64_t ignoreIndex,
                                               double labelSmoothing) {
  const char *op = "crossEntropyBackward";
  CEArgs a;
  pickRowKernels();
  if (!gradInput || !logSumExp) return THError("%s: a tensor argument is NULL", op);
  if (ceCheck(op, input, target, reduction, ignoreIndex, labelSmoothing, &a) ||
      THNN_checkSameDType(op, "gradInput", gradInput, "input", input) ||
      THNN_checkSameDType(op, "logSumExp", logSumExp, "input", input))
    return TH_ERR;
  if (gradTarget && !a.probabilities) return THError("%s: class-index targets have no gradient (gradTarget must be NULL)", op);
  if (gradTarget && THNN_checkSameDType(op, "gradTarget", gradTarget, "input", input)) return TH_ERR;
  const ClassLayout *L = &a.L;
  int64_t R = L->outer * L->inner;
  if (THTensor_numel(logSumExp) != R) {
    char s[TH_SHAPE_BUF];
    return THError("%s: expected logSumExp to have one value per sample (%lld), but got shape %s", op, (long long)R,
                   THNN_shapeStr(s, sizeof s, logSumExp));
  }
  double divisor = (double)R;
  if (reduction == THNN_ReductionMean && !a.probabilities) {
    if (!totalWeight) return THError("%s: totalWeight is NULL (reduction mean needs the forward's total weight)", op);
    if (lossScalarOf(op, "totalWeight", totalWeight, &divisor)) return TH_ERR;
  }
  LossGrad g;
  if (lossGradOpen(op, gradOutput, input, reduction, L->sampleNdim, L->sampleSizes, &g)) return TH_ERR;
  THTensor *own[4] = {classRows(input, L), NULL, NULL, THTensor_newContiguous(logSumExp)}; /* x, target, w, lse */
  if (own[0]) own[1] = a.probabilities ? classRows(target, L) : THTensor_newContiguous(target);
  int status = own[1] && own[3] ? openWeights(op, weights, input, L->C, &own[2]) : TH_ERR;
  if (status == TH_OK && !a.probabilities) status = checkTargetValues(op, DATA(own[1], int64_t), R, L->C, ignoreIndex);
  THTensor *tmps[2] = {NULL, NULL}, *rows[2] = {NULL, NULL}, *ys[2] = {NULL, NULL};
  THTensor *results[2] = {gradInput, gradTarget};
  for (int k = 0; k < 2 && status == TH_OK; k++) {
    if (!results[k]) continue;
    ys[k] = resultFromRows(results[k], input, L, &tmps[k], &rows[k]);
    if (!ys[k]) status = TH_ERR;
  }
  if (status == TH_OK) {
    THTensor *gi = rows[0] ? rows[0] : ys[0], *gy = rows[1] ? rows[1] : ys[1];
    double g0 = reduction == THNN_ReductionMean ? g.scalar / divisor : g.scalar;
    int f = lossIsFloat(input);
    if (a.probabilities) {
      if (f)
        ceProbBackward_Float(DATA(own[0], float), DATA(own[1], float), DATA(own[2], float), DATA(own[3], float), R,
                             L->C, labelSmoothing, DATA(g.perSample, float), g0, DATA(gi, float), DATA(gy, float));
      else
        ceProbBackward_Double(DATA(own[0], double), DATA(own[1], double), DATA(own[2], double), DATA(own[3], double),
                              R, L->C, labelSmoothing, DATA(g.perSample, double), g0, DATA(gi, double),
                              DATA(gy, double));
    } else {
      if (f)
        ceIndexBackward_Float(DATA(own[0], float), DATA(own[1], int64_t), DATA(own[2], float), DATA(own[3], float), R,
                              L->C, ignoreIndex, labelSmoothing, DATA(g.perSample, float), g0, DATA(gi, float));
      else
        ceIndexBackward_Double(DATA(own[0], double), DATA(own[1], int64_t), DATA(own[2], double),
                               DATA(own[3], double), R, L->C, ignoreIndex, labelSmoothing,
                               DATA(g.perSample, double), g0, DATA(gi, double));
    }
    for (int k = 0; k < 2; k++) {
      if (!results[k]) continue;
      if (rows[k] && status == TH_OK) status = rowsToResult(ys[k], rows[k]);
      int st = THNN_resultFinish(results[k], tmps[k]);
      tmps[k] = NULL;
      if (status == TH_OK) status = st;
    }
  }
  freeAll(tmps, 2);
  freeAll(rows, 2);
  freeAll(own, 4);
  lossGradClose(&g);
  return status;
}
