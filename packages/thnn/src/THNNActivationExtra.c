/* PReLU, RReLU and GLU (THNNActivationExtra.h): checks and layouts here, loops in
 * generic/THNNActivationExtra.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <tgmath.h>

#include "THNNInternal.h"

#define THNN_EXTRA_GRAIN 32768

/* PyTorch's uniform_real_distribution<double>(from, to): 53 random bits of one 64-bit draw. */
static double thnn_uniform(THGenerator *g, double from, double to) {
  uint64_t bits = THGenerator_random64(g) & ((UINT64_C(1) << 53) - 1);
  return (double)bits * (1.0 / (double)(UINT64_C(1) << 53)) * (to - from) + from;
}

#define THNN_GENERIC_FILE "generic/THNNActivationExtra.c"
#include "THNNGenerateFloatTypes.h"

#define IS_FLOAT(t) (THTensor_dtype(t) == TH_Float32)

/* ---- PReLU ---- */

/* Checks the weight against the input: planes of S values, weight index p % C. */
static int preluLayout(const char *op, const THTensor *input, const THTensor *weight, int64_t *planes, int64_t *C,
                       int64_t *S) {
  if (THNN_checkFloating(op, "input", input) || THNN_checkSameDType(op, "weight", weight, "input", input)) return TH_ERR;
  if (THTensor_ndim(weight) > 1)
    return THError("%s: Expected `weight` to be a scalar or 1D tensor, but got ndim = %d", op, THTensor_ndim(weight));
  int64_t channels = THTensor_ndim(input) >= 2 ? THTensor_size(input, 1) : 1, nw = THTensor_numel(weight);
  if (nw != 1 && nw != channels)
    return THError("%s: Mismatch of parameter numbers and input channel size. Found parameter numbers = %lld and "
                   "channel size = %lld.", op, (long long)nw, (long long)channels);
  int64_t numel = THTensor_numel(input);
  if (nw == 1) { /* one weight: the whole tensor is one plane */
    *planes = 1, *C = 1, *S = numel;
  } else {
    *C = channels;
    *S = 1;
    for (int k = 2; k < THTensor_ndim(input); k++) *S *= THTensor_size(input, k);
    *planes = THTensor_size(input, 0) * channels;
  }
  return TH_OK;
}

int THNN_PReLU_updateOutput(const THTensor *input, THTensor *output, const THTensor *weight) {
  const char *op = "prelu";
  int64_t planes, C, S;
  if (!input || !output || !weight) return THError("%s: input, output and weight must not be NULL", op);
  if (preluLayout(op, input, weight, &planes, &C, &S) || THNN_checkSameDType(op, "output", output, "input", input))
    return TH_ERR;
  THTensor *x = THTensor_newContiguous(input), *w = x ? THTensor_newContiguous(weight) : NULL;
  THTensor *tmp = NULL, *y = w ? THNN_resultTarget(output, THTensor_ndim(input), THTensor_sizes(input), &tmp) : NULL;
  int status = TH_ERR;
  if (y) {
    if (THTensor_numel(input) > 0) {
      if (IS_FLOAT(input))
        prelu_forward_Float(THTensor_data(x), THTensor_data(y), planes, C, S, THTensor_data(w));
      else
        prelu_forward_Double(THTensor_data(x), THTensor_data(y), planes, C, S, THTensor_data(w));
    }
    status = THNN_resultFinish(output, tmp);
  }
  if (x) THTensor_free(x);
  if (w) THTensor_free(w);
  return status;
}

static int preluGradCheck(const char *op, const THTensor *input, const THTensor *gradOutput) {
  if (THNN_checkSameDType(op, "gradOutput", gradOutput, "input", input)) return TH_ERR;
  return THNN_checkSameShape(op, "gradOutput", gradOutput, "input", input);
}

