/* Margin and embedding losses, one value per sample: multiMargin, multilabelMargin,
 * multilabelSoftMargin, cosineEmbedding and tripletMargin. Operands are made contiguous (a copy
 * only when they are not) and seen as rows [R, D]; the kernels (generic/THNNLossMargin.c) split
 * the rows over OpenMP threads. */
#include <math.h>
#include <string.h>
#include <tgmath.h>

#include "THNNLossInternal.h"

#define THNN_GENERIC_FILE "generic/THNNLossMargin.c"
#include "THNNGenerateFloatTypes.h"

#define DATA(t, type) ((t) ? (type *)THTensor_data(t) : NULL)
#define MAX_OWNED 4

/* Contiguous operands and results of one call, released together. */
typedef struct Owned {
  THTensor *t[MAX_OWNED];
} Owned;

static void ownedFree(Owned *o) {
  for (int k = 0; k < MAX_OWNED; k++)
    if (o->t[k]) THTensor_free(o->t[k]);
}

/* The loss's result: per-sample values of shape (ndim, sizes) under None, else the reduced sum
 * (divided by R under Mean) as a 0-d tensor. perSample receives where to write (NULL when reduced);
 * call finishOutput after the kernel. */
typedef struct Output {
  THTensor *r, *tmp, *y;
} Output;

static int openOutput(THTensor *output, THNNReduction reduction, int ndim, const int64_t *sizes, Output *o) {
  o->r = output, o->tmp = NULL, o->y = NULL;
  if (reduction != THNN_ReductionNone) return TH_OK;
  o->y = THNN_resultTarget(output, ndim, sizes, &o->tmp);
  return o->y ? TH_OK : TH_ERR;
}

static int finishOutput(Output *o, THNNReduction reduction, double sum, int64_t R) {
  if (o->y) return THNN_resultFinish(o->r, o->tmp);
  return lossSetScalar(o->r, reduction == THNN_ReductionMean ? sum / (double)R : sum);
}

/* A result of the given shape, written contiguously; finish with THNN_resultFinish(r, *tmp). */
static THTensor *openResult(const char *op, const char *what, THTensor *r, const THTensor *input, int ndim,
                            const int64_t *sizes, THTensor **tmp) {
  *tmp = NULL;
  if (!r) {
    THError("%s: %s is NULL", op, what);
    return NULL;
  }
  if (THNN_checkSameDType(op, what, r, "input", input)) return NULL;
  return THNN_resultTarget(r, ndim, sizes, tmp);
}

/* A backward's gradients (up to 3), each shaped like the input and written contiguously: open them
 * all (a NULL result named at or after `optionalFrom` is skipped: ys[k] stays NULL), run the
 * kernel on ys, then close (finishes the results when status is TH_OK, frees the temporaries). */
typedef struct Grads {
  int n;
  THTensor *results[3], *tmps[3], *ys[3];
} Grads;

static int gradsOpen(const char *op, Grads *gr, int n, THTensor *const *results, const char *const *names,
                     int optionalFrom, const THTensor *input) {
  memset(gr, 0, sizeof *gr);
  gr->n = n;
  for (int k = 0; k < n; k++) {
    gr->results[k] = results[k];
    if (k >= optionalFrom && !results[k]) continue;
    gr->ys[k] = openResult(op, names[k], results[k], input, THTensor_ndim(input), THTensor_sizes(input), &gr->tmps[k]);
    if (!gr->ys[k]) return TH_ERR;
  }
  return TH_OK;
}

static int gradsClose(Grads *gr, int status) {
  for (int k = 0; k < gr->n; k++) {
    if (status == TH_OK && gr->ys[k]) {
      status = THNN_resultFinish(gr->results[k], gr->tmps[k]);
      gr->tmps[k] = NULL;
    }
    if (gr->tmps[k]) THTensor_free(gr->tmps[k]);
  }
  return status;
}

