/* THNNUpsampling.h — resizing [N, C, spatial...] tensors by interpolation (PyTorch's F.interpolate
 * kernels), float32 and float64, forward and backward.
 *
 * nDims is the number of spatial dims (1, 2 or 3; bicubic: 2): the input is [N, C, L], [N, C, H, W]
 * or [N, C, D, H, W] and the output [N, C, outputSize...]. Modes (PyTorch's names):
 *   Nearest       'nearest'        src = min(floor(dst * scale), in - 1)
 *   NearestExact  'nearest-exact'  src = min(floor((dst + 0.5) * scale), in - 1)
 *   Linear        'linear' / 'bilinear' / 'trilinear' (by nDims): 2 taps per dim
 *   Cubic         'bicubic' (nDims = 2): 4 taps per dim (A = -0.75), indices clamped to the edges
 *   Area          'area': adaptive average pooling (scales and alignCorners do not apply)
 * The scale of each dim is PyTorch's area_pixel_compute_scale: with alignCorners,
 * (in - 1) / (out - 1) (0 when out = 1); else 1 / scales[d] when the caller gives a scale factor
 * (scales non-NULL and scales[d] > 0: F.interpolate's scale_factor without recompute_scale_factor),
 * else in / out. Source positions, their precision (float32 math for float32 tensors) and the
 * special cases are PyTorch 1.13's: a linear dim whose size does not change is copied; bicubic's
 * backward is a copy when no size changes; nearest's backward (and its forward where PyTorch runs
 * its channels-last kernel: nDims >= 2 with C = 1 or one spatial element) copies a dim whose size
 * does not change and halves indices of a dim whose size doubles.
 *
 * alignCorners must be 0 for Nearest, NearestExact and Area. Input spatial sizes and outputSize
 * must be positive; N may be 0, C may not. Inputs may be non-contiguous. updateGradInput takes the
 * input's shape (nDims + 2 sizes) and resizes gradInput to it (gradOutput must be
 * [N, C, outputSize...]). Each call returns TH_OK or TH_ERR. */
#ifndef THNN_UPSAMPLING_H
#define THNN_UPSAMPLING_H

#include "THNNGeneral.h"

typedef enum THNNUpsamplingMode {
  THNN_UpsamplingNearest = 0,
  THNN_UpsamplingNearestExact = 1,
  THNN_UpsamplingLinear = 2,
  THNN_UpsamplingCubic = 3,
  THNN_UpsamplingArea = 4,
  THNN_NumUpsamplingModes
} THNNUpsamplingMode;

THNN_API int THNN_Upsampling_updateOutput(THNNUpsamplingMode mode, const THTensor *input, THTensor *output, int nDims,
                                          const int64_t *outputSize, const double *scales, int alignCorners);
THNN_API int THNN_Upsampling_updateGradInput(THNNUpsamplingMode mode, const THTensor *gradOutput, THTensor *gradInput,
                                             int nDims, const int64_t *inputSize, const int64_t *outputSize,
                                             const double *scales, int alignCorners);

#endif
