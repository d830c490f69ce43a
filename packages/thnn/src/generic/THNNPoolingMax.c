/* Max pooling kernels for one scalar type (included by THNNPoolingMax.c with scalar_t and SUF
 * defined). Planes are contiguous [in[0], in[1], in[2]] grids; windows come from the tables. */

#define FN(name) THNN_CONCAT3(name, _, SUF)

/* One plane: PyTorch's rule, `v > max || isnan(v)` replaces, so the last NaN wins and the first
 * of equal maxima stays; the index starts at the window's first position. withIndices is a
 * constant in each caller, so the branch folds away. */
static inline void FN(maxPlane)(const scalar_t *x, scalar_t *y, int64_t *ind, const THNNPoolShape *s,
                                const THNNPoolWindows *w, const int withIndices) {
  const int64_t H = s->in[1], W = s->in[2];
  const int64_t sd = w->step[0], sh = w->step[1], sw = w->step[2];
  int64_t o = 0;
  for (int64_t od = 0; od < s->out[0]; od++) {
    const int64_t ds = w->start[0][od], de = w->end[0][od];
    for (int64_t oh = 0; oh < s->out[1]; oh++) {
      const int64_t hs = w->start[1][oh], he = w->end[1][oh];
      for (int64_t ow = 0; ow < s->out[2]; ow++, o++) {
        const int64_t ws = w->start[2][ow], we = w->end[2][ow];
        scalar_t mx = -INFINITY;
        int64_t best = (ds * H + hs) * W + ws;
        for (int64_t d = ds; d < de; d += sd)
          for (int64_t h = hs; h < he; h += sh) {
            const int64_t row = (d * H + h) * W;
            for (int64_t c = ws; c < we; c += sw) {
              scalar_t v = x[row + c];
              if (v > mx || v != v) {
                mx = v;
                if (withIndices) best = row + c;
              }
            }
          }
        y[o] = mx;
        if (withIndices) ind[o] = best;
      }
    }
  }
}

void FN(THNNPool_maxPlane)(const scalar_t *x, scalar_t *y, int64_t *ind, const THNNPoolShape *s,
                           const THNNPoolWindows *w) {
  if (ind)
    FN(maxPlane)(x, y, ind, s, w, 1);
  else
    FN(maxPlane)(x, y, NULL, s, w, 0);
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