static int checkNonEmptyVectorOrMatrix(const char *op, const THTensor *input) {
  int nd = THTensor_ndim(input);
  if ((nd == 2 && THTensor_size(input, 1) != 0) || (nd == 1 && THTensor_size(input, 0) != 0)) return TH_OK;
  char s[TH_SHAPE_BUF];
  return THError("%s: expected a non-empty vector or matrix (with an optional empty batch), but got input of shape %s",
                 op, THNN_shapeStr(s, sizeof s, input));
}

/* ---- multiMargin ---- */

typedef struct MarginArgs {
  int64_t R, D;
  int ndimOut; /* per-sample output: [R] or 0-d */
  int64_t sizesOut[1];
} MarginArgs;

static int multiMarginArgs(const char *op, const THTensor *input, const THTensor *target, THNNReduction reduction,
                           int p, const THTensor *weights, MarginArgs *a) {
  if (!input || !target) return THError("%s: a tensor argument is NULL", op);
  if (lossCheckReduction(op, reduction) || THNN_checkFloating(op, "input", input) ||
      checkNonEmptyVectorOrMatrix(op, input) || lossCheckInt64(op, "target (class indices)", target))
    return TH_ERR;
  if (p != 1 && p != 2) return THError("%s: only p == 1 and p == 2 are supported, but got p = %d", op, p);
  int nd = THTensor_ndim(input);
  a->R = nd == 1 ? 1 : THTensor_size(input, 0);
  a->D = THTensor_size(input, nd - 1);
  if (THTensor_ndim(target) > 1 || THTensor_numel(target) != a->R) {
    char s[TH_SHAPE_BUF];
    return THError("%s: expected target to have %lld element(s) (one per sample), but got shape %s", op,
                   (long long)a->R, THNN_shapeStr(s, sizeof s, target));
  }
  if (weights) {
    if (THNN_checkSameDType(op, "weight", weights, "input", input)) return TH_ERR;
    if (THTensor_ndim(weights) > 1 || THTensor_numel(weights) != a->D) {
      char s[TH_SHAPE_BUF];
      return THError("%s: expected weight to have %lld elements (one per class), but got shape %s", op,
                     (long long)a->D, THNN_shapeStr(s, sizeof s, weights));
    }
  }
  a->ndimOut = THTensor_ndim(target);
  a->sizesOut[0] = a->R;
  return TH_OK;
}

static int openClassOperands(const char *op, const THTensor *input, const THTensor *target, const THTensor *weights,
                             int64_t R, int64_t D, Owned *o) {
  memset(o, 0, sizeof *o);
  o->t[0] = THTensor_newContiguous(input);
  o->t[1] = o->t[0] ? THTensor_newContiguous(target) : NULL;
  o->t[2] = weights && o->t[1] ? THTensor_newContiguous(weights) : NULL;
  if (!o->t[1] || (weights && !o->t[2])) return TH_ERR;
  const int64_t *tg = DATA(o->t[1], int64_t);
  for (int64_t r = 0; r < R; r++)
    if (tg[r] < 0 || tg[r] >= D)
      return THError("%s: target %lld is out of bounds (expected 0 <= target < %lld)", op, (long long)tg[r], (long long)D);
  return TH_OK;
}

int THNN_MultiMarginCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                           THNNReduction reduction, int p, const THTensor *weights, double margin) {
  const char *op = "multiMarginLoss";
  MarginArgs a;
  Owned o;
  Output out;
  if (!output) return THError("%s: output is NULL", op);
  if (multiMarginArgs(op, input, target, reduction, p, weights, &a) ||
      THNN_checkSameDType(op, "output", output, "input", input))
    return TH_ERR;
  int status = openClassOperands(op, input, target, weights, a.R, a.D, &o);
  if (status == TH_OK) status = openOutput(output, reduction, a.ndimOut, a.sizesOut, &out);
  if (status == TH_OK) {
    double sum = lossIsFloat(input)
                     ? multiMarginForward_Float(DATA(o.t[0], float), DATA(o.t[1], int64_t), DATA(o.t[2], float), a.R,
                                                a.D, p, (float)margin, DATA(out.y, float))
                     : multiMarginForward_Double(DATA(o.t[0], double), DATA(o.t[1], int64_t), DATA(o.t[2], double),
                                                 a.R, a.D, p, margin, DATA(out.y, double));
    status = finishOutput(&out, reduction, sum, a.R);
  }
  ownedFree(&o);
  return status;
}

