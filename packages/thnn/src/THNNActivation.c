/* Pointwise activations: one table of kinds, one driver over libTH's elementwise iterator (which
 * coalesces dimensions and splits the work over OpenMP threads). The kernels are in
 * generic/THNNActivation.c, compiled once for float and once for double; on contiguous runs the
 * ones with exp/tanh/erf/log1p use libTH's vector math (THVector_unary) block by block. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <tgmath.h>

#include "THNNInternal.h"

#define BLK 256 /* values per THVector call */
/* GCC cannot see that THVector_unary only reads the n values written just before */
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#define THNN_GENERIC_FILE "generic/THNNActivation.c"
#include "THNNGenerateFloatTypes.h"

static const char *const kNames[THNN_NumActivations] = {
#define THNN_NAME_(Kind, name, n) #name,
    THNN_FOR_EACH_ACTIVATION(THNN_NAME_)
#undef THNN_NAME_
};
static const int kNumParams[THNN_NumActivations] = {
#define THNN_NPARAMS_(Kind, name, n) n,
    THNN_FOR_EACH_ACTIVATION(THNN_NPARAMS_)
#undef THNN_NPARAMS_
};

static int validKind(THNNActivation kind) { return (int)kind >= 0 && kind < THNN_NumActivations; }

const char *THNN_Activation_name(THNNActivation kind) { return validKind(kind) ? kNames[kind] : NULL; }
int THNN_Activation_numParams(THNNActivation kind) { return validKind(kind) ? kNumParams[kind] : -1; }

int THNN_Activation_defaults(THNNActivation kind, double *p) {
  if (!validKind(kind)) return THError("THNN_Activation_defaults: invalid activation kind %d", (int)kind);
  p[0] = p[1] = p[2] = NAN;
  switch (kind) {
    case THNN_Activation_LeakyReLU: p[0] = 0.01; break;
    case THNN_Activation_ELU: p[0] = 1; p[1] = 1; p[2] = 1; break;
    case THNN_Activation_CELU: p[0] = 1; break;
    case THNN_Activation_GELU: p[0] = 0; break;
    case THNN_Activation_Softplus: p[0] = 1; p[1] = 20; break;
    case THNN_Activation_Hardtanh: p[0] = -1; p[1] = 1; break;
    case THNN_Activation_Softshrink:
    case THNN_Activation_Hardshrink: p[0] = 0.5; break;
    default: break;
  }
  return TH_OK;
}

/* The parameters the kernel sees (k[]), from the caller's (or the defaults), with PyTorch's checks. */
static int kernelParams(THNNActivation kind, const double *given, double *k) {
  const char *op = kNames[kind];
  double p[THNN_ACTIVATION_MAX_PARAMS];
  THNN_Activation_defaults(kind, p);
  for (int i = 0; i < kNumParams[kind]; i++) {
    if (given) p[i] = given[i];
    if (isnan(p[i])) return THError("%s: expected %d parameter(s), but parameter %d is missing or NaN", op, kNumParams[kind], i);
  }
  k[0] = p[0], k[1] = p[1], k[2] = p[2];
  switch (kind) {
    case THNN_Activation_SELU:
      k[0] = 1.6732632423543772848170429916717, k[1] = 1.0507009873554804934193349852946, k[2] = 1;
      break;
    case THNN_Activation_CELU:
      if (p[0] == 0) return THError("celu: alpha must not be 0 (the input is scaled by 1/alpha)");
      k[0] = p[0], k[1] = 1, k[2] = 1.0 / p[0];
      break;
    case THNN_Activation_GELU:
      if (p[0] != 0 && p[0] != 1) return THError("gelu: approximate must be 0 ('none') or 1 ('tanh'), but got %g", p[0]);
      break;
    case THNN_Activation_Hardtanh:
      if (p[0] > p[1]) return THError("hardtanh: expected minVal <= maxVal, but got minVal=%g and maxVal=%g", p[0], p[1]);
      break;
    case THNN_Activation_Softshrink:
      if (!(p[0] >= 0)) return THError("softshrink: lambda must be greater or equal to 0, but found to be %g", p[0]);
      break;
    default: break;
  }
  return TH_OK;
}

/* Resizes r to x's shape with x's memory layout, unless it already has that shape (then it keeps
 * its strides, so in-place and out= calls on views write where the caller expects). */
static int resizeLike(THTensor *r, const THTensor *x) {
  if (THNN_sameShape(r, x)) return TH_OK;
  int perm[TH_MAX_DIMS];
  THIter_outputLayout(1, &x, THTensor_ndim(x), THTensor_sizes(x), perm);
  return THTensor_resizeWithLayout(r, THTensor_ndim(x), THTensor_sizes(x), perm);
}

static int run(THNNActivation kind, int backward, const THTensor *input, const THTensor *gradOutput, THTensor *out,
               const double *params) {
  if (!validKind(kind)) return THError("THNN_Activation: invalid activation kind %d", (int)kind);
  char op[64];
  snprintf(op, sizeof op, "%s%s", kNames[kind], backward ? "Backward" : "");
  if (!input || !out || (backward && !gradOutput)) return THError("%s: a tensor argument is NULL", op);
  if (THNN_checkFloating(op, "input", input)) return TH_ERR;
  if (backward && (THNN_checkSameDType(op, "gradOutput", gradOutput, "input", input) ||
                   THNN_checkSameShape(op, "gradOutput", gradOutput, "input", input)))
    return TH_ERR;
  if (THNN_checkSameDType(op, backward ? "gradInput" : "output", out, "input", input)) return TH_ERR;
  double k[THNN_ACTIVATION_MAX_PARAMS];
  if (kernelParams(kind, params, k)) return TH_ERR;
  if (resizeLike(out, input)) return TH_ERR;
  const THTensor *ops[3] = {out, input, gradOutput};
  THIter it;
  if (THIter_init(&it, backward ? 3 : 2, ops)) return TH_ERR;
  if (THTensor_dtype(input) == TH_Float32) {
    float pf[THNN_ACTIVATION_MAX_PARAMS] = {(float)k[0], (float)k[1], (float)k[2]};
    THIter_forEach(&it, backward ? bwd_loops_Float[kind] : fwd_loops_Float[kind], pf, 0);
  } else {
    THIter_forEach(&it, backward ? bwd_loops_Double[kind] : fwd_loops_Double[kind], k, 0);
  }
  THTensor_bumpVersion(out);
  return TH_OK;
}

int THNN_Activation_updateOutput(THNNActivation kind, const THTensor *input, THTensor *output, const double *params) {
  return run(kind, 0, input, NULL, output, params);
}
int THNN_Activation_updateGradInput(THNNActivation kind, const THTensor *input, const THTensor *gradOutput,
                                    THTensor *gradInput, const double *params) {
  return run(kind, 1, input, gradOutput, gradInput, params);
}

#define THNN_WRAPPERS_(Kind, name, n)                                                                         \
  int THNN_##Kind##_updateOutput(const THTensor *input, THTensor *output, const double *params) {            \
    return run(THNN_Activation_##Kind, 0, input, NULL, output, params);                                      \
  }                                                                                                           \
  int THNN_##Kind##_updateGradInput(const THTensor *input, const THTensor *gradOutput, THTensor *gradInput, \
                                    const double *params) {                                                  \
    return run(THNN_Activation_##Kind, 1, input, gradOutput, gradInput, params);                             \
  }
THNN_FOR_EACH_ACTIVATION(THNN_WRAPPERS_)
#undef THNN_WRAPPERS_
