/* F.unfold (im2col) and F.fold (col2im) on 2-D images (THNNIm2Col.h): argument checks with
 * PyTorch's messages, then the column transforms of THNNColumns.c on the whole batch. */
#include <stdio.h>
#include <string.h>

#include "THNNColumns.h"

/* kernelSize, dilation, padding, stride: positive, positive, non-negative, positive. */
static int checkParams(const char *op, const int64_t *k, const int64_t *d, const int64_t *p, const int64_t *s) {
  if (!k || !d || !p || !s) return THError("%s: kernelSize, dilation, padding and stride must be given", op);
  if (k[0] <= 0 || k[1] <= 0)
    return THError("%s: kernel size should be greater than zero, but got kernel_height: %lld kernel_width: %lld", op,
                   (long long)k[0], (long long)k[1]);
  if (s[0] <= 0 || s[1] <= 0)
    return THError("%s: stride should be greater than zero, but got stride_height: %lld stride_width: %lld", op,
                   (long long)s[0], (long long)s[1]);
  if (d[0] <= 0 || d[1] <= 0)
    return THError("%s: dilation should be greater than zero, but got dilation_height: %lld dilation_width: %lld", op,
                   (long long)d[0], (long long)d[1]);
  if (p[0] < 0 || p[1] < 0)
    return THError("%s: padding should be non-negative, but got pad_height: %lld pad_width: %lld", op, (long long)p[0],
                   (long long)p[1]);
  return TH_OK;
}

