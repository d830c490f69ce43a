/* Local response normalization across channels (THNNNormalization.h): PyTorch's composition
 * (x / (avg_pool of the zero-padded x^2 * alpha + k)^beta) computed directly, and its gradient. */
#include <math.h>
#include <stdlib.h>
#include <tgmath.h>

#include "THNNNormCommon.h"
#include "THNNNormVec.h"

#define LRN_CHUNK 64

#define THNN_GENERIC_FILE "generic/THNNLocalResponseNorm.c"
#include "THNNGenerateFloatTypes.h"

static int check(const char *op, const THTensor *input, int64_t size, int64_t *N, int64_t *C, int64_t *S) {
  if (THNN_checkFloating(op, "input", input)) return TH_ERR;
  if (THTensor_ndim(input) < 3)
    return THError("%s: Expected 3D or higher dimensionality input (got %d dimensions)", op, THTensor_ndim(input));
  if (size < 1) return THError("%s: expected size to be positive, but got %lld", op, (long long)size);
  *N = THTensor_size(input, 0);
  *C = THTensor_size(input, 1);
  *S = 1;
  for (int k = 2; k < THTensor_ndim(input); k++) *S *= THTensor_size(input, k);
  return TH_OK;
}

int THNN_LocalResponseNorm_updateOutput(const THTensor *input, THTensor *output, int64_t size, double alpha,
                                        double beta, double k) {
  const char *op = "localResponseNorm";
  int64_t N, C, S;
  if (!input || !output) return THError("%s: input and output must not be NULL", op);
  if (check(op, input, size, &N, &C, &S) || THNN_checkSameDType(op, "output", output, "input", input)) return TH_ERR;
  int threads = THNN_normThreads(N * C * S * size);
  THTensor *x = THTensor_newContiguous(input);
  THTensor *tmp = NULL, *y = x ? THNN_resultTarget(output, THTensor_ndim(input), THTensor_sizes(input), &tmp) : NULL;
  double *work = y ? THNN_normAlloc((int64_t)threads * C * LRN_CHUNK) : NULL;
  int status = work ? TH_OK : TH_ERR;
  if (status == TH_OK && N * C * S > 0) {
    if (THTensor_dtype(input) == TH_Float32)
      lrn_forward_Float((const float *)THTensor_data(x), (float *)THTensor_data(y), N, C, S, size, alpha, beta, k,
                        threads, work);
    else
      lrn_forward_Double((const double *)THTensor_data(x), (double *)THTensor_data(y), N, C, S, size, alpha, beta, k,
                         threads, work);
  }
  if (y) {
    int st = THNN_resultFinish(output, tmp);
    if (status == TH_OK) status = st;
  }
  free(work);
  if (x) THTensor_free(x);
  return status;
}

int THNN_LocalResponseNorm_updateGradInput(const THTensor *input, const THTensor *gradOutput, THTensor *gradInput,
                                           int64_t size, double alpha, double beta, double k) {
  const char *op = "localResponseNormBackward";
  int64_t N, C, S;
  if (!input || !gradOutput || !gradInput) return THError("%s: input, gradOutput and gradInput must not be NULL", op);
  if (check(op, input, size, &N, &C, &S) || THNN_checkSameDType(op, "gradOutput", gradOutput, "input", input) ||
      THNN_checkSameShape(op, "gradOutput", gradOutput, "input", input) ||
      THNN_checkSameDType(op, "gradInput", gradInput, "input", input))
    return TH_ERR;
  int threads = THNN_normThreads(N * C * S * size);
  THTensor *x = THTensor_newContiguous(input);
  THTensor *g = x ? THTensor_newContiguous(gradOutput) : NULL;
  THTensor *tmp = NULL, *gi = g ? THNN_resultTarget(gradInput, THTensor_ndim(input), THTensor_sizes(input), &tmp) : NULL;
  double *work = gi ? THNN_normAlloc((int64_t)threads * 2 * C * LRN_CHUNK) : NULL;
  int status = work ? TH_OK : TH_ERR;
  if (status == TH_OK && N * C * S > 0) {
    if (THTensor_dtype(input) == TH_Float32)
      lrn_backward_Float((const float *)THTensor_data(x), (const float *)THTensor_data(g), (float *)THTensor_data(gi), N,
                         C, S, size, alpha, beta, k, threads, work);
    else
      lrn_backward_Double((const double *)THTensor_data(x), (const double *)THTensor_data(g),
                          (double *)THTensor_data(gi), N, C, S, size, alpha, beta, k, threads, work);
  }
  if (gi) {
    int st = THNN_resultFinish(gradInput, tmp);
    if (status == TH_OK) status = st;
  }
  free(work);
  if (x) THTensor_free(x);
  if (g) THTensor_free(g);
  return status;
}
