/* Direct depthwise convolution kernels (see THNNConvolutionDepthwise.h). Work is split over OpenMP
 * threads by (sample, channel) planes for the forward and the image gradient, and by output
 * channel for the weight gradient, so no two threads write the same memory; a few planes at a time
 * to whichever thread is free (a thread that the machine's other load delays holds up no one). */
#include <stdlib.h>
#include <string.h>

#include "THNNConvolutionDepthwise.h"

/* multiply-adds below which one thread does everything. */
#define THNN_DEPTHWISE_GRAIN 65536

#define THNN_GENERIC_FILE "generic/THNNConvolutionDepthwise.c"
#include "THNNGenerateFloatTypes.h"

void THNN_depthwiseImageToVector(THDType dtype, const THNNColShape *s, int64_t multiplier, int64_t n, const void *X,
                                 const void *W, const void *bias, void *Y) {
  if (dtype == TH_Float32) dwImageToVector_Float(s, multiplier, n, X, W, bias, Y);
  else dwImageToVector_Double(s, multiplier, n, X, W, bias, Y);
}

void THNN_depthwiseVectorToImage(THDType dtype, const THNNColShape *s, int64_t multiplier, int64_t n, const void *Y,
                                 const void *W, const void *bias, void *X) {
  if (dtype == TH_Float32) dwVectorToImage_Float(s, multiplier, n, Y, W, bias, X);
  else dwVectorToImage_Double(s, multiplier, n, Y, W, bias, X);
}

int THNN_depthwiseAccWeight(THDType dtype, const THNNColShape *s, int64_t multiplier, int64_t n, const void *X,
                            const void *Y, void *dW, double scale) {
  if (dtype == TH_Float32) return dwAccWeight_Float(s, multiplier, n, X, Y, dW, scale);
  return dwAccWeight_Double(s, multiplier, n, X, Y, dW, scale);
}
