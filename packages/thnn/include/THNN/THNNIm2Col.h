/* THNNIm2Col.h — PyTorch's F.unfold (im2col) and F.fold (col2im) on 2-D images, forward and backward
 * (float32, float64). The same column transforms run inside the convolutions (THNNConvolution.h).
 *
 * kernelSize, dilation, padding and stride are arrays of 2 entries (height, width). With
 *   L = L_h * L_w,  L_d = (size_d + 2 * padding_d - dilation_d * (kernelSize_d - 1) - 1) / stride_d + 1,
 * Im2Col takes an image [N, C, H, W] (or unbatched [C, H, W]) to blocks [N, C * kH * kW, L]
 * ([C * kH * kW, L]): row (c, i, j) of block l holds the (zero-padded) pixel under kernel tap (i, j)
 * at sliding position l. Col2Im is its adjoint: it sums every block's values back into an image
 * [N, C, outputSize...], overlapping taps adding up. Each one's backward is the other.
 *
 * Results are resized and must have the input's dtype; inputs may be non-contiguous. Each call
 * returns TH_OK or TH_ERR (THGetLastError() says why, in PyTorch's words). */
#ifndef THNN_IM2COL_H
#define THNN_IM2COL_H

#include "THNNGeneral.h"

/* unfold: output = blocks of input. */
THNN_API int THNN_Im2Col_updateOutput(const THTensor *input, THTensor *output, const int64_t *kernelSize,
                                      const int64_t *dilation, const int64_t *padding, const int64_t *stride);
/* unfold's backward: gradInput [N, C, inputSize...] = fold(gradOutput). */
THNN_API int THNN_Im2Col_updateGradInput(const THTensor *gradOutput, THTensor *gradInput, const int64_t *inputSize,
                                         const int64_t *kernelSize, const int64_t *dilation, const int64_t *padding,
                                         const int64_t *stride);
/* fold: output [N, C, outputSize...] = the sum of input's blocks. */
THNN_API int THNN_Col2Im_updateOutput(const THTensor *input, THTensor *output, const int64_t *outputSize,
                                      const int64_t *kernelSize, const int64_t *dilation, const int64_t *padding,
                                      const int64_t *stride);
/* fold's backward: gradInput = unfold(gradOutput). */
THNN_API int THNN_Col2Im_updateGradInput(const THTensor *gradOutput, THTensor *gradInput, const int64_t *kernelSize,
                                         const int64_t *dilation, const int64_t *padding, const int64_t *stride);

#endif
