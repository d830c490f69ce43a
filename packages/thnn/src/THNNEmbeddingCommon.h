/* THNNEmbeddingCommon.h — what THNNEmbedding.c and THNNEmbeddingBag.c share (not installed):
 * index arguments, checks with PyTorch-like messages, grouping indices by row, per-thread
 * accumulators, and the deterministic row-gradient kernel. Defined in THNNEmbedding.c. */
#ifndef THNN_EMBEDDING_COMMON_H
#define THNN_EMBEDDING_COMMON_H

#include "THNNInternal.h"

/* Work (elements touched) below which the kernels stay on one thread. */
#define THNN_EMBEDDING_GRAIN 32768

/* An index tensor (int64 or int32, any shape and layout) as a new contiguous int64 tensor (t
 * itself, retained, when it already is one); NULL after THError for other dtypes. */
THTensor *THNN_embeddingIndices(const char *op, const char *what, const THTensor *t);
/* Every idx[i] is in [0, numEmbeddings), else TH_ERR naming the first bad one and the range. */
int THNN_embeddingCheckRange(const char *op, const char *what, const int64_t *idx, int64_t n, int64_t numEmbeddings);
/* paddingIdx (negative counts from the end, THNN_NO_PADDING_IDX for none) as a row in
 * [0, numEmbeddings), or -1 for none (no index matches it). */
int THNN_embeddingPaddingIdx(const char *op, int64_t paddingIdx, int64_t numEmbeddings, int64_t *row);
/* w is a 2-D float32/float64 tensor. */
int THNN_embeddingCheckTable(const char *op, const char *what, const THTensor *w);
/* A saved index tensor (offset2bag, bagSize, maxIndices: int64 or int32) of the given shape, as
 * THNN_embeddingIndices gives it; NULL after THError when absent or of another shape. */
THTensor *THNN_embeddingSaved(const char *op, const char *what, const THTensor *t, int ndim, const int64_t *sizes);

/* The positions 0..n-1 of idx grouped by row, in increasing position within a row (a counting
 * sort): row k's positions are order[rowStart[k] .. rowStart[k + 1]). */
typedef struct THNNRowGroups {
  int64_t *order;
  int64_t *rowStart; /* numRows + 1 entries */
} THNNRowGroups;
int THNN_embeddingGroupByRow(const int64_t *idx, int64_t n, int64_t numRows, THNNRowGroups *groups);
void THNN_embeddingFreeGroups(THNNRowGroups *groups);

/* One accumulator of `width` doubles per OpenMP thread (NULL after THError when out of memory);
 * a thread's is buffers + omp_get_thread_num() * width, see THNN_embeddingThreadBuffer. */
double *THNN_embeddingThreadBuffers(int64_t width);
double *THNN_embeddingThreadBuffer(double *buffers, int64_t width);

/* Gradient of the rows of a table (gw [numRows, D], strides gs0/gs1), accumulated: for each row
 * k != paddingRow, gw[k] += scale * sum over the positions j of row k (in order) of
 * coef(j) * grad[src(j)], where src(j) = srcRow ? srcRow[j] : j, and coef(j) is the product of
 * sampleWeights[j] (when given), 1 / bagSize[src(j)] (when bagSize is given and that is not 0) and
 * 1 / count(k) (scaleGradByFreq). grad is contiguous [*, D]. Rows go to separate threads; buffers
 * are THNN_embeddingThreadBuffers(D). */
void THNN_embeddingAccRows_Float(const THNNRowGroups *groups, int64_t numRows, int64_t D, const float *grad,
                                 const int64_t *srcRow, const float *sampleWeights, const int64_t *bagSize,
                                 int scaleGradByFreq, int64_t paddingRow, double scale, float *gw, int64_t gs0,
                                 int64_t gs1, double *buffers);
void THNN_embeddingAccRows_Double(const THNNRowGroups *groups, int64_t numRows, int64_t D, const double *grad,
                                  const int64_t *srcRow, const double *sampleWeights, const int64_t *bagSize,
                                  int scaleGradByFreq, int64_t paddingRow, double scale, double *gw, int64_t gs0,
                                  int64_t gs1, double *buffers);

#endif
