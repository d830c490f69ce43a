/* Dropout (THNNDropout.h): the mask from libTH's bernoulli_, the arithmetic with libTH's
 * elementwise ops in PyTorch's order (so values round as PyTorch's). */
#include <math.h>

#include "THNNInternal.h"

/* SELU's -scale * alpha: where alpha dropout sends the dropped values */
#define THNN_SELU_SATURATION 1.7580993408473766

/* r = a <op> number, with the number as a Python scalar would be (a wrapped number) */
static int withNumber(THTensor *r, const THTensor *a, double number, THBinaryOp op) {
  THTensor *s = THTensor_newWrappedNumber(number);
  if (!s) return TH_ERR;
  int status = THTensor_binary(r, a, s, op);
  THTensor_free(s);
  return status;
}

static int dropout(const char *op, int feature, int alpha, const THTensor *input, THTensor *output, THTensor *noise,
                   double p, int train, THGenerator *generator) {
  if (!input || !output || !noise) return THError("%s: input, output and noise must not be NULL", op);
  if (THNN_checkFloating(op, "input", input) || THNN_checkSameDType(op, "output", output, "input", input) ||
      THNN_checkSameDType(op, "noise", noise, "input", input))
    return TH_ERR;
  if (!(p >= 0 && p <= 1)) return THError("%s: dropout probability has to be between 0 and 1, but got %g", op, p);
  int nd = THTensor_ndim(input);
  if (feature && nd < 2) return THError("%s: Feature dropout requires at least 2 dimensions in the input", op);
  int64_t sizes[TH_MAX_DIMS];
  for (int k = 0; k < nd; k++) sizes[k] = !feature || k < 2 ? THTensor_size(input, k) : 1;
  if (THTensor_resize(noise, nd, sizes)) return TH_ERR;
  int identity = !train || p == 0 || THTensor_numel(input) == 0;
  int status;
  if (identity || p == 1) {
    status = THTensor_fill(noise, identity ? 1 : 0);
    return status ? status : THTensor_binary(output, input, noise, TH_OP_mul);
  }
  status = THTensor_bernoulli_(noise, 1 - p, generator);
  if (status) return status;
  if (!alpha) {
    status = withNumber(noise, noise, 1 - p, TH_OP_div);
    return status ? status : THTensor_binary(output, input, noise, TH_OP_mul);
  }
  /* b = (noise - 1) * alpha * a + alpha * a * p; noise *= a; output = input * noise + b */
  double a = 1 / sqrt((THNN_SELU_SATURATION * THNN_SELU_SATURATION * p + 1) * (1 - p));
  THTensor *b = THTensor_new(THTensor_dtype(input));
  if (!b) return TH_ERR;
  status = withNumber(b, noise, -1, TH_OP_add);
  if (!status) status = withNumber(b, b, THNN_SELU_SATURATION * a, TH_OP_mul);
  if (!status) status = withNumber(b, b, THNN_SELU_SATURATION * a * p, TH_OP_add);
  if (!status) status = withNumber(noise, noise, a, TH_OP_mul);
  if (!status) status = THTensor_binary(output, input, noise, TH_OP_mul);
  if (!status) status = THTensor_add(output, output, b, 1);
  THTensor_free(b);
  return status;
}

int THNN_Dropout_updateOutput(const THTensor *input, THTensor *output, THTensor *noise, double p, int train,
                              THGenerator *generator) {
  return dropout("dropout", 0, 0, input, output, noise, p, train, generator);
}
int THNN_FeatureDropout_updateOutput(const THTensor *input, THTensor *output, THTensor *noise, double p, int train,
                                     THGenerator *generator) {
  return dropout("featureDropout", 1, 0, input, output, noise, p, train, generator);
}
int THNN_AlphaDropout_updateOutput(const THTensor *input, THTensor *output, THTensor *noise, double p, int train,
                                   THGenerator *generator) {
  return dropout("alphaDropout", 0, 1, input, output, noise, p, train, generator);
}
int THNN_FeatureAlphaDropout_updateOutput(const THTensor *input, THTensor *output, THTensor *noise, double p,
                                          int train, THGenerator *generator) {
  return dropout("featureAlphaDropout", 1, 1, input, output, noise, p, train, generator);
}

int THNN_Dropout_updateGradInput(const THTensor *gradOutput, const THTensor *noise, THTensor *gradInput) {
  const char *op = "dropoutBackward";
  if (!gradOutput || !noise || !gradInput) return THError("%s: gradOutput, noise and gradInput must not be NULL", op);
  if (THNN_checkFloating(op, "gradOutput", gradOutput) ||
      THNN_checkSameDType(op, "noise", noise, "gradOutput", gradOutput) ||
      THNN_checkSameDType(op, "gradInput", gradInput, "gradOutput", gradOutput))
    return TH_ERR;
  /* noise: gradOutput's shape, or 1 in any of its dims (the feature kinds) */
  int nd = THTensor_ndim(gradOutput), ok = THTensor_ndim(noise) == nd;
  for (int k = 0; ok && k < nd; k++) ok = THTensor_size(noise, k) == 1 || THTensor_size(noise, k) == THTensor_size(gradOutput, k);
  if (!ok) {
    char a[TH_SHAPE_BUF], b[TH_SHAPE_BUF];
    return THError("%s: expected noise to have the shape of gradOutput %s (or size 1 in some dims), but got %s", op,
                   THNN_shapeStr(a, sizeof a, gradOutput), THNN_shapeStr(b, sizeof b, noise));
  }
  return THTensor_binary(gradInput, gradOutput, noise, TH_OP_mul);
}
