/* Embedding lookup, max-norm renormalization and the weight gradient; and the helpers that
 * THNNEmbeddingBag.c shares (THNNEmbeddingCommon.h). The gradient is deterministic: indices are
 * grouped by row with a counting sort, then each row is summed, in index order, by one thread. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "THNNEmbeddingCommon.h"

#define THNN_GENERIC_FILE "generic/THNNEmbedding.c"
#include "THNNGenerateFloatTypes.h"

/* ---- shared helpers ---- */

THTensor *THNN_embeddingIndices(const char *op, const char *what, const THTensor *t) {
  THDType d = THTensor_dtype(t);
  if (d == TH_Int64) return THTensor_newContiguous(t);
  if (d != TH_Int32) {
    THError("%s: expected %s to be an int64 or int32 tensor, but got %s", op, what, THDType_name(d));
    return NULL;
  }
  THTensor *wide = THTensor_newTo(t, TH_Int64, 0);
  if (!wide) return NULL;
  THTensor *c = THTensor_newContiguous(wide);
  THTensor_free(wide);
  return c;
}

int THNN_embeddingCheckRange(const char *op, const char *what, const int64_t *idx, int64_t n, int64_t numEmbeddings) {
  for (int64_t i = 0; i < n; i++)
    if (idx[i] < 0 || idx[i] >= numEmbeddings)
      return THError("%s: index %lld (at position %lld of %s) is out of range for %lld embeddings (expected 0 <= index < %lld)",
                     op, (long long)idx[i], (long long)i, what, (long long)numEmbeddings, (long long)numEmbeddings);
  return TH_OK;
}

int THNN_embeddingPaddingIdx(const char *op, int64_t paddingIdx, int64_t numEmbeddings, int64_t *row) {
  *row = -1;
  if (paddingIdx == THNN_NO_PADDING_IDX) return TH_OK;
  if (paddingIdx < -numEmbeddings || paddingIdx >= numEmbeddings)
    return THError("%s: paddingIdx must be within the number of embeddings, -%lld through %lld, but got %lld", op,
                   (long long)numEmbeddings, (long long)numEmbeddings - 1, (long long)paddingIdx);
  *row = paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
  return TH_OK;
}

int THNN_embeddingCheckTable(const char *op, const char *what, const THTensor *w) {
  if (THNN_checkFloating(op, what, w)) return TH_ERR;
  if (THTensor_ndim(w) != 2) return THError("%s: '%s' must be 2-D, but got a %d-D tensor", op, what, THTensor_ndim(w));
  return TH_OK;
}

THTensor *THNN_embeddingSaved(const char *op, const char *what, const THTensor *t, int ndim, const int64_t *sizes) {
  if (!t) {
    THError("%s: %s is NULL", op, what);
    return NULL;
  }
  int same = THTensor_ndim(t) == ndim;
  for (int k = 0; same && k < ndim; k++) same = THTensor_size(t, k) == sizes[k];
  if (same) return THNN_embeddingIndices(op, what, t);
  char have[TH_SHAPE_BUF], want[TH_SHAPE_BUF];
  size_t used = (size_t)snprintf(want, sizeof want, "[");
  for (int k = 0; k < ndim && used < sizeof want; k++)
    used += (size_t)snprintf(want + used, sizeof want - used, k ? ", %lld" : "%lld", (long long)sizes[k]);
  if (used < sizeof want) snprintf(want + used, sizeof want - used, "]");
  THError("%s: expected %s to have shape %s, but got %s", op, what, want, THNN_shapeStr(have, sizeof have, t));
  return NULL;
}

int THNN_embeddingGroupByRow(const int64_t *idx, int64_t n, int64_t numRows, THNNRowGroups *groups) {
  groups->order = malloc((size_t)(n > 0 ? n : 1) * sizeof(int64_t));
  groups->rowStart = calloc((size_t)numRows + 1, sizeof(int64_t));
  if (!groups->order || !groups->rowStart) {
    THNN_embeddingFreeGroups(groups);
    return THError("embedding: out of memory grouping %lld indices by row", (long long)n);
  }
  int64_t *start = groups->rowStart;
  for (int64_t i = 0; i < n; i++) start[idx[i] + 1]++;
  for (int64_t k = 0; k < numRows; k++) start[k + 1] += start[k];
  /* place each position at its row's next free slot, then shift the starts back */
  for (int64_t i = 0; i < n; i++) groups->order[start[idx[i]]++] = i;
  for (int64_t k = numRows; k > 0; k--) start[k] = start[k - 1];
  start[0] = 0;
  return TH_OK;
}

