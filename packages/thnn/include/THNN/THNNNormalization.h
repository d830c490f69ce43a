/* THNNNormalization.h — batch, instance, layer, group and local response normalization (float32,
 * float64), forward and backward, with PyTorch 1.13's formulas, defaults and error messages.
 *
 * Statistics. Each normalized set of values gets its mean and biased variance var (sums in double);
 * invstd = rstd = 1 / sqrt(var + eps), and the output is (x - mean) * invstd * weight + bias.
 *   batchNorm     input [N, C, *]: one set per channel c (over N and the spatial dims); in training
 *                 the running stats (when given) are updated in place:
 *                   running = (1 - momentum) * running + momentum * batch statistic,
 *                 with the unbiased variance (var * n / (n - 1)); in evaluation the running stats
 *                 are the statistics. saveMean / saveInvstd are [C] in training, [0] in evaluation
 *                 (as native_batch_norm).
 *   instanceNorm  input [N, C, *]: one set per (n, c) when useInputStats (saveMean / saveInvstd
 *                 [N, C]; running stats, when given, move towards the batch average of the
 *                 instances' statistics), else the running stats as in batchNorm's evaluation.
 *   layerNorm     the trailing dims named by normalizedShape form one set per leading index;
 *                 weight / bias have normalizedShape; saveMean / saveRstd have the input's leading
 *                 sizes followed by ones (as native_layer_norm).
 *   groupNorm     input [N, C, *], C divisible by numGroups: one set per (n, group of C / numGroups
 *                 channels); weight / bias are [C]; saveMean / saveRstd are [N, numGroups].
 * Weight, bias and the running stats are optional (NULL), have the input's dtype, any layout, and
 * numel C (or the normalized shape's). Results (output, saved statistics, gradInput) are resized
 * inside and must have the input's dtype; inputs may be non-contiguous.
 *
 * Backward (original THNN's combined form): gradInput, gradWeight and gradBias may each be NULL
 * (not wanted). gradWeight and gradBias are ACCUMULATED: += scale * gradient; they must already
 * have the weight's number of elements. The gradients are those of PyTorch's native backward
 * kernels (batch norm in evaluation: gradInput = gradOutput * weight / sqrt(runningVar + eps)).
 *
 * localResponseNorm: input [N, C, *] (at least 3 dims), output = x / (k + alpha / size *
 * sum of x^2 over the channels [c - size / 2, c + (size - 1) / 2])^beta — PyTorch's composition of
 * avg_pool over the zero-padded squares, computed directly; backward is its autograd gradient.
 * Each call returns TH_OK or TH_ERR (THGetLastError() says why). */
#ifndef THNN_NORMALIZATION_H
#define THNN_NORMALIZATION_H

#include "THNNGeneral.h"

THNN_API int THNN_BatchNorm_updateOutput(const THTensor *input, THTensor *output, const THTensor *weight,
                                         const THTensor *bias, THTensor *runningMean, THTensor *runningVar,
                                         THTensor *saveMean, THTensor *saveInvstd, int train, double momentum,
                                         double eps);
THNN_API int THNN_BatchNorm_backward(const THTensor *input, const THTensor *gradOutput, THTensor *gradInput,
                                     THTensor *gradWeight, THTensor *gradBias, const THTensor *weight,
                                     const THTensor *runningMean, const THTensor *runningVar, const THTensor *saveMean,
                                     const THTensor *saveInvstd, int train, double eps, double scale);

THNN_API int THNN_InstanceNorm_updateOutput(const THTensor *input, THTensor *output, const THTensor *weight,
                                            const THTensor *bias, THTensor *runningMean, THTensor *runningVar,
                                            THTensor *saveMean, THTensor *saveInvstd, int useInputStats,
                                            double momentum, double eps);
THNN_API int THNN_InstanceNorm_backward(const THTensor *input, const THTensor *gradOutput, THTensor *gradInput,
                                        THTensor *gradWeight, THTensor *gradBias, const THTensor *weight,
                                        const THTensor *runningMean, const THTensor *runningVar,
                                        const THTensor *saveMean, const THTensor *saveInvstd, int useInputStats,
                                        double eps, double scale);

THNN_API int THNN_LayerNorm_updateOutput(const THTensor *input, THTensor *output, const THTensor *weight,
                                         const THTensor *bias, THTensor *saveMean, THTensor *saveRstd, int nNormDims,
                                         const int64_t *normalizedShape, double eps);
THNN_API int THNN_LayerNorm_backward(const THTensor *input, const THTensor *gradOutput, THTensor *gradInput,
                                     THTensor *gradWeight, THTensor *gradBias, const THTensor *weight,
                                     const THTensor *saveMean, const THTensor *saveRstd, int nNormDims,
                                     const int64_t *normalizedShape, double scale);

THNN_API int THNN_GroupNorm_updateOutput(const THTensor *input, THTensor *output, const THTensor *weight,
                                         const THTensor *bias, THTensor *saveMean, THTensor *saveRstd,
                                         int64_t numGroups, double eps);
THNN_API int THNN_GroupNorm_backward(const THTensor *input, const THTensor *gradOutput, THTensor *gradInput,
                                     THTensor *gradWeight, THTensor *gradBias, const THTensor *weight,
                                     const THTensor *saveMean, const THTensor *saveRstd, int64_t numGroups,
                                     double scale);

THNN_API int THNN_LocalResponseNorm_updateOutput(const THTensor *input, THTensor *output, int64_t size, double alpha,
                                                 double beta, double k);
THNN_API int THNN_LocalResponseNorm_updateGradInput(const THTensor *input, const THTensor *gradOutput,
                                                    THTensor *gradInput, int64_t size, double alpha, double beta,
                                                    double k);

#endif
