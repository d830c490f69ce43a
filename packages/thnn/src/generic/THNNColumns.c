/* im2col / col2im for one scalar type (included by THNNColumns.c with scalar_t and SUF defined).
 * One call handles one channel of one image: the kernelVolume rows of the columns that it owns.
 * Along W the valid block range [lo, hi) is computed once per row, so the inner loops have no
 * bounds tests (a plain copy when the stride is 1). */

#define FN(name) THNN_CONCAT3(name, _, SUF)

static void FN(im2colChannel)(const THNNColShape *s, const scalar_t *image, scalar_t *columns) {
  const int64_t iD = s->image[0], iH = s->image[1], iW = s->image[2];
  const int64_t oD = s->blocks[0], oH = s->blocks[1], oW = s->blocks[2], nBlocks = oD * oH * oW;
  const int64_t sW = s->stride[2];
  for (int64_t kd = 0; kd < s->kernel[0]; kd++)
    for (int64_t kh = 0; kh < s->kernel[1]; kh++)
      for (int64_t kw = 0; kw < s->kernel[2]; kw++) {
        scalar_t *row = columns + ((kd * s->kernel[1] + kh) * s->kernel[2] + kw) * nBlocks;
        int64_t lo, hi, offW = kw * s->dilation[2] - s->padding[2];
        THNN_validRange(offW, sW, iW, oW, &lo, &hi);
        for (int64_t od = 0; od < oD; od++) {
          int64_t id = od * s->stride[0] - s->padding[0] + kd * s->dilation[0];
          for (int64_t oh = 0; oh < oH; oh++) {
            int64_t ih = oh * s->stride[1] - s->padding[1] + kh * s->dilation[1];
            scalar_t *dst = row + (od * oH + oh) * oW;
            if (id < 0 || id >= iD || ih < 0 || ih >= iH) {
              memset(dst, 0, sizeof(scalar_t) * (size_t)oW);
              continue;
            }
            const scalar_t *src = image + (id * iH + ih) * iW;
            for (int64_t ow = 0; ow < lo; ow++) dst[ow] = 0;
            if (sW == 1) {
              if (hi > lo) memcpy(dst + lo, src + lo + offW, sizeof(scalar_t) * (size_t)(hi - lo));
            } else
              for (int64_t ow = lo; ow < hi; ow++) dst[ow] = src[ow * sW + offW];
            for (int64_t ow = hi; ow < oW; ow++) dst[ow] = 0;
          }
        }
      }
}

static void FN(col2imChannel)(const THNNColShape *s, const scalar_t *columns, scalar_t *restrict image) {
  const int64_t iD = s->image[0], iH = s->image[1], iW = s->image[2];
  const int64_t oD = s->blocks[0], oH = s->blocks[1], oW = s->blocks[2], nBlocks = oD * oH * oW;
  const int64_t sW = s->stride[2];
  for (int64_t kd = 0; kd < s->kernel[0]; kd++)
    for (int64_t kh = 0; kh < s->kernel[1]; kh++)
      for (int64_t kw = 0; kw < s->kernel[2]; kw++) {
        const scalar_t *row = columns + ((kd * s->kernel[1] + kh) * s->kernel[2] + kw) * nBlocks;
        int64_t lo, hi, offW = kw * s->dilation[2] - s->padding[2];
        THNN_validRange(offW, sW, iW, oW, &lo, &hi);
        for (int64_t od = 0; od < oD; od++) {
          int64_t id = od * s->stride[0] - s->padding[0] + kd * s->dilation[0];
          if (id < 0 || id >= iD) continue;
          for (int64_t oh = 0; oh < oH; oh++) {
            int64_t ih = oh * s->stride[1] - s->padding[1] + kh * s->dilation[1];
            if (ih < 0 || ih >= iH) continue;
            const scalar_t *src = row + (od * oH + oh) * oW;
            scalar_t *restrict dst = image + (id * iH + ih) * iW;
            if (sW == 1)
              for (int64_t ow = lo; ow < hi; ow++) dst[ow + offW] += src[ow];
            else
              for (int64_t ow = lo; ow < hi; ow++) dst[ow * sW + offW] += src[ow];
          }
        }
      }
}

static void FN(im2colBatch)(const THNNColShape *s, const void *images, void *columns, int64_t n, int parallel) {
  const int64_t plane = THNN_volume3(s->image), kVol = THNN_volume3(s->kernel), nBlocks = THNN_volume3(s->blocks);
  const int64_t tasks = n * s->channels;
  int64_t t;
#pragma omp parallel for if (parallel && tasks > 1 && tasks * kVol * nBlocks > THNN_COLUMNS_GRAIN)
  for (t = 0; t < tasks; t++)
    FN(im2colChannel)(s, (const scalar_t *)images + t * plane, (scalar_t *)columns + t * kVol * nBlocks);
}

static void FN(col2imBatch)(const THNNColShape *s, const void *columns, void *images, int64_t n, int zeroFirst,
                             int parallel) {
  const int64_t plane = THNN_volume3(s->image), kVol = THNN_volume3(s->kernel), nBlocks = THNN_volume3(s->blocks);
  const int64_t tasks = n * s->channels;
  int64_t t;
#pragma omp parallel for if (parallel && tasks > 1 && tasks * kVol * nBlocks > THNN_COLUMNS_GRAIN)
  for (t = 0; t < tasks; t++) {
    scalar_t *image = (scalar_t *)images + t * plane;
    if (zeroFirst) memset(image, 0, sizeof(scalar_t) * (size_t)plane);
    FN(col2imChannel)(s, (const scalar_t *)columns + t * kVol * nBlocks, image);
  }
}

#undef FN
