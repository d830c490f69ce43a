/* Padding (F.pad): PyTorch's checks and source positions, turned into a plan — for each padded dim,
 * the input index that each output index reads (-1: the constant) — that one kernel pair in
 * generic/THNNPadding.c runs for every mode. */
#include <stdio.h>
#include <stdlib.h>

#include "THNNInternal.h"

#define THNN_PADDING_GRAIN 32768

typedef struct PadPlan {
  int ndim, nPad; /* the padded dims are the last nPad */
  int64_t in[TH_MAX_DIMS], out[TH_MAX_DIMS], left[TH_MAX_DIMS];
  int64_t planes;   /* product of the unpadded dims */
  int64_t outNumel;
  int64_t *map;     /* the padded dims' maps, one after the other: dim d's starts at mapAt[d] */
  int64_t mapAt[TH_MAX_DIMS];
} PadPlan;

static const char *const kModeNames[THNN_NumPaddingModes] = {"constantPad", "reflectionPad", "replicationPad", "circularPad"};

/* The input index that output index j of a dim of size W padded by (l, r) reads, or -1 (constant).
 * Reflect and replicate are PyTorch's formulas (which also define a crop on one side with a pad on
 * the other); circular wraps around the cropped range. */
static int64_t sourceIndex(THNNPaddingMode mode, int64_t j, int64_t l, int64_t r, int64_t W) {
  const int64_t iStart = l < 0 ? -l : 0, oStart = l > 0 ? l : 0;
  int64_t ip;
  switch (mode) {
    case THNN_PaddingReflect:
      ip = (j < l ? 2 * l - j : j < W + l ? j : 2 * (W + l - 1) - j) + iStart - oStart;
      break;
    case THNN_PaddingReplicate:
      ip = (j < l ? l : j < W + l ? j : W + l - 1) + iStart - oStart;
      break;
    case THNN_PaddingCircular: {
      const int64_t kept = W - iStart - (r < 0 ? -r : 0); /* > 0 whenever there is an output (checked) */
      const int64_t k = (j - oStart) % kept;
      ip = iStart + (k < 0 ? k + kept : k);
      break;
    }
    default:
      ip = j - l;
      return ip >= 0 && ip < W ? ip : -1;
  }
  return ip < 0 ? 0 : ip >= W ? W - 1 : ip; /* in range by the checks; the clamp is a guard only */
}

/* The input offset of output row r (r counts the output's rows: every dim but the last), or -1
 * when the row is all constant. */
static int64_t rowSource(const PadPlan *p, int64_t r) {
  const int last = p->ndim - 1, firstPadded = p->ndim - p->nPad;
  int64_t src = 0, stride = p->in[last];
  for (int d = last - 1; d >= 0; d--) {
    const int64_t c = r % p->out[d];
    r /= p->out[d];
    const int64_t i = d >= firstPadded ? p->map[p->mapAt[d] + c] : c;
    if (i < 0) return -1;
    src += i * stride;
    stride *= p->in[d];
  }
  return src;
}

#define THNN_GENERIC_FILE "generic/THNNPadding.c"
#include "THNNGenerateFloatTypes.h"

static const char *opName(char *buf, size_t n, THNNPaddingMode mode, int nPad, int backward) {
  int valid = (int)mode >= 0 && mode < THNN_NumPaddingModes;
  if (!valid) snprintf(buf, n, "pad%s", backward ? "Backward" : "");
  else if (mode == THNN_PaddingConstant) snprintf(buf, n, "constantPadNd%s", backward ? "Backward" : "");
  else snprintf(buf, n, "%s%dd%s", kModeNames[mode], nPad, backward ? "Backward" : "");
  return buf;
}

