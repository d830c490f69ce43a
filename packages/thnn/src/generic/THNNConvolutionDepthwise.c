/* Depthwise kernels for one scalar type (included by THNNConvolutionDepthwise.c with scalar_t and
 * SUF defined). Each works row by row: for one row of blocks (od, oh) and one kernel row (kd, kh)
 * whose image row (id, ih) is inside the image, the kW taps are loops along W over the blocks
 * [lo, hi) that land inside the row, so the inner loops are bounds-free (and contiguous when the
 * stride along W is 1). */

#define FN(name) THNN_CONCAT3(name, _, SUF)

/* The image row under block row (od, oh) and kernel row (kd, kh), or NULL when it is padding. */
static inline const scalar_t *FN(imageRow)(const THNNColShape *s, const scalar_t *plane, int64_t od, int64_t oh,
                                           int64_t kd, int64_t kh) {
  int64_t id = od * s->stride[0] - s->padding[0] + kd * s->dilation[0];
  int64_t ih = oh * s->stride[1] - s->padding[1] + kh * s->dilation[1];
  if (id < 0 || id >= s->image[0] || ih < 0 || ih >= s->image[1]) return NULL;
  return plane + (id * s->image[1] + ih) * s->image[2];
}

/* y (+)= correlation of one image plane x with one kernel w. */
static void FN(dwForwardPlane)(const THNNColShape *s, const scalar_t *x, const scalar_t *w, scalar_t *restrict y,
                               int accumulate) {
  const int64_t oD = s->blocks[0], oH = s->blocks[1], oW = s->blocks[2], sW = s->stride[2];
  const int64_t kH = s->kernel[1], kW = s->kernel[2];
  for (int64_t od = 0; od < oD; od++)
    for (int64_t oh = 0; oh < oH; oh++) {
      scalar_t *restrict yrow = y + (od * oH + oh) * oW;
      if (!accumulate) memset(yrow, 0, sizeof(scalar_t) * (size_t)oW);
      for (int64_t kd = 0; kd < s->kernel[0]; kd++)
        for (int64_t kh = 0; kh < kH; kh++) {
          const scalar_t *xrow = FN(imageRow)(s, x, od, oh, kd, kh);
          if (!xrow) continue;
          const scalar_t *wk = w + (kd * kH + kh) * kW;
          for (int64_t kw = 0; kw < kW; kw++) {
            int64_t lo, hi, off = kw * s->dilation[2] - s->padding[2];
            THNN_validRange(off, sW, s->image[2], oW, &lo, &hi);
            const scalar_t wv = wk[kw];
            if (sW == 1)
              for (int64_t ow = lo; ow < hi; ow++) yrow[ow] += wv * xrow[ow + off];
            else
              for (int64_t ow = lo; ow < hi; ow++) yrow[ow] += wv * xrow[ow * sW + off];
          }
        }
    }
}

/* x += y spread back through kernel w (the adjoint of dwForwardPlane). */
static void FN(dwBackwardPlane)(const THNNColShape *s, const scalar_t *y, const scalar_t *w, scalar_t *restrict x) {
  const int64_t oD = s->blocks[0], oH = s->blocks[1], oW = s->blocks[2], sW = s->stride[2];
  const int64_t kH = s->kernel[1], kW = s->kernel[2];
  for (int64_t od = 0; od < oD; od++)
    for (int64_t oh = 0; oh < oH; oh++) {
      const scalar_t *yrow = y + (od * oH + oh) * oW;
      for (int64_t kd = 0; kd < s->kernel[0]; kd++)
        for (int64_t kh = 0; kh < kH; kh++) {
          scalar_t *restrict xrow = (scalar_t *)FN(imageRow)(s, x, od, oh, kd, kh);
          if (!xrow) continue;
          const scalar_t *wk = w + (kd * kH + kh) * kW;
          for (int64_t kw = 0; kw < kW; kw++) {
            int64_t lo, hi, off = kw * s->dilation[2] - s->padding[2];
            THNN_validRange(off, sW, s->image[2], oW, &lo, &hi);
            const scalar_t wv = wk[kw];
            if (sW == 1)
              for (int64_t ow = lo; ow < hi; ow++) xrow[ow + off] += wv * yrow[ow];
            else
              for (int64_t ow = lo; ow < hi; ow++) xrow[ow * sW + off] += wv * yrow[ow];
          }
        }
    }
}

