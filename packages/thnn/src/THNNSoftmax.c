/* Softmax and log-softmax along one dim (kernels in generic/THNNSoftmax.c). Inputs are made
 * contiguous (a copy only when they are not), results are written into contiguous memory (the
 * output itself when it is contiguous and of the right shape, else a temporary copied into it). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <tgmath.h>

#include "THNNInternal.h"

#define THNN_SOFTMAX_GRAIN 32768

#define BLK 256 /* values per THVector call, lines per block */

#pragma GCC diagnostic ignored "-Wpsabi"
typedef float vfloat8 __attribute__((vector_size(32)));
typedef int32_t vint8 __attribute__((vector_size(32)));
typedef double vdouble4 __attribute__((vector_size(32)));
typedef int64_t vlong4 __attribute__((vector_size(32)));

#define scalar_t float
#define SUF Float
#define VEC vfloat8
#define VMASK vint8
#define VEXP(y, x, n) THVector_unaryFloat32(TH_OP_exp, y, x, n)
#include "generic/THNNSoftmax.c"
#undef scalar_t
#undef SUF
#undef VEC
#undef VMASK
#undef VEXP

#define scalar_t double
#define SUF Double
#define VEC vdouble4
#define VMASK vlong4
#define VEXP(y, x, n) THVector_unaryFloat64(TH_OP_exp, y, x, n)
#include "generic/THNNSoftmax.c"
#undef scalar_t
#undef SUF
#undef VEC
#undef VMASK
#undef VEXP

/* [outer, n, inner] of t around dim d (a 0-d tensor is [1, 1, 1]). */
static void split(const THTensor *t, int d, int64_t *outer, int64_t *n, int64_t *inner) {
  int nd = THTensor_ndim(t);
  *outer = 1, *n = 1, *inner = 1;
  for (int k = 0; k < nd; k++) {
    int64_t s = THTensor_size(t, k);
    if (k < d) *outer *= s;
    else if (k == d) *n = s;
    else *inner *= s;
  }
}

static int forward(const char *op, int isLog, const THTensor *input, THTensor *output, int64_t dim) {
  if (!input || !output) return THError("%s: a tensor argument is NULL", op);
  if (THNN_checkFloating(op, "input", input) || THNN_checkSameDType(op, "output", output, "input", input)) return TH_ERR;
  int d;
  if (THNN_wrapDim(op, input, dim, &d)) return TH_ERR;
  int64_t outer, n, inner;
  split(input, d, &outer, &n, &inner);
  THTensor *x = THTensor_newContiguous(input);
  if (!x) return TH_ERR;
  THTensor *tmp, *y = THNN_resultTarget(output, THTensor_ndim(input), THTensor_sizes(input), &tmp);
  if (!y) {
    THTensor_free(x);
    return TH_ERR;
  }
  if (THTensor_numel(input) > 0) {
    if (THTensor_dtype(input) == TH_Float32)
      softmax_fwd_Float((const float *)THTensor_data(x), (float *)THTensor_data(y), outer, n, inner, isLog);
    else
      softmax_fwd_Double((const double *)THTensor_data(x), (double *)THTensor_data(y), outer, n, inner, isLog);
  }
  THTensor_free(x);
  return THNN_resultFinish(output, tmp);
}

static int backward(const char *op, int isLog, const THTensor *gradOutput, const THTensor *output, THTensor *gradInput,
                    int64_t dim) {
  if (!gradOutput || !output || !gradInput) return THError("%s: a tensor argument is NULL", op);
  if (THNN_checkFloating(op, "output", output) ||
      THNN_checkSameDType(op, "gradOutput", gradOutput, "output", output) ||
      THNN_checkSameShape(op, "gradOutput", gradOutput, "output", output) ||
      THNN_checkSameDType(op, "gradInput", gradInput, "output", output))
    return TH_ERR;
  int d;
  if (THNN_wrapDim(op, output, dim, &d)) return TH_ERR;
  int64_t outer, n, inner;
  split(output, d, &outer, &n, &inner);
  THTensor *g = THTensor_newContiguous(gradOutput);
  THTensor *y = g ? THTensor_newContiguous(output) : NULL;
  THTensor *tmp = NULL, *gi = y ? THNN_resultTarget(gradInput, THTensor_ndim(output), THTensor_sizes(output), &tmp) : NULL;
  int status = TH_ERR;
  if (gi) {
    if (THTensor_numel(output) > 0) {
      if (THTensor_dtype(output) == TH_Float32)
        softmax_bwd_Float((const float *)THTensor_data(g), (const float *)THTensor_data(y), (float *)THTensor_data(gi),
                          outer, n, inner, isLog);
      else
        softmax_bwd_Double((const double *)THTensor_data(g), (const double *)THTensor_data(y),
                           (double *)THTensor_data(gi), outer, n, inner, isLog);
    }
    status = THNN_resultFinish(gradInput, tmp);
  }
  if (g) THTensor_free(g);
  if (y) THTensor_free(y);
  return status;
}

int THNN_Softmax_updateOutput(const THTensor *input, THTensor *output, int64_t dim) {
  return forward("softmax", 0, input, output, dim);
}
int THNN_LogSoftmax_updateOutput(const THTensor *input, THTensor *output, int64_t dim) {
  return forward("logSoftmax", 1, input, output, dim);
}
int THNN_Softmax_updateGradInput(const THTensor *gradOutput, const THTensor *output, THTensor *gradInput, int64_t dim) {
  return backward("softmaxBackward", 0, gradOutput, output, gradInput, dim);
}
int THNN_LogSoftmax_updateGradInput(const THTensor *gradOutput, const THTensor *output, THTensor *gradInput,
                                    int64_t dim) {
  return backward("logSoftmaxBackward", 1, gradOutput, output, gradInput, dim);
}