int THNN_MultiMarginCriterion_updateGradInput(const THTensor *input, const THTensor *target, const THTensor *gradOutput,
                                              THTensor *gradInput, THNNReduction reduction, int p,
                                              const THTensor *weights, double margin) {
  const char *op = "multiMarginLossBackward";
  MarginArgs a;
  Owned o;
  LossGrad g;
  if (multiMarginArgs(op, input, target, reduction, p, weights, &a) ||
      lossGradOpen(op, gradOutput, input, reduction, a.ndimOut, a.sizesOut, &g))
    return TH_ERR;
  int status = openClassOperands(op, input, target, weights, a.R, a.D, &o);
  THTensor *tmp = NULL, *gi = NULL;
  if (status == TH_OK) {
    gi = openResult(op, "gradInput", gradInput, input, THTensor_ndim(input), THTensor_sizes(input), &tmp);
    if (!gi) status = TH_ERR;
  }
  if (status == TH_OK) {
    double scale = reduction == THNN_ReductionMean ? 1.0 / ((double)a.R * (double)a.D) : 1.0 / (double)a.D;
    if (lossIsFloat(input))
      multiMarginBackward_Float(DATA(o.t[0], float), DATA(o.t[1], int64_t), DATA(o.t[2], float), a.R, a.D, p,
                                (float)margin, (float)scale, DATA(g.perSample, float), g.scalar, DATA(gi, float));
    else
      multiMarginBackward_Double(DATA(o.t[0], double), DATA(o.t[1], int64_t), DATA(o.t[2], double), a.R, a.D, p,
                                 margin, scale, DATA(g.perSample, double), g.scalar, DATA(gi, double));
    status = THNN_resultFinish(gradInput, tmp);
    tmp = NULL;
  }
  if (tmp) THTensor_free(tmp);
  ownedFree(&o);
  lossGradClose(&g);
  return status;
}

/* ---- multilabelMargin ---- */

static int multilabelMarginArgs(const char *op, const THTensor *input, const THTensor *target,
                                THNNReduction reduction, MarginArgs *a) {
  if (!input || !target) return THError("%s: a tensor argument is NULL", op);
  if (lossCheckReduction(op, reduction) || THNN_checkFloating(op, "input", input) ||
      checkNonEmptyVectorOrMatrix(op, input) || lossCheckInt64(op, "target (class indices)", target) ||
      THNN_checkSameShape(op, "target", target, "input", input))
    return TH_ERR;
  int nd = THTensor_ndim(input);
  a->R = nd == 1 ? 1 : THTensor_size(input, 0);
  a->D = THTensor_size(input, nd - 1);
  a->ndimOut = nd == 1 ? 0 : 1;
  a->sizesOut[0] = a->R;
  return TH_OK;
}

/* Each row's targets lie in [-1, D) up to the first -1. */
static int checkMultilabelTargets(const char *op, const int64_t *tg, int64_t R, int64_t D) {
  for (int64_t r = 0; r < R; r++)
    for (int64_t k = 0; k < D; k++) {
      int64_t t = tg[r * D + k];
      if (t < -1 || t >= D)
        return THError("%s: target %lld is out of range (expected -1 <= target < %lld, -1 ending the row's targets)", op,
                       (long long)t, (long long)D);
      if (t == -1) break;
    }
  return TH_OK;
}

