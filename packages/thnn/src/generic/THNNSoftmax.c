/* Softmax kernels for one scalar type (included by THNNSoftmax.c with scalar_t and SUF defined).
 * Tensors are contiguous here, seen as [outer, dim, inner]; one "line" is the dim-long slice at
 * one (outer, inner) position, with stride inner. Sums accumulate in double. */

#define FN(name) THNN_CONCAT3(name, _, SUF)

static void FN(softmax_fwd)(const scalar_t *x, scalar_t *y, int64_t outer, int64_t n, int64_t inner, int isLog) {
  int64_t lines = outer * inner;
  int64_t l;
#pragma omp parallel for if (lines > 1 && lines * n > THNN_SOFTMAX_GRAIN)
  for (l = 0; l < lines; l++) {
    int64_t o = l / inner, i = l % inner;
    const scalar_t *xs = x + o * n * inner + i;
    scalar_t *ys = y + o * n * inner + i;
    scalar_t mx = -INFINITY;
    for (int64_t k = 0; k < n; k++) {
      scalar_t v = xs[k * inner];
      if (v > mx || v != v) mx = v;
    }
    double sum = 0;
    if (isLog) {
      for (int64_t k = 0; k < n; k++) sum += exp((double)(xs[k * inner] - mx));
      scalar_t lse = (scalar_t)log(sum);
      for (int64_t k = 0; k < n; k++) ys[k * inner] = xs[k * inner] - mx - lse;
    } else {
      for (int64_t k = 0; k < n; k++) {
        scalar_t e = exp(xs[k * inner] - mx);
        ys[k * inner] = e;
        sum += e;
      }
      scalar_t s = (scalar_t)sum;
      for (int64_t k = 0; k < n; k++) ys[k * inner] /= s;
    }
  }
}

static void FN(softmax_bwd)(const scalar_t *g, const scalar_t *y, scalar_t *gi, int64_t outer, int64_t n, int64_t inner,
                            int isLog) {
  int64_t lines = outer * inner;
  int64_t l;
#pragma omp parallel for if (lines > 1 && lines * n > THNN_SOFTMAX_GRAIN)
  for (l = 0; l < lines; l++) {
    int64_t o = l / inner, i = l % inner, base = o * n * inner + i;
    const scalar_t *gs = g + base, *ys = y + base;
    scalar_t *gis = gi + base;
    double sum = 0;
    if (isLog) {
      for (int64_t k = 0; k < n; k++) sum += gs[k * inner];
      scalar_t s = (scalar_t)sum;
      for (int64_t k = 0; k < n; k++) gis[k * inner] = gs[k * inner] - exp(ys[k * inner]) * s;
    } else {
      for (int64_t k = 0; k < n; k++) sum += (double)gs[k * inner] * ys[k * inner];
      scalar_t s = (scalar_t)sum;
      for (int64_t k = 0; k < n; k++) gis[k * inner] = ys[k * inner] * (gs[k * inner] - s);
    }
  }
}

#undef FN