int THNN_PReLU_updateGradInput(const THTensor *input, const THTensor *gradOutput, THTensor *gradInput,
                               const THTensor *weight) {
  const char *op = "preluBackward";
  int64_t planes, C, S;
  if (!input || !gradOutput || !gradInput || !weight)
    return THError("%s: input, gradOutput, gradInput and weight must not be NULL", op);
  if (preluLayout(op, input, weight, &planes, &C, &S) || preluGradCheck(op, input, gradOutput) ||
      THNN_checkSameDType(op, "gradInput", gradInput, "input", input))
    return TH_ERR;
  THTensor *x = THTensor_newContiguous(input), *g = x ? THTensor_newContiguous(gradOutput) : NULL;
  THTensor *w = g ? THTensor_newContiguous(weight) : NULL;
  THTensor *tmp = NULL, *gi = w ? THNN_resultTarget(gradInput, THTensor_ndim(input), THTensor_sizes(input), &tmp) : NULL;
  int status = TH_ERR;
  if (gi) {
    if (THTensor_numel(input) > 0) {
      if (IS_FLOAT(input))
        prelu_grad_input_Float(THTensor_data(x), THTensor_data(g), THTensor_data(gi), planes, C, S, THTensor_data(w));
      else
        prelu_grad_input_Double(THTensor_data(x), THTensor_data(g), THTensor_data(gi), planes, C, S, THTensor_data(w));
    }
    status = THNN_resultFinish(gradInput, tmp);
  }
  if (x) THTensor_free(x);
  if (g) THTensor_free(g);
  if (w) THTensor_free(w);
  return status;
}

int THNN_PReLU_accGradParameters(const THTensor *input, const THTensor *gradOutput, THTensor *gradWeight,
                                 double scale) {
  const char *op = "preluBackward";
  int64_t planes, C, S;
  if (!input || !gradOutput || !gradWeight) return THError("%s: input, gradOutput and gradWeight must not be NULL", op);
  /* gradWeight has the weight's layout rules: its numel says one weight or one per channel */
  if (preluLayout(op, input, gradWeight, &planes, &C, &S) || preluGradCheck(op, input, gradOutput)) return TH_ERR;
  THTensor *x = THTensor_newContiguous(input), *g = x ? THTensor_newContiguous(gradOutput) : NULL;
  THTensor *gwc = g ? THTensor_newContiguous(gradWeight) : NULL;
  double *perPlane = gwc ? malloc((size_t)(planes > 0 ? planes : 1) * sizeof(double)) : NULL;
  double *acc = perPlane ? calloc((size_t)C, sizeof(double)) : NULL;
  int status = acc ? TH_OK : (gwc ? THError("%s: out of memory", op) : TH_ERR);
  if (status == TH_OK) {
    if (THTensor_numel(input) > 0) {
      if (IS_FLOAT(input)) prelu_grad_weight_Float(THTensor_data(x), THTensor_data(g), planes, S, perPlane);
      else prelu_grad_weight_Double(THTensor_data(x), THTensor_data(g), planes, S, perPlane);
    }
    for (int64_t p = 0; THTensor_numel(input) > 0 && p < planes; p++) acc[p % C] += perPlane[p];
    /* gradWeight += scale * acc, through its contiguous copy */
    for (int64_t c = 0; c < C; c++) {
      if (IS_FLOAT(gwc)) ((float *)THTensor_data(gwc))[c] += (float)(scale * acc[c]);
      else ((double *)THTensor_data(gwc))[c] += scale * acc[c];
    }
    if (gwc != gradWeight) status = THTensor_copy(gradWeight, gwc);
    THTensor_bumpVersion(gradWeight);
  }
  free(perPlane);
  free(acc);
  if (x) THTensor_free(x);
  if (g) THTensor_free(g);
  if (gwc) THTensor_free(gwc);
  return status;
}

/* ---- RReLU ---- */

static int rreluCheck(const char *op, const THTensor *input, double lower, double upper) {
  if (THNN_checkFloating(op, "input", input)) return TH_ERR;
  if (!(lower <= upper)) return THError("%s: Lower bound should be less than or equal to the upper bound", op);
  return TH_OK;
}

