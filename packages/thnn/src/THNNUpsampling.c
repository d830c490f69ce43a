/* Upsampling (F.interpolate): argument checks, PyTorch's per-axis index rules, and the dispatch to
 * the separable kernels of generic/THNNUpsampling.c (one table of taps per spatial axis). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tgmath.h>

#include "THNNInternal.h"

#define THNN_UPSAMPLING_GRAIN 16384
#define THNN_UPSAMPLING_ROWS 16 /* input rows handed to the row kernel at once */

/* What decides one axis' table. */
typedef struct Axis {
  THNNUpsamplingMode mode;
  int64_t in, out;
  double scale; /* the caller's scale factor, or <= 0 for none */
  int alignCorners;
  int legacyNearest; /* nearest(-exact) by PyTorch's nearest_idx rules (see legacyNearestIndex) */
} Axis;

/* min(floor(real), in - 1), never negative, for a real already rounded to float like PyTorch's floorf. */
static int64_t nearestClamp(float real, int64_t in) {
  if (real >= (float)(in - 1)) return in - 1;
  return real > 0 ? (int64_t)floorf(real) : 0;
}

/* PyTorch's nearest_idx / nearest_exact_idx (its nearest backward, and its channels-last nearest
 * forward): float32 math whatever the dtype; nearest copies a same-size axis and halves the indices
 * of a doubled one. */
static int64_t legacyNearestIndex(const Axis *a, int64_t i, int exact) {
  if (!exact && a->out == a->in) return i;
  if (!exact && a->out == 2 * a->in) return i >> 1;
  float s = a->scale > 0 ? (float)(1.0 / a->scale) : (float)a->in / (float)a->out;
  return nearestClamp(exact ? (float)(((double)i + 0.5) * s) : (float)i * s, a->in);
}

#define THNN_GENERIC_FILE "generic/THNNUpsampling.c"
#include "THNNGenerateFloatTypes.h"

static int validMode(THNNUpsamplingMode mode) { return (int)mode >= 0 && mode < THNN_NumUpsamplingModes; }

/* PyTorch's op names: upsampleBilinear2d, upsampleNearestExact1d, adaptiveAvgPool3d, ... + "Backward". */
static const char *opName(char *buf, size_t n, THNNUpsamplingMode mode, int nDims, int backward) {
  static const char *const kLinear[3] = {"upsampleLinear", "upsampleBilinear", "upsampleTrilinear"};
  const char *base = "upsampling";
  if (validMode(mode) && nDims >= 1 && nDims <= 3) {
    switch (mode) {
      case THNN_UpsamplingNearest: base = "upsampleNearest"; break;
      case THNN_UpsamplingNearestExact: base = "upsampleNearestExact"; break;
      case THNN_UpsamplingLinear: base = kLinear[nDims - 1]; break;
      case THNN_UpsamplingCubic: base = "upsampleBicubic"; break;
      case THNN_UpsamplingArea: base = "adaptiveAvgPool"; break;
      default: break;
    }
    snprintf(buf, n, "%s%dd%s", base, nDims, backward ? "Backward" : "");
  } else {
    snprintf(buf, n, "%s%s", base, backward ? "Backward" : "");
  }
  return buf;
}

/* "(D: 2, H: 3, W: 4)" for the last nDims of sizes. */
static const char *spatialStr(char *buf, size_t n, int nDims, const int64_t *sizes) {
  static const char *const kAxis[3] = {"D", "H", "W"};
  size_t used = (size_t)snprintf(buf, n, "(");
  for (int d = 0; d < nDims && used < n; d++)
    used += (size_t)snprintf(buf + used, n - used, "%s%s: %lld", d ? ", " : "", kAxis[3 - nDims + d], (long long)sizes[d]);
  if (used < n) snprintf(buf + used, n - used, ")");
  return buf;
}

