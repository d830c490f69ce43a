/* THNNPooling.h — pooling over 1, 2 or 3 spatial dims (float32, float64), forward and backward:
 * max, average, adaptive average, adaptive max, fractional max pooling and max unpooling.
 *
 * Shapes. nDims (1, 2 or 3) is the number of spatial dims; the input is [C, *spatial] (unbatched)
 * or [N, C, *spatial] (batched), and each channel of each batch entry (a "plane") is pooled on its
 * own. Per-dim arguments (kernel, stride, ...) are arrays of nDims entries, outermost dim first
 * (kernel = {kH, kW} for 2-d). Inside, 1-d and 2-d are 3-d with unit dims in front, as PyTorch
 * treats 1-d as 2-d; indices are therefore flat positions within one input plane: w (1-d),
 * h * W + w (2-d), d * H * W + h * W + w (3-d), int64, as PyTorch's.
 *
 * Results. Outputs, indices and gradInputs are passed in by the caller and resized inside
 * (output [.., C, *outSpatial] with the input's dtype; indices int64 of the output's shape;
 * gradInput the input's shape); they must not share memory with the inputs. Inputs may be
 * non-contiguous. Each call returns TH_OK, or TH_ERR with a PyTorch-like message (THGetLastError()).
 *
 * Conventions (PyTorch 1.13's):
 *   - window geometry: out = floor((in + 2 pad - dilation (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0)) / stride) + 1,
 *     and in ceil mode the last window must start inside the input or its left padding;
 *     0 <= pad <= kernel / 2; kernel, stride, dilation > 0; every output size >= 1;
 *   - max: a NaN counts as the maximum (the window's last NaN wins); among equal values the first
 *     wins; the index of a window of -inf is its first element's;
 *   - average: the divisor is divisorOverride when given (non-zero), else the window's size
 *     clipped to the padded input (countIncludePad) or to the input itself;
 *   - adaptive: output position i along a dim of input size n and output size m pools
 *     [floor(i n / m), ceil((i + 1) n / m)).
 *   - backward of every max pooling adds gradOutput at the forward's indices (checked to lie in
 *     the plane); gradInput is zeroed first. */
#ifndef THNN_POOLING_H
#define THNN_POOLING_H

#include "THNNGeneral.h"

/* ---- max pooling ----
 * In every max pooling's forward (max, adaptive max, fractional max), indices may be NULL: no
 * indices are written (a forward that needs no backward). */
THNN_API int THNN_MaxPool_updateOutput(int nDims, const THTensor *input, THTensor *output, THTensor *indices,
                                       const int64_t *kernel, const int64_t *stride, const int64_t *padding,
                                       const int64_t *dilation, int ceilMode);
/* gradOutput and indices must have the shape the forward gives for input and this geometry. */
THNN_API int THNN_MaxPool_updateGradInput(int nDims, const THTensor *input, const THTensor *gradOutput,
                                          THTensor *gradInput, const THTensor *indices, const int64_t *kernel,
                                          const int64_t *stride, const int64_t *padding, const int64_t *dilation,
                                          int ceilMode);

/* ---- average pooling ----
 * divisorOverride: NULL for none, else a non-zero divisor used for every window. */
THNN_API int THNN_AvgPool_updateOutput(int nDims, const THTensor *input, THTensor *output, const int64_t *kernel,
                                       const int64_t *stride, const int64_t *padding, int ceilMode,
                                       int countIncludePad, const int64_t *divisorOverride);
THNN_API int THNN_AvgPool_updateGradInput(int nDims, const THTensor *input, const THTensor *gradOutput,
                                          THTensor *gradInput, const int64_t *kernel, const int64_t *stride,
                                          const int64_t *padding, int ceilMode, int countIncludePad,
                                          const int64_t *divisorOverride);

/* ---- adaptive pooling: outputSize[nDims] >= 0 (0 gives an empty output) ---- */
THNN_API int THNN_AdaptiveAvgPool_updateOutput(int nDims, const THTensor *input, THTensor *output,
                                               const int64_t *outputSize);
/* The output size is gradOutput's. */
THNN_API int THNN_AdaptiveAvgPool_updateGradInput(int nDims, const THTensor *input, const THTensor *gradOutput,
                                                  THTensor *gradInput);
THNN_API int THNN_AdaptiveMaxPool_updateOutput(int nDims, const THTensor *input, THTensor *output, THTensor *indices,
                                               const int64_t *outputSize);
/* gradOutput must have the indices' shape. */
THNN_API int THNN_AdaptiveMaxPool_updateGradInput(int nDims, const THTensor *input, const THTensor *gradOutput,
                                                  THTensor *gradInput, const THTensor *indices);

/* ---- fractional max pooling (nDims 2 or 3) ----
 * randomSamples: [N, C, nDims] (N = 1 for an unbatched input) of the input's dtype, values in
 * [0, 1], PyTorch's _random_samples: for 2-d, sample 0 places the windows along W and sample 1
 * along H; for 3-d, samples 0, 1, 2 along T, H, W. Window i of an output of size m > 1 over an
 * input of size n starts at (int)((i + u) a) - (int)(u a), a = (n - k) / (m - 1) computed in the
 * input's dtype; the last one starts at n - k. Requires outputSize + poolSize - 1 <= inputSize. */
THNN_API int THNN_FractionalMaxPool_updateOutput(int nDims, const THTensor *input, THTensor *output,
                                                 THTensor *indices, const int64_t *poolSize,
                                                 const int64_t *outputSize, const THTensor *randomSamples);
THNN_API int THNN_FractionalMaxPool_updateGradInput(int nDims, const THTensor *input, const THTensor *gradOutput,
                                                    THTensor *gradInput, const THTensor *indices);

/* ---- max unpooling: the inverse scatter of max pooling ----
 * output [.., C, *outputSize] is zero except output[plane][indices[i]] = input[plane][i]
 * (indices: int64, the input's shape, each in [0, prod(outputSize))); with repeated indices the
 * last one in memory order wins. */
THNN_API int THNN_MaxUnpool_updateOutput(int nDims, const THTensor *input, const THTensor *indices, THTensor *output,
                                         const int64_t *outputSize);
/* gradInput (the indices' shape) = gradOutput[plane][indices[i]]; the output size is gradOutput's. */
THNN_API int THNN_MaxUnpool_updateGradInput(int nDims, const THTensor *indices, const THTensor *gradOutput,
                                            THTensor *gradInput);

#endif