int THNN_RReLU_updateOutput(const THTensor *input, THTensor *output, THTensor *noise, double lower, double upper,
                            int train, THGenerator *generator) {
  const char *op = "rrelu";
  if (!input || !output || (train && !noise)) return THError("%s: input, output and (when training) noise must not be NULL", op);
  if (rreluCheck(op, input, lower, upper) || THNN_checkSameDType(op, "output", output, "input", input) ||
      (train && THNN_checkSameDType(op, "noise", noise, "input", input)))
    return TH_ERR;
  int nd = THTensor_ndim(input);
  const int64_t *sizes = THTensor_sizes(input);
  int64_t n = THTensor_numel(input);
  THTensor *x = THTensor_newContiguous(input);
  THTensor *tmp = NULL, *y = x ? THNN_resultTarget(output, nd, sizes, &tmp) : NULL;
  THTensor *ntmp = NULL, *r = y && train ? THNN_resultTarget(noise, nd, sizes, &ntmp) : NULL;
  int status = y && (r || !train) ? TH_OK : TH_ERR;
  if (status == TH_OK && n > 0) {
    THGenerator *gen = generator ? generator : THGenerator_default();
    if (train && IS_FLOAT(input))
      rrelu_train_Float(THTensor_data(x), THTensor_data(y), THTensor_data(r), n, lower, upper, gen);
    else if (train)
      rrelu_train_Double(THTensor_data(x), THTensor_data(y), THTensor_data(r), n, lower, upper, gen);
    else if (IS_FLOAT(input))
      leaky_Float(THTensor_data(x), THTensor_data(x), THTensor_data(y), n, (float)((lower + upper) / 2));
    else
      leaky_Double(THTensor_data(x), THTensor_data(x), THTensor_data(y), n, (lower + upper) / 2);
  }
  if (y) {
    int st = THNN_resultFinish(output, tmp);
    if (status == TH_OK) status = st;
  }
  if (r) {
    int st = THNN_resultFinish(noise, ntmp);
    if (status == TH_OK) status = st;
  }
  if (x) THTensor_free(x);
  return status;
}

int THNN_RReLU_updateGradInput(const THTensor *input, const THTensor *gradOutput, THTensor *gradInput,
                               const THTensor *noise, double lower, double upper, int train) {
  const char *op = "rreluBackward";
  int useNoise = train && upper - lower > 1e-6;
  if (!input || !gradOutput || !gradInput || (useNoise && !noise))
    return THError("%s: input, gradOutput, gradInput and (when training) noise must not be NULL", op);
  if (rreluCheck(op, input, lower, upper) || THNN_checkSameDType(op, "gradOutput", gradOutput, "input", input) ||
      THNN_checkSameShape(op, "gradOutput", gradOutput, "input", input) ||
      THNN_checkSameDType(op, "gradInput", gradInput, "input", input) ||
      (useNoise && (THNN_checkSameDType(op, "noise", noise, "input", input) ||
                    THNN_checkSameShape(op, "noise", noise, "input", input))))
    return TH_ERR;
  THTensor *x = THTensor_newContiguous(input), *g = x ? THTensor_newContiguous(gradOutput) : NULL;
  THTensor *r = g && useNoise ? THTensor_newContiguous(noise) : NULL;
  THTensor *tmp = NULL, *gi = g && (r || !useNoise) ? THNN_resultTarget(gradInput, THTensor_ndim(input), THTensor_sizes(input), &tmp) : NULL;
  int status = TH_ERR;
  if (gi) {
    int64_t n = THTensor_numel(input);
    if (n > 0) {
      if (useNoise && IS_FLOAT(input)) mul_Float(THTensor_data(g), THTensor_data(r), THTensor_data(gi), n);
      else if (useNoise) mul_Double(THTensor_data(g), THTensor_data(r), THTensor_data(gi), n);
      else if (IS_FLOAT(input))
        leaky_Float(THTensor_data(x), THTensor_data(g), THTensor_data(gi), n, (float)((lower + upper) / 2));
      else
        leaky_Double(THTensor_data(x), THTensor_data(g), THTensor_data(gi), n, (lower + upper) / 2);
    }
    status = THNN_resultFinish(gradInput, tmp);
  }
  if (x) THTensor_free(x);
  if (g) THTensor_free(g);
  if (r) THTensor_free(r);
  return status;
}

/* ---- GLU ---- */

