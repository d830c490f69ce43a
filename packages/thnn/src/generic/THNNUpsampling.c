/* Upsampling kernels for one scalar type (included by THNNUpsampling.c with scalar_t and SUF).
 *
 * Every mode is separable: each of the 3 spatial axes (D, H, W; missing ones have size 1) gets a
 * table of taps — for every output index, the input indices it reads and their weights — and
 *   y[od, oh, ow] = sum_d wd * sum_h wh * sum_w ww * x[id, ih, iw].
 * The tables hold PyTorch 1.13's source indices and weights, computed in scalar_t like PyTorch's
 * opmath (so float32 tensors get float32 index math, as there). */

#define FN(name) THNN_CONCAT3(name, _, SUF)

typedef struct FN(Taps) {
  int taps;         /* taps per output index (the most of any index, for area) */
  int64_t *index;   /* [out * taps] input indices */
  scalar_t *weight; /* [out * taps] */
  int *count;       /* [out] taps used by each output index (area), or NULL: all of them */
} FN(Taps);

static void FN(freeTaps)(FN(Taps) *t) {
  free(t->index), free(t->weight), free(t->count);
  t->index = NULL, t->weight = NULL, t->count = NULL;
}

/* PyTorch's area_pixel_compute_scale in scalar_t. */
static scalar_t FN(areaScale)(const Axis *a) {
  if (a->alignCorners) return a->out > 1 ? (scalar_t)(a->in - 1) / (scalar_t)(a->out - 1) : (scalar_t)0;
  return a->scale > 0 ? (scalar_t)(1.0 / a->scale) : (scalar_t)a->in / (scalar_t)a->out;
}

static void FN(cubicWeights)(scalar_t t, scalar_t *w) {
  const scalar_t A = (scalar_t)-0.75;
  /* cubic convolution: |x| <= 1 and 1 < |x| < 2 */
#define CC1(x) ((((A + 2) * (x) - (A + 3)) * (x) * (x)) + 1)
#define CC2(x) ((((A * (x) - 5 * A) * (x) + 8 * A) * (x)) - 4 * A)
  w[0] = CC2(t + 1), w[1] = CC1(t), w[2] = CC1(1 - t), w[3] = CC2(2 - t);
#undef CC1
#undef CC2
}

static int FN(buildTaps)(FN(Taps) *t, const Axis *a) {
  const int64_t in = a->in, out = a->out;
  int T = 1;
  if (a->mode == THNN_UpsamplingLinear) T = 2;
  else if (a->mode == THNN_UpsamplingCubic) T = 4;
  else if (a->mode == THNN_UpsamplingArea) T = (int)((in + out - 1) / out + 1);
  t->taps = T;
  t->index = malloc((size_t)(out * T) * sizeof(int64_t));
  t->weight = malloc((size_t)(out * T) * sizeof(scalar_t));
  t->count = a->mode == THNN_UpsamplingArea ? malloc((size_t)out * sizeof(int)) : NULL;
  if (!t->index || !t->weight || (a->mode == THNN_UpsamplingArea && !t->count)) {
    FN(freeTaps)(t);
    return THError("upsampling: out of memory for %lld interpolation taps", (long long)(out * T));
  }
  const scalar_t s = FN(areaScale)(a);
  for (int64_t i = 0; i < out; i++) {
    int64_t *ix = t->index + i * T;
    scalar_t *w = t->weight + i * T;
    switch (a->mode) {
      case THNN_UpsamplingNearest:
      case THNN_UpsamplingNearestExact: {
        const int exact = a->mode == THNN_UpsamplingNearestExact;
        if (a->legacyNearest) {
          ix[0] = legacyNearestIndex(a, i, exact);
        } else if (exact) {
          scalar_t r = s * ((scalar_t)i + (scalar_t)0.5) - (scalar_t)0.5;
          ix[0] = nearestClamp((float)((double)(r < 0 ? 0 : r) + 0.5), in);
        } else {
          ix[0] = nearestClamp((float)(s * (scalar_t)i), in);
        }
        w[0] = 1;
        break;
      }
      case THNN_UpsamplingLinear: {
        if (in == out) { /* PyTorch copies a dim whose size does not change, whatever the scale */
          ix[0] = ix[1] = i, w[0] = 1, w[1] = 0;
          break;
        }
        double real = a->alignCorners ? (double)s * (double)i : (double)s * ((double)i + 0.5) - 0.5;
        if (real < 0) real = 0;
        if (real >= (double)in) real = (double)(in - 1); /* only for scales that do not fit the sizes */
        ix[0] = (int64_t)real, ix[1] = ix[0] + (ix[0] < in - 1);
        w[1] = (scalar_t)(real - (double)ix[0]);
        w[0] = (scalar_t)1 - w[1];
        break;
      }
      case THNN_UpsamplingCubic: {
        scalar_t real = a->alignCorners ? s * (scalar_t)i : s * ((scalar_t)i + (scalar_t)0.5) - (scalar_t)0.5;
        /* legitimate positions lie in [-0.5, in]; the clamp only keeps the cast below defined */
        if (!(real > -2)) real = -2;
        if (real > (scalar_t)(in + 1)) real = (scalar_t)(in + 1);
        scalar_t f = floor(real);
        FN(cubicWeights)(real - f, w);
        for (int k = 0; k < 4; k++) {
          int64_t j = (int64_t)f - 1 + k;
          ix[k] = j < 0 ? 0 : j > in - 1 ? in - 1 : j;
        }
        break;
      }
      case THNN_UpsamplingArea: {
        int64_t start = i * in / out, end = ((i + 1) * in + out - 1) / out;
        t->count[i] = (int)(end - start);
        for (int k = 0; k < t->count[i]; k++) ix[k] = start + k, w[k] = (scalar_t)1 / (scalar_t)(end - start);
        break;
      }
      default: break;
    }
  }
  return TH_OK;
}