/* PyTorch's checks, in its order, then the output sizes and the maps (p->map: free it). */
static int makePlan(const char *op, THNNPaddingMode mode, int ndim, const int64_t *inSizes, int nPad, const int64_t *pad,
                    PadPlan *p) {
  char s[TH_SHAPE_BUF];
  p->map = NULL;
  if ((int)mode < 0 || mode >= THNN_NumPaddingModes) return THError("%s: invalid padding mode %d", op, (int)mode);
  if (nPad < 0 || (nPad > 0 && !pad)) return THError("%s: invalid padding (%d dims)", op, nPad);
  if (nPad > ndim)
    return THError("%s: Padding length too large: %d values for a %d-d input", op, 2 * nPad, ndim);
  if (mode != THNN_PaddingConstant) {
    if (nPad < 1 || nPad > 3 || (ndim != nPad + 1 && ndim != nPad + 2))
      return THError("%s: Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now "
                     "(%d padded dims need a %dD or %dD input, but got %dD)", op, nPad, nPad + 1, nPad + 2, ndim);
    if (mode == THNN_PaddingCircular && ndim != nPad + 2)
      return THError("%s: Invalid padding size, expected %d but got %d (circular padding needs a batched [N, C, ...] input)",
                     op, 2 * (ndim - 2), 2 * nPad);
    if (mode != THNN_PaddingCircular)
      for (int d = ndim == nPad + 2 ? 1 : 0; d < ndim; d++)
        if (inSizes[d] == 0)
          return THError("%s: Expected %dD or %dD (batch mode) tensor with possibly 0 batch size and other non-zero "
                         "dimensions for input, but got: %s", op, nPad + 1, nPad + 2, THShapeStr(s, sizeof s, ndim, inSizes));
  }
  p->ndim = ndim, p->nPad = nPad, p->planes = 1, p->outNumel = 1;
  int64_t mapLen = 0;
  for (int d = 0; d < ndim; d++) {
    int k = ndim - 1 - d; /* pad[2k], pad[2k + 1] belong to dim d */
    const int64_t W = inSizes[d], l = k < nPad ? pad[2 * k] : 0, r = k < nPad ? pad[2 * k + 1] : 0;
    p->in[d] = W, p->left[d] = l, p->out[d] = W + l + r;
    if (k >= nPad) p->planes *= W;
    if (k >= nPad) {
      p->outNumel *= W;
      continue;
    }
    if (mode == THNN_PaddingReflect && (l >= W || r >= W))
      return THError("%s: Padding size should be less than the corresponding input dimension, but got: padding "
                     "(%lld, %lld) at dimension %d of input %s", op, (long long)l, (long long)r, d,
                     THShapeStr(s, sizeof s, ndim, inSizes));
    if (mode == THNN_PaddingCircular && (l > W || r > W))
      return THError("%s: Padding value causes wrapping around more than once (padding (%lld, %lld) at dimension %d of "
                     "input %s)", op, (long long)l, (long long)r, d, THShapeStr(s, sizeof s, ndim, inSizes));
    if (p->out[d] < 0)
      return THError("%s: The input size %lld, plus negative padding %lld and %lld resulted in a negative output size, "
                     "which is invalid. Check dimension %d of your input.", op, (long long)W, (long long)l, (long long)r, d);
    if (mode == THNN_PaddingCircular) {
      const int64_t kept = W - (l < 0 ? -l : 0) - (r < 0 ? -r : 0);
      if (l > kept || r > kept)
        return THError("%s: Padding value causes wrapping around more than once (padding (%lld, %lld) at dimension %d "
                       "wraps around the %lld elements left after cropping)", op, (long long)l, (long long)r, d, (long long)kept);
    }
    p->mapAt[d] = mapLen, mapLen += p->out[d];
    p->outNumel *= p->out[d];
  }
  p->map = malloc((size_t)(mapLen > 0 ? mapLen : 1) * sizeof(int64_t));
  if (!p->map) return THError("%s: out of memory", op);
  for (int d = ndim - nPad; d < ndim; d++) {
    const int k = ndim - 1 - d;
    for (int64_t j = 0; j < p->out[d]; j++)
      p->map[p->mapAt[d] + j] = sourceIndex(mode, j, pad[2 * k], pad[2 * k + 1], p->in[d]);
  }
  return TH_OK;
}

