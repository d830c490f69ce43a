/* THNNColumns.h (private) — the column transforms (im2col / col2im, vol2col / col2vol) shared by
 * fold/unfold (THNNIm2Col.c) and the convolutions (THNNConvolution.c).
 *
 * Everything is 3-D here: a 1-D or 2-D geometry gets leading unit dims (extent 1, kernel 1,
 * stride 1, padding 0, dilation 1), so one kernel serves conv1d/2d/3d. An image is [channels,
 * D, H, W], contiguous; its columns are [channels * kD * kH * kW, oD * oH * oW], contiguous: row
 * (c, kd, kh, kw), column (od, oh, ow) holds image[c, od*sD - pD + kd*dD, ...] (0 outside). */
#ifndef THNN_COLUMNS_H
#define THNN_COLUMNS_H

#include "THNNInternal.h"

typedef struct THNNColShape {
  int64_t channels;
  int64_t image[3];  /* extent of the image: D, H, W */
  int64_t blocks[3]; /* sliding positions per dim (given, not derived: a transposed convolution's
                        output padding leaves image rows that no block reaches) */
  int64_t kernel[3], stride[3], padding[3], dilation[3];
} THNNColShape;

static inline int64_t THNN_volume3(const int64_t *v) { return v[0] * v[1] * v[2]; }

/* dst[3] = src[nDims] right-aligned, the leading entries set to fill. */
static inline void THNN_lift3(int nDims, const int64_t *src, int64_t *dst, int64_t fill) {
  for (int d = 0; d < 3; d++) dst[d] = d < 3 - nDims ? fill : src[d - (3 - nDims)];
}

/* Blocks [lo, hi) of a row whose tap falls inside [0, extent): lo * stride + offset >= 0 and
 * hi * stride + offset >= extent first, both clamped to [0, blocks]. */
static inline void THNN_validRange(int64_t offset, int64_t stride, int64_t extent, int64_t blocks, int64_t *lo,
                                   int64_t *hi) {
  int64_t l = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
  int64_t h = extent - offset <= 0 ? 0 : (extent - offset + stride - 1) / stride;
  if (l > blocks) l = blocks;
  if (h > blocks) h = blocks;
  *lo = l;
  *hi = h < l ? l : h;
}

/* The columns of block rows [r0, r0 + nr) of n images (a block row is one (od, oh); all of them:
 * r0 = 0, nr = oD * oH). Images are channels * image volume apart, column matrices
 * channels * kernel volume * nr * oW. parallel: split over OpenMP threads; 0 keeps the work on the
 * calling thread (the convolutions' GEMM paths: OpenMP workers left spinning after a parallel
 * region would compete with the BLAS threads of the GEMM that follows). */
void THNN_im2colBatch(THDType dtype, const THNNColShape *s, const void *images, void *columns, int64_t n, int64_t r0,
                      int64_t nr, int parallel);
/* images += col2im(columns) for the same ranges; zeroFirst: images = col2im(columns). */
void THNN_col2imBatch(THDType dtype, const THNNColShape *s, const void *columns, void *images, int64_t n, int64_t r0,
                      int64_t nr, int zeroFirst, int parallel);

#endif
