/* Max unpooling, 1-d to 3-d, forward (scatter the pooled values back to their indices) and
 * backward (gather the gradient at them). Inputs are made contiguous (a copy only when they are
 * not); planes are split over OpenMP threads. */
#include <string.h>

#include "THNNPoolingCommon.h"

#define THNN_GENERIC_FILE "generic/THNNPoolingUnpool.c"
#include "THNNGenerateFloatTypes.h"

static const char *const UNPOOL[3] = {"maxUnpool1d", "maxUnpool2d", "maxUnpool3d"};
static const char *const UNPOOL_BWD[3] = {"maxUnpool1dBackward", "maxUnpool2dBackward", "maxUnpool3dBackward"};

static int badIndexError(const char *op, int nDims, int64_t index, const int64_t *outGrid) {
  char grid[TH_SHAPE_BUF];
  return THError("%s: Found an invalid max index: %lld (output volumes are of size %s)", op, (long long)index,
                 THNNPool_gridStr(grid, sizeof grid, nDims, outGrid));
}

int THNN_MaxUnpool_updateOutput(int nDims, const THTensor *input, const THTensor *indices, THTensor *output,
                                const int64_t *outputSize) {
  const char *op = THNN_POOL_OP(UNPOOL, nDims);
  THNNPoolShape s;
  if (THNNPool_input(op, nDims, input, 0, &s) || THNNPool_checkIndices(op, indices) ||
      THNNPool_checkShape(op, "indices", indices, &s, s.in))
    return TH_ERR;
  if (!output || !outputSize) return THError("%s: output and outputSize must not be NULL", op);
  if (THNN_checkSameDType(op, "output", output, "input", input)) return TH_ERR;
  for (int j = 0; j < nDims; j++) {
    if (outputSize[j] < 0)
      return THError("%s: output size should not be negative, but got %lld", op, (long long)outputSize[j]);
    s.out[3 - nDims + j] = outputSize[j];
  }
  int64_t sizes[TH_MAX_DIMS];
  int nd = THNNPool_outputSizes(&s, sizes);
  THTensor *x = THTensor_newContiguous(input);
  THTensor *ind = x ? THTensor_newContiguous(indices) : NULL;
  THTensor *tmp = NULL, *y = ind ? THNN_resultTarget(output, nd, sizes, &tmp) : NULL;
  int status = TH_ERR;
  if (y) {
    int64_t badIndex = 0;
    int bad = 0;
    const int64_t inPlane = THNNPool_numel3(s.in), outPlane = THNNPool_numel3(s.out);
    if (THTensor_numel(y) > 0 || THTensor_numel(x) > 0) {
      if (THTensor_dtype(x) == TH_Float32)
        bad = unpoolPlanes_Float((const float *)THTensor_data(x), (const int64_t *)THTensor_data(ind),
                                 (float *)THTensor_data(y), s.planes, inPlane, outPlane, &badIndex);
      else
        bad = unpoolPlanes_Double((const double *)THTensor_data(x), (const int64_t *)THTensor_data(ind),
                                  (double *)THTensor_data(y), s.planes, inPlane, outPlane, &badIndex);
    }
    if (bad) {
      if (tmp) THTensor_free(tmp);
      status = badIndexError(op, nDims, badIndex, s.out);
    } else {
      status = THNN_resultFinish(output, tmp);
    }
  }
  if (x) THTensor_free(x);
  if (ind) THTensor_free(ind);
  return status;
}

int THNN_MaxUnpool_updateGradInput(int nDims, const THTensor *indices, const THTensor *gradOutput,
                                   THTensor *gradInput) {
  const char *op = THNN_POOL_OP(UNPOOL_BWD, nDims);
  if (!indices || !gradOutput || !gradInput) return THError("%s: a tensor argument is NULL", op);
  if (nDims < 1 || nDims > 3) return THError("%s: expected 1, 2 or 3 spatial dims, but got %d", op, nDims);
  if (THNN_checkFloating(op, "gradOutput", gradOutput) || THNNPool_checkIndices(op, indices) ||
      THNN_checkSameDType(op, "gradInput", gradInput, "gradOutput", gradOutput))
    return TH_ERR;
  int nd = THTensor_ndim(indices);
  char a[TH_SHAPE_BUF], b[TH_SHAPE_BUF];
  if (nd != nDims + 1 && nd != nDims + 2)
    return THError("%s: Expected %dD or %dD (batch mode) indices, but got: %s", op, nDims + 1, nDims + 2,
                   THNN_shapeStr(a, sizeof a, indices));
  int same = THTensor_ndim(gradOutput) == nd;
  for (int k = 0; same && k < nd - nDims; k++) same = THTensor_size(gradOutput, k) == THTensor_size(indices, k);
  if (!same)
    return THError("%s: expected gradOutput to have the rank and leading sizes of indices %s, but got %s", op,
                   THNN_shapeStr(a, sizeof a, indices), THNN_shapeStr(b, sizeof b, gradOutput));
  int64_t planes = 1, inPlane = 1, outPlane = 1, outGrid[3] = {1, 1, 1};
  for (int k = 0; k < nd - nDims; k++) planes *= THTensor_size(indices, k);
  for (int j = 0; j < nDims; j++) {
    inPlane *= THTensor_size(indices, nd - nDims + j);
    outGrid[3 - nDims + j] = THTensor_size(gradOutput, nd - nDims + j);
    outPlane *= outGrid[3 - nDims + j];
  }
  THTensor *go = THTensor_newContiguous(gradOutput);
  THTensor *ind = go ? THTensor_newContiguous(indices) : NULL;
  THTensor *tmp = NULL, *gi = ind ? THNN_resultTarget(gradInput, nd, THTensor_sizes(indices), &tmp) : NULL;
  int status = TH_ERR;
  if (gi) {
    int64_t badIndex = 0;
    int bad = 0;
    if (THTensor_numel(gi) > 0) {
      if (THTensor_dtype(go) == TH_Float32)
        bad = unpoolBackwardPlanes_Float((const float *)THTensor_data(go), (const int64_t *)THTensor_data(ind),
                                         (float *)THTensor_data(gi), planes, inPlane, outPlane, &badIndex);
      else
        bad = unpoolBackwardPlanes_Double((const double *)THTensor_data(go), (const int64_t *)THTensor_data(ind),
                                          (double *)THTensor_data(gi), planes, inPlane, outPlane, &badIndex);
    }
    if (bad) {
      if (tmp) THTensor_free(tmp);
      status = badIndexError(op, nDims, badIndex, outGrid);
    } else {
      status = THNN_resultFinish(gradInput, tmp);
    }
  }
  if (go) THTensor_free(go);
  if (ind) THTensor_free(ind);
  return status;
}
