/* Depthwise kernels for one scalar type (included by THNNConvolutionDepthwise.c with scalar_t and
 * SUF defined). Two ways through a plane:
 *  - the flat path, for stride 1 in every dim (the common case): the image plane is copied into a
 *    zero-padded buffer, and every group of taps becomes one long pass over the whole plane, whole
 *    vectors at a time, with no bounds tests (see Flat);
 *  - the row path, for the strided rest: row by row, each tap over the blocks that land inside
 *    the image. */

#define FN(name) THNN_CONCAT3(name, _, SUF)

/* ---- the flat path ----
 * A plane padded on every side lies in a buffer of ext[0] x ext[1] x ext[2] elements. Block
 * (od, oh, ow) sits at p = (od * ext[1] + oh) * ext[2] + ow of a "wide" plane with the buffer's
 * pitches, and tap t reads buffer element p + off[t]: a tap is a shifted copy of the buffer. The
 * wide plane's extra columns are computed too, and dropped. */
typedef struct FN(Flat) {
  int64_t ext[3];
  int64_t span; /* wide positions up to the last block, + 1 */
  int64_t taps;
  int64_t *off; /* one per tap, in the weight's order */
} FN(Flat);

/* Fills f for geometry s; 0 when the flat path does not apply (a stride > 1, no blocks, or no
 * memory for the offsets). Free f->off. */
static int FN(flatOf)(const THNNColShape *s, FN(Flat) *f) {
  f->off = NULL;
  for (int d = 0; d < 3; d++) {
    if (s->stride[d] != 1 || s->blocks[d] <= 0) return 0;
    const int64_t reach = s->blocks[d] + (s->kernel[d] - 1) * s->dilation[d];
    f->ext[d] = reach > s->padding[d] + s->image[d] ? reach : s->padding[d] + s->image[d];
  }
  f->span = ((s->blocks[0] - 1) * f->ext[1] + s->blocks[1] - 1) * f->ext[2] + s->blocks[2];
  f->taps = THNN_volume3(s->kernel);
  if (!(f->off = malloc(sizeof(int64_t) * (size_t)f->taps))) return 0;
  int64_t t = 0;
  for (int64_t kd = 0; kd < s->kernel[0]; kd++)
    for (int64_t kh = 0; kh < s->kernel[1]; kh++)
      for (int64_t kw = 0; kw < s->kernel[2]; kw++)
        f->off[t++] = (kd * s->dilation[0] * f->ext[1] + kh * s->dilation[1]) * f->ext[2] + kw * s->dilation[2];
  return 1;
}

/* A per-thread buffer: the padded plane, then the wide plane (NULL when memory is short: the row
 * path serves instead). */
static scalar_t *FN(flatBuffer)(const FN(Flat) *f) {
  return malloc(sizeof(scalar_t) * (size_t)(THNN_volume3(f->ext) + f->span) + 1);
}

/* buf = image plane x at its padded place, zeros around. */
static void FN(flatPad)(const FN(Flat) *f, const THNNColShape *s, const scalar_t *x, scalar_t *buf) {
  memset(buf, 0, sizeof(scalar_t) * (size_t)THNN_volume3(f->ext));
  for (int64_t id = 0; id < s->image[0]; id++)
    for (int64_t ih = 0; ih < s->image[1]; ih++)
      memcpy(buf + ((id + s->padding[0]) * f->ext[1] + ih + s->padding[1]) * f->ext[2] + s->padding[2],
             x + (id * s->image[1] + ih) * s->image[2], sizeof(scalar_t) * (size_t)s->image[2]);
}

/* wide = init + sum over taps of w[t] * buf shifted by off[t] (accumulate: wide += ...). */
THNN_CLONES static void FN(flatCorrelate)(const FN(Flat) *f, const scalar_t *buf, const scalar_t *w,
                                          scalar_t *restrict wide, scalar_t init, int accumulate) {
  const int64_t span = f->span;
  if (!accumulate)
    for (int64_t p = 0; p < span; p++) wide[p] = init;
  int64_t t = 0;
  for (; t + 3 <= f->taps; t += 3) {
    const scalar_t a = w[t], b = w[t + 1], c = w[t + 2];
    const scalar_t *x0 = buf + f->off[t], *x1 = buf + f->off[t + 1], *x2 = buf + f->off[t + 2];
    for (int64_t p = 0; p < span; p++) wide[p] += a * x0[p] + b * x1[p] + c * x2[p];
  }
  for (; t < f->taps; t++) {
    const scalar_t a = w[t], *x0 = buf + f->off[t];
    for (int64_t p = 0; p < span; p++) wide[p] += a * x0[p];
  }
}

