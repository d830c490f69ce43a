/* THNNLoss.h — loss functions (float32, float64), forward and backward, as PyTorch 1.13 computes them.
 *
 * Conventions shared by every loss:
 *  - reduction is THNNReduction: None gives one value per element (or per sample, for the
 *    classification and margin losses), Mean their average, Sum their sum. Reduced outputs are
 *    resized to 0-d tensors.
 *  - output, gradInput and the other results are passed in by the caller and resized inside; they
 *    must have the input's dtype. Optional tensors (weights, gradTarget, ...) may be NULL.
 *  - gradOutput has the output's shape: one element when the loss was reduced.
 *  - inputs may be non-contiguous; "target has the input's shape" is checked (PyTorch broadcasts
 *    with a warning for the regression losses; this library rejects the mismatch).
 *  - every call returns TH_OK, or TH_ERR with the reason in THGetLastError().
 * The files: THNNLossPointwise.c (elementwise losses), THNNLossClassification.c (nll, cross-entropy),
 * THNNLossMargin.c (per-sample margin and embedding losses), THNNLossCTC.c. */
#ifndef THNN_LOSS_H
#define THNN_LOSS_H

#include "THNNGeneral.h"

/* ---------------------------------------------------------------------------------------------
 * Elementwise losses: one table of kinds. Each reads up to four tensors of the input's shape:
 * input, target and two extra operands, which are broadcast to the input's shape (a class weight
 * of shape [C] for an input [N, C], say). Parameters are doubles, params[] in the order below
 * (NULL: the defaults).
 *
 *   kind            name                         extra1   extra2     params (defaults)              gradients
 *   MSE             mseLoss                      -        -          -                              input, target
 *   L1              l1Loss                       -        -          -                              input, target
 *   SmoothL1        smoothL1Loss                 -        -          beta (1); 0 is l1Loss          input, target
 *   Huber           huberLoss                    -        -          delta (1)                      input, target
 *   BCE             binaryCrossEntropy           weight   -          -                              input, target
 *   BCEWithLogits   binaryCrossEntropyWithLogits weight   posWeight  -                              input, target
 *   KLDiv           klDiv                        -        -          logTarget (0)                  input, target
 *   PoissonNLL      poissonNllLoss               -        -          logInput (1), full (0), eps (1e-8)  input, target
 *   GaussianNLL     gaussianNllLoss              var      -          full (0), eps (1e-6)           input, target, var
 *   SoftMargin      softMarginLoss               -        -          -                              input
 *   HingeEmbedding  hingeEmbeddingLoss           -        -          margin (1)                     input
 *   MarginRanking   marginRankingLoss            target   -          margin (0)                     input1, input2, target
 *
 * MarginRanking reads (input1, input2, target) as (input, target, extra1). GaussianNLL's var must
 * have no negative entry (it is clamped to >= eps, without stopping its gradient, as PyTorch);
 * BCE's input must lie in [0, 1] (logs are clamped to >= -100). The gradient of an extra operand
 * (var) has the extra operand's own shape: broadcast dims are summed.
 * --------------------------------------------------------------------------------------------- */
#define THNN_POINTWISE_LOSS_MAX_PARAMS 3

/* _(Kind, name, number of extra operands, number of params, has a target gradient, has an extra1 gradient) */
#define THNN_FOR_EACH_POINTWISE_LOSS(_)                \
  _(MSE, mseLoss, 0, 0, 1, 0)                          \
  _(L1, l1Loss, 0, 0, 1, 0)                            \
  _(SmoothL1, smoothL1Loss, 0, 1, 1, 0)                \
  _(Huber, huberLoss, 0, 1, 1, 0)                      \
  _(BCE, binaryCrossEntropy, 1, 0, 1, 0)               \
  _(BCEWithLogits, binaryCrossEntropyWithLogits, 2, 0, 1, 0) \
  _(KLDiv, klDiv, 0, 1, 1, 0)                          \
  _(PoissonNLL, poissonNllLoss, 0, 3, 1, 0)            \
  _(GaussianNLL, gaussianNllLoss, 1, 2, 1, 1)          \
  _(SoftMargin, softMarginLoss, 0, 0, 0, 0)            \
  _(HingeEmbedding, hingeEmbeddingLoss, 0, 1, 0, 0)    \
  _(MarginRanking, marginRankingLoss, 1, 1, 1, 1)

typedef enum THNNPointwiseLoss {
#define THNN_POINTWISE_LOSS_ENUM_(Kind, name, ne, np, gt, ge) THNN_PointwiseLoss_##Kind,
  THNN_FOR_EACH_POINTWISE_LOSS(THNN_POINTWISE_LOSS_ENUM_)
#undef THNN_POINTWISE_LOSS_ENUM_
  THNN_NumPointwiseLosses
} THNNPointwiseLoss;

