/* im2col / col2im for one scalar type (included by THNNColumns.c with scalar_t and SUF defined).
 * One call handles one channel of one image and the block rows [r0, r0 + nr) (a block row is one
 * (od, oh)): the kernelVolume rows of the columns that the channel owns, each nr * oW long.
 * Along W the valid block range [lo, hi) is computed once per tap, so the inner loops have no
 * bounds tests (a plain copy when the stride is 1). */

#define FN(name) THNN_CONCAT3(name, _, SUF)

/* Walks block rows r0 .. r0 + nr - 1 as (od, oh) without dividing per row, and gives the image row
 * under each for kernel tap (kd, kh): ir, or -1 where the tap is in the padding. */
typedef struct FN(RowWalk) {
  const THNNColShape *s;
  int64_t od, oh, kd, kh;
} FN(RowWalk);

static inline FN(RowWalk) FN(rowWalk)(const THNNColShape *s, int64_t r0, int64_t kd, int64_t kh) {
  FN(RowWalk) w = {s, r0 / s->blocks[1], r0 % s->blocks[1], kd, kh};
  return w;
}

static inline int64_t FN(nextImageRow)(FN(RowWalk) *w) {
  const THNNColShape *s = w->s;
  const int64_t id = w->od * s->stride[0] - s->padding[0] + w->kd * s->dilation[0];
  const int64_t ih = w->oh * s->stride[1] - s->padding[1] + w->kh * s->dilation[1];
  if (++w->oh == s->blocks[1]) w->oh = 0, w->od++;
  return id < 0 || id >= s->image[0] || ih < 0 || ih >= s->image[1] ? -1 : id * s->image[1] + ih;
}

THNN_CLONES static void FN(im2colChannel)(const THNNColShape *s, const scalar_t *image, scalar_t *columns, int64_t r0,
                                          int64_t nr) {
  const int64_t iW = s->image[2], oW = s->blocks[2], sW = s->stride[2], len = nr * oW;
  for (int64_t kd = 0; kd < s->kernel[0]; kd++)
    for (int64_t kh = 0; kh < s->kernel[1]; kh++)
      for (int64_t kw = 0; kw < s->kernel[2]; kw++) {
        scalar_t *dst = columns + ((kd * s->kernel[1] + kh) * s->kernel[2] + kw) * len;
        int64_t lo, hi, offW = kw * s->dilation[2] - s->padding[2];
        THNN_validRange(offW, sW, iW, oW, &lo, &hi);
        FN(RowWalk) walk = FN(rowWalk)(s, r0, kd, kh);
        for (int64_t r = 0; r < nr; r++, dst += oW) {
          const int64_t ir = FN(nextImageRow)(&walk);
          if (ir < 0) {
            memset(dst, 0, sizeof(scalar_t) * (size_t)oW);
            continue;
          }
          const scalar_t *src = image + ir * iW;
          for (int64_t ow = 0; ow < lo; ow++) dst[ow] = 0;
          if (sW == 1) /* rows are short: an inline copy beats a call to memcpy */
            for (int64_t ow = lo; ow < hi; ow++) dst[ow] = src[ow + offW];
          else
            for (int64_t ow = lo; ow < hi; ow++) dst[ow] = src[ow * sW + offW];
          for (int64_t ow = hi; ow < oW; ow++) dst[ow] = 0;
        }
      }
}

THNN_CLONES static void FN(col2imChannel)(const THNNColShape *s, const scalar_t *columns, scalar_t *restrict image,
                                          int64_t r0, int64_t nr) {
  const int64_t iW = s->image[2], oW = s->blocks[2], sW = s->stride[2], len = nr * oW;
  for (int64_t kd = 0; kd < s->kernel[0]; kd++)
    for (int64_t kh = 0; kh < s->kernel[1]; kh++)
      for (int64_t kw = 0; kw < s->kernel[2]; kw++) {
        const scalar_t *src = columns + ((kd * s->kernel[1] + kh) * s->kernel[2] + kw) * len;
        int64_t lo, hi, offW = kw * s->dilation[2] - s->padding[2];
        THNN_validRange(offW, sW, iW, oW, &lo, &hi);
        FN(RowWalk) walk = FN(rowWalk)(s, r0, kd, kh);
        for (int64_t r = 0; r < nr; r++, src += oW) {
          const int64_t ir = FN(nextImageRow)(&walk);
          if (ir < 0) continue;
          scalar_t *restrict dst = image + ir * iW;
          if (sW == 1)
            for (int64_t ow = lo; ow < hi; ow++) dst[ow + offW] += src[ow];
          else
            for (int64_t ow = lo; ow < hi; ow++) dst[ow * sW + offW] += src[ow];
        }
      }
}

static void FN(im2colBatch)(const THNNColShape *s, const void *images, void *columns, int64_t n, int64_t r0, int64_t nr,
                            int parallel) {
  const int64_t plane = THNN_volume3(s->image), rows = THNN_volume3(s->kernel), len = nr * s->blocks[2];
  const int64_t tasks = n * s->channels;
  int64_t t;
#pragma omp parallel for if (parallel && tasks > 1 && tasks * rows * len > THNN_COLUMNS_GRAIN)
  for (t = 0; t < tasks; t++)
    FN(im2colChannel)(s, (const scalar_t *)images + t * plane, (scalar_t *)columns + t * rows * len, r0, nr);
}

static void FN(col2imBatch)(const THNNColShape *s, const void *columns, void *images, int64_t n, int64_t r0, int64_t nr,
                            int zeroFirst, int parallel) {
  const int64_t plane = THNN_volume3(s->image), rows = THNN_volume3(s->kernel), len = nr * s->blocks[2];
  const int64_t tasks = n * s->channels;
  int64_t t;
#pragma omp parallel for if (parallel && tasks > 1 && tasks * rows * len > THNN_COLUMNS_GRAIN)
  for (t = 0; t < tasks; t++) {
    scalar_t *image = (scalar_t *)images + t * plane;
    if (zeroFirst) memset(image, 0, sizeof(scalar_t) * (size_t)plane);
    FN(col2imChannel)(s, (const scalar_t *)columns + t * rows * len, image, r0, nr);
  }
}

#undef FN