int THNN_MultiLabelMarginCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                                THTensor *isTarget, THNNReduction reduction) {
  const char *op = "multilabelMarginLoss";
  MarginArgs a;
  Owned o;
  Output out;
  if (!output || !isTarget) return THError("%s: a tensor argument is NULL", op);
  if (multilabelMarginArgs(op, input, target, reduction, &a) ||
      THNN_checkSameDType(op, "output", output, "input", input) ||
      THNN_checkSameDType(op, "isTarget", isTarget, "input", input))
    return TH_ERR;
  memset(&o, 0, sizeof o);
  o.t[0] = THTensor_newContiguous(input);
  o.t[1] = o.t[0] ? THTensor_newContiguous(target) : NULL;
  int status = o.t[1] ? checkMultilabelTargets(op, DATA(o.t[1], int64_t), a.R, a.D) : TH_ERR;
  THTensor *tmp = NULL, *it = NULL;
  if (status == TH_OK) {
    it = THNN_resultTarget(isTarget, THTensor_ndim(input), THTensor_sizes(input), &tmp);
    if (!it) status = TH_ERR;
  }
  if (status == TH_OK) status = openOutput(output, reduction, a.ndimOut, a.sizesOut, &out);
  if (status == TH_OK) {
    double sum = lossIsFloat(input) ? multilabelMarginForward_Float(DATA(o.t[0], float), DATA(o.t[1], int64_t),
                                                                    DATA(it, float), a.R, a.D, DATA(out.y, float))
                                    : multilabelMarginForward_Double(DATA(o.t[0], double), DATA(o.t[1], int64_t),
                                                                     DATA(it, double), a.R, a.D, DATA(out.y, double));
    status = THNN_resultFinish(isTarget, tmp);
    tmp = NULL;
    if (status == TH_OK) status = finishOutput(&out, reduction, sum, a.R);
  }
  if (tmp) THTensor_free(tmp);
  ownedFree(&o);
  return status;
}

int THNN_MultiLabelMarginCriterion_updateGradInput(const THTensor *input, const THTensor *target,
                                                   const THTensor *gradOutput, const THTensor *isTarget,
                                                   THTensor *gradInput, THNNReduction reduction) {
  const char *op = "multilabelMarginLossBackward";
  MarginArgs a;
  Owned o;
  LossGrad g;
  if (!isTarget) return THError("%s: isTarget is NULL", op);
  if (multilabelMarginArgs(op, input, target, reduction, &a) ||
      THNN_checkSameDType(op, "isTarget", isTarget, "input", input) ||
      THNN_checkSameShape(op, "isTarget", isTarget, "input", input) ||
      lossGradOpen(op, gradOutput, input, reduction, a.ndimOut, a.sizesOut, &g))
    return TH_ERR;
  memset(&o, 0, sizeof o);
  o.t[0] = THTensor_newContiguous(input);
  o.t[1] = o.t[0] ? THTensor_newContiguous(target) : NULL;
  o.t[2] = o.t[1] ? THTensor_newContiguous(isTarget) : NULL;
  int status = o.t[2] ? checkMultilabelTargets(op, DATA(o.t[1], int64_t), a.R, a.D) : TH_ERR;
  THTensor *tmp = NULL, *gi = NULL;
  if (status == TH_OK) {
    gi = openResult(op, "gradInput", gradInput, input, THTensor_ndim(input), THTensor_sizes(input), &tmp);
    if (!gi) status = TH_ERR;
  }
  if (status == TH_OK) {
    double scale = reduction == THNN_ReductionMean ? 1.0 / ((double)a.R * (double)a.D) : 1.0 / (double)a.D;
    if (lossIsFloat(input))
      multilabelMarginBackward_Float(DATA(o.t[0], float), DATA(o.t[1], int64_t), DATA(o.t[2], float), a.R, a.D,
                                     (float)scale, DATA(g.perSample, float), g.scalar, DATA(gi, float));
    else
      multilabelMarginBackward_Double(DATA(o.t[0], double), DATA(o.t[1], int64_t), DATA(o.t[2], double), a.R, a.D,
                                      scale, DATA(g.perSample, double), g.scalar, DATA(gi, double));
    status = THNN_resultFinish(gradInput, tmp);
    tmp = NULL;
  }
  if (tmp) THTensor_free(tmp);
  ownedFree(&o);
  lossGradClose(&g);
  return status;
}

