/* THNNLossInternal.h — helpers shared by the loss files (THNNLoss*.c); not installed.
 * Reductions, the incoming gradient of a (possibly reduced) loss, scalar results, operands
 * broadcast to the input's shape and gradients summed back to an operand's shape. */
#ifndef THNN_LOSS_INTERNAL_H
#define THNN_LOSS_INTERNAL_H

#include <stdio.h>

#include "THNNInternal.h"

/* Above this much work (elements touched) a loss loop is split over OpenMP threads. */
#define THNN_LOSS_GRAIN 32768

/* THNN_PARALLEL_FOR (THNNInternal.h) above THNN_LOSS_GRAIN */
#define THNN_LOSS_FOR(VAR, N, WORK, CLAUSES, ...) THNN_PARALLEL_FOR(VAR, N, (WORK) > THNN_LOSS_GRAIN, CLAUSES, __VA_ARGS__)

static inline int lossCheckReduction(const char *op, THNNReduction r) {
  if (r == THNN_ReductionNone || r == THNN_ReductionMean || r == THNN_ReductionSum) return TH_OK;
  return THError("%s: invalid reduction %d (expected 0: none, 1: mean or 2: sum)", op, (int)r);
}

static inline int lossIsFloat(const THTensor *t) { return THTensor_dtype(t) == TH_Float32; }

/* Element i of a contiguous floating tensor, as double, and the reverse. */
static inline double lossLoad(const THTensor *t, int64_t i) {
  return lossIsFloat(t) ? (double)((const float *)THTensor_data(t))[i] : ((const double *)THTensor_data(t))[i];
}
static inline void lossStore(THTensor *t, int64_t i, double v) {
  if (lossIsFloat(t)) ((float *)THTensor_data(t))[i] = (float)v;
  else ((double *)THTensor_data(t))[i] = v;
}

/* r becomes a 0-d tensor holding v. */
static inline int lossSetScalar(THTensor *r, double v) {
  THTensor *tmp, *y = THNN_resultTarget(r, 0, NULL, &tmp);
  if (!y) return TH_ERR;
  lossStore(y, 0, v);
  return THNN_resultFinish(r, tmp);
}

/* The value of a one-element tensor (a reduced gradOutput, a saved total weight). */
static inline int lossScalarOf(const char *op, const char *what, const THTensor *t, double *v) {
  if (THTensor_numel(t) != 1) {
    char s[TH_SHAPE_BUF];
    return THError("%s: expected %s to have one element, but got shape %s", op, what, THNN_shapeStr(s, sizeof s, t));
  }
  int status = TH_OK;
  *v = THTensor_item(t, &status);
  return status;
}

/* The gradient flowing into a loss: for reduction None a contiguous tensor of the unreduced
 * output's shape (perSample), else one number (scalar; Mean's division is left to the caller). */
typedef struct LossGrad {
  THTensor *perSample; /* NULL when reduced */
  double scalar;
} LossGrad;

static inline int lossGradOpen(const char *op, const THTensor *gradOutput, const THTensor *input, THNNReduction reduction,
                               int ndim, const int64_t *sizes, LossGrad *g) {
  g->perSample = NULL;
  g->scalar = 0;
  if (!gradOutput) return THError("%s: gradOutput is NULL", op);
  if (THNN_checkSameDType(op, "gradOutput", gradOutput, "input", input)) return TH_ERR;
  if (reduction != THNN_ReductionNone) return lossScalarOf(op, "gradOutput (the loss was reduced)", gradOutput, &g->scalar);
  int same = THTensor_ndim(gradOutput) == ndim;
  for (int k = 0; same && k < ndim; k++) same = THTensor_size(gradOutput, k) == sizes[k];
  if (!same) {
    char a[TH_SHAPE_BUF], b[TH_SHAPE_BUF] = "[";
    size_t used = 1;
    for (int k = 0; k < ndim && used < sizeof b; k++)
      used += (size_t)snprintf(b + used, sizeof b - used, k ? ", %lld" : "%lld", (long long)sizes[k]);
    if (used < sizeof b) snprintf(b + used, sizeof b - used, "]");
    return THError("%s: expected gradOutput to have the shape of the unreduced loss %s, but got %s", op, b,
                   THNN_shapeStr(a, sizeof a, gradOutput));
  }
  g->perSample = THTensor_newContiguous(gradOutput);
  return g->perSample ? TH_OK : TH_ERR;
}

