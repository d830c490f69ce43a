/* Average pooling kernels for one scalar type (included by THNNPoolingAvg.c with scalar_t and SUF
 * defined). Planes are contiguous [in[0], in[1], in[2]] grids; windows come from the tables (step
 * 1); a window's divisor is divisorOverride when non-zero, else the product of its counts. Sums
 * accumulate in double. */

#define FN(name) THNN_CONCAT3(name, _, SUF)

static void FN(avgPlanes)(const scalar_t *x, scalar_t *y, const THNNPoolShape *s, const THNNPoolWindows *w,
                          int64_t divisorOverride) {
  const int64_t H = s->in[1], W = s->in[2], inPlane = THNNPool_numel3(s->in), outPlane = THNNPool_numel3(s->out);
  int64_t p;
#pragma omp parallel for if (s->planes > 1 && s->planes * inPlane > THNN_POOL_GRAIN)
  for (p = 0; p < s->planes; p++) {
    const scalar_t *xp = x + p * inPlane;
    scalar_t *yp = y + p * outPlane;
    int64_t o = 0;
    for (int64_t od = 0; od < s->out[0]; od++) {
      const int64_t ds = w->start[0][od], de = w->end[0][od];
      for (int64_t oh = 0; oh < s->out[1]; oh++) {
        const int64_t hs = w->start[1][oh], he = w->end[1][oh];
        for (int64_t ow = 0; ow < s->out[2]; ow++, o++) {
          const int64_t ws = w->start[2][ow], we = w->end[2][ow];
          if (ds >= de || hs >= he || ws >= we) {
            yp[o] = 0;
            continue;
          }
          double sum = 0;
          for (int64_t d = ds; d < de; d++)
            for (int64_t h = hs; h < he; h++) {
              const scalar_t *row = xp + (d * H + h) * W;
              for (int64_t c = ws; c < we; c++) sum += row[c];
            }
          int64_t divisor = divisorOverride ? divisorOverride : w->count[0][od] * w->count[1][oh] * w->count[2][ow];
          yp[o] = (scalar_t)(sum / (double)divisor);
        }
      }
    }
  }
}

/* gi (zeroed here) gets go / divisor added over each output's window. */
static void FN(avgBackwardPlanes)(const scalar_t *go, scalar_t *gi, const THNNPoolShape *s, const THNNPoolWindows *w,
                                  int64_t divisorOverride) {
  const int64_t H = s->in[1], W = s->in[2], inPlane = THNNPool_numel3(s->in), outPlane = THNNPool_numel3(s->out);
  int64_t p;
#pragma omp parallel for if (s->planes > 1 && s->planes * inPlane > THNN_POOL_GRAIN)
  for (p = 0; p < s->planes; p++) {
    scalar_t *gp = gi + p * inPlane;
    const scalar_t *gop = go + p * outPlane;
    memset(gp, 0, (size_t)inPlane * sizeof(scalar_t));
    int64_t o = 0;
    for (int64_t od = 0; od < s->out[0]; od++) {
      const int64_t ds = w->start[0][od], de = w->end[0][od];
      for (int64_t oh = 0; oh < s->out[1]; oh++) {
        const int64_t hs = w->start[1][oh], he = w->end[1][oh];
        for (int64_t ow = 0; ow < s->out[2]; ow++, o++) {
          const int64_t ws = w->start[2][ow], we = w->end[2][ow];
          int64_t divisor = divisorOverride ? divisorOverride : w->count[0][od] * w->count[1][oh] * w->count[2][ow];
          const scalar_t delta = gop[o] / (scalar_t)divisor;
          for (int64_t d = ds; d < de; d++)
            for (int64_t h = hs; h < he; h++) {
              scalar_t *row = gp + (d * H + h) * W;
              for (int64_t c = ws; c < we; c++) row[c] += delta;
            }
        }
      }
    }
  }
}

#undef FN