/* ---- rows over the last dim: multilabelSoftMargin, cosineEmbedding, tripletMargin ---- */

/* input [..., D] as R rows of D; the per-row result has the shape without the last dim. */
typedef struct RowArgs {
  int64_t R, D;
  int ndimOut;
  const int64_t *sizesOut;
} RowArgs;

static int lastDimRows(const char *op, const THTensor *input, RowArgs *a) {
  int nd = THTensor_ndim(input);
  if (nd < 1) return THError("%s: expected input with 1 or more dimensions (got 0)", op);
  a->D = THTensor_size(input, nd - 1);
  a->R = 1;
  for (int k = 0; k < nd - 1; k++) a->R *= THTensor_size(input, k);
  a->ndimOut = nd - 1;
  a->sizesOut = THTensor_sizes(input);
  return TH_OK;
}

static int softMarginArgs(const char *op, const THTensor *input, const THTensor *target, THNNReduction reduction,
                          RowArgs *a) {
  if (!input || !target) return THError("%s: a tensor argument is NULL", op);
  if (lossCheckReduction(op, reduction) || THNN_checkFloating(op, "input", input) ||
      THNN_checkSameDType(op, "target", target, "input", input) ||
      THNN_checkSameShape(op, "target", target, "input", input))
    return TH_ERR;
  return lastDimRows(op, input, a);
}

static int openSoftMarginOperands(const char *op, const THTensor *input, const THTensor *target,
                                  const THTensor *weights, Owned *o) {
  memset(o, 0, sizeof *o);
  o->t[0] = THTensor_newContiguous(input);
  o->t[1] = o->t[0] ? THTensor_newContiguous(target) : NULL;
  if (!o->t[1]) return TH_ERR;
  if (weights && !(o->t[2] = lossExpandAs(op, "weight", weights, input))) return TH_ERR;
  return TH_OK;
}

int THNN_MultiLabelSoftMarginCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                                    THNNReduction reduction, const THTensor *weights) {
  const char *op = "multilabelSoftMarginLoss";
  RowArgs a;
  Owned o;
  Output out;
  if (!output) return THError("%s: output is NULL", op);
  if (softMarginArgs(op, input, target, reduction, &a) || THNN_checkSameDType(op, "output", output, "input", input))
    return TH_ERR;
  int status = openSoftMarginOperands(op, input, target, weights, &o);
  if (status == TH_OK) status = openOutput(output, reduction, a.ndimOut, a.sizesOut, &out);
  if (status == TH_OK) {
    double sum = lossIsFloat(input)
                     ? multilabelSoftMarginForward_Float(DATA(o.t[0], float), DATA(o.t[1], float),
                                                         DATA(o.t[2], float), a.R, a.D, DATA(out.y, float))
                     : multilabelSoftMarginForward_Double(DATA(o.t[0], double), DATA(o.t[1], double),
                                                          DATA(o.t[2], double), a.R, a.D, DATA(out.y, double));
    status = finishOutput(&out, reduction, sum, a.R);
  }
  ownedFree(&o);
  return status;
}