/* One output row reads nR input rows xr[r] with weights rw[r] (the products of the outer axes'
 * weights): yrow[o] (+)= sum_r rw[r] * sum_k xr[r][ix[o, k]] * wt[o, k], summed in PyTorch's order
 * (inner axis first). T is a compile-time constant at the call sites below, so the tap loop
 * unrolls; first: the row's first chunk of input rows (write, else add). */
static inline void FN(rowsFixed)(scalar_t *restrict yrow, const scalar_t *const *xr, const scalar_t *rw, int nR,
                                 const int64_t *ix, const scalar_t *wt, int64_t n, int T, int first) {
  for (int64_t o = 0; o < n; o++) {
    const int64_t *io = ix + o * T;
    const scalar_t *wo = wt + o * T;
    scalar_t acc = first ? 0 : yrow[o];
    for (int r = 0; r < nR; r++) {
      scalar_t s = xr[r][io[0]] * wo[0];
      for (int k = 1; k < T; k++) s += xr[r][io[k]] * wo[k];
      acc += s * rw[r];
    }
    yrow[o] = acc;
  }
}

static void FN(rowsForward)(scalar_t *restrict yrow, const scalar_t *const *xr, const scalar_t *rw, int nR,
                            const FN(Taps) *tw, int64_t n, int first) {
  if (!tw->count) {
    switch (tw->taps) {
      case 1: FN(rowsFixed)(yrow, xr, rw, nR, tw->index, tw->weight, n, 1, first); return;
      case 2: FN(rowsFixed)(yrow, xr, rw, nR, tw->index, tw->weight, n, 2, first); return;
      case 4: FN(rowsFixed)(yrow, xr, rw, nR, tw->index, tw->weight, n, 4, first); return;
      default: break;
    }
  }
  const int T = tw->taps;
  for (int64_t o = 0; o < n; o++) {
    const int64_t *io = tw->index + o * T;
    const scalar_t *wo = tw->weight + o * T;
    const int c = tw->count ? tw->count[o] : T;
    scalar_t acc = first ? 0 : yrow[o];
    for (int r = 0; r < nR; r++) {
      scalar_t s = xr[r][io[0]] * wo[0];
      for (int k = 1; k < c; k++) s += xr[r][io[k]] * wo[k];
      acc += s * rw[r];
    }
    yrow[o] = acc;
  }
}

static inline int FN(tapsAt)(const FN(Taps) *t, int64_t o) { return t->count ? t->count[o] : t->taps; }

/* x: [planes, in0, in1, in2] -> y: [planes, out0, out1, out2], both contiguous. Output rows are
 * independent: they are split over the threads. The input rows an output row reads go to the row
 * kernel in chunks of THNN_UPSAMPLING_ROWS (area may read many). */