/* acc[tap] += correlation of image plane x with vector plane y at every kernel tap. */
static void FN(dwWeightPlane)(const THNNColShape *s, const scalar_t *x, const scalar_t *y, double *acc) {
  const int64_t oD = s->blocks[0], oH = s->blocks[1], oW = s->blocks[2], sW = s->stride[2];
  const int64_t kH = s->kernel[1], kW = s->kernel[2];
  for (int64_t od = 0; od < oD; od++)
    for (int64_t oh = 0; oh < oH; oh++) {
      const scalar_t *yrow = y + (od * oH + oh) * oW;
      for (int64_t kd = 0; kd < s->kernel[0]; kd++)
        for (int64_t kh = 0; kh < kH; kh++) {
          const scalar_t *xrow = FN(imageRow)(s, x, od, oh, kd, kh);
          if (!xrow) continue;
          double *acck = acc + (kd * kH + kh) * kW;
          for (int64_t kw = 0; kw < kW; kw++) {
            int64_t lo, hi, off = kw * s->dilation[2] - s->padding[2];
            THNN_validRange(off, sW, s->image[2], oW, &lo, &hi);
            scalar_t dot = 0;
            if (sW == 1) {
#pragma omp simd reduction(+ : dot)
              for (int64_t ow = lo; ow < hi; ow++) dot += yrow[ow] * xrow[ow + off];
            } else {
#pragma omp simd reduction(+ : dot)
              for (int64_t ow = lo; ow < hi; ow++) dot += yrow[ow] * xrow[ow * sW + off];
            }
            acck[kw] += dot;
          }
        }
    }
}

static void FN(dwImageToVector)(const THNNColShape *s, int64_t mult, int64_t n, const void *X, const void *W, void *Y,
                                int accumulate) {
  const int64_t cY = s->channels * mult, imageVol = THNN_volume3(s->image), blocks = THNN_volume3(s->blocks);
  const int64_t kVol = THNN_volume3(s->kernel), tasks = n * cY;
  int64_t t;
#pragma omp parallel for if (tasks > 1 && tasks * blocks * kVol > THNN_DEPTHWISE_GRAIN)
  for (t = 0; t < tasks; t++) {
    int64_t i = t / cY, j = t % cY;
    FN(dwForwardPlane)(s, (const scalar_t *)X + (i * s->channels + j / mult) * imageVol,
                       (const scalar_t *)W + j * kVol, (scalar_t *)Y + t * blocks, accumulate);
  }
}

static void FN(dwVectorToImage)(const THNNColShape *s, int64_t mult, int64_t n, const void *Y, const void *W, void *X,
                                int accumulate) {
  const int64_t cX = s->channels, imageVol = THNN_volume3(s->image), blocks = THNN_volume3(s->blocks);
  const int64_t kVol = THNN_volume3(s->kernel), tasks = n * cX;
  int64_t t;
#pragma omp parallel for if (tasks > 1 && tasks * mult * blocks * kVol > THNN_DEPTHWISE_GRAIN)
  for (t = 0; t < tasks; t++) {
    int64_t i = t / cX, c = t % cX;
    scalar_t *x = (scalar_t *)X + t * imageVol;
    if (!accumulate) memset(x, 0, sizeof(scalar_t) * (size_t)imageVol);
    for (int64_t j = c * mult; j < (c + 1) * mult; j++)
      FN(dwBackwardPlane)(s, (const scalar_t *)Y + (i * cX * mult + j) * blocks, (const scalar_t *)W + j * kVol, x);
  }
}

static int FN(dwAccWeight)(const THNNColShape *s, int64_t mult, int64_t n, const void *X, const void *Y, void *dW,
                           double scale) {
  const int64_t cX = s->channels, cY = cX * mult, imageVol = THNN_volume3(s->image), blocks = THNN_volume3(s->blocks);
  const int64_t kVol = THNN_volume3(s->kernel);
  double *acc = calloc((size_t)(cY * kVol) + 1, sizeof(double));
  if (!acc) return THError("depthwise convolution: out of memory");
  int64_t j;
#pragma omp parallel for if (cY > 1 && n * cY * blocks * kVol > THNN_DEPTHWISE_GRAIN)
  for (j = 0; j < cY; j++) {
    double *accj = acc + j * kVol;
    for (int64_t i = 0; i < n; i++)
      FN(dwWeightPlane)(s, (const scalar_t *)X + (i * cX + j / mult) * imageVol,
                        (const scalar_t *)Y + (i * cY + j) * blocks, accj);
    scalar_t *w = (scalar_t *)dW + j * kVol;
    for (int64_t k = 0; k < kVol; k++) w[k] += (scalar_t)(scale * accj[k]);
  }
  free(acc);
  return TH_OK;
}

#undef FN