int THNN_MultiLabelSoftMarginCriterion_updateGradInput(const THTensor *input, const THTensor *target,
                                                       const THTensor *gradOutput, THTensor *gradInput,
                                                       THTensor *gradTarget, THNNReduction reduction,
                                                       const THTensor *weights) {
  const char *op = "multilabelSoftMarginLossBackward";
  RowArgs a;
  Owned o;
  LossGrad g;
  if (softMarginArgs(op, input, target, reduction, &a) ||
      lossGradOpen(op, gradOutput, input, reduction, a.ndimOut, a.sizesOut, &g))
    return TH_ERR;
  int status = openSoftMarginOperands(op, input, target, weights, &o);
  Grads gr;
  static const char *const names[2] = {"gradInput", "gradTarget"};
  THTensor *results[2] = {gradInput, gradTarget};
  if (status == TH_OK) status = gradsOpen(op, &gr, 2, results, names, 1, input);
  else memset(&gr, 0, sizeof gr);
  if (status == TH_OK) {
    double g0 = reduction == THNN_ReductionMean ? g.scalar / (double)a.R : g.scalar;
    if (lossIsFloat(input))
      multilabelSoftMarginBackward_Float(DATA(o.t[0], float), DATA(o.t[1], float), DATA(o.t[2], float), a.R, a.D,
                                         DATA(g.perSample, float), g0, DATA(gr.ys[0], float), DATA(gr.ys[1], float));
    else
      multilabelSoftMarginBackward_Double(DATA(o.t[0], double), DATA(o.t[1], double), DATA(o.t[2], double), a.R, a.D,
                                          DATA(g.perSample, double), g0, DATA(gr.ys[0], double),
                                          DATA(gr.ys[1], double));
  }
  status = gradsClose(&gr, status);
  ownedFree(&o);
  lossGradClose(&g);
  return status;
}

/* ---- cosineEmbedding ---- */

static int cosineArgs(const char *op, const THTensor *x1, const THTensor *x2, const THTensor *target,
                      THNNReduction reduction, RowArgs *a) {
  if (!x1 || !x2 || !target) return THError("%s: a tensor argument is NULL", op);
  if (lossCheckReduction(op, reduction) || THNN_checkFloating(op, "input1", x1) ||
      THNN_checkSameDType(op, "input2", x2, "input1", x1))
    return TH_ERR;
  int td = THTensor_ndim(target);
  char s1[TH_SHAPE_BUF], s2[TH_SHAPE_BUF];
  if (td > 1) return THError("%s: expected a 0-d or 1-d target (multi-target is not supported), but got %dD", op, td);
  if (THTensor_ndim(x1) != td + 1 || THTensor_ndim(x2) != td + 1)
    return THError("%s: a %dD target expects %dD inputs, but got inputs of shape %s and %s", op, td, td + 1,
                   THNN_shapeStr(s1, sizeof s1, x1), THNN_shapeStr(s2, sizeof s2, x2));
  if (THNN_checkSameShape(op, "input2", x2, "input1", x1)) return TH_ERR;
  if (td == 1 && THTensor_size(target, 0) != THTensor_size(x1, 0))
    return THError("%s: expected target to have %lld elements (one per sample), but got %lld", op,
                   (long long)THTensor_size(x1, 0), (long long)THTensor_size(target, 0));
  return lastDimRows(op, x1, a);
}

/* x1, x2 contiguous and the target converted to their dtype. */
static int openCosineOperands(const THTensor *x1, const THTensor *x2, const THTensor *target, Owned *o) {
  memset(o, 0, sizeof *o);
  o->t[0] = THTensor_newContiguous(x1);
  o->t[1] = o->t[0] ? THTensor_newContiguous(x2) : NULL;
  THTensor *converted = o->t[1] ? THTensor_newTo(target, THTensor_dtype(x1), 0) : NULL;
  o->t[2] = converted ? THTensor_newContiguous(converted) : NULL;
  if (converted) THTensor_free(converted);
  return o->t[2] ? TH_OK : TH_ERR;
}

