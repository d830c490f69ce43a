/* Embedding bags: forward (sum / mean / max per bag), the weight gradient and the gradient of
 * the per-sample weights. The arguments are checked up front (offsets start at 0, never decrease
 * and stay within the indices; every index is in range), then bags become one array of bounds. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "THNNEmbeddingCommon.h"

#define THNN_GENERIC_FILE "generic/THNNEmbeddingBag.c"
#include "THNNGenerateFloatTypes.h"

static const char *modeName(THNNEmbeddingBagMode mode) {
  return mode == THNN_EmbeddingBagSum ? "sum" : mode == THNN_EmbeddingBagMean ? "mean" : "max";
}

static int checkMode(const char *op, THNNEmbeddingBagMode mode) {
  if (mode == THNN_EmbeddingBagSum || mode == THNN_EmbeddingBagMean || mode == THNN_EmbeddingBagMax) return TH_OK;
  return THError("%s: mode has to be one of sum (0), mean (1) or max (2), but got %d", op, (int)mode);
}

/* The bags as bounds[0..B] (bag b: positions bounds[b] .. bounds[b + 1]) from 2-D indices [B, L]
 * or 1-D indices and offsets; *bounds is malloc'ed. */
static int bagBounds(const char *op, const THTensor *indices, const THTensor *offsets, int includeLastOffset,
                     int64_t **bounds, int64_t *numBags) {
  *bounds = NULL;
  int nd = THTensor_ndim(indices);
  int64_t n = THTensor_numel(indices), B;
  if (nd == 2) {
    if (offsets)
      return THError("%s: if input is 2-D, then offsets has to be None, as input is treated as a mini-batch of fixed "
                     "length sequences", op);
    if (includeLastOffset)
      return THError("%s: includeLastOffset needs 1-D input with offsets (2-D input has no last offset)", op);
    B = THTensor_size(indices, 0);
    int64_t len = THTensor_size(indices, 1);
    if (!(*bounds = malloc((size_t)(B + 1) * sizeof(int64_t)))) return THError("%s: out of memory", op);
    for (int64_t b = 0; b <= B; b++) (*bounds)[b] = b * len;
    *numBags = B;
    return TH_OK;
  }
  if (nd != 1) return THError("%s: input has to be 1D or 2D Tensor, but got Tensor of dimension %d", op, nd);
  if (!offsets) return THError("%s: offsets has to be a 1D Tensor but got None", op);
  if (THTensor_ndim(offsets) != 1)
    return THError("%s: offsets has to be a 1D Tensor, but got Tensor of dimension %d", op, THTensor_ndim(offsets));
  THTensor *offs = THNN_embeddingIndices(op, "offsets", offsets);
  if (!offs) return TH_ERR;
  const int64_t *o = THTensor_data(offs);
  int64_t m = THTensor_numel(offs);
  int status = TH_ERR;
  if (includeLastOffset && m < 1)
    THError("%s: includeLastOffset: the number of offsets should be at least 1", op);
  else if (!includeLastOffset && m == 0 && n > 0)
    THError("%s: offsets is empty, so there are no bags for the %lld indices of input", op, (long long)n);
  else if (m > 0 && o[0] != 0)
    THError("%s: offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. "
            "However, got %lld", op, (long long)o[0]);
  else {
    status = TH_OK;
    for (int64_t k = 1; status == TH_OK && k < m; k++)
      if (o[k] < o[k - 1])
        status = THError("%s: offsets must be non-decreasing, but offsets[%lld] = %lld < offsets[%lld] = %lld", op,
                         (long long)k, (long long)o[k], (long long)(k - 1), (long long)o[k - 1]);
    if (status == TH_OK && m > 0 && o[m - 1] > n)
      status = THError("%s: offsets[-1] can not be greater than input's length %lld but got offsets[-1] of %lld", op,
                       (long long)n, (long long)o[m - 1]);
    if (status == TH_OK && includeLastOffset && o[m - 1] != n)
      status = THError("%s: includeLastOffset: offsets[-1] must be input's length %lld (the end of the last bag), but "
                       "got %lld", op, (long long)n, (long long)o[m - 1]);
  }
  if (status == TH_OK) {
    B = includeLastOffset ? m - 1 : m;
    if (!(*bounds = malloc((size_t)(B + 1) * sizeof(int64_t)))) {
      status = THError("%s: out of memory", op);
    } else {
      memcpy(*bounds, o, (size_t)B * sizeof(int64_t));
      (*bounds)[B] = n;
      *numBags = B;
    }
  }
  THTensor_free(offs);
  return status;
}

