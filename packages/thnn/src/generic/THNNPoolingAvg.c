/* Average pooling kernels for one scalar type (included by THNNPoolingAvg.c with scalar_t and SUF
 * defined). Planes are contiguous [in[0], in[1], in[2]] grids; windows come from the tables (step
 * 1); a window's divisor is divisorOverride when non-zero, else the product of its counts. Sums
 * accumulate in double (float32 first in short float32 blocks, see sumRun). Outputs whose windows
 * lie inside along W (sliding windows) go through vectorized passes, THNN_POOL_CHUNK outputs at a
 * time; whole-plane windows (global pooling) plane by plane; the others one by one. */

#define FN(name) THNN_CONCAT3(name, _, SUF)

THNN_ALWAYS_INLINE int64_t FN(divisor)(const THNNPoolWindows *w, int64_t od, int64_t oh, int64_t ow,
                                     int64_t divisorOverride) {
  return divisorOverride ? divisorOverride : w->count[0][od] * w->count[1][oh] * w->count[2][ow];
}

/* The sum of n contiguous values: blocks of THNN_POOL_SUM_BLOCK summed in 8 lanes of scalar_t
 * (float32 for float32: each lane adds at most 32 values), the blocks' sums added in double. */
THNN_ALWAYS_INLINE double FN(sumRun)(const scalar_t *p, int64_t n) {
  double total = 0;
  for (int64_t b = 0; b < n; b += THNN_POOL_SUM_BLOCK) {
    const int64_t m = n - b < THNN_POOL_SUM_BLOCK ? n - b : THNN_POOL_SUM_BLOCK;
    const scalar_t *q = p + b;
    scalar_t a[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t i = 0;
    for (; i + 8 <= m; i += 8)
      for (int l = 0; l < 8; l++) a[l] += q[i + l];
    double tail = 0;
    for (; i < m; i++) tail += q[i];
    total += tail + (double)(((a[0] + a[4]) + (a[1] + a[5])) + ((a[2] + a[6]) + (a[3] + a[7])));
  }
  return total;
}

/* The sum over one output's window: rows of the window that span the input's width are one run. */
THNN_ALWAYS_INLINE double FN(windowSum)(const scalar_t *x, const THNNPoolShape *s, int64_t ds, int64_t de, int64_t hs,
                                      int64_t he, int64_t ws, int64_t we) {
  const int64_t H = s->in[1], W = s->in[2];
  double sum = 0;
  if (we - ws == W) {
    if (he - hs == H) return FN(sumRun)(x + ds * H * W, (de - ds) * H * W);
    for (int64_t d = ds; d < de; d++) sum += FN(sumRun)(x + (d * H + hs) * W, (he - hs) * W);
    return sum;
  }
  for (int64_t d = ds; d < de; d++)
    for (int64_t h = hs; h < he; h++) sum += FN(sumRun)(x + (d * H + h) * W + ws, we - ws);
  return sum;
}

THNN_ALWAYS_INLINE void FN(avgOne)(const scalar_t *x, scalar_t *y, const THNNPoolShape *s, const THNNPoolWindows *w,
                                 int64_t od, int64_t oh, int64_t ow, int64_t divisorOverride) {
  const int64_t ds = w->start[0][od], de = w->end[0][od], hs = w->start[1][oh], he = w->end[1][oh];
  const int64_t ws = w->start[2][ow], we = w->end[2][ow];
  if (ds >= de || hs >= he || ws >= we) {
    *y = 0;
    return;
  }
  *y = (scalar_t)(FN(windowSum)(x, s, ds, de, hs, he, ws, we) / (double)FN(divisor)(w, od, oh, ow, divisorOverride));
}

/* Outputs [j0, j0 + n) of row (od, oh), windows inside along W: one vectorized pass per (d, h, kw). */
THNN_ALWAYS_INLINE void FN(avgInterior)(const scalar_t *x, scalar_t *y, const THNNPoolShape *s,
                                      const THNNPoolWindows *w, int64_t od, int64_t oh, int64_t j0, int n,
                                      int64_t divisorOverride) {
  const int64_t H = s->in[1], W = s->in[2];
  const int64_t ds = w->start[0][od], de = w->end[0][od], hs = w->start[1][oh], he = w->end[1][oh];
  const int64_t kW = w->wKernel, sW = w->wStride, left = j0 * sW - w->wPad;
  double acc[THNN_POOL_CHUNK];
  for (int j = 0; j < n; j++) acc[j] = 0;
  for (int64_t d = ds; d < de; d++)
    for (int64_t h = hs; h < he; h++)
      for (int64_t kw = 0; kw < kW; kw++) {
        const scalar_t *src = x + (d * H + h) * W + left + kw;
        if (sW == 1)
          for (int j = 0; j < n; j++) acc[j] += src[j];
        else if (sW == 2)
          for (int j = 0; j < n; j++) acc[j] += src[2 * j];
        else
          for (int j = 0; j < n; j++) acc[j] += src[j * sW];
      }
  /* inside along W, every window's count there is kW */
  const double div = (double)(divisorOverride ? divisorOverride : w->count[0][od] * w->count[1][oh] * kW);
  for (int j = 0; j < n; j++) y[j] = (scalar_t)(acc[j] / div);
}

/* One plane. */
static THNN_CLONES void FN(avgPlane)(const scalar_t *xp, scalar_t *yp, const THNNPoolShape *s,
                                          const THNNPoolWindows *w, int64_t divisorOverride) {
  const int64_t oW = s->out[2];
  const int64_t lo = w->wKernel ? w->wLo : oW, hi = w->wKernel ? w->wHi : oW;
  int64_t o = 0;
  for (int64_t od = 0; od < s->out[0]; od++)
    for (int64_t oh = 0; oh < s->out[1]; oh++, o += oW) {
      for (int64_t ow = 0; ow < lo; ow++) FN(avgOne)(xp, yp + o + ow, s, w, od, oh, ow, divisorOverride);
      for (int64_t j0 = lo; j0 < hi; j0 += THNN_POOL_CHUNK)
        FN(avgInterior)(xp, yp + o + j0, s, w, od, oh, j0, (int)(hi - j0 < THNN_POOL_CHUNK ? hi - j0 : THNN_POOL_CHUNK),
                        divisorOverride);
      for (int64_t ow = hi; ow < oW; ow++) FN(avgOne)(xp, yp + o + ow, s, w, od, oh, ow, divisorOverride);
    }
}

/* Planes [first, first + count) pooled whole (global pooling: one output per plane). */
static THNN_CLONES void FN(avgWholePlanes)(const scalar_t *x, scalar_t *y, int64_t first, int64_t count, int64_t n,
                                                double div) {
  for (int64_t p = first; p < first + count; p++) y[p] = (scalar_t)(FN(sumRun)(x + p * n, n) / div);
}

static THNN_CLONES void FN(avgWholePlanesBackward)(const scalar_t *go, scalar_t *gi, int64_t first, int64_t count,
                                                        int64_t n, scalar_t div) {
  for (int64_t p = first; p < first + count; p++) {
    const scalar_t delta = go[p] / div;
    scalar_t *g = gi + p * n;
    for (int64_t i = 0; i < n; i++) g[i] = delta;
  }
}

static void FN(avgPlanes)(const scalar_t *x, scalar_t *y, const THNNPoolShape *s, const THNNPoolWindows *w,
                          int64_t divisorOverride) {
  const int64_t inPlane = THNNPool_numel3(s->in), outPlane = THNNPool_numel3(s->out);
  int64_t p;
  if (THNNPool_wholePlane(s, w)) {
    const double div = (double)FN(divisor)(w, 0, 0, 0, divisorOverride);
    const int64_t chunks = (s->planes + THNN_POOL_PLANE_CHUNK - 1) / THNN_POOL_PLANE_CHUNK;
#pragma omp parallel for if (chunks > 1 && s->planes * inPlane > THNN_POOL_GRAIN)
    for (p = 0; p < chunks; p++) {
      const int64_t first = p * THNN_POOL_PLANE_CHUNK, rest = s->planes - first;
      FN(avgWholePlanes)(x, y, first, rest < THNN_POOL_PLANE_CHUNK ? rest : THNN_POOL_PLANE_CHUNK, inPlane, div);
    }
    return;
  }
#pragma omp parallel for if (s->planes > 1 && s->planes * inPlane > THNN_POOL_GRAIN)
  for (p = 0; p < s->planes; p++) FN(avgPlane)(x + p * inPlane, y + p * outPlane, s, w, divisorOverride);
}

/* gi += delta over one output's window. */
THNN_ALWAYS_INLINE void FN(avgOneBackward)(scalar_t *gi, scalar_t delta, const THNNPoolShape *s, int64_t ds, int64_t de,
                                         int64_t hs, int64_t he, int64_t ws, int64_t we) {
  const int64_t H = s->in[1], W = s->in[2];
  for (int64_t d = ds; d < de; d++)
    for (int64_t h = hs; h < he; h++) {
      scalar_t *row = gi + (d * H + h) * W;
      for (int64_t c = ws; c < we; c++) row[c] += delta;
    }
}

/* Outputs [j0, j0 + n) of row (od, oh), windows inside along W: the outputs of one pass touch
 * distinct inputs (stride >= 1), so each pass vectorizes. */
THNN_ALWAYS_INLINE void FN(avgInteriorBackward)(const scalar_t *go, scalar_t *gi, const THNNPoolShape *s,
                                              const THNNPoolWindows *w, int64_t od, int64_t oh, int64_t j0,
                                              int n, int64_t divisorOverride) {
  const int64_t H = s->in[1], W = s->in[2];
  const int64_t ds = w->start[0][od], de = w->end[0][od], hs = w->start[1][oh], he = w->end[1][oh];
  const int64_t kW = w->wKernel, sW = w->wStride, left = j0 * sW - w->wPad;
  const scalar_t div = (scalar_t)(divisorOverride ? divisorOverride : w->count[0][od] * w->count[1][oh] * kW);
  scalar_t delta[THNN_POOL_CHUNK];
  for (int j = 0; j < n; j++) delta[j] = go[j] / div;
  for (int64_t d = ds; d < de; d++)
    for (int64_t h = hs; h < he; h++)
      for (int64_t kw = 0; kw < kW; kw++) {
        scalar_t *dst = gi + (d * H + h) * W + left + kw;
        if (sW == 1)
          for (int j = 0; j < n; j++) dst[j] += delta[j];
        else if (sW == 2)
          for (int j = 0; j < n; j++) dst[2 * j] += delta[j];
        else
          for (int j = 0; j < n; j++) dst[j * sW] += delta[j];
      }
}

/* One plane: gi (zeroed here) gets go / divisor added over each output's window. */
static THNN_CLONES void FN(avgPlaneBackward)(const scalar_t *gop, scalar_t *gp, const THNNPoolShape *s,
                                                  const THNNPoolWindows *w, int64_t divisorOverride) {
  const int64_t oW = s->out[2];
  const int64_t lo = w->wKernel ? w->wLo : oW, hi = w->wKernel ? w->wHi : oW;
  memset(gp, 0, (size_t)THNNPool_numel3(s->in) * sizeof(scalar_t));
  int64_t o = 0;
  for (int64_t od = 0; od < s->out[0]; od++)
    for (int64_t oh = 0; oh < s->out[1]; oh++, o += oW) {
      const int64_t ds = w->start[0][od], de = w->end[0][od], hs = w->start[1][oh], he = w->end[1][oh];
      for (int64_t ow = 0; ow < oW; ow++) {
        if (ow == lo && lo < hi) {
          for (int64_t j0 = lo; j0 < hi; j0 += THNN_POOL_CHUNK)
            FN(avgInteriorBackward)(gop + o + j0, gp, s, w, od, oh, j0,
                                    (int)(hi - j0 < THNN_POOL_CHUNK ? hi - j0 : THNN_POOL_CHUNK), divisorOverride);
          ow = hi - 1;
          continue;
        }
        const int64_t ws = w->start[2][ow], we = w->end[2][ow];
        if (ds >= de || hs >= he || ws >= we) continue; /* an empty window (its divisor may be 0) */
        const scalar_t delta = gop[o + ow] / (scalar_t)FN(divisor)(w, od, oh, ow, divisorOverride);
        FN(avgOneBackward)(gp, delta, s, ds, de, hs, he, ws, we);
      }
    }
}

static void FN(avgBackwardPlanes)(const scalar_t *go, scalar_t *gi, const THNNPoolShape *s, const THNNPoolWindows *w,
                                  int64_t divisorOverride) {
  const int64_t inPlane = THNNPool_numel3(s->in), outPlane = THNNPool_numel3(s->out);
  int64_t p;
  if (THNNPool_wholePlane(s, w)) {
    const scalar_t div = (scalar_t)FN(divisor)(w, 0, 0, 0, divisorOverride);
    const int64_t chunks = (s->planes + THNN_POOL_PLANE_CHUNK - 1) / THNN_POOL_PLANE_CHUNK;
#pragma omp parallel for if (chunks > 1 && s->planes * inPlane > THNN_POOL_GRAIN)
    for (p = 0; p < chunks; p++) {
      const int64_t first = p * THNN_POOL_PLANE_CHUNK, rest = s->planes - first;
      FN(avgWholePlanesBackward)(go, gi, first, rest < THNN_POOL_PLANE_CHUNK ? rest : THNN_POOL_PLANE_CHUNK, inPlane, div);
    }
    return;
  }
#pragma omp parallel for if (s->planes > 1 && s->planes * inPlane > THNN_POOL_GRAIN)
  for (p = 0; p < s->planes; p++) FN(avgPlaneBackward)(go + p * outPlane, gi + p * inPlane, s, w, divisorOverride);
}

#undef FN