/* acc[t] += sum over p of wide[p] * buf[p + off[t]] (wide holds zeros between the blocks). */
THNN_CLONES static void FN(flatDots)(const FN(Flat) *f, const scalar_t *buf, const scalar_t *wide, double *acc) {
  const int64_t span = f->span;
  int64_t t = 0;
  for (; t + 3 <= f->taps; t += 3) {
    const scalar_t *x0 = buf + f->off[t], *x1 = buf + f->off[t + 1], *x2 = buf + f->off[t + 2];
    scalar_t s0 = 0, s1 = 0, s2 = 0;
#pragma omp simd reduction(+ : s0, s1, s2)
    for (int64_t p = 0; p < span; p++) {
      const scalar_t v = wide[p];
      s0 += v * x0[p], s1 += v * x1[p], s2 += v * x2[p];
    }
    acc[t] += s0, acc[t + 1] += s1, acc[t + 2] += s2;
  }
  for (; t < f->taps; t++) {
    const scalar_t *x0 = buf + f->off[t];
    scalar_t s0 = 0;
#pragma omp simd reduction(+ : s0)
    for (int64_t p = 0; p < span; p++) s0 += wide[p] * x0[p];
    acc[t] += s0;
  }
}

/* Plane y = the blocks of wide; toWide: the reverse, wide = the blocks of y with zeros between. */
static void FN(flatBlocks)(const FN(Flat) *f, const THNNColShape *s, scalar_t *wide, scalar_t *y, int toWide) {
  const int64_t oH = s->blocks[1], oW = s->blocks[2];
  if (toWide) memset(wide, 0, sizeof(scalar_t) * (size_t)f->span);
  for (int64_t od = 0; od < s->blocks[0]; od++)
    for (int64_t oh = 0; oh < oH; oh++) {
      scalar_t *w = wide + (od * f->ext[1] + oh) * f->ext[2], *r = y + (od * oH + oh) * oW;
      memcpy(toWide ? w : r, toWide ? r : w, sizeof(scalar_t) * (size_t)oW);
    }
}

/* ---- the row path ---- */

/* The image row under block row (od, oh) and kernel row (kd, kh), or NULL when it is padding. */
static inline const scalar_t *FN(imageRow)(const THNNColShape *s, const scalar_t *plane, int64_t od, int64_t oh,
                                           int64_t kd, int64_t kh) {
  int64_t id = od * s->stride[0] - s->padding[0] + kd * s->dilation[0];
  int64_t ih = oh * s->stride[1] - s->padding[1] + kh * s->dilation[1];
  if (id < 0 || id >= s->image[0] || ih < 0 || ih >= s->image[1]) return NULL;
  return plane + (id * s->image[1] + ih) * s->image[2];
}

/* Tap kw of a kernel row: block ow in [*lo, *hi) reads image column ow * stride + the result. */
static inline int64_t FN(tap)(const THNNColShape *s, int64_t kw, int64_t *lo, int64_t *hi) {
  const int64_t off = kw * s->dilation[2] - s->padding[2];
  THNN_validRange(off, s->stride[2], s->image[2], s->blocks[2], lo, hi);
  return off;
}

/* y = init + correlation of image plane x with kernel w. */
THNN_CLONES static void FN(rowForward)(const THNNColShape *s, const scalar_t *x, const scalar_t *w, scalar_t *restrict y,
                                       scalar_t init) {
  const int64_t oH = s->blocks[1], oW = s->blocks[2], kH = s->kernel[1], kW = s->kernel[2], sW = s->stride[2];
  for (int64_t od = 0; od < s->blocks[0]; od++)
    for (int64_t oh = 0; oh < oH; oh++) {
      scalar_t *restrict yrow = y + (od * oH + oh) * oW;
      for (int64_t ow = 0; ow < oW; ow++) yrow[ow] = init;
      for (int64_t kd = 0; kd < s->kernel[0]; kd++)
        for (int64_t kh = 0; kh < kH; kh++) {
          const scalar_t *xrow = FN(imageRow)(s, x, od, oh, kd, kh);
          for (int64_t kw = 0; xrow && kw < kW; kw++) {
            int64_t lo, hi, off = FN(tap)(s, kw, &lo, &hi);
            const scalar_t wv = w[(kd * kH + kh) * kW + kw];
            for (int64_t ow = lo; ow < hi; ow++) yrow[ow] += wv * xrow[ow * sW + off];
          }
        }
    }
}