/* Every offset2bag[j] is a bag in [0, B). */
static int checkBagOfEachIndex(const char *op, const int64_t *offset2bag, int64_t n, int64_t B) {
  for (int64_t j = 0; j < n; j++)
    if (offset2bag[j] < 0 || offset2bag[j] >= B)
      return THError("%s: offset2bag[%lld] = %lld is not a bag (expected 0 <= bag < %lld)", op, (long long)j,
                     (long long)offset2bag[j], (long long)B);
  return TH_OK;
}

/* A result the kernel writes contiguously (THNN_resultTarget's protocol), NULL when not wanted.
 * Index results are written as int64 and converted when the caller's tensor is int32. */
typedef struct Result {
  THTensor *r, *tmp, *y;
} Result;

static int resultStart(const char *op, const char *what, Result *res, THTensor *r, THDType dtype, int ndim,
                       const int64_t *sizes) {
  res->r = r, res->tmp = res->y = NULL;
  if (!r) return TH_OK;
  THDType have = THTensor_dtype(r);
  if (dtype == TH_Int64 && have == TH_Int32) {
    if (THTensor_resize(r, ndim, sizes)) return TH_ERR;
    res->y = res->tmp = THTensor_newWithSize(TH_Int64, ndim, sizes);
    return res->y ? TH_OK : TH_ERR;
  }
  if (have != dtype)
    return THError("%s: expected %s to be %s tensor, but got %s", op, what,
                   dtype == TH_Int64 ? "an int64 or int32" : "a float32 or float64", THDType_name(have));
  res->y = THNN_resultTarget(r, ndim, sizes, &res->tmp);
  return res->y ? TH_OK : TH_ERR;
}

static void *resultData(const Result *res) { return res->y ? THTensor_data(res->y) : NULL; }

/* Finishes (status TH_OK) or abandons the result; returns the combined status. */
static int resultEnd(Result *res, int status) {
  if (!res->y) return status;
  if (status == TH_OK) return THNN_resultFinish(res->r, res->tmp);
  if (res->tmp) THTensor_free(res->tmp);
  return status;
}

int THNN_EmbeddingBag_updateOutput(const THTensor *indices, const THTensor *offsets, const THTensor *weight,
                                   const THTensor *perSampleWeights, THTensor *output, THTensor *offset2bag,
                                   THTensor *bagSize, THTensor *maxIndices, THNNEmbeddingBagMode mode,
                                   int includeLastOffset, int64_t paddingIdx) {
  const char *op = "embeddingBag";
  if (!indices || !weight || !output) return THError("%s: a tensor argument is NULL", op);
  if (checkMode(op, mode) || THNN_embeddingCheckTable(op, "weight", weight) ||
      THNN_checkSameDType(op, "output", output, "weight", weight))
    return TH_ERR;
  int64_t numRows = THTensor_size(weight, 0), D = THTensor_size(weight, 1), pad;
  if (THNN_embeddingPaddingIdx(op, paddingIdx, numRows, &pad)) return TH_ERR;
  if (perSampleWeights) {
    if (mode != THNN_EmbeddingBagSum)
      return THError("%s: perSampleWeights was not None. perSampleWeights is only supported for mode='sum' (got "
                     "mode='%s')", op, modeName(mode));
    if (THNN_checkSameDType(op, "perSampleWeights", perSampleWeights, "weight", weight) ||
        THNN_checkSameShape(op, "perSampleWeights", perSampleWeights, "input", indices))
      return TH_ERR;
  }
  int64_t *bounds, B;
  if (bagBounds(op, indices, offsets, includeLastOffset, &bounds, &B)) return TH_ERR;
  THTensor *idx = THNN_embeddingIndices(op, "input", indices);
  THTensor *psw = NULL;
  double *buffers = NULL;
  int64_t n = THTensor_numel(indices);
  Result out = {0}, o2b = {0}, size = {0}, maxIdx = {0};
  int status = TH_ERR;
  if (idx && (!perSampleWeights || (psw = THTensor_newContiguous(perSampleWeights))) &&
      THNN_embeddingCheckRange(op, "input", THTensor_data(idx), n, numRows) == TH_OK &&
      (buffers = THNN_embeddingThreadBuffers(D)) &&
      resultStart(op, "output", &out, output, THTensor_dtype(weight), 2, (int64_t[]){B, D}) == TH_OK &&
      resultStart(op, "offset2bag", &o2b, offset2bag, TH_Int64, 1, &n) == TH_OK &&
      resultStart(op, "bagSize", &size, bagSize, TH_Int64, 1, &B) == TH_OK &&
      resultStart(op, "maxIndices", &maxIdx, mode == THNN_EmbeddingBagMax ? maxIndices : NULL, TH_Int64, 2,
                  (int64_t[]){B, D}) == TH_OK) {
    const int64_t s0 = THTensor_stride(weight, 0), s1 = THTensor_stride(weight, 1);
    if (THTensor_dtype(weight) == TH_Float32)
      bagForward_Float(THTensor_data(idx), bounds, B, THTensor_data(weight), s0, s1, D,
                       psw ? THTensor_data(psw) : NULL, mode, pad, resultData(&out), resultData(&o2b),
                       resultData(&size), resultData(&maxIdx), buffers);
    else
      bagForward_Double(THTensor_data(idx), bounds, B, THTensor_data(weight), s0, s1, D,
                        psw ? THTensor_data(psw) : NULL, mode, pad, resultData(&out), resultData(&o2b),
                        resultData(&size), resultData(&maxIdx), buffers);
    status = TH_OK;
  }
  status = resultEnd(&maxIdx, resultEnd(&size, resultEnd(&o2b, resultEnd(&out, status))));
  free(buffers);
  free(bounds);
  if (psw) THTensor_free(psw);
  if (idx) THTensor_free(idx);
  return status;
}

