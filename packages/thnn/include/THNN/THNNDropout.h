/* THNNDropout.h — dropout with masks drawn from libTH's generator (float32, float64), as PyTorch
 * 1.13 computes it on the CPU. Each forward fills `noise`, the multiplier its backward needs:
 *
 *   Dropout              noise ~ Bernoulli(1 - p) / (1 - p), the input's shape; output = input * noise
 *   FeatureDropout       the same with one draw per (n, c): noise is [N, C, 1, ...] (input of at
 *                        least 2 dims), whole channels are zeroed (dropout1d / 2d / 3d)
 *   AlphaDropout         m ~ Bernoulli(1 - p), a = 1 / sqrt((alpha^2 p + 1) (1 - p)) with SELU's
 *                        alpha = 1.7580993408473766; noise = m * a and
 *                        output = input * noise + alpha * a * ((m - 1) + p): dropped values go to
 *                        SELU's saturation value, mean and variance are kept
 *   FeatureAlphaDropout  the same per (n, c)
 *
 * The mask is THTensor_bernoulli_(noise, 1 - p, generator) (NULL: the default generator), so a
 * generator seeded as torch.manual_seed(s) gives PyTorch's mask, and the arithmetic is PyTorch's
 * (noise.div_(1 - p), input.mul(noise).add_(b)). p must be in [0, 1]. When train is 0, p is 0 or
 * the input is empty, output is the input (PyTorch returns it unchanged) and noise is ones; when
 * p is 1, output = input * 0 and noise is zeros (as PyTorch, for every kind). noise and output are
 * resized inside and must have the input's dtype.
 *
 * Dropout_updateGradInput: gradInput = gradOutput * noise (noise broadcast over the spatial dims
 * for the feature kinds) — the gradient of every kind. Each call returns TH_OK or TH_ERR. */
#ifndef THNN_DROPOUT_H
#define THNN_DROPOUT_H

#include "THNNGeneral.h"

THNN_API int THNN_Dropout_updateOutput(const THTensor *input, THTensor *output, THTensor *noise, double p, int train,
                                       THGenerator *generator);
THNN_API int THNN_FeatureDropout_updateOutput(const THTensor *input, THTensor *output, THTensor *noise, double p,
                                              int train, THGenerator *generator);
THNN_API int THNN_AlphaDropout_updateOutput(const THTensor *input, THTensor *output, THTensor *noise, double p,
                                            int train, THGenerator *generator);
THNN_API int THNN_FeatureAlphaDropout_updateOutput(const THTensor *input, THTensor *output, THTensor *noise, double p,
                                                   int train, THGenerator *generator);
THNN_API int THNN_Dropout_updateGradInput(const THTensor *gradOutput, const THTensor *noise, THTensor *gradInput);

#endif