/* The loss's name ("mseLoss", ...), or NULL for an invalid kind. */
THNN_API const char *THNN_PointwiseLoss_name(THNNPointwiseLoss kind);
/* Writes the kind's default parameters into params[THNN_POINTWISE_LOSS_MAX_PARAMS]; TH_ERR for an invalid kind. */
THNN_API int THNN_PointwiseLoss_defaults(THNNPointwiseLoss kind, double *params);

/* extra1/extra2: as the table says (NULL when the kind has none, or for an absent weight). */
THNN_API int THNN_PointwiseLoss_updateOutput(THNNPointwiseLoss kind, const THTensor *input, const THTensor *target,
                                             const THTensor *extra1, const THTensor *extra2, THTensor *output,
                                             THNNReduction reduction, const double *params);
/* gradTarget / gradExtra1 may be NULL (not wanted); asking for one the kind does not have is an error. */
THNN_API int THNN_PointwiseLoss_updateGradInput(THNNPointwiseLoss kind, const THTensor *input, const THTensor *target,
                                                const THTensor *extra1, const THTensor *extra2,
                                                const THTensor *gradOutput, THTensor *gradInput, THTensor *gradTarget,
                                                THTensor *gradExtra1, THNNReduction reduction, const double *params);

/* The same losses under original THNN names. */
THNN_API int THNN_MSECriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                            THNNReduction reduction);
THNN_API int THNN_MSECriterion_updateGradInput(const THTensor *input, const THTensor *target, const THTensor *gradOutput,
                                               THTensor *gradInput, THTensor *gradTarget, THNNReduction reduction);
THNN_API int THNN_AbsCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                            THNNReduction reduction);
THNN_API int THNN_AbsCriterion_updateGradInput(const THTensor *input, const THTensor *target, const THTensor *gradOutput,
                                               THTensor *gradInput, THTensor *gradTarget, THNNReduction reduction);
THNN_API int THNN_SmoothL1Criterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                                 THNNReduction reduction, double beta);
THNN_API int THNN_SmoothL1Criterion_updateGradInput(const THTensor *input, const THTensor *target,
                                                    const THTensor *gradOutput, THTensor *gradInput,
                                                    THTensor *gradTarget, THNNReduction reduction, double beta);
THNN_API int THNN_HuberCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                              THNNReduction reduction, double delta);
THNN_API int THNN_HuberCriterion_updateGradInput(const THTensor *input, const THTensor *target,
                                                 const THTensor *gradOutput, THTensor *gradInput, THTensor *gradTarget,
                                                 THNNReduction reduction, double delta);
THNN_API int THNN_BCECriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                            THNNReduction reduction, const THTensor *weights);
THNN_API int THNN_BCECriterion_updateGradInput(const THTensor *input, const THTensor *target, const THTensor *gradOutput,
                                               THTensor *gradInput, THTensor *gradTarget, THNNReduction reduction,
                                               const THTensor *weights);
THNN_API int THNN_BCEWithLogitsCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                                      THNNReduction reduction, const THTensor *weights,
                                                      const THTensor *posWeight);
THNN_API int THNN_BCEWithLogitsCriterion_updateGradInput(const THTensor *input, const THTensor *target,
                                                         const THTensor *gradOutput, THTensor *gradInput,
                                                         THTensor *gradTarget, THNNReduction reduction,
                                                         const THTensor *weights, const THTensor *posWeight);
THNN_API int THNN_DistKLDivCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                                  THNNReduction reduction, int logTarget);
THNN_API int THNN_DistKLDivCriterion_updateGradInput(const THTensor *input, const THTensor *target,
                                                     const THTensor *gradOutput, THTensor *gradInput,
                                                     THTensor *gradTarget, THNNReduction reduction, int logTarget);
THNN_API int THNN_PoissonNLLCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                                   THNNReduction reduction, int logInput, int full, double eps);
THNN_API int THNN_PoissonNLLCriterion_updateGradInput(const THTensor *input, const THTensor *target,
                                                      const THTensor *gradOutput, THTensor *gradInput,
                                                      THTensor *gradTarget, THNNReduction reduction, int logInput,
                                                      int full, double eps);
THNN_API int THNN_GaussianNLLCriterion_updateOutput(const THTensor *input, const THTensor *target, const THTensor *var,
                                                    THTensor *output, THNNReduction reduction, int full, double eps);