void THNN_embeddingFreeGroups(THNNRowGroups *groups) {
  free(groups->order);
  free(groups->rowStart);
  groups->order = groups->rowStart = NULL;
}

static int maxThreads(void) {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

double *THNN_embeddingThreadBuffers(int64_t width) {
  double *b = malloc((size_t)maxThreads() * (size_t)(width > 0 ? width : 1) * sizeof(double));
  if (!b) THError("embedding: out of memory for %d accumulators of %lld", maxThreads(), (long long)width);
  return b;
}

double *THNN_embeddingThreadBuffer(double *buffers, int64_t width) {
#ifdef _OPENMP
  return buffers + (int64_t)omp_get_thread_num() * width;
#else
  return buffers;
#endif
}

/* ---- embedding ---- */

int THNN_Embedding_updateOutput(const THTensor *indices, const THTensor *weight, THTensor *output, int64_t paddingIdx) {
  const char *op = "embedding";
  if (!indices || !weight || !output) return THError("%s: a tensor argument is NULL", op);
  if (THNN_embeddingCheckTable(op, "weight", weight) || THNN_checkSameDType(op, "output", output, "weight", weight))
    return TH_ERR;
  int64_t numRows = THTensor_size(weight, 0), D = THTensor_size(weight, 1), pad;
  if (THNN_embeddingPaddingIdx(op, paddingIdx, numRows, &pad)) return TH_ERR;
  int nd = THTensor_ndim(indices);
  if (nd + 1 > TH_MAX_DIMS) return THError("%s: indices have %d dims; the output would have more than %d", op, nd, TH_MAX_DIMS);
  THTensor *idx = THNN_embeddingIndices(op, "indices", indices);
  if (!idx) return TH_ERR;
  const int64_t *ix = THTensor_data(idx);
  int64_t n = THTensor_numel(idx);
  int status = THNN_embeddingCheckRange(op, "indices", ix, n, numRows);
  if (status == TH_OK) {
    int64_t sizes[TH_MAX_DIMS];
    memcpy(sizes, THTensor_sizes(indices), (size_t)nd * sizeof(int64_t));
    sizes[nd] = D;
    THTensor *tmp, *y = THNN_resultTarget(output, nd + 1, sizes, &tmp);
    status = TH_ERR;
    if (y) {
      if (n * D > 0) {
        const int64_t s0 = THTensor_stride(weight, 0), s1 = THTensor_stride(weight, 1);
        if (THTensor_dtype(weight) == TH_Float32)
          gatherRows_Float(ix, n, THTensor_data(weight), s0, s1, D, THTensor_data(y));
        else
          gatherRows_Double(ix, n, THTensor_data(weight), s0, s1, D, THTensor_data(y));
      }
      status = THNN_resultFinish(output, tmp);
    }
  }
  THTensor_free(idx);
  return status;
}

int THNN_Embedding_renorm(THTensor *weight, const THTensor *indices, double maxNorm, double normType) {
  const char *op = "embeddingRenorm";
  if (!indices || !weight) return THError("%s: a tensor argument is NULL", op);
  if (THNN_embeddingCheckTable(op, "weight", weight)) return TH_ERR;
  if (!(maxNorm >= 0)) return THError("%s: maxNorm must be a non-negative number, but got %g", op, maxNorm);
  if (isnan(normType)) return THError("%s: normType must be a number, but got nan", op);
  int64_t numRows = THTensor_size(weight, 0), D = THTensor_size(weight, 1);
  THTensor *idx = THNN_embeddingIndices(op, "indices", indices);
  if (!idx) return TH_ERR;
  const int64_t *ix = THTensor_data(idx);
  int64_t n = THTensor_numel(idx);
  int status = THNN_embeddingCheckRange(op, "indices", ix, n, numRows);
  unsigned char *referenced = status == TH_OK ? calloc((size_t)numRows + 1, 1) : NULL;
  if (status == TH_OK && !referenced) status = THError("%s: out of memory", op);
  if (referenced) {
    for (int64_t i = 0; i < n; i++) referenced[ix[i]] = 1;
    const int64_t s0 = THTensor_stride(weight, 0), s1 = THTensor_stride(weight, 1);
    if (THTensor_dtype(weight) == TH_Float32)
      renormRows_Float(THTensor_data(weight), s0, s1, numRows, D, referenced, maxNorm, normType);
    else
      renormRows_Double(THTensor_data(weight), s0, s1, numRows, D, referenced, maxNorm, normType);
    free(referenced);
    THTensor_bumpVersion(weight);
  }
  THTensor_free(idx);
  return status;
}

int THNN_Embedding_accGradParameters(const THTensor *indices, const THTensor *gradOutput, THTensor *gradWeight,
                                     int64_t paddingIdx, int scaleGradByFreq, double scale) {
  const char *op = "embeddingBackward";
  if (!indices || !gradOutput || !gradWeight) return THError("%s: a tensor argument is NULL", op);
  if (THNN_checkFloating(op, "gradOutput", gradOutput) || THNN_embeddingCheckTable(op, "gradWeight", gradWeight) ||
      THNN_checkSameDType(op, "gradWeight", gradWeight, "gradOutput", gradOutput))
    return TH_ERR;
  int64_t numRows = THTensor_size(gradWeight, 0), D = THTensor_size(gradWeight, 1), pad;
  int nd = THTensor_ndim(indices);
  int shapeOk = THTensor_ndim(gradOutput) == nd + 1 && THTensor_size(gradOutput, nd) == D;
  for (int k = 0; shapeOk && k < nd; k++) shapeOk = THTensor_size(gradOutput, k) == THTensor_size(indices, k);
  if (!shapeOk) {
    char g[TH_SHAPE_BUF], i[TH_SHAPE_BUF];
    return THError("%s: expected gradOutput to have the shape of indices %s plus the embedding dim %lld, but got %s", op,
                   THNN_shapeStr(i, sizeof i, indices), (long long)D, THNN_shapeStr(g, sizeof g, gradOutput));
  }
  if (THNN_embeddingPaddingIdx(op, paddingIdx, numRows, &pad)) return TH_ERR;
  THTensor *idx = THNN_embeddingIndices(op, "indices", indices);
  if (!idx) return TH_ERR;
  const int64_t *ix = THTensor_data(idx);
  int64_t n = THTensor_numel(idx);
  THTensor *g = NULL;
  double *buffers = NULL;
  THNNRowGroups groups = {NULL, NULL};
  int status = THNN_embeddingCheckRange(op, "indices", ix, n, numRows);
  if (status == TH_OK && n * D > 0) {
    status = TH_ERR;
    if ((g = THTensor_newContiguous(gradOutput)) && (buffers = THNN_embeddingThreadBuffers(D)) &&
        THNN_embeddingGroupByRow(ix, n, numRows, &groups) == TH_OK) {
      const int64_t s0 = THTensor_stride(gradWeight, 0), s1 = THTensor_stride(gradWeight, 1);
      if (THTensor_dtype(gradOutput) == TH_Float32)
        THNN_embeddingAccRows_Float(&groups, numRows, D, THTensor_data(g), NULL, NULL, NULL, scaleGradByFreq, pad, scale,
                                    THTensor_data(gradWeight), s0, s1, buffers);
      else
        THNN_embeddingAccRows_Double(&groups, numRows, D, THTensor_data(g), NULL, NULL, NULL, scaleGradByFreq, pad, scale,
                                     THTensor_data(gradWeight), s0, s1, buffers);
      THTensor_bumpVersion(gradWeight);
      status = TH_OK;
    }
  }
  THNN_embeddingFreeGroups(&groups);
  free(buffers);
  if (g) THTensor_free(g);
  THTensor_free(idx);
  return status;
}
