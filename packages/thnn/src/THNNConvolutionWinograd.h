/* THNNConvolutionWinograd.h (private) — 3x3, stride 1, undilated 2-D correlations by Winograd's
 * minimal filtering F(2x2, 3x3): per 2x2 output tile, 16 multiplies per (input, output) channel
 * pair instead of 36, as 16 batched GEMMs of [outC x inC] filters by [inC x tiles] transformed
 * inputs. THNNConvolution.c uses it for the forward and the input gradient of such convolutions
 * (and of their transposes), and F(3x3, 2x2) for their weight gradient, when every group has
 * enough channels to make the GEMMs worth it. */
#ifndef THNN_CONVOLUTION_WINOGRAD_H
#define THNN_CONVOLUTION_WINOGRAD_H

#include "THNNInternal.h"

/* Channels per group (input and output) from which F(2x2, 3x3) beats im2col + GEMM. */
#define THNN_WINOGRAD_MIN_CHANNELS 32

typedef struct THNNWinograd {
  int64_t batch, groups, inC, outC, inH, inW, outH, outW;
  int64_t padTop, padLeft; /* output (oh, ow) sees input rows oh - padTop .. + 2, columns ow - padLeft .. + 2 */
  int adjoint;             /* 0: filter (o, i) is W[o][i] of W [outC][inC / groups][3][3];
                              1: it is W[i][o] turned by 180 degrees, of W [inC][outC / groups][3][3]
                              (the input gradient of a convolution, a transposed convolution) */
} THNNWinograd;

/* The scratch THNN_winograd (weightGrad 0) or THNN_winogradWeight (1) needs, in elements. */
int64_t THNN_winogradWorkSize(const THNNWinograd *w, int weightGrad);
/* output [batch, outC, outH, outW] = bias (NULL: 0) + the correlation of input [batch, inC, inH,
 * inW] with the filters, group by group. Tensors contiguous, of one dtype; work: contiguous
 * scratch of that dtype with THNN_winogradWorkSize elements or more. TH_ERR only when memory runs
 * out. */
int THNN_winograd(const THNNWinograd *w, const THTensor *input, const THTensor *weight, const THTensor *bias,
                  THTensor *output, THTensor *work);
/* gradWeight [outC][inC / groups][3][3] += scale * the correlation of input [batch, inC, inH, inW]
 * with gradOutput [batch, outC, outH, outW] (w->adjoint must be 0): the weight gradient of the
 * correlation above, by F(3x3, 2x2) with the same transforms transposed. Same rules for tensors. */
int THNN_winogradWeight(const THNNWinograd *w, const THTensor *input, const THTensor *gradOutput, THTensor *gradWeight,
                        double scale, THTensor *work);

#endif