/* The checks both backward functions make: gradOutput [B, D] of the table's dtype and width,
 * indices (1-D or 2-D) in range, and, when o2b is not NULL, offset2bag [numIndices] of bags in
 * [0, B) (*o2b: it as contiguous int64). Returns the indices as contiguous int64, or NULL. */
static THTensor *backwardIndices(const char *op, const THTensor *indices, const THTensor *gradOutput,
                                 const THTensor *table, const char *tableName, const THTensor *offset2bag,
                                 THTensor **o2b) {
  if (THNN_checkFloating(op, "gradOutput", gradOutput) || THNN_embeddingCheckTable(op, tableName, table) ||
      THNN_checkSameDType(op, tableName, table, "gradOutput", gradOutput))
    return NULL;
  if (THTensor_ndim(gradOutput) != 2 || THTensor_size(gradOutput, 1) != THTensor_size(table, 1)) {
    char g[TH_SHAPE_BUF];
    THError("%s: expected gradOutput to be [numBags, %lld] (the embedding dim of %s), but got %s", op,
            (long long)THTensor_size(table, 1), tableName, THNN_shapeStr(g, sizeof g, gradOutput));
    return NULL;
  }
  if (THTensor_ndim(indices) != 1 && THTensor_ndim(indices) != 2) {
    THError("%s: input has to be 1D or 2D Tensor, but got Tensor of dimension %d", op, THTensor_ndim(indices));
    return NULL;
  }
  int64_t n = THTensor_numel(indices);
  THTensor *idx = THNN_embeddingIndices(op, "input", indices);
  if (!idx) return NULL;
  if (THNN_embeddingCheckRange(op, "input", THTensor_data(idx), n, THTensor_size(table, 0)) == TH_OK &&
      (!o2b || ((*o2b = THNN_embeddingSaved(op, "offset2bag", offset2bag, 1, &n)) &&
                checkBagOfEachIndex(op, THTensor_data(*o2b), n, THTensor_size(gradOutput, 0)) == TH_OK)))
    return idx;
  if (o2b && *o2b) THTensor_free(*o2b), *o2b = NULL;
  THTensor_free(idx);
  return NULL;
}

/* Max mode: every maxIndices entry of a non-empty bag is a row of the table. */
static int checkMaxIndices(const char *op, const int64_t *maxIdx, const int64_t *bagSize, int64_t B, int64_t D,
                           int64_t numRows) {
  for (int64_t b = 0; b < B; b++)
    for (int64_t d = 0; bagSize[b] != 0 && d < D; d++)
      if (maxIdx[b * D + d] < 0 || maxIdx[b * D + d] >= numRows)
        return THError("%s: maxIndices[%lld][%lld] = %lld is out of range for %lld embeddings", op, (long long)b,
                       (long long)d, (long long)maxIdx[b * D + d], (long long)numRows);
  return TH_OK;
}