static inline void lossGradClose(LossGrad *g) {
  if (g->perSample) THTensor_free(g->perSample);
  g->perSample = NULL;
}

/* The gradient for sample i, scaled by 1/divisor under Mean. */
static inline double lossGradAt(const LossGrad *g, int64_t i) {
  return g->perSample ? lossLoad(g->perSample, i) : g->scalar;
}

/* t must be an int64 tensor (class indices, lengths). */
static inline int lossCheckInt64(const char *op, const char *what, const THTensor *t) {
  if (THTensor_dtype(t) == TH_Int64) return TH_OK;
  return THError("%s: expected %s to be an int64 tensor, but got %s", op, what, THDType_name(THTensor_dtype(t)));
}

/* A contiguous tensor of ref's shape holding t broadcast to it (t of ref's dtype), or NULL. */
static inline THTensor *lossExpandAs(const char *op, const char *what, const THTensor *t, const THTensor *ref) {
  if (THNN_checkSameDType(op, what, t, "input", ref)) return NULL;
  if (THNN_sameShape(t, ref)) return THTensor_newContiguous(t);
  int ok = THTensor_ndim(t) <= THTensor_ndim(ref);
  int off = THTensor_ndim(ref) - THTensor_ndim(t);
  for (int k = 0; ok && k < THTensor_ndim(t); k++)
    ok = THTensor_size(t, k) == 1 || THTensor_size(t, k) == THTensor_size(ref, k + off);
  if (!ok) {
    char a[TH_SHAPE_BUF], b[TH_SHAPE_BUF];
    THError("%s: %s of shape %s cannot be broadcast to the input's shape %s", op, what, THNN_shapeStr(a, sizeof a, t),
            THNN_shapeStr(b, sizeof b, ref));
    return NULL;
  }
  THTensor *view = THTensor_newExpand(t, THTensor_ndim(ref), THTensor_sizes(ref));
  if (!view) return NULL;
  THTensor *c = THTensor_newContiguous(view);
  THTensor_free(view);
  return c;
}

/* r (resized to like's shape) = full summed over the dims along which like was broadcast to
 * full's shape (the gradient of a broadcast operand). */
static inline int lossSumToShape(THTensor *r, const THTensor *full, const THTensor *like) {
  int nd = THTensor_ndim(full), off = nd - THTensor_ndim(like), n = 0;
  int64_t dims[TH_MAX_DIMS];
  for (int k = 0; k < nd; k++)
    if (k < off || (THTensor_size(like, k - off) == 1 && THTensor_size(full, k) != 1)) dims[n++] = k;
  THTensor *tmp, *y = THNN_resultTarget(r, THTensor_ndim(like), THTensor_sizes(like), &tmp);
  if (!y) return TH_ERR;
  int status;
  if (n == 0) {
    status = THTensor_copy(y, full);
  } else {
    THTensor *summed = THTensor_new(THTensor_dtype(full));
    THTensor *flat = NULL;
    status = summed ? THTensor_sum(summed, full, n, dims, 1, TH_DTYPE_NONE) : TH_ERR;
    if (status == TH_OK) {
      flat = THTensor_newView(summed, THTensor_ndim(like), THTensor_sizes(like));
      status = flat ? THTensor_copy(y, flat) : TH_ERR;
    }
    if (flat) THTensor_free(flat);
    if (summed) THTensor_free(summed);
  }
  if (status != TH_OK) {
    if (tmp) THTensor_free(tmp);
    return TH_ERR;
  }
  return THNN_resultFinish(r, tmp);
}

#endif
