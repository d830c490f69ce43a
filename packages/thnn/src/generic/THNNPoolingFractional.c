/* Fractional max pooling's window placement for one scalar type (included by
 * THNNPoolingFractional.c with scalar_t and SUF defined): PyTorch's generate_intervals, in the
 * input's dtype so that float32 places windows exactly as PyTorch does. */

#define FN(name) THNN_CONCAT3(name, _, SUF)

/* seq[i] = (int)((i + u) a) - (int)(u a), a = (in - pool) / (out - 1), and seq[out - 1] = in - pool.
 * u is in [0, 1] (checked), so every product fits an int. */
static void FN(intervals)(scalar_t u, int64_t in, int64_t out, int64_t pool, int64_t *seq) {
  if (out > 1) {
    scalar_t alpha = (scalar_t)(in - pool) / (scalar_t)(out - 1);
    for (int64_t i = 0; i < out - 1; i++) seq[i] = (int64_t)(int)(((scalar_t)i + u) * alpha) - (int64_t)(int)(u * alpha);
  }
  if (out > 0) seq[out - 1] = in - pool;
}

/* 1 when every sample is in [0, 1] (NaN is not); else 0 with *bad set to the first bad one. */
static int FN(samplesValid)(const scalar_t *u, int64_t n, double *bad) {
  for (int64_t i = 0; i < n; i++)
    if (!(u[i] >= 0 && u[i] <= 1)) {
      *bad = (double)u[i];
      return 0;
    }
  return 1;
}

/* Every plane: its windows from its samples (sampleOf[k]: which of the plane's nDims samples
 * places grid dim k, -1 for a unit dim), then the max kernel. buf holds 2 * (out[0] + out[1] +
 * out[2]) entries per plane. */
static void FN(fractionalPlanes)(const scalar_t *x, scalar_t *y, int64_t *ind, const scalar_t *samples,
                                 const THNNPoolShape *s, const int64_t *pool, const int *sampleOf, int64_t *buf) {
  const int64_t inPlane = THNNPool_numel3(s->in), outPlane = THNNPool_numel3(s->out);
  const int64_t perPlane = 2 * (s->out[0] + s->out[1] + s->out[2]);
  int64_t p;
#pragma omp parallel for if (s->planes > 1 && s->planes * inPlane > THNN_POOL_GRAIN)
  for (p = 0; p < s->planes; p++) {
    THNNPoolWindows w;
    memset(&w, 0, sizeof w); /* not uniform: no vectorized interior */
    int64_t *t = buf + p * perPlane;
    for (int k = 0; k < 3; k++) {
      w.start[k] = t, t += s->out[k];
      w.end[k] = t, t += s->out[k];
      w.count[k] = NULL;
      w.step[k] = 1;
      if (sampleOf[k] < 0) {
        for (int64_t o = 0; o < s->out[k]; o++) w.start[k][o] = 0, w.end[k][o] = 1;
      } else {
        FN(intervals)(samples[p * s->nDims + sampleOf[k]], s->in[k], s->out[k], pool[k], w.start[k]);
        for (int64_t o = 0; o < s->out[k]; o++) w.end[k][o] = w.start[k][o] + pool[k];
      }
    }
    FN(THNNPool_maxPlane)(x + p * inPlane, y + p * outPlane, ind ? ind + p * outPlane : NULL, s, &w);
  }
}

#undef FN