/* x += plane y spread back through kernel w (the adjoint of rowForward). */
THNN_CLONES static void FN(rowBackward)(const THNNColShape *s, const scalar_t *y, const scalar_t *w, scalar_t *x) {
  const int64_t oH = s->blocks[1], oW = s->blocks[2], kH = s->kernel[1], kW = s->kernel[2], sW = s->stride[2];
  for (int64_t od = 0; od < s->blocks[0]; od++)
    for (int64_t oh = 0; oh < oH; oh++) {
      const scalar_t *yrow = y + (od * oH + oh) * oW;
      for (int64_t kd = 0; kd < s->kernel[0]; kd++)
        for (int64_t kh = 0; kh < kH; kh++) {
          scalar_t *restrict xrow = (scalar_t *)FN(imageRow)(s, x, od, oh, kd, kh);
          for (int64_t kw = 0; xrow && kw < kW; kw++) {
            int64_t lo, hi, off = FN(tap)(s, kw, &lo, &hi);
            const scalar_t wv = w[(kd * kH + kh) * kW + kw];
            for (int64_t ow = lo; ow < hi; ow++) xrow[ow * sW + off] += wv * yrow[ow];
          }
        }
    }
}

/* acc[tap] += correlation of image plane x with plane y at every kernel tap. */
THNN_CLONES static void FN(rowWeight)(const THNNColShape *s, const scalar_t *x, const scalar_t *y, double *acc) {
  const int64_t oH = s->blocks[1], oW = s->blocks[2], kH = s->kernel[1], kW = s->kernel[2], sW = s->stride[2];
  for (int64_t od = 0; od < s->blocks[0]; od++)
    for (int64_t oh = 0; oh < oH; oh++) {
      const scalar_t *yrow = y + (od * oH + oh) * oW;
      for (int64_t kd = 0; kd < s->kernel[0]; kd++)
        for (int64_t kh = 0; kh < kH; kh++) {
          const scalar_t *xrow = FN(imageRow)(s, x, od, oh, kd, kh);
          for (int64_t kw = 0; xrow && kw < kW; kw++) {
            int64_t lo, hi, off = FN(tap)(s, kw, &lo, &hi);
            scalar_t dot = 0;
            for (int64_t ow = lo; ow < hi; ow++) dot += yrow[ow] * xrow[ow * sW + off];
            acc[(kd * kH + kh) * kW + kw] += dot;
          }
        }
    }
}

/* ---- the drivers ---- */

static void FN(dwImageToVector)(const THNNColShape *s, int64_t mult, int64_t n, const void *X, const void *W,
                                const void *bias, void *Y) {
  const int64_t cY = s->channels * mult, imageVol = THNN_volume3(s->image), blocks = THNN_volume3(s->blocks);
  const int64_t kVol = THNN_volume3(s->kernel), tasks = n * cY;
  FN(Flat) f;
  const int flat = FN(flatOf)(s, &f);
#pragma omp parallel if (tasks > 1 && tasks * blocks * kVol > THNN_DEPTHWISE_GRAIN)
  {
    scalar_t *buf = flat ? FN(flatBuffer)(&f) : NULL;
    const scalar_t *padded = NULL; /* the image plane now in buf */
    int64_t t;
#pragma omp for schedule(dynamic, 4)
    for (t = 0; t < tasks; t++) {
      const int64_t i = t / cY, j = t % cY;
      const scalar_t *x = (const scalar_t *)X + (i * s->channels + j / mult) * imageVol, *w = (const scalar_t *)W + j * kVol;
      const scalar_t init = bias ? ((const scalar_t *)bias)[j] : 0;
      scalar_t *y = (scalar_t *)Y + t * blocks;
      if (buf) {
        if (x != padded) FN(flatPad)(&f, s, x, buf), padded = x;
        scalar_t *wide = buf + THNN_volume3(f.ext);
        FN(flatCorrelate)(&f, buf, w, wide, init, 0);
        FN(flatBlocks)(&f, s, wide, y, 0);
      } else {
        FN(rowForward)(s, x, w, y, init);
      }
    }
    free(buf);
  }
  free(f.off);
}

/* With stride 1 everywhere, spreading Y back through W is a correlation of Y with the flipped
 * kernel, padded dilation * (kernel - 1) - padding (when that is not negative): the flat path
 * applies, without scattered writes. Fills f and returns 1 when it does. */