int THNN_CosineEmbeddingCriterion_updateOutput(const THTensor *input1, const THTensor *input2, const THTensor *target,
                                               THTensor *output, THNNReduction reduction, double margin) {
  const char *op = "cosineEmbeddingLoss";
  RowArgs a;
  Owned o;
  Output out;
  if (!output) return THError("%s: output is NULL", op);
  if (cosineArgs(op, input1, input2, target, reduction, &a) ||
      THNN_checkSameDType(op, "output", output, "input1", input1))
    return TH_ERR;
  int status = openCosineOperands(input1, input2, target, &o);
  if (status == TH_OK) status = openOutput(output, reduction, a.ndimOut, a.sizesOut, &out);
  if (status == TH_OK) {
    double sum = lossIsFloat(input1)
                     ? cosineEmbeddingForward_Float(DATA(o.t[0], float), DATA(o.t[1], float), DATA(o.t[2], float),
                                                    a.R, a.D, (float)margin, DATA(out.y, float))
                     : cosineEmbeddingForward_Double(DATA(o.t[0], double), DATA(o.t[1], double), DATA(o.t[2], double),
                                                     a.R, a.D, margin, DATA(out.y, double));
    status = finishOutput(&out, reduction, sum, a.R);
  }
  ownedFree(&o);
  return status;
}

int THNN_CosineEmbeddingCriterion_updateGradInput(const THTensor *input1, const THTensor *input2,
                                                  const THTensor *target, const THTensor *gradOutput,
                                                  THTensor *gradInput1, THTensor *gradInput2, THNNReduction reduction,
                                                  double margin) {
  const char *op = "cosineEmbeddingLossBackward";
  RowArgs a;
  Owned o;
  LossGrad g;
  if (cosineArgs(op, input1, input2, target, reduction, &a) ||
      lossGradOpen(op, gradOutput, input1, reduction, a.ndimOut, a.sizesOut, &g))
    return TH_ERR;
  int status = openCosineOperands(input1, input2, target, &o);
  Grads gr;
  static const char *const names[2] = {"gradInput1", "gradInput2"};
  THTensor *results[2] = {gradInput1, gradInput2};
  if (status == TH_OK) status = gradsOpen(op, &gr, 2, results, names, 2, input1);
  else memset(&gr, 0, sizeof gr);
  if (status == TH_OK) {
    double g0 = reduction == THNN_ReductionMean ? g.scalar / (double)a.R : g.scalar;
    if (lossIsFloat(input1))
      cosineEmbeddingBackward_Float(DATA(o.t[0], float), DATA(o.t[1], float), DATA(o.t[2], float), a.R, a.D,
                                    (float)margin, DATA(g.perSample, float), g0, DATA(gr.ys[0], float),
                                    DATA(gr.ys[1], float));
    else
      cosineEmbeddingBackward_Double(DATA(o.t[0], double), DATA(o.t[1], double), DATA(o.t[2], double), a.R, a.D,
                                     margin, DATA(g.perSample, double), g0, DATA(gr.ys[0], double),
                                     DATA(gr.ys[1], double));
  }
  status = gradsClose(&gr, status);
  ownedFree(&o);
  lossGradClose(&g);
  return status;
}

/* ---- tripletMargin ---- */

static int tripletArgs(const char *op, const THTensor *anchor, const THTensor *positive, const THTensor *negative,
                       THNNReduction reduction, double p, RowArgs *a) {
  if (!anchor || !positive || !negative) return THError("%s: a tensor argument is NULL", op);
  if (lossCheckReduction(op, reduction) || THNN_checkFloating(op, "anchor", anchor) ||
      THNN_checkSameDType(op, "positive", positive, "anchor", anchor) ||
      THNN_checkSameDType(op, "negative", negative, "anchor", anchor) ||
      THNN_checkSameShape(op, "positive", positive, "anchor", anchor) ||
      THNN_checkSameShape(op, "negative", negative, "anchor", anchor))
    return TH_ERR;
  if (!(p > 0)) return THError("%s: p must be positive (the norm's degree), but got %g", op, p);
  return lastDimRows(op, anchor, a);
}

