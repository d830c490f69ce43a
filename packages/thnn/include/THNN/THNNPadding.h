/* THNNPadding.h — padding the last dims of a tensor (PyTorch's F.pad: constant_pad_nd,
 * ReflectionPad*, ReplicationPad*, circular), float32 and float64, forward and backward.
 *
 * pad has 2 * nPadDims entries in F.pad's order: (left, right) of the last dim, then (left, right)
 * of the dim before it, and so on. Negative entries crop. Modes:
 *   Constant   any rank, nPadDims <= ndim; new elements are `value`
 *   Reflect    mirror without repeating the edge; nPadDims 1..3 on a (nPadDims + 1)-d or
 *              (nPadDims + 2)-d (batched) input; each padding < the size of its dim
 *   Replicate  repeat the edge; ranks as Reflect
 *   Circular   wrap around; input [N, C, nPadDims spatial dims]; a padding may not wrap around the
 *              (cropped) dim more than once
 * Reflect and Replicate need non-empty dims except a batch dim. Positions are PyTorch's (also where
 * a negative padding on one side meets a positive one on the other). updateGradInput takes the
 * gradient of the padded output and resizes gradInput to the input's shape (the output's minus the
 * padding); elements that several outputs read get the sum of their gradients. Inputs may be
 * non-contiguous. Each call returns TH_OK or TH_ERR. */
#ifndef THNN_PADDING_H
#define THNN_PADDING_H

#include "THNNGeneral.h"

typedef enum THNNPaddingMode {
  THNN_PaddingConstant = 0,
  THNN_PaddingReflect = 1,
  THNN_PaddingReplicate = 2,
  THNN_PaddingCircular = 3,
  THNN_NumPaddingModes
} THNNPaddingMode;

THNN_API int THNN_Padding_updateOutput(THNNPaddingMode mode, const THTensor *input, THTensor *output, int nPadDims,
                                       const int64_t *pad, double value);
THNN_API int THNN_Padding_updateGradInput(THNNPaddingMode mode, const THTensor *gradOutput, THTensor *gradInput,
                                          int nPadDims, const int64_t *pad);

#endif
