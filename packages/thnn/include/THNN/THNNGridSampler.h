/* THNNGridSampler.h — sampling an input at the positions of a grid (PyTorch's F.grid_sample),
 * float32 and float64, forward and backward (to the input and to the grid).
 *
 * 2-D: input [N, C, H, W], grid [N, Ho, Wo, 2] -> output [N, C, Ho, Wo];
 * 3-D: input [N, C, D, H, W], grid [N, Do, Ho, Wo, 3] -> output [N, C, Do, Ho, Wo].
 * grid[..., 0] is x (along W), grid[..., 1] y (along H), grid[..., 2] z (along D), normalized to
 * [-1, 1]: with alignCorners -1 and 1 are the centers of the corner pixels, else their outer edges.
 * Interpolation: Bilinear (trilinear in 3-D), Nearest (ties: to even in 2-D, away from zero in 3-D,
 * as PyTorch 1.13's two kernels do), Bicubic (2-D only; A = -0.75, each tap padded on its own).
 * Padding of positions outside the input: Zeros, Border (clamped), Reflection (mirrored at the
 * borders, then clamped). The formulas and the
 * gradient conventions are PyTorch's (grid gradient 0 for Nearest, and where Border or Reflection
 * clamp). A NaN grid position reads zeros and gets a zero grid gradient.
 *
 * The input and the grid have the same dtype and batch size; the input's spatial dims are
 * non-empty. updateGradInput takes the forward's input and grid and the gradient of its output,
 * and resizes gradInput (input's shape; NULL: not wanted) and gradGrid (grid's shape). Inputs may
 * be non-contiguous. Each call returns TH_OK or TH_ERR. */
#ifndef THNN_GRID_SAMPLER_H
#define THNN_GRID_SAMPLER_H

#include "THNNGeneral.h"

typedef enum THNNGridSamplerInterpolation {
  THNN_GridSamplerBilinear = 0,
  THNN_GridSamplerNearest = 1,
  THNN_GridSamplerBicubic = 2,
  THNN_NumGridSamplerInterpolations
} THNNGridSamplerInterpolation;

typedef enum THNNGridSamplerPadding {
  THNN_GridSamplerZeros = 0,
  THNN_GridSamplerBorder = 1,
  THNN_GridSamplerReflection = 2,
  THNN_NumGridSamplerPaddings
} THNNGridSamplerPadding;

THNN_API int THNN_GridSampler_updateOutput(const THTensor *input, const THTensor *grid, THTensor *output,
                                           THNNGridSamplerInterpolation mode, THNNGridSamplerPadding padding,
                                           int alignCorners);
THNN_API int THNN_GridSampler_updateGradInput(const THTensor *input, const THTensor *grid, const THTensor *gradOutput,
                                              THTensor *gradInput, THTensor *gradGrid,
                                              THNNGridSamplerInterpolation mode, THNNGridSamplerPadding padding,
                                              int alignCorners);

#endif
