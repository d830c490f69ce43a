/* THNNConvolution.h — convolutions over nDims = 1, 2 or 3 spatial dims and their transposes
 * (float32, float64): PyTorch's conv1d/2d/3d and conv_transpose1d/2d/3d, forward and backward.
 *
 * Shapes, with S the nDims spatial sizes of the input and k those of the kernel:
 *   input     [N, Cin, S...], or unbatched [Cin, S...] (the output is then unbatched too)
 *   weight    [Cout, Cin / groups, k...]     transposed: [Cin, Cout / groups, k...]
 *   bias      [Cout], or NULL for none
 *   output    [N, Cout, O...] with
 *             O = (S + padding + paddingEnd - dilation * (k - 1) - 1) / stride + 1
 *             transposed: O = (S - 1) * stride - 2 * padding + dilation * (k - 1) + outputPadding + 1
 * stride, padding, paddingEnd, outputPadding and dilation are arrays of nDims entries. padding
 * pads the start of each spatial dim and paddingEnd its end (NULL: the same as padding); PyTorch's
 * padding='same' pads dilation * (k - 1) in all, the odd one at the end.
 *
 * columns is a work buffer of the input's dtype (the im2col matrices, Winograd's transforms; NULL:
 * one is allocated for the call), which must not share memory with the other tensors. It is
 * resized only when too small, so a caller that keeps one per dtype allocates no column buffer in
 * the steady state. Its contents are scratch.
 *
 * updateOutput resizes output; updateGradInput resizes gradInput to the input's shape (gradOutput
 * must have the output's); accGradParameters ADDS scale * dL/dweight to gradWeight (which must
 * have the weight's shape) and scale * dL/dbias to gradBias (NULL: skipped). Inputs may be
 * non-contiguous. Each call returns TH_OK or TH_ERR (THGetLastError() says why, in PyTorch's
 * words).
 *
 * Paths: depthwise convolutions (one input channel per group) run direct kernels; 3x3, stride 1,
 * undilated 2-D convolutions with 32 or more channels per group run Winograd's F(2x2, 3x3) for
 * the forward and the input gradient; 1x1 kernels with stride 1 and no padding are plain matrix
 * products; the rest is im2col + GEMM (libTH's BLAS), in chunks of samples or of output rows whose
 * columns stay in cache. Results agree with PyTorch's to float rounding, not bit for bit. */
#ifndef THNN_CONVOLUTION_H
#define THNN_CONVOLUTION_H

#include "THNNGeneral.h"
#include "THNNIm2Col.h" /* fold / unfold: the column transforms on their own */

THNN_API int THNN_Convolution_updateOutput(int nDims, const THTensor *input, THTensor *output, const THTensor *weight,
                                           const THTensor *bias, THTensor *columns, const int64_t *stride,
                                           const int64_t *padding, const int64_t *paddingEnd,
                                           const int64_t *dilation, int64_t groups);
THNN_API int THNN_Convolution_updateGradInput(int nDims, const THTensor *input, const THTensor *gradOutput,
                                              THTensor *gradInput, const THTensor *weight, THTensor *columns,
                                              const int64_t *stride, const int64_t *padding,
                                              const int64_t *paddingEnd, const int64_t *dilation, int64_t groups);
THNN_API int THNN_Convolution_accGradParameters(int nDims, const THTensor *input, const THTensor *gradOutput,
                                                THTensor *gradWeight, THTensor *gradBias, THTensor *columns,
                                                const int64_t *stride, const int64_t *padding,
                                                const int64_t *paddingEnd, const int64_t *dilation, int64_t groups,
                                                double scale);

THNN_API int THNN_ConvolutionTranspose_updateOutput(int nDims, const THTensor *input, THTensor *output,
                                                    const THTensor *weight, const THTensor *bias, THTensor *columns,
                                                    const int64_t *stride, const int64_t *padding,
                                                    const int64_t *outputPadding, const int64_t *dilation,
                                                    int64_t groups);
THNN_API int THNN_ConvolutionTranspose_updateGradInput(int nDims, const THTensor *input, const THTensor *gradOutput,
                                                       THTensor *gradInput, const THTensor *weight, THTensor *columns,
                                                       const int64_t *stride, const int64_t *padding,
                                                       const int64_t *outputPadding, const int64_t *dilation,
                                                       int64_t groups);
THNN_API int THNN_ConvolutionTranspose_accGradParameters(int nDims, const THTensor *input, const THTensor *gradOutput,
                                                         THTensor *gradWeight, THTensor *gradBias, THTensor *columns,
                                                         const int64_t *stride, const int64_t *padding,
                                                         const int64_t *outputPadding, const int64_t *dilation,
                                                         int64_t groups, double scale);

#endif
