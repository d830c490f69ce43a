/* THNNConvolutionDepthwise.h (private) — direct kernels for convolutions with one image channel
 * per group (depthwise), used by THNNConvolution.c instead of im2col + GEMM, whose per-group
 * products would be tiny.
 *
 * In the terms of THNNColumns.h: the image X is [n, s->channels, image...], the vectors Y are
 * [n, s->channels * multiplier, blocks...] and the weight W is [s->channels * multiplier, kernel...];
 * Y's channel j sees X's channel j / multiplier. All contiguous. bias: one value per channel of
 * the result that each of its planes starts from (NULL: 0). */
#ifndef THNN_CONVOLUTION_DEPTHWISE_H
#define THNN_CONVOLUTION_DEPTHWISE_H

#include "THNNColumns.h"

/* The widest kernel (along W) the direct kernels take; wider depthwise kernels go through im2col. */
#define THNN_DEPTHWISE_MAX_KW 32

/* Y[., j] = bias[j] + correlation of X[., j / multiplier] with W[j] (a convolution's forward). */
void THNN_depthwiseImageToVector(THDType dtype, const THNNColShape *s, int64_t multiplier, int64_t n, const void *X,
                                 const void *W, const void *bias, void *Y);
/* X[., c] = bias[c] + sum over c's multiplier channels j of Y[., j] spread back through W[j] (the
 * adjoint: a convolution's gradInput, a transposed convolution's forward). */
void THNN_depthwiseVectorToImage(THDType dtype, const THNNColShape *s, int64_t multiplier, int64_t n, const void *Y,
                                 const void *W, const void *bias, void *X);
/* dW[j] += scale * sum over the batch of the correlation of X[., j / multiplier] with Y[., j]
 * (sums in double). TH_ERR only when memory runs out. */
int THNN_depthwiseAccWeight(THDType dtype, const THNNColShape *s, int64_t multiplier, int64_t n, const void *X,
                             const void *Y, void *dW, double scale);

#endif
