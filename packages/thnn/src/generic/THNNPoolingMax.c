/* Max pooling kernels for one scalar type (included by THNNPoolingMax.c with scalar_t, pos_t and
 * SUF defined). Planes are contiguous [in[0], in[1], in[2]] grids; windows come from the tables.
 * PyTorch's rule throughout: in the window's row-major order, `v > max || isnan(v)` replaces, so
 * the last NaN wins and the first of equal maxima stays; the index starts at the window's first
 * position. withIndices is a constant in each caller, so its branches fold away. */

#define FN(name) THNN_CONCAT3(name, _, SUF)

/* One output: the window (ds.., hs.., ws..) below (de, he, we), with the tables' steps. */
THNN_ALWAYS_INLINE void FN(maxOne)(const scalar_t *x, const THNNPoolShape *s, const THNNPoolWindows *w, int64_t od,
                                 int64_t oh, int64_t ow, scalar_t *out, int64_t *index, const int withIndices) {
  const int64_t H = s->in[1], W = s->in[2];
  const int64_t ds = w->start[0][od], de = w->end[0][od], hs = w->start[1][oh], he = w->end[1][oh];
  const int64_t ws = w->start[2][ow], we = w->end[2][ow];
  scalar_t mx = -INFINITY;
  int64_t best = (ds * H + hs) * W + ws;
  for (int64_t d = ds; d < de; d += w->step[0])
    for (int64_t h = hs; h < he; h += w->step[1]) {
      const int64_t row = (d * H + h) * W;
      for (int64_t c = ws; c < we; c += w->step[2]) {
        scalar_t v = x[row + c];
        if (v > mx || v != v) {
          mx = v;
          if (withIndices) best = row + c;
        }
      }
    }
  *out = mx;
  if (withIndices) *index = best;
}

/* Outputs [j0, j0 + n) of row (od, oh), n <= THNN_POOL_CHUNK, whose windows lie inside along W
 * (w->wKernel > 0): every window element (d, h, kw), in row-major order, is one pass over the
 * outputs, which the compiler vectorizes. Indices are tracked as pos_t (the caller checks that a
 * plane's indices fit). */
THNN_ALWAYS_INLINE void FN(maxInterior)(const scalar_t *x, scalar_t *y, int64_t *ind, const THNNPoolShape *s,
                                      const THNNPoolWindows *w, int64_t od, int64_t oh, int64_t j0, int n,
                                      const int withIndices) {
  const int64_t H = s->in[1], W = s->in[2];
  const int64_t ds = w->start[0][od], de = w->end[0][od], hs = w->start[1][oh], he = w->end[1][oh];
  const int64_t kW = w->wKernel, sW = w->wStride, dW = w->wDilation, left = j0 * sW - w->wPad;
  scalar_t mx[THNN_POOL_CHUNK];
  pos_t pos[THNN_POOL_CHUNK];
  const pos_t first = (pos_t)((ds * H + hs) * W + left);
  for (int j = 0; j < n; j++) mx[j] = -INFINITY, pos[j] = first + (pos_t)(j * sW);
  for (int64_t d = ds; d < de; d += w->step[0])
    for (int64_t h = hs; h < he; h += w->step[1])
      for (int64_t kw = 0; kw < kW; kw++) {
        const pos_t base = (pos_t)((d * H + h) * W + left + kw * dW);
        const scalar_t *src = x + base;
#define THNN_MAX_PASS(S)                                             \
  for (int j = 0; j < n; j++) {                                      \
    scalar_t v = src[j * (S)];                                       \
    int take = (v > mx[j]) | (v != v);                               \
    mx[j] = take ? v : mx[j];                                        \
    if (withIndices) pos[j] = take ? base + (pos_t)(j * (S)) : pos[j]; \
  }
        if (sW == 1) {
          THNN_MAX_PASS(1)
        } else if (sW == 2) {
          THNN_MAX_PASS(2)
        } else {
          THNN_MAX_PASS(sW)
        }
#undef THNN_MAX_PASS
      }
  for (int j = 0; j < n; j++) y[j] = mx[j];
  if (withIndices)
    for (int j = 0; j < n; j++) ind[j] = pos[j];
}

