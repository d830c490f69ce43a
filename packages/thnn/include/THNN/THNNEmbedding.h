/* THNNEmbedding.h — embedding lookup (THNN's LookupTable) and embedding bags (float32, float64
 * weights; int64 or int32 indices), as PyTorch's embedding / embedding_bag.
 *
 * Embedding: output = weight[indices], of shape indices.shape + [embeddingDim]. renorm rescales
 * (in place) each row of weight referenced by indices whose normType-norm exceeds maxNorm to
 * norm maxNorm / (norm + 1e-7) * norm (PyTorch's embedding_renorm_). accGradParameters adds
 * scale * the gradient of weight to gradWeight: row k gets the sum, in the order of the indices,
 * of the gradOutput rows whose index is k (divided by the number of occurrences of k in indices
 * with scaleGradByFreq); the paddingIdx row gets nothing. Rows are accumulated by separate threads
 * (the indices are grouped by row first), so the result does not depend on the thread count.
 *
 * EmbeddingBag: bags of indices reduced to one row each (sum, mean or max over the bag's rows of
 * weight). indices is 2-D [B, N] (B bags of N; offsets NULL) or 1-D with 1-D offsets: bag b holds
 * indices[offsets[b] .. offsets[b + 1]) (the last bag runs to the end of indices), or, with
 * includeLastOffset, offsets has B + 1 entries and its last one must be the number of indices (CSR
 * form). offsets must start at 0 and never decrease. Indices equal to paddingIdx are left out of
 * the reduction (and of the bag's size). Empty bags give zeros. perSampleWeights (mode sum only,
 * indices' shape, weight's dtype) scales each row before the sum. Results: output [B, D];
 * offset2bag [numIndices] (the bag of each index), bagSize [B] (non-padding indices per bag) and,
 * in mode max, maxIndices [B, D] (the row each maximum came from; 0 for an empty bag): all int64,
 * and each may be NULL when not wanted (maxIndices is ignored outside mode max). Backward takes
 * them back: accGradParameters adds scale * the gradient of weight into gradWeight, and
 * updateGradInput gives the gradient of perSampleWeights ([numIndices]: the dot product of each
 * index's bag gradient with its weight row; 0 for padding).
 *
 * paddingIdx is in [-numEmbeddings, numEmbeddings) (negative counts from the end), or
 * THNN_NO_PADDING_IDX. Every index must be in [0, numEmbeddings). Each call returns TH_OK or TH_ERR
 * (THGetLastError() says why). */
#ifndef THNN_EMBEDDING_H
#define THNN_EMBEDDING_H

#include "THNNGeneral.h"

/* No padding index. */
#define THNN_NO_PADDING_IDX INT64_MIN

typedef enum THNNEmbeddingBagMode {
  THNN_EmbeddingBagSum = 0,
  THNN_EmbeddingBagMean = 1,
  THNN_EmbeddingBagMax = 2
} THNNEmbeddingBagMode;

/* output = weight[indices] (resized to indices.shape + [weight.size(1)]). paddingIdx is only
 * checked (it matters in backward), as in PyTorch. */
THNN_API int THNN_Embedding_updateOutput(const THTensor *indices, const THTensor *weight, THTensor *output,
                                         int64_t paddingIdx);
/* Rescales, in place, the rows of weight referenced by indices whose norm exceeds maxNorm. */
THNN_API int THNN_Embedding_renorm(THTensor *weight, const THTensor *indices, double maxNorm, double normType);
/* gradWeight [numEmbeddings, D] += scale * d(sum(output * gradOutput))/d(weight); gradOutput has
 * the shape indices.shape + [D]. */
THNN_API int THNN_Embedding_accGradParameters(const THTensor *indices, const THTensor *gradOutput, THTensor *gradWeight,
                                              int64_t paddingIdx, int scaleGradByFreq, double scale);

THNN_API int THNN_EmbeddingBag_updateOutput(const THTensor *indices, const THTensor *offsets, const THTensor *weight,
                                            const THTensor *perSampleWeights, THTensor *output, THTensor *offset2bag,
                                            THTensor *bagSize, THTensor *maxIndices, THNNEmbeddingBagMode mode,
                                            int includeLastOffset, int64_t paddingIdx);
/* gradOutput [B, D]; offset2bag and bagSize as the forward gave them (bagSize is read in mode
 * mean, maxIndices in mode max); gradWeight [numEmbeddings, D]. scaleGradByFreq is refused in
 * mode max, as in PyTorch. */
THNN_API int THNN_EmbeddingBag_accGradParameters(const THTensor *indices, const THTensor *gradOutput,
                                                 const THTensor *offset2bag, const THTensor *bagSize,
                                                 const THTensor *maxIndices, const THTensor *perSampleWeights,
                                                 THTensor *gradWeight, THNNEmbeddingBagMode mode, int64_t paddingIdx,
                                                 int scaleGradByFreq, double scale);
/* gradPerSampleWeights (resized to [numIndices]) = the gradient of perSampleWeights (mode sum). */
THNN_API int THNN_EmbeddingBag_updateGradInput(const THTensor *indices, const THTensor *gradOutput,
                                               const THTensor *offset2bag, const THTensor *weight,
                                               THTensor *gradPerSampleWeights, THNNEmbeddingBagMode mode,
                                               int64_t paddingIdx);

#endif