THNN_API int THNN_GaussianNLLCriterion_updateGradInput(const THTensor *input, const THTensor *target,
                                                       const THTensor *var, const THTensor *gradOutput,
                                                       THTensor *gradInput, THTensor *gradTarget, THTensor *gradVar,
                                                       THNNReduction reduction, int full, double eps);
THNN_API int THNN_SoftMarginCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                                   THNNReduction reduction);
THNN_API int THNN_SoftMarginCriterion_updateGradInput(const THTensor *input, const THTensor *target,
                                                      const THTensor *gradOutput, THTensor *gradInput,
                                                      THNNReduction reduction);
THNN_API int THNN_HingeEmbeddingCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                                       THNNReduction reduction, double margin);
THNN_API int THNN_HingeEmbeddingCriterion_updateGradInput(const THTensor *input, const THTensor *target,
                                                          const THTensor *gradOutput, THTensor *gradInput,
                                                          THNNReduction reduction, double margin);
THNN_API int THNN_MarginRankingCriterion_updateOutput(const THTensor *input1, const THTensor *input2,
                                                      const THTensor *target, THTensor *output,
                                                      THNNReduction reduction, double margin);
THNN_API int THNN_MarginRankingCriterion_updateGradInput(const THTensor *input1, const THTensor *input2,
                                                         const THTensor *target, const THTensor *gradOutput,
                                                         THTensor *gradInput1, THTensor *gradInput2,
                                                         THTensor *gradTarget, THNNReduction reduction, double margin);

/* ---------------------------------------------------------------------------------------------
 * Classification: input [N, C, d1, ...], [N, C] or [C] (scores per class along dim 1, or dim 0
 * for a 1-d input); class-index targets are int64 of shape [N, d1, ...], [N] or [] with values in
 * [0, C) or equal to ignoreIndex. weights: NULL or [C]. Mean divides by the total weight of the
 * non-ignored targets (NaN when it is 0, as PyTorch); totalWeight (a 0-d result) receives it.
 * --------------------------------------------------------------------------------------------- */
/* Negative log-likelihood of log-probabilities. output: the target's shape (None) or 0-d. */
THNN_API int THNN_ClassNLLCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                                 THNNReduction reduction, const THTensor *weights,
                                                 THTensor *totalWeight, int64_t ignoreIndex);
THNN_API int THNN_ClassNLLCriterion_updateGradInput(const THTensor *input, const THTensor *target,
                                                    const THTensor *gradOutput, THTensor *gradInput,
                                                    THNNReduction reduction, const THTensor *weights,
                                                    const THTensor *totalWeight, int64_t ignoreIndex);

/* Cross-entropy of logits: log-softmax over the class dim, fused with the loss. The target is
 * either class indices (int64, shape as for nll) or class probabilities (floating, the input's
 * shape; then ignoreIndex must be negative, the mean divides by the number of samples N*d1*...,
 * and totalWeight receives that count). labelSmoothing in [0, 1] mixes the target with the uniform
 * distribution as PyTorch 1.13 does (for class indices: (1-ls)*nll + ls/C * sum_c w_c * -logp_c).
 * logSumExp receives log(sum_c exp(input_c)) per sample (the input's shape without the class dim):
 * the backward pass needs it. gradTarget (probabilities only, may be NULL) has the target's shape. */
THNN_API int THNN_CrossEntropyCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                                     THTensor *logSumExp, THTensor *totalWeight,
                                                     THNNReduction reduction, const THTensor *weights,
                                                     int64_t ignoreIndex, double labelSmoothing);
THNN_API int THNN_CrossEntropyCriterion_updateGradInput(const THTensor *input, const THTensor *target,
                                                        const THTensor *gradOutput, const THTensor *logSumExp,
                                                        const THTensor *totalWeight, THTensor *gradInput,
                                                        THTensor *gradTarget, THNNReduction reduction,
                                                        const THTensor *weights, int64_t ignoreIndex,
                                                        double labelSmoothing);

/* ---------------------------------------------------------------------------------------------
 * Margin and embedding losses, one value per sample. Inputs are [N, C] or [C] (one sample).
 * --------------------------------------------------------------------------------------------- */
/* Multi-class hinge: target int64 [N] (or [] / [1] for a 1-d input); p is 1 or 2; weights NULL or [C]. */
THNN_API int THNN_MultiMarginCriterion_updateOutput(const THTensor *input, const THTensor *target, THTensor *output,
                                                    THNNReduction reduction, int p, const THTensor *weights,
                                                    double margin);
THNN_API int THNN_MultiMarginCriterion_updateGradInput(const THTensor *input, const THTensor *target,
                                                       const THTensor *gradOutput, THTensor *gradInput,
                                                       THNNReduction reduction, int p, const THTensor *weights,
                                                       double margin);
