/* THNNActivationExtra.h — activations with a learnt parameter, randomness or two halves (float32,
 * float64), forward and backward, as PyTorch 1.13 computes them:
 *
 *   PReLU       y = x > 0 ? x : w * x, with one weight (numel 1) or one per channel (numel C, the
 *               input's dim 1; inputs of fewer than 2 dims have one channel). w is 0-d or 1-d.
 *               gradInput = x > 0 ? g : w * g; gradWeight += scale * sum of (x > 0 ? 0 : x * g)
 *               (per channel), gradWeight having the weight's numel.
 *   RReLU       y = x > 0 ? x : a * x. Training: a ~ U(lower, upper), drawn from generator (NULL:
 *               the default one) for each x <= 0 in the input's row-major order, exactly as
 *               PyTorch draws them (the same seed gives PyTorch's slopes); noise (resized to the
 *               input's shape) gets a, or 1 where x > 0. Evaluation: a = (lower + upper) / 2 and
 *               noise is not used (may be NULL). Backward: gradOutput * noise when training with
 *               upper - lower > 1e-6, else gradOutput * (x > 0 ? 1 : (lower + upper) / 2).
 *   GatedLinear glu: input split in halves a, b along dim (even size); y = a * sigmoid(b);
 *               gradInput = [g * sigmoid(b), g * a * sigmoid(b) * (1 - sigmoid(b))].
 *
 * Results are resized inside (contiguous) and must have the input's dtype; inputs may be
 * non-contiguous. Each call returns TH_OK or TH_ERR (THGetLastError() says why). */
#ifndef THNN_ACTIVATION_EXTRA_H
#define THNN_ACTIVATION_EXTRA_H

#include "THNNGeneral.h"

THNN_API int THNN_PReLU_updateOutput(const THTensor *input, THTensor *output, const THTensor *weight);
THNN_API int THNN_PReLU_updateGradInput(const THTensor *input, const THTensor *gradOutput, THTensor *gradInput,
                                        const THTensor *weight);
THNN_API int THNN_PReLU_accGradParameters(const THTensor *input, const THTensor *gradOutput, THTensor *gradWeight,
                                          double scale);

THNN_API int THNN_RReLU_updateOutput(const THTensor *input, THTensor *output, THTensor *noise, double lower,
                                     double upper, int train, THGenerator *generator);
THNN_API int THNN_RReLU_updateGradInput(const THTensor *input, const THTensor *gradOutput, THTensor *gradInput,
                                        const THTensor *noise, double lower, double upper, int train);

THNN_API int THNN_GatedLinear_updateOutput(const THTensor *input, THTensor *output, int64_t dim);
THNN_API int THNN_GatedLinear_updateGradInput(const THTensor *input, const THTensor *gradOutput, THTensor *gradInput,
                                              int64_t dim);

#endif