/* The column shape of C channels of an image of size hw, blocks per dim computed (maybe < 1). */
static THNNColShape shapeOf(int64_t C, const int64_t *hw, const int64_t *k, const int64_t *d, const int64_t *p,
                            const int64_t *s) {
  THNNColShape c;
  c.channels = C;
  THNN_lift3(2, hw, c.image, 1);
  THNN_lift3(2, k, c.kernel, 1);
  THNN_lift3(2, s, c.stride, 1);
  THNN_lift3(2, p, c.padding, 0);
  THNN_lift3(2, d, c.dilation, 1);
  c.blocks[0] = 1;
  for (int i = 0; i < 2; i++) c.blocks[1 + i] = (hw[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1) / s[i] + 1;
  return c;
}

/* unfold: images [N, C, H, W] (or [C, H, W]) -> blocks [N, C * kH * kW, L]. */
static int unfold(const char *op, const THTensor *input, THTensor *output, const int64_t *k, const int64_t *d,
                  const int64_t *p, const int64_t *s) {
  char a[TH_SHAPE_BUF];
  if (!input || !output) return THError("%s: a tensor argument is NULL", op);
  if (THNN_checkFloating(op, "input", input) || THNN_checkSameDType(op, "output", output, "input", input) ||
      checkParams(op, k, d, p, s))
    return TH_ERR;
  const int nd = THTensor_ndim(input), batched = nd == 4;
  const int64_t *sz = THTensor_sizes(input);
  int valid = nd == 3 || nd == 4;
  for (int i = batched; valid && i < nd; i++) valid = sz[i] > 0;
  if (!valid)
    return THError("%s: Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions "
                   "for input, but got: %s",
                   op, THNN_shapeStr(a, sizeof a, input));
  const int64_t N = batched ? sz[0] : 1, C = sz[batched], *hw = sz + batched + 1;
  THNNColShape c = shapeOf(C, hw, k, d, p, s);
  if (c.blocks[1] < 1 || c.blocks[2] < 1)
    return THError("%s: Given input with spatial size (%lld, %lld), kernel_size=(%lld, %lld), dilation=(%lld, %lld), "
                   "padding=(%lld, %lld), calculated shape of the array of sliding blocks as (%lld, %lld), but its "
                   "components must be at least one.",
                   op, (long long)hw[0], (long long)hw[1], (long long)k[0], (long long)k[1], (long long)d[0],
                   (long long)d[1], (long long)p[0], (long long)p[1], (long long)c.blocks[1], (long long)c.blocks[2]);
  const int64_t outSizes[3] = {N, C * k[0] * k[1], c.blocks[1] * c.blocks[2]};
  THTensor *x = THTensor_newContiguous(input);
  THTensor *tmp = NULL, *y = x ? THNN_resultTarget(output, batched ? 3 : 2, outSizes + !batched, &tmp) : NULL;
  int status = TH_ERR;
  if (y) {
    THNN_im2colBatch(THTensor_dtype(input), &c, THTensor_data(x), THTensor_data(y), N, 0, c.blocks[1], 1);
    status = THNN_resultFinish(output, tmp);
  }
  if (x) THTensor_free(x);
  return status;
}

/* fold: blocks [N, C * kH * kW, L] (or [C * kH * kW, L]) -> images [N, C, outputSize...]. */
static int fold(const char *op, const THTensor *input, THTensor *output, const int64_t *hw, const int64_t *k,
                const int64_t *d, const int64_t *p, const int64_t *s) {
  char a[TH_SHAPE_BUF];
  if (!input || !output) return THError("%s: a tensor argument is NULL", op);
  if (!hw) return THError("%s: the output size must be given", op);
  if (hw[0] <= 0 || hw[1] <= 0)
    return THError("%s: expected output_size to be positive, but got (%lld, %lld)", op, (long long)hw[0], (long long)hw[1]);
  if (THNN_checkFloating(op, "input", input) || THNN_checkSameDType(op, "output", output, "input", input) ||
      checkParams(op, k, d, p, s))
    return TH_ERR;
  const int nd = THTensor_ndim(input), batched = nd == 3;
  const int64_t *sz = THTensor_sizes(input);
  int valid = nd == 2 || nd == 3;
  for (int i = batched; valid && i < nd; i++) valid = sz[i] > 0;
  if (!valid)
    return THError("%s: Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero "
                   "dimensions for input, but got: %s",
                   op, THNN_shapeStr(a, sizeof a, input));
  const int64_t N = batched ? sz[0] : 1, rows = sz[batched], L = sz[batched + 1];
  if (rows % (k[0] * k[1]) != 0)
    return THError("%s: Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got "
                   "input.size(1)=%lld and kernel_size=(%lld, %lld).",
                   op, (long long)rows, (long long)k[0], (long long)k[1]);
  THNNColShape c = shapeOf(rows / (k[0] * k[1]), hw, k, d, p, s);
  if (c.blocks[1] * c.blocks[2] != L || c.blocks[1] < 1 || c.blocks[2] < 1)
    return THError("%s: Given output_size=(%lld, %lld), kernel_size=(%lld, %lld), dilation=(%lld, %lld), "
                   "padding=(%lld, %lld), stride=(%lld, %lld), expected size of input's dimension 2 to match the "
                   "calculated number of sliding blocks %lld * %lld = %lld, but got input.size(2)=%lld.",
                   op, (long long)hw[0], (long long)hw[1], (long long)k[0], (long long)k[1], (long long)d[0],
                   (long long)d[1], (long long)p[0], (long long)p[1], (long long)s[0], (long long)s[1],
                   (long long)c.blocks[1], (long long)c.blocks[2], (long long)(c.blocks[1] * c.blocks[2]), (long long)L);
  const int64_t outSizes[4] = {N, c.channels, hw[0], hw[1]};
  THTensor *x = THTensor_newContiguous(input);
  THTensor *tmp = NULL, *y = x ? THNN_resultTarget(output, batched ? 4 : 3, outSizes + !batched, &tmp) : NULL;
  int status = TH_ERR;
  if (y) {
    THNN_col2imBatch(THTensor_dtype(input), &c, THTensor_data(x), THTensor_data(y), N, 0, c.blocks[1], 1, 1);
    status = THNN_resultFinish(output, tmp);
  }
  if (x) THTensor_free(x);
  return status;
}

int THNN_Im2Col_updateOutput(const THTensor *input, THTensor *output, const int64_t *kernelSize,
                             const int64_t *dilation, const int64_t *padding, const int64_t *stride) {
  return unfold("unfold", input, output, kernelSize, dilation, padding, stride);
}

int THNN_Im2Col_updateGradInput(const THTensor *gradOutput, THTensor *gradInput, const int64_t *inputSize,
                                const int64_t *kernelSize, const int64_t *dilation, const int64_t *padding,
                                const int64_t *stride) {
  return fold("unfoldBackward", gradOutput, gradInput, inputSize, kernelSize, dilation, padding, stride);
}

int THNN_Col2Im_updateOutput(const THTensor *input, THTensor *output, const int64_t *outputSize,
                             const int64_t *kernelSize, const int64_t *dilation, const int64_t *padding,
                             const int64_t *stride) {
  return fold("fold", input, output, outputSize, kernelSize, dilation, padding, stride);
}

int THNN_Col2Im_updateGradInput(const THTensor *gradOutput, THTensor *gradInput, const int64_t *kernelSize,
                                const int64_t *dilation, const int64_t *padding, const int64_t *stride) {
  return unfold("foldBackward", gradOutput, gradInput, kernelSize, dilation, padding, stride);
}