/* Mode max: gw[maxIndices[b, d], d] += scale * g[b, d] over the non-empty bags. */
static int maxModeGrad(const char *op, const THTensor *g, const THTensor *bagSize, const THTensor *maxIndices,
                       THTensor *gradWeight, double scale) {
  int64_t B = THTensor_size(g, 0), D = THTensor_size(g, 1), numRows = THTensor_size(gradWeight, 0);
  THTensor *size = THNN_embeddingSaved(op, "bagSize", bagSize, 1, &B);
  THTensor *maxIdx = size ? THNN_embeddingSaved(op, "maxIndices", maxIndices, 2, (int64_t[]){B, D}) : NULL;
  int status = TH_ERR;
  if (maxIdx && checkMaxIndices(op, THTensor_data(maxIdx), THTensor_data(size), B, D, numRows) == TH_OK) {
    const int64_t s0 = THTensor_stride(gradWeight, 0), s1 = THTensor_stride(gradWeight, 1);
    if (THTensor_dtype(g) == TH_Float32)
      bagMaxBackward_Float(THTensor_data(g), THTensor_data(maxIdx), THTensor_data(size), B, D, scale,
                           THTensor_data(gradWeight), s0, s1);
    else
      bagMaxBackward_Double(THTensor_data(g), THTensor_data(maxIdx), THTensor_data(size), B, D, scale,
                            THTensor_data(gradWeight), s0, s1);
    status = TH_OK;
  }
  if (size) THTensor_free(size);
  if (maxIdx) THTensor_free(maxIdx);
  return status;
}

/* Modes sum and mean: each index's bag gradient (times its sample weight, over its bag size in
 * mode mean) added to its row, rows grouped so that each is summed by one thread in order. */
static int sumModeGrad(const char *op, const THTensor *g, const THTensor *idx, const THTensor *o2b,
                       const THTensor *bagSize, const THTensor *perSampleWeights, THTensor *gradWeight,
                       THNNEmbeddingBagMode mode, int64_t pad, int scaleGradByFreq, double scale) {
  int64_t B = THTensor_size(g, 0), D = THTensor_size(g, 1), numRows = THTensor_size(gradWeight, 0);
  int64_t n = THTensor_numel(idx);
  if (n * D == 0) return TH_OK;
  THTensor *size = NULL, *psw = NULL;
  double *buffers = NULL;
  THNNRowGroups groups = {NULL, NULL};
  int status = TH_ERR;
  if ((mode != THNN_EmbeddingBagMean || (size = THNN_embeddingSaved(op, "bagSize", bagSize, 1, &B))) &&
      (!perSampleWeights || (psw = THTensor_newContiguous(perSampleWeights))) &&
      (buffers = THNN_embeddingThreadBuffers(D)) &&
      THNN_embeddingGroupByRow(THTensor_data(idx), n, numRows, &groups) == TH_OK) {
    const int64_t s0 = THTensor_stride(gradWeight, 0), s1 = THTensor_stride(gradWeight, 1);
    const int64_t *sz = size ? THTensor_data(size) : NULL;
    if (THTensor_dtype(g) == TH_Float32)
      THNN_embeddingAccRows_Float(&groups, numRows, D, THTensor_data(g), THTensor_data(o2b),
                                  psw ? THTensor_data(psw) : NULL, sz, scaleGradByFreq, pad, scale,
                                  THTensor_data(gradWeight), s0, s1, buffers);
    else
      THNN_embeddingAccRows_Double(&groups, numRows, D, THTensor_data(g), THTensor_data(o2b),
                                   psw ? THTensor_data(psw) : NULL, sz, scaleGradByFreq, pad, scale,
                                   THTensor_data(gradWeight), s0, s1, buffers);
    status = TH_OK;
  }
  THNN_embeddingFreeGroups(&groups);
  free(buffers);
  if (psw) THTensor_free(psw);
  if (size) THTensor_free(size);
  return status;
}

