/* THNNSoftmax.h — softmax and log-softmax along one dim (float32, float64).
 *
 * dim may be negative (counted from the end); a 0-d tensor accepts dim 0 or -1. The output and
 * gradInput are resized to the input's shape (contiguous) and must have the input's dtype. The
 * forward pass subtracts each slice's maximum before exponentiating, so large inputs do not
 * overflow. Backward takes the forward's output:
 *   softmax:    gradInput = output * (gradOutput - sum(gradOutput * output))
 *   logSoftmax: gradInput = gradOutput - exp(output) * sum(gradOutput)
 * with the sums along dim. Each call returns TH_OK or TH_ERR (THGetLastError() says why). */
#ifndef THNN_SOFTMAX_H
#define THNN_SOFTMAX_H

#include "THNNGeneral.h"

THNN_API int THNN_Softmax_updateOutput(const THTensor *input, THTensor *output, int64_t dim);
THNN_API int THNN_Softmax_updateGradInput(const THTensor *gradOutput, const THTensor *output, THTensor *gradInput,
                                          int64_t dim);
THNN_API int THNN_LogSoftmax_updateOutput(const THTensor *input, THTensor *output, int64_t dim);
THNN_API int THNN_LogSoftmax_updateGradInput(const THTensor *gradOutput, const THTensor *output, THTensor *gradInput,
                                             int64_t dim);

#endif