/* Checks what both directions share; inSizes has nDims + 2 entries. */
static int checkArgs(const char *op, THNNUpsamplingMode mode, int nDims, const int64_t *inSizes, const int64_t *outputSize,
                     int alignCorners) {
  if (!validMode(mode)) return THError("%s: invalid upsampling mode %d", op, (int)mode);
  if (nDims < 1 || nDims > 3) return THError("%s: expected 1, 2 or 3 spatial dims, but got %d", op, nDims);
  if (mode == THNN_UpsamplingCubic && nDims != 2)
    return THError("%s: bicubic interpolation needs 2 spatial dims (4-d input), but got %d", op, nDims);
  if (alignCorners && mode != THNN_UpsamplingLinear && mode != THNN_UpsamplingCubic)
    return THError("%s: align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear", op);
  if (!outputSize) return THError("%s: outputSize is NULL", op);
  int positive = 1;
  for (int d = 0; d < nDims; d++) positive = positive && inSizes[2 + d] > 0 && outputSize[d] > 0;
  if (!positive) {
    char a[128], b[128];
    return THError("%s: Input and output sizes should be greater than 0, but got input %s output %s", op,
                   spatialStr(a, sizeof a, nDims, inSizes + 2), spatialStr(b, sizeof b, nDims, outputSize));
  }
  if (inSizes[1] == 0) {
    char s[TH_SHAPE_BUF];
    return THError("%s: Non-empty %dD data tensor expected but got a tensor with sizes %s", op, nDims + 2,
                   THShapeStr(s, sizeof s, nDims + 2, inSizes));
  }
  return TH_OK;
}

/* Runs one direction on contiguous src -> contiguous dst (of the right sizes). */
static int run(int backward, THDType dtype, THNNUpsamplingMode mode, int nDims, const int64_t *inSizes,
               const int64_t *outputSize, const double *scales, int alignCorners, const void *src, void *dst) {
  int64_t in[3] = {1, 1, 1}, out[3] = {1, 1, 1}, spatial = 1;
  Axis axes[3];
  for (int d = 0; d < 3; d++) axes[d] = (Axis){THNN_UpsamplingNearest, 1, 1, 0, 0, 1}; /* size 1: a copy */
  for (int d = 0; d < nDims; d++) {
    int k = 3 - nDims + d;
    in[k] = inSizes[2 + d], out[k] = outputSize[d], spatial *= in[k];
    axes[k] = (Axis){mode, in[k], out[k], scales && scales[d] > 0 ? scales[d] : 0, alignCorners, 0};
  }
  int sameSize = in[0] == out[0] && in[1] == out[1] && in[2] == out[2];
  int nearest = mode == THNN_UpsamplingNearest || mode == THNN_UpsamplingNearestExact;
  /* PyTorch 1.13 runs nearest's forward through its channels-last kernel when the input is also
   * channels-last contiguous (C = 1 or one spatial element), and that kernel uses the backward's
   * index rules; its bicubic backward is a plain copy when no size changes. */
  int legacy = nearest && (backward || (nDims >= 2 && (inSizes[1] == 1 || spatial == 1)));
  int cubicCopy = backward && mode == THNN_UpsamplingCubic && sameSize;
  for (int d = 0; d < 3; d++) {
    axes[d].legacyNearest = axes[d].legacyNearest || legacy || cubicCopy;
    if (cubicCopy) axes[d].mode = THNN_UpsamplingNearest, axes[d].alignCorners = 0; /* same size: a copy */
  }
  int64_t planes = inSizes[0] * inSizes[1];
  if (planes == 0) return TH_OK;
  return dtype == TH_Float32 ? upsample_Float(backward, src, dst, planes, in, out, axes)
                             : upsample_Double(backward, src, dst, planes, in, out, axes);
}