int THNN_EmbeddingBag_accGradParameters(const THTensor *indices, const THTensor *gradOutput, const THTensor *offset2bag,
                                        const THTensor *bagSize, const THTensor *maxIndices,
                                        const THTensor *perSampleWeights, THTensor *gradWeight,
                                        THNNEmbeddingBagMode mode, int64_t paddingIdx, int scaleGradByFreq,
                                        double scale) {
  const char *op = "embeddingBagBackward";
  if (!indices || !gradOutput || !gradWeight) return THError("%s: a tensor argument is NULL", op);
  if (checkMode(op, mode)) return TH_ERR;
  int isMax = mode == THNN_EmbeddingBagMax;
  if (isMax && scaleGradByFreq) return THError("%s: max mode does not support scaling the gradient by the frequency", op);
  if (perSampleWeights) {
    if (mode != THNN_EmbeddingBagSum)
      return THError("%s: perSampleWeights is only supported for mode='sum' (got mode='%s')", op, modeName(mode));
    if (THNN_checkSameDType(op, "perSampleWeights", perSampleWeights, "gradOutput", gradOutput) ||
        THNN_checkSameShape(op, "perSampleWeights", perSampleWeights, "input", indices))
      return TH_ERR;
  }
  int64_t pad;
  THTensor *o2b = NULL;
  THTensor *idx = backwardIndices(op, indices, gradOutput, gradWeight, "gradWeight", offset2bag, isMax ? NULL : &o2b);
  if (!idx) return TH_ERR;
  THTensor *g = NULL;
  int status = TH_ERR;
  if (THNN_embeddingPaddingIdx(op, paddingIdx, THTensor_size(gradWeight, 0), &pad) == TH_OK &&
      (g = THTensor_newContiguous(gradOutput))) {
    status = isMax ? maxModeGrad(op, g, bagSize, maxIndices, gradWeight, scale)
                   : sumModeGrad(op, g, idx, o2b, bagSize, perSampleWeights, gradWeight, mode, pad, scaleGradByFreq,
                                 scale);
    if (status == TH_OK) THTensor_bumpVersion(gradWeight);
  }
  if (g) THTensor_free(g);
  if (o2b) THTensor_free(o2b);
  THTensor_free(idx);
  return status;
}

int THNN_EmbeddingBag_updateGradInput(const THTensor *indices, const THTensor *gradOutput, const THTensor *offset2bag,
                                      const THTensor *weight, THTensor *gradPerSampleWeights,
                                      THNNEmbeddingBagMode mode, int64_t paddingIdx) {
  const char *op = "embeddingBagBackward";
  if (!indices || !gradOutput || !weight || !gradPerSampleWeights) return THError("%s: a tensor argument is NULL", op);
  if (checkMode(op, mode)) return TH_ERR;
  if (mode != THNN_EmbeddingBagSum)
    return THError("%s: perSampleWeights is only supported for mode='sum' (got mode='%s')", op, modeName(mode));
  if (THNN_checkSameDType(op, "gradPerSampleWeights", gradPerSampleWeights, "gradOutput", gradOutput)) return TH_ERR;
  THTensor *o2b = NULL;
  THTensor *idx = backwardIndices(op, indices, gradOutput, weight, "weight", offset2bag, &o2b);
  if (!idx) return TH_ERR;
  int64_t numRows = THTensor_size(weight, 0), D = THTensor_size(weight, 1), n = THTensor_numel(idx), pad;
  THTensor *g = NULL, *tmp = NULL, *y = NULL;
  int status = TH_ERR;
  if (THNN_embeddingPaddingIdx(op, paddingIdx, numRows, &pad) == TH_OK && (g = THTensor_newContiguous(gradOutput)) &&
      (y = THNN_resultTarget(gradPerSampleWeights, 1, &n, &tmp))) {
    const int64_t s0 = THTensor_stride(weight, 0), s1 = THTensor_stride(weight, 1);
    if (THTensor_dtype(weight) == TH_Float32)
      bagSampleWeightGrad_Float(THTensor_data(g), THTensor_data(idx), THTensor_data(o2b), n, THTensor_data(weight), s0,
                                s1, D, pad, THTensor_data(y));
    else
      bagSampleWeightGrad_Double(THTensor_data(g), THTensor_data(idx), THTensor_data(o2b), n, THTensor_data(weight), s0,
                                 s1, D, pad, THTensor_data(y));
    status = THNN_resultFinish(gradPerSampleWeights, tmp);
  }
  if (g) THTensor_free(g);
  if (o2b) THTensor_free(o2b);
  THTensor_free(idx);
  return status;
}