static void FN(upsampleForward)(const scalar_t *x, scalar_t *y, int64_t planes, const int64_t *in, const int64_t *out,
                                const FN(Taps) *t) {
  const int64_t rowsPerPlane = out[0] * out[1], rows = planes * rowsPerPlane, inPlane = in[0] * in[1] * in[2];
  int64_t r;
#pragma omp parallel for if (rows > 1 && rows * out[2] > THNN_UPSAMPLING_GRAIN)
  for (r = 0; r < rows; r++) {
    const int64_t p = r / rowsPerPlane, od = (r / out[1]) % out[0], oh = r % out[1];
    const scalar_t *xp = x + p * inPlane;
    scalar_t *yrow = y + r * out[2];
    const scalar_t *xr[THNN_UPSAMPLING_ROWS];
    scalar_t rw[THNN_UPSAMPLING_ROWS];
    const int nd = FN(tapsAt)(&t[0], od), nh = FN(tapsAt)(&t[1], oh);
    int nR = 0, first = 1;
    for (int kd = 0; kd < nd; kd++) {
      const int64_t id = t[0].index[od * t[0].taps + kd];
      const scalar_t wd = t[0].weight[od * t[0].taps + kd];
      for (int kh = 0; kh < nh; kh++) {
        xr[nR] = xp + (id * in[1] + t[1].index[oh * t[1].taps + kh]) * in[2];
        rw[nR++] = wd * t[1].weight[oh * t[1].taps + kh];
        if (nR == THNN_UPSAMPLING_ROWS || (kd == nd - 1 && kh == nh - 1)) {
          FN(rowsForward)(yrow, xr, rw, nR, &t[2], out[2], first);
          nR = 0, first = 0;
        }
      }
    }
  }
}

/* The transpose: gi[p, id, ih, iw] += g[p, od, oh, ow] * wd * wh * ww. Planes are split over the
 * threads (taps of different output rows meet in the same input row). */
static void FN(upsampleBackward)(const scalar_t *g, scalar_t *gi, int64_t planes, const int64_t *in, const int64_t *out,
                                 const FN(Taps) *t) {
  const int64_t inPlane = in[0] * in[1] * in[2], outPlane = out[0] * out[1] * out[2];
  const int T2 = t[2].taps;
  int64_t p;
#pragma omp parallel for if (planes > 1 && planes * outPlane > THNN_UPSAMPLING_GRAIN)
  for (p = 0; p < planes; p++) {
    scalar_t *gip = gi + p * inPlane;
    memset(gip, 0, (size_t)inPlane * sizeof(scalar_t));
    for (int64_t od = 0; od < out[0]; od++)
      for (int64_t oh = 0; oh < out[1]; oh++) {
        const scalar_t *grow = g + p * outPlane + (od * out[1] + oh) * out[2];
        scalar_t *gir[THNN_UPSAMPLING_ROWS];
        scalar_t rw[THNN_UPSAMPLING_ROWS];
        const int nd = FN(tapsAt)(&t[0], od), nh = FN(tapsAt)(&t[1], oh);
        int nR = 0;
        for (int kd = 0; kd < nd; kd++)
          for (int kh = 0; kh < nh; kh++) {
            gir[nR] = gip + (t[0].index[od * t[0].taps + kd] * in[1] + t[1].index[oh * t[1].taps + kh]) * in[2];
            rw[nR++] = t[0].weight[od * t[0].taps + kd] * t[1].weight[oh * t[1].taps + kh];
            if (nR < THNN_UPSAMPLING_ROWS && !(kd == nd - 1 && kh == nh - 1)) continue;
            for (int64_t ow = 0; ow < out[2]; ow++) {
              const int64_t *io = t[2].index + ow * T2;
              const scalar_t *wo = t[2].weight + ow * T2;
              const int c = FN(tapsAt)(&t[2], ow);
              for (int q = 0; q < nR; q++) {
                const scalar_t v = grow[ow] * rw[q];
                for (int k = 0; k < c; k++) gir[q][io[k]] += v * wo[k];
              }
            }
            nR = 0;
          }
      }
  }
}

/* Builds the three tables and runs one direction; src/dst are contiguous. */
static int FN(upsample)(int backward, const void *src, void *dst, int64_t planes, const int64_t *in, const int64_t *out,
                        const Axis *axes) {
  FN(Taps) t[3] = {{0}};
  int status = TH_OK;
  for (int d = 0; d < 3 && status == TH_OK; d++) status = FN(buildTaps)(&t[d], &axes[d]);
  if (status == TH_OK) {
    if (backward) FN(upsampleBackward)((const scalar_t *)src, (scalar_t *)dst, planes, in, out, t);
    else FN(upsampleForward)((const scalar_t *)src, (scalar_t *)dst, planes, in, out, t);
  }
  for (int d = 0; d < 3; d++) FN(freeTaps)(&t[d]);
  return status;
}

#undef FN