int THNN_Padding_updateOutput(THNNPaddingMode mode, const THTensor *input, THTensor *output, int nPadDims,
                              const int64_t *pad, double value) {
  char op[64];
  opName(op, sizeof op, mode, nPadDims, 0);
  if (!input || !output) return THError("%s: a tensor argument is NULL", op);
  if (THNN_checkFloating(op, "input", input) || THNN_checkSameDType(op, "output", output, "input", input)) return TH_ERR;
  if (mode != THNN_PaddingConstant && value != 0)
    return THError("%s: Padding mode \"%s\" doesn't take in value argument", op,
                   mode == THNN_PaddingReflect ? "reflect" : mode == THNN_PaddingReplicate ? "replicate" : "circular");
  PadPlan p;
  const int ndim = THTensor_ndim(input);
  if (makePlan(op, mode, ndim, THTensor_sizes(input), nPadDims, pad, &p)) {
    free(p.map);
    return TH_ERR;
  }
  int status = TH_ERR;
  THTensor *x = THTensor_newContiguous(input), *tmp = NULL;
  THTensor *y = x ? THNN_resultTarget(output, ndim, p.out, &tmp) : NULL;
  if (y) {
    status = TH_OK;
    if (nPadDims == 0) status = THTensor_copy(y, x);
    else if (p.outNumel > 0) {
      if (THTensor_dtype(x) == TH_Float32)
        padForward_Float((const float *)THTensor_data(x), (float *)THTensor_data(y), &p, (float)value);
      else
        padForward_Double((const double *)THTensor_data(x), (double *)THTensor_data(y), &p, value);
    }
    if (status == TH_OK) status = THNN_resultFinish(output, tmp); /* frees tmp */
    else if (tmp) THTensor_free(tmp);
  }
  if (x) THTensor_free(x);
  free(p.map);
  return status;
}

int THNN_Padding_updateGradInput(THNNPaddingMode mode, const THTensor *gradOutput, THTensor *gradInput, int nPadDims,
                                 const int64_t *pad) {
  char op[64];
  opName(op, sizeof op, mode, nPadDims, 1);
  if (!gradOutput || !gradInput) return THError("%s: a tensor argument is NULL", op);
  if (THNN_checkFloating(op, "gradOutput", gradOutput) ||
      THNN_checkSameDType(op, "gradInput", gradInput, "gradOutput", gradOutput))
    return TH_ERR;
  const int ndim = THTensor_ndim(gradOutput);
  if (nPadDims < 0 || nPadDims > ndim || (nPadDims > 0 && !pad))
    return THError("%s: Padding length too large: %d values for a %d-d gradOutput", op, 2 * nPadDims, ndim);
  /* the input's sizes: the output's minus the padding */
  int64_t inSizes[TH_MAX_DIMS];
  for (int d = 0; d < ndim; d++) {
    const int k = ndim - 1 - d;
    inSizes[d] = THTensor_size(gradOutput, d) - (k < nPadDims ? pad[2 * k] + pad[2 * k + 1] : 0);
    if (inSizes[d] < 0)
      return THError("%s: gradOutput size %lld at dimension %d is smaller than the padding (%lld, %lld) added to it", op,
                     (long long)THTensor_size(gradOutput, d), d, (long long)pad[2 * k], (long long)pad[2 * k + 1]);
  }
  PadPlan p;
  if (makePlan(op, mode, ndim, inSizes, nPadDims, pad, &p)) {
    free(p.map);
    return TH_ERR;
  }
  int status = TH_ERR;
  THTensor *g = THTensor_newContiguous(gradOutput), *tmp = NULL;
  THTensor *gi = g ? THNN_resultTarget(gradInput, ndim, inSizes, &tmp) : NULL;
  if (gi) {
    if (nPadDims == 0) status = THTensor_copy(gi, g);
    else if ((status = THTensor_zero(gi)) == TH_OK && p.outNumel > 0) {
      if (THTensor_dtype(g) == TH_Float32)
        padBackward_Float((const float *)THTensor_data(g), (float *)THTensor_data(gi), &p, mode == THNN_PaddingConstant);
      else
        padBackward_Double((const double *)THTensor_data(g), (double *)THTensor_data(gi), &p, mode == THNN_PaddingConstant);
    }
    if (status == TH_OK) status = THNN_resultFinish(gradInput, tmp); /* frees tmp */
    else if (tmp) THTensor_free(tmp);
  }
  if (g) THTensor_free(g);
  free(p.map);
  return status;
}