/* Multi-label hinge: target int64 of the input's shape, each row class indices ended by the first
 * negative entry (-1). isTarget (the input's shape and dtype) receives 1 at each row's target
 * classes; backward reads it. */
THNN_API int THNN_MultiLabelMarginCriterion_updateOutput(const THTensor *input, const THTensor *target,
                                                         THTensor *output, THTensor *isTarget,
                                                         THNNReduction reduction);
THNN_API int THNN_MultiLabelMarginCriterion_updateGradInput(const THTensor *input, const THTensor *target,
                                                            const THTensor *gradOutput, const THTensor *isTarget,
                                                            THTensor *gradInput, THNNReduction reduction);
/* Multi-label one-versus-all logistic loss over the last dim: target of the input's shape, weights
 * NULL or broadcastable to the input; one value per row (the input's shape without its last dim). */
THNN_API int THNN_MultiLabelSoftMarginCriterion_updateOutput(const THTensor *input, const THTensor *target,
                                                             THTensor *output, THNNReduction reduction,
                                                             const THTensor *weights);
THNN_API int THNN_MultiLabelSoftMarginCriterion_updateGradInput(const THTensor *input, const THTensor *target,
                                                                const THTensor *gradOutput, THTensor *gradInput,
                                                                THTensor *gradTarget, THNNReduction reduction,
                                                                const THTensor *weights);
/* Cosine embedding: input1 and input2 [N, D] with target [N], or [D] with a 0-d target; target
 * values 1 (similar: 1 - cos) or -1 (dissimilar: max(0, cos - margin)); others count 0. */
THNN_API int THNN_CosineEmbeddingCriterion_updateOutput(const THTensor *input1, const THTensor *input2,
                                                        const THTensor *target, THTensor *output,
                                                        THNNReduction reduction, double margin);
THNN_API int THNN_CosineEmbeddingCriterion_updateGradInput(const THTensor *input1, const THTensor *input2,
                                                           const THTensor *target, const THTensor *gradOutput,
                                                           THTensor *gradInput1, THTensor *gradInput2,
                                                           THNNReduction reduction, double margin);
/* Triplet margin: anchor, positive, negative of one shape [..., D]; distances are p-norms (p > 0,
 * INFINITY allowed) of a - b + eps over the last dim; swap uses min(d(a, n), d(p, n)). */
THNN_API int THNN_TripletMarginCriterion_updateOutput(const THTensor *anchor, const THTensor *positive,
                                                      const THTensor *negative, THTensor *output,
                                                      THNNReduction reduction, double margin, double p, double eps,
                                                      int swap);
THNN_API int THNN_TripletMarginCriterion_updateGradInput(const THTensor *anchor, const THTensor *positive,
                                                         const THTensor *negative, const THTensor *gradOutput,
                                                         THTensor *gradAnchor, THTensor *gradPositive,
                                                         THTensor *gradNegative, THNNReduction reduction,
                                                         double margin, double p, double eps, int swap);

/* ---------------------------------------------------------------------------------------------
 * CTC (connectionist temporal classification). logProbs [T, N, C] (log-softmax outputs); targets
 * int64, padded [N, S] or concatenated 1-d [sum(targetLengths)]; inputLengths and targetLengths
 * int64 [N]. negLogLikelihood [N] and logAlpha [N, T, 2*maxTargetLength+1] receive what the
 * backward pass needs; logBeta is the backward pass's work buffer (resized to logAlpha's shape; NULL:
 * a temporary). Mean divides each sample's loss by its target length (at least 1), then averages
 * over the batch. zeroInfinity: infinite losses (impossible alignments) and their gradients become
 * 0. The gradient is PyTorch's: exp(logProbs) - (posterior of each label), the gradient with respect
 * to the logits of a log-softmax. The work is split over the batch.
 * --------------------------------------------------------------------------------------------- */
THNN_API int THNN_CTCCriterion_updateOutput(const THTensor *logProbs, const THTensor *targets,
                                            const THTensor *inputLengths, const THTensor *targetLengths,
                                            THTensor *output, THTensor *negLogLikelihood, THTensor *logAlpha,
                                            THNNReduction reduction, int64_t blank, int zeroInfinity);
THNN_API int THNN_CTCCriterion_updateGradInput(const THTensor *logProbs, const THTensor *targets,
                                               const THTensor *inputLengths, const THTensor *targetLengths,
                                               const THTensor *gradOutput, const THTensor *negLogLikelihood,
                                               const THTensor *logAlpha, THTensor *gradInput, THTensor *logBeta,
                                               THNNReduction reduction, int64_t blank, int zeroInfinity);

#endif