THNN_ALWAYS_INLINE void FN(maxPlaneImpl)(const scalar_t *x, scalar_t *y, int64_t *ind, const THNNPoolShape *s,
                                       const THNNPoolWindows *w, const int withIndices) {
  const int64_t oW = s->out[2];
  /* the vectorized interior, where the windows are uniform and the plane's indices fit pos_t */
  const int vectorized = w->wKernel && THNNPool_numel3(s->in) <= (int64_t)POS_MAX;
  const int64_t lo = vectorized ? w->wLo : oW, hi = vectorized ? w->wHi : oW;
  int64_t o = 0;
  for (int64_t od = 0; od < s->out[0]; od++)
    for (int64_t oh = 0; oh < s->out[1]; oh++, o += oW) {
      for (int64_t ow = 0; ow < lo; ow++) FN(maxOne)(x, s, w, od, oh, ow, y + o + ow, ind + o + ow, withIndices);
      for (int64_t j0 = lo; j0 < hi; j0 += THNN_POOL_CHUNK) {
        int n = (int)(hi - j0 < THNN_POOL_CHUNK ? hi - j0 : THNN_POOL_CHUNK);
        FN(maxInterior)(x, y + o + j0, withIndices ? ind + o + j0 : NULL, s, w, od, oh, j0, n, withIndices);
      }
      for (int64_t ow = hi; ow < oW; ow++) FN(maxOne)(x, s, w, od, oh, ow, y + o + ow, ind + o + ow, withIndices);
    }
}

THNN_CLONES void FN(THNNPool_maxPlane)(const scalar_t *x, scalar_t *y, int64_t *ind, const THNNPoolShape *s,
                                            const THNNPoolWindows *w) {
  if (ind)
    FN(maxPlaneImpl)(x, y, ind, s, w, 1);
  else
    FN(maxPlaneImpl)(x, y, NULL, s, w, 0);
}

/* Every plane of a contiguous input through THNNPool_maxPlane. */
static void FN(maxPlanes)(const scalar_t *x, scalar_t *y, int64_t *ind, const THNNPoolShape *s,
                          const THNNPoolWindows *w) {
  const int64_t inPlane = THNNPool_numel3(s->in), outPlane = THNNPool_numel3(s->out);
  int64_t p;
#pragma omp parallel for if (s->planes > 1 && s->planes * inPlane > THNN_POOL_GRAIN)
  for (p = 0; p < s->planes; p++)
    FN(THNNPool_maxPlane)(x + p * inPlane, y + p * outPlane, ind ? ind + p * outPlane : NULL, s, w);
}

/* gi (zeroed here) += go at ind, plane by plane; returns 0, or 1 with *badIndex set to an index
 * outside [0, inPlane). */
static int FN(maxBackwardPlanes)(const scalar_t *go, const int64_t *ind, scalar_t *gi, int64_t planes,
                                 int64_t inPlane, int64_t outPlane, int64_t *badIndex) {
  int bad = 0;
  int64_t p;
#pragma omp parallel for if (planes > 1 && planes * (inPlane + outPlane) > THNN_POOL_GRAIN)
  for (p = 0; p < planes; p++) {
    scalar_t *g = gi + p * inPlane;
    const scalar_t *gop = go + p * outPlane;
    const int64_t *ip = ind + p * outPlane;
    memset(g, 0, (size_t)inPlane * sizeof(scalar_t));
    for (int64_t j = 0; j < outPlane; j++) {
      int64_t i = ip[j];
      if (i < 0 || i >= inPlane) {
#pragma omp critical(thnn_pool_bad_index)
        if (!bad) bad = 1, *badIndex = i;
        break;
      }
      g[i] += gop[j];
    }
  }
  return bad;
}

#undef FN
