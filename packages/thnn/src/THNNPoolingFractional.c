/* Fractional max pooling (Graham, 2014), 2-d and 3-d, forward and backward: windows of a fixed
 * size placed pseudo-randomly (from one sample per plane and dim) so that the output has a given
 * size; then the max kernel of THNNPoolingMax.c. */
#include <stdlib.h>
#include <string.h>

#include "THNNPoolingCommon.h"

#define THNN_GENERIC_FILE "generic/THNNPoolingFractional.c"
#include "THNNGenerateFloatTypes.h"

/* 1-d fractional pooling does not exist (as in PyTorch): its slot names the 2-d op's error. */
static const char *const FRACTIONAL[3] = {"fractionalMaxPool", "fractionalMaxPool2d", "fractionalMaxPool3d"};
static const char *const FRACTIONAL_BWD[3] = {"fractionalMaxPoolBackward", "fractionalMaxPool2dBackward",
                                              "fractionalMaxPool3dBackward"};
static const char *const DIM_NAME[3] = {"time", "height", "width"};

static int checkNDims(const char *op, int nDims) {
  if (nDims == 2 || nDims == 3) return TH_OK;
  return THError("%s: expected 2 or 3 spatial dims, but got %d", op, nDims);
}

/* Checks the pool size, output size and samples against the input; sets s->out and the 3-d pool. */
static int setup(const char *op, THNNPoolShape *s, const int64_t *poolSize, const int64_t *outputSize,
                 const THTensor *input, const THTensor *samples, int64_t *pool) {
  if (!poolSize || !outputSize) return THError("%s: poolSize and outputSize must not be NULL", op);
  int nDims = s->nDims;
  for (int j = 0; j < nDims; j++)
    if (poolSize[j] <= 0)
      return THError("%s: kernel size should be greater than zero, but got %lld", op, (long long)poolSize[j]);
  for (int j = 0; j < nDims; j++)
    if (outputSize[j] < 0)
      return THError("%s: output size should not be negative, but got %lld", op, (long long)outputSize[j]);
  for (int k = 0; k < 3; k++) pool[k] = 1;
  for (int j = 0; j < nDims; j++) {
    int k = 3 - nDims + j;
    pool[k] = poolSize[j];
    s->out[k] = outputSize[j];
    if (outputSize[j] + poolSize[j] - 1 > s->in[k])
      return THError("%s: pool %s %lld too large relative to input %s %lld and output %s %lld", op, DIM_NAME[k],
                     (long long)poolSize[j], DIM_NAME[k], (long long)s->in[k], DIM_NAME[k], (long long)outputSize[j]);
  }
  if (!samples) return THError("%s: the randomSamples tensor is NULL", op);
  if (THNN_checkSameDType(op, "randomSamples", samples, "input", input)) return TH_ERR;
  int batched = s->ndim == nDims + 2;
  int64_t want[3] = {batched ? s->lead[0] : 1, s->lead[batched ? 1 : 0], nDims};
  int same = THTensor_ndim(samples) == 3;
  for (int k = 0; same && k < 3; k++) same = THTensor_size(samples, k) == want[k];
  if (!same) {
    char a[TH_SHAPE_BUF];
    return THError("%s: expected randomSamples of shape [%lld, %lld, %lld], but got %s", op, (long long)want[0],
                   (long long)want[1], (long long)want[2], THNN_shapeStr(a, sizeof a, samples));
  }
  return TH_OK;
}

int THNN_FractionalMaxPool_updateOutput(int nDims, const THTensor *input, THTensor *output, THTensor *indices,
                                        const int64_t *poolSize, const int64_t *outputSize,
                                        const THTensor *randomSamples) {
  const char *op = THNN_POOL_OP(FRACTIONAL, nDims);
  THNNPoolShape s;
  int64_t pool[3];
  if (checkNDims(op, nDims) || THNNPool_input(op, nDims, input, 0, &s) ||
      setup(op, &s, poolSize, outputSize, input, randomSamples, pool))
    return TH_ERR;
  /* which sample places each grid dim: 2-d: W from sample 0, H from sample 1; 3-d: T, H, W from 0, 1, 2 */
  const int sampleOf[2][3] = {{-1, 1, 0}, {0, 1, 2}};
  THTensor *u = THTensor_newContiguous(randomSamples);
  if (!u) return TH_ERR;
  double bad = 0;
  int valid = THTensor_dtype(u) == TH_Float32
                  ? samplesValid_Float((const float *)THTensor_data(u), THTensor_numel(u), &bad)
                  : samplesValid_Double((const double *)THTensor_data(u), THTensor_numel(u), &bad);
  if (!valid) {
    THTensor_free(u);
    return THError("%s: expected randomSamples in [0, 1], but got %g", op, bad);
  }
  THNNPoolResults r;
  THTensor *x = NULL;
  int64_t *buf = NULL;
  int status = THNNPool_resultsBegin(op, &r, &s, input, output, indices);
  if (status == TH_OK) {
    x = THTensor_newContiguous(input);
    size_t perPlane = (size_t)(2 * (s.out[0] + s.out[1] + s.out[2]));
    buf = (int64_t *)malloc((size_t)(s.planes > 0 ? s.planes : 1) * (perPlane ? perPlane : 1) * sizeof(int64_t));
    if (!x) status = TH_ERR;
    else if (!buf) status = THError("%s: out of memory for the windows of %lld planes", op, (long long)s.planes);
    else if (THTensor_numel(r.y) > 0) {
      int64_t *ind = r.ind ? (int64_t *)THTensor_data(r.ind) : NULL;
      if (THTensor_dtype(x) == TH_Float32)
        fractionalPlanes_Float((const float *)THTensor_data(x), (float *)THTensor_data(r.y), ind,
                               (const float *)THTensor_data(u), &s, pool, sampleOf[nDims - 2], buf);
      else
        fractionalPlanes_Double((const double *)THTensor_data(x), (double *)THTensor_data(r.y), ind,
                                (const double *)THTensor_data(u), &s, pool, sampleOf[nDims - 2], buf);
    }
    status = THNNPool_resultsFinish(&r, output, indices, status);
  }
  free(buf);
  if (x) THTensor_free(x);
  THTensor_free(u);
  return status;
}

int THNN_FractionalMaxPool_updateGradInput(int nDims, const THTensor *input, const THTensor *gradOutput,
                                           THTensor *gradInput, const THTensor *indices) {
  const char *op = THNN_POOL_OP(FRACTIONAL_BWD, nDims);
  THNNPoolShape s;
  if (checkNDims(op, nDims) || THNNPool_input(op, nDims, input, 0, &s) || THNNPool_checkIndices(op, indices) ||
      THNNPool_gridOf(op, "indices", &s, indices))
    return TH_ERR;
  return THNNPool_maxBackward(op, &s, input, gradOutput, gradInput, indices);
}