static int FN(flippedShape)(const THNNColShape *s, THNNColShape *f) {
  for (int d = 0; d < 3; d++)
    if (s->stride[d] != 1 || s->padding[d] > s->dilation[d] * (s->kernel[d] - 1)) return 0;
  *f = *s;
  for (int d = 0; d < 3; d++) {
    f->image[d] = s->blocks[d];
    f->blocks[d] = s->image[d];
    f->padding[d] = s->dilation[d] * (s->kernel[d] - 1) - s->padding[d];
  }
  return 1;
}

static void FN(dwVectorToImage)(const THNNColShape *s, int64_t mult, int64_t n, const void *Y, const void *W,
                                const void *bias, void *X) {
  const int64_t cX = s->channels, imageVol = THNN_volume3(s->image), blocks = THNN_volume3(s->blocks);
  const int64_t kVol = THNN_volume3(s->kernel), tasks = n * cX;
  THNNColShape fs;
  FN(Flat) f = {.off = NULL};
  scalar_t *flipped = NULL;
  if (FN(flippedShape)(s, &fs) && FN(flatOf)(&fs, &f) && (flipped = malloc(sizeof(scalar_t) * (size_t)(cX * mult * kVol) + 1)))
    for (int64_t j = 0; j < cX * mult; j++)
      for (int64_t k = 0; k < kVol; k++) flipped[j * kVol + k] = ((const scalar_t *)W)[j * kVol + kVol - 1 - k];
#pragma omp parallel if (tasks > 1 && tasks * mult * blocks * kVol > THNN_DEPTHWISE_GRAIN)
  {
    scalar_t *buf = flipped ? FN(flatBuffer)(&f) : NULL;
    int64_t t;
#pragma omp for schedule(dynamic, 4)
    for (t = 0; t < tasks; t++) {
      const int64_t i = t / cX, c = t % cX;
      scalar_t *x = (scalar_t *)X + t * imageVol;
      const scalar_t init = bias ? ((const scalar_t *)bias)[c] : 0;
      if (buf) {
        scalar_t *wide = buf + THNN_volume3(f.ext);
        for (int64_t j = c * mult; j < (c + 1) * mult; j++) {
          FN(flatPad)(&f, &fs, (const scalar_t *)Y + (i * cX * mult + j) * blocks, buf);
          FN(flatCorrelate)(&f, buf, flipped + j * kVol, wide, init, j > c * mult);
        }
        FN(flatBlocks)(&f, &fs, wide, x, 0);
      } else {
        for (int64_t k = 0; k < imageVol; k++) x[k] = init;
        for (int64_t j = c * mult; j < (c + 1) * mult; j++)
          FN(rowBackward)(s, (const scalar_t *)Y + (i * cX * mult + j) * blocks, (const scalar_t *)W + j * kVol, x);
      }
    }
    free(buf);
  }
  free(flipped);
  free(f.off);
}

static int FN(dwAccWeight)(const THNNColShape *s, int64_t mult, int64_t n, const void *X, const void *Y, void *dW,
                           double scale) {
  const int64_t cX = s->channels, cY = cX * mult, imageVol = THNN_volume3(s->image), blocks = THNN_volume3(s->blocks);
  const int64_t kVol = THNN_volume3(s->kernel);
  double *acc = calloc((size_t)(cY * kVol) + 1, sizeof(double));
  if (!acc) return THError("depthwise convolution: out of memory");
  FN(Flat) f;
  const int flat = FN(flatOf)(s, &f);
#pragma omp parallel if (cY > 1 && n * cY * blocks * kVol > THNN_DEPTHWISE_GRAIN)
  {
    scalar_t *buf = flat ? FN(flatBuffer)(&f) : NULL;
    int64_t j;
#pragma omp for schedule(dynamic, 4)
    for (j = 0; j < cY; j++) {
      double *accj = acc + j * kVol;
      for (int64_t i = 0; i < n; i++) {
        const scalar_t *x = (const scalar_t *)X + (i * cX + j / mult) * imageVol;
        scalar_t *y = (scalar_t *)Y + (i * cY + j) * blocks; /* only read */
        if (buf) {
          scalar_t *wide = buf + THNN_volume3(f.ext);
          FN(flatPad)(&f, s, x, buf);
          FN(flatBlocks)(&f, s, wide, y, 1);
          FN(flatDots)(&f, buf, wide, accj);
        } else {
          FN(rowWeight)(s, x, y, accj);
        }
      }
      scalar_t *w = (scalar_t *)dW + j * kVol;
      for (int64_t k = 0; k < kVol; k++) w[k] += (scalar_t)(scale * accj[k]);
    }
    free(buf);
  }
  free(acc);
  free(f.off);
  return TH_OK;
}

#undef FN