int THNN_Upsampling_updateOutput(THNNUpsamplingMode mode, const THTensor *input, THTensor *output, int nDims,
                                 const int64_t *outputSize, const double *scales, int alignCorners) {
  char op[64];
  opName(op, sizeof op, mode, nDims, 0);
  if (!input || !output) return THError("%s: a tensor argument is NULL", op);
  if (THNN_checkFloating(op, "input", input) || THNN_checkSameDType(op, "output", output, "input", input)) return TH_ERR;
  if (nDims < 1 || nDims > 3) return THError("%s: expected 1, 2 or 3 spatial dims, but got %d", op, nDims);
  if (THTensor_ndim(input) != nDims + 2) {
    char s[TH_SHAPE_BUF];
    return THError("%s: expected a %dD input ([N, C, %s]), but got a tensor with sizes %s", op, nDims + 2,
                   nDims == 1 ? "L" : nDims == 2 ? "H, W" : "D, H, W", THNN_shapeStr(s, sizeof s, input));
  }
  const int64_t *inSizes = THTensor_sizes(input);
  if (checkArgs(op, mode, nDims, inSizes, outputSize, alignCorners)) return TH_ERR;
  int64_t outSizes[5] = {inSizes[0], inSizes[1]};
  for (int d = 0; d < nDims; d++) outSizes[2 + d] = outputSize[d];
  THTensor *x = THTensor_newContiguous(input);
  if (!x) return TH_ERR;
  THTensor *tmp, *y = THNN_resultTarget(output, nDims + 2, outSizes, &tmp);
  int status = y ? run(0, THTensor_dtype(input), mode, nDims, inSizes, outputSize, scales, alignCorners, THTensor_data(x),
                       THTensor_data(y))
                 : TH_ERR;
  THTensor_free(x);
  if (status != TH_OK) {
    if (tmp) THTensor_free(tmp);
    return TH_ERR;
  }
  return THNN_resultFinish(output, tmp);
}

int THNN_Upsampling_updateGradInput(THNNUpsamplingMode mode, const THTensor *gradOutput, THTensor *gradInput, int nDims,
                                    const int64_t *inputSize, const int64_t *outputSize, const double *scales,
                                    int alignCorners) {
  char op[64];
  opName(op, sizeof op, mode, nDims, 1);
  if (!gradOutput || !gradInput) return THError("%s: a tensor argument is NULL", op);
  if (!inputSize) return THError("%s: inputSize is NULL", op);
  if (THNN_checkFloating(op, "gradOutput", gradOutput) ||
      THNN_checkSameDType(op, "gradInput", gradInput, "gradOutput", gradOutput))
    return TH_ERR;
  if (nDims < 1 || nDims > 3) return THError("%s: expected 1, 2 or 3 spatial dims, but got %d", op, nDims);
  for (int k = 0; k < nDims + 2; k++)
    if (inputSize[k] < 0)
      return THError("%s: expected inputSize to be non-negative, but got %lld at %d", op, (long long)inputSize[k], k);
  if (checkArgs(op, mode, nDims, inputSize, outputSize, alignCorners)) return TH_ERR;
  int64_t outSizes[5] = {inputSize[0], inputSize[1]};
  for (int d = 0; d < nDims; d++) outSizes[2 + d] = outputSize[d];
  int same = THTensor_ndim(gradOutput) == nDims + 2;
  for (int k = 0; same && k < nDims + 2; k++) same = THTensor_size(gradOutput, k) == outSizes[k];
  if (!same) {
    char want[TH_SHAPE_BUF], got[TH_SHAPE_BUF];
    return THError("%s: expected gradOutput to have sizes %s (the output's), but got %s", op,
                   THShapeStr(want, sizeof want, nDims + 2, outSizes), THNN_shapeStr(got, sizeof got, gradOutput));
  }
  THTensor *g = THTensor_newContiguous(gradOutput);
  if (!g) return TH_ERR;
  THTensor *tmp, *gi = THNN_resultTarget(gradInput, nDims + 2, inputSize, &tmp);
  int status = gi ? run(1, THTensor_dtype(gradOutput), mode, nDims, inputSize, outputSize, scales, alignCorners,
                        THTensor_data(g), THTensor_data(gi))
                  : TH_ERR;
  THTensor_free(g);
  if (status != TH_OK) {
    if (tmp) THTensor_free(tmp);
    return TH_ERR;
  }
  return THNN_resultFinish(gradInput, tmp);
}