int THNN_TripletMarginCriterion_updateOutput(const THTensor *anchor, const THTensor *positive,
                                             const THTensor *negative, THTensor *output, THNNReduction reduction,
                                             double margin, double p, double eps, int swap) {
  const char *op = "tripletMarginLoss";
  RowArgs a;
  Owned o;
  Output out;
  if (!output) return THError("%s: output is NULL", op);
  if (tripletArgs(op, anchor, positive, negative, reduction, p, &a) ||
      THNN_checkSameDType(op, "output", output, "anchor", anchor))
    return TH_ERR;
  memset(&o, 0, sizeof o);
  const THTensor *in[3] = {anchor, positive, negative};
  int status = TH_OK;
  for (int k = 0; k < 3 && status == TH_OK; k++)
    if (!(o.t[k] = THTensor_newContiguous(in[k]))) status = TH_ERR;
  if (status == TH_OK) status = openOutput(output, reduction, a.ndimOut, a.sizesOut, &out);
  if (status == TH_OK) {
    double sum = lossIsFloat(anchor)
                     ? tripletMarginForward_Float(DATA(o.t[0], float), DATA(o.t[1], float), DATA(o.t[2], float), a.R,
                                                  a.D, margin, p, eps, swap, DATA(out.y, float))
                     : tripletMarginForward_Double(DATA(o.t[0], double), DATA(o.t[1], double), DATA(o.t[2], double),
                                                   a.R, a.D, margin, p, eps, swap, DATA(out.y, double));
    status = finishOutput(&out, reduction, sum, a.R);
  }
  ownedFree(&o);
  return status;
}

int THNN_TripletMarginCriterion_updateGradInput(const THTensor *anchor, const THTensor *positive,
                                                const THTensor *negative, const THTensor *gradOutput,
                                                THTensor *gradAnchor, THTensor *gradPositive, THTensor *gradNegative,
                                                THNNReduction reduction, double margin, double p, double eps,
                                                int swap) {
  const char *op = "tripletMarginLossBackward";
  RowArgs a;
  Owned o;
  LossGrad g;
  if (tripletArgs(op, anchor, positive, negative, reduction, p, &a) ||
      lossGradOpen(op, gradOutput, anchor, reduction, a.ndimOut, a.sizesOut, &g))
    return TH_ERR;
  memset(&o, 0, sizeof o);
  const THTensor *in[3] = {anchor, positive, negative};
  THTensor *results[3] = {gradAnchor, gradPositive, gradNegative};
  static const char *const names[3] = {"gradAnchor", "gradPositive", "gradNegative"};
  Grads gr;
  memset(&gr, 0, sizeof gr);
  int status = TH_OK;
  for (int k = 0; k < 3 && status == TH_OK; k++)
    if (!(o.t[k] = THTensor_newContiguous(in[k]))) status = TH_ERR;
  if (status == TH_OK) status = gradsOpen(op, &gr, 3, results, names, 3, anchor);
  if (status == TH_OK) {
    double g0 = reduction == THNN_ReductionMean ? g.scalar / (double)a.R : g.scalar;
    if (lossIsFloat(anchor))
      tripletMarginBackward_Float(DATA(o.t[0], float), DATA(o.t[1], float), DATA(o.t[2], float), a.R, a.D, margin, p,
                                  eps, swap, DATA(g.perSample, float), g0, DATA(gr.ys[0], float),
                                  DATA(gr.ys[1], float), DATA(gr.ys[2], float));
    else
      tripletMarginBackward_Double(DATA(o.t[0], double), DATA(o.t[1], double), DATA(o.t[2], double), a.R, a.D, margin,
                                   p, eps, swap, DATA(g.perSample, double), g0, DATA(gr.ys[0], double),
                                   DATA(gr.ys[1], double), DATA(gr.ys[2], double));
  }
  status = gradsClose(&gr, status);
  ownedFree(&o);
  lossGradClose(&g);
  return status;
}