/* [outer, 2 * half, inner] around dim; the output's sizes (dim halved) into outSizes. */
static int gluLayout(const char *op, const THTensor *input, int64_t dim, int64_t *outer, int64_t *half,
                     int64_t *inner, int64_t *outSizes) {
  if (THNN_checkFloating(op, "input", input)) return TH_ERR;
  int nd = THTensor_ndim(input), d;
  if (nd == 0) return THError("%s: glu does not support scalars because halving size must be even", op);
  if (THNN_wrapDim(op, input, dim, &d)) return TH_ERR;
  int64_t size = THTensor_size(input, d);
  if (size % 2)
    return THError("%s: Halving dimension must be even, but dimension %d is size %lld", op, d, (long long)size);
  *outer = *inner = 1;
  *half = size / 2;
  for (int k = 0; k < nd; k++) {
    int64_t s = THTensor_size(input, k);
    outSizes[k] = k == d ? s / 2 : s;
    if (k < d) *outer *= s;
    else if (k > d) *inner *= s;
  }
  return TH_OK;
}

int THNN_GatedLinear_updateOutput(const THTensor *input, THTensor *output, int64_t dim) {
  const char *op = "glu";
  int64_t outer, half, inner, sizes[TH_MAX_DIMS];
  if (!input || !output) return THError("%s: input and output must not be NULL", op);
  if (gluLayout(op, input, dim, &outer, &half, &inner, sizes) ||
      THNN_checkSameDType(op, "output", output, "input", input))
    return TH_ERR;
  THTensor *x = THTensor_newContiguous(input);
  THTensor *tmp = NULL, *y = x ? THNN_resultTarget(output, THTensor_ndim(input), sizes, &tmp) : NULL;
  int status = TH_ERR;
  if (y) {
    if (THTensor_numel(input) > 0) {
      if (IS_FLOAT(input)) glu_forward_Float(THTensor_data(x), THTensor_data(y), outer, half, inner);
      else glu_forward_Double(THTensor_data(x), THTensor_data(y), outer, half, inner);
    }
    status = THNN_resultFinish(output, tmp);
  }
  if (x) THTensor_free(x);
  return status;
}

int THNN_GatedLinear_updateGradInput(const THTensor *input, const THTensor *gradOutput, THTensor *gradInput,
                                     int64_t dim) {
  const char *op = "gluBackward";
  int64_t outer, half, inner, sizes[TH_MAX_DIMS];
  if (!input || !gradOutput || !gradInput) return THError("%s: input, gradOutput and gradInput must not be NULL", op);
  if (gluLayout(op, input, dim, &outer, &half, &inner, sizes) ||
      THNN_checkSameDType(op, "gradOutput", gradOutput, "input", input) ||
      THNN_checkSameDType(op, "gradInput", gradInput, "input", input))
    return TH_ERR;
  int nd = THTensor_ndim(input), same = THTensor_ndim(gradOutput) == nd;
  for (int k = 0; same && k < nd; k++) same = THTensor_size(gradOutput, k) == sizes[k];
  if (!same) {
    char a[TH_SHAPE_BUF], b[TH_SHAPE_BUF];
    return THError("%s: expected gradOutput to have the shape of the output %s, but got %s", op,
                   THShapeStr(b, sizeof b, nd, sizes), THNN_shapeStr(a, sizeof a, gradOutput));
  }
  THTensor *x = THTensor_newContiguous(input), *g = x ? THTensor_newContiguous(gradOutput) : NULL;
  THTensor *tmp = NULL, *gi = g ? THNN_resultTarget(gradInput, nd, THTensor_sizes(input), &tmp) : NULL;
  int status = TH_ERR;
  if (gi) {
    if (THTensor_numel(input) > 0) {
      if (IS_FLOAT(input)) glu_backward_Float(THTensor_data(x), THTensor_data(g), THTensor_data(gi), outer, half, inner);
      else glu_backward_Double(THTensor_data(x), THTensor_data(g), THTensor_data(gi), outer, half, inner);
    }
    status = THNN_resultFinish(gradInput, tmp);
  }
  if (x) THTensor_free(x);
  if (g) THTensor_free(g);
  return status;
}
