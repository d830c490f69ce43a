/* PReLU, RReLU and GLU kernels for one scalar type (included by THNNActivationExtra.c with
 * scalar_t and SUF defined). Tensors are contiguous here. */

#define FN(name) THNN_CONCAT3(name, _, SUF)

/* PReLU over planes of S values; plane p uses w[p % C] (C = 1: one weight for all). */
static void FN(prelu_forward)(const scalar_t *x, scalar_t *y, int64_t planes, int64_t C, int64_t S, const scalar_t *w) {
  int64_t p;
#pragma omp parallel for if (planes > 1 && planes * S > THNN_EXTRA_GRAIN)
  for (p = 0; p < planes; p++) {
    scalar_t a = w[p % C];
    const scalar_t *xs = x + p * S;
    scalar_t *ys = y + p * S;
    for (int64_t i = 0; i < S; i++) ys[i] = xs[i] > 0 ? xs[i] : a * xs[i];
  }
}

static void FN(prelu_grad_input)(const scalar_t *x, const scalar_t *g, scalar_t *gi, int64_t planes, int64_t C,
                                 int64_t S, const scalar_t *w) {
  int64_t p;
#pragma omp parallel for if (planes > 1 && planes * S > THNN_EXTRA_GRAIN)
  for (p = 0; p < planes; p++) {
    scalar_t a = w[p % C];
    const scalar_t *xs = x + p * S, *gs = g + p * S;
    scalar_t *gis = gi + p * S;
    for (int64_t i = 0; i < S; i++) gis[i] = xs[i] > 0 ? gs[i] : a * gs[i];
  }
}

/* perPlane[p] = sum over plane p of (x > 0 ? 0 : x * g) */
static void FN(prelu_grad_weight)(const scalar_t *x, const scalar_t *g, int64_t planes, int64_t S, double *perPlane) {
  int64_t p;
#pragma omp parallel for if (planes > 1 && planes * S > THNN_EXTRA_GRAIN)
  for (p = 0; p < planes; p++) {
    const scalar_t *xs = x + p * S, *gs = g + p * S;
    double s = 0;
    for (int64_t i = 0; i < S; i++) s += xs[i] > 0 ? 0 : (double)xs[i] * gs[i];
    perPlane[p] = s;
  }
}

/* Training: one draw per x <= 0, in order (serial, as PyTorch: the stream must match). The bounds
 * are rounded to scalar_t first, as PyTorch does. */
static void FN(rrelu_train)(const scalar_t *x, scalar_t *y, scalar_t *noise, int64_t n, double lower, double upper,
                            THGenerator *gen) {
  double from = (scalar_t)lower, to = (scalar_t)upper;
  for (int64_t i = 0; i < n; i++) {
    if (x[i] <= 0) {
      scalar_t r = (scalar_t)thnn_uniform(gen, from, to);
      y[i] = x[i] * r;
      noise[i] = r;
    } else {
      y[i] = x[i];
      noise[i] = 1;
    }
  }
}

/* Evaluation, and backward without noise: y = x > 0 ? x : slope * x. */
static void FN(leaky)(const scalar_t *x, const scalar_t *v, scalar_t *y, int64_t n, scalar_t slope) {
  int64_t i;
#pragma omp parallel for if (n > THNN_EXTRA_GRAIN)
  for (i = 0; i < n; i++) y[i] = x[i] > 0 ? v[i] : v[i] * slope;
}

static void FN(mul)(const scalar_t *a, const scalar_t *b, scalar_t *y, int64_t n) {
  int64_t i;
#pragma omp parallel for if (n > THNN_EXTRA_GRAIN)
  for (i = 0; i < n; i++) y[i] = a[i] * b[i];
}

/* GLU over [outer, 2 * half, inner]: a = x[o, k, i], b = x[o, half + k, i]. */
static void FN(glu_forward)(const scalar_t *x, scalar_t *y, int64_t outer, int64_t half, int64_t inner) {
  int64_t o;
#pragma omp parallel for if (outer > 1 && outer * half * inner > THNN_EXTRA_GRAIN)
  for (o = 0; o < outer; o++) {
    const scalar_t *a = x + o * 2 * half * inner, *b = a + half * inner;
    scalar_t *ys = y + o * half * inner;
    for (int64_t j = 0; j < half * inner; j++) ys[j] = a[j] * ((scalar_t)1 / ((scalar_t)1 + exp(-b[j])));
  }
}

static void FN(glu_backward)(const scalar_t *x, const scalar_t *g, scalar_t *gi, int64_t outer, int64_t half,
                             int64_t inner) {
  int64_t o;
#pragma omp parallel for if (outer > 1 && outer * half * inner > THNN_EXTRA_GRAIN)
  for (o = 0; o < outer; o++) {
    const scalar_t *a = x + o * 2 * half * inner, *b = a + half * inner, *gs = g + o * half * inner;
    scalar_t *ga = gi + o * 2 * half * inner, *gb = ga + half * inner;
    for (int64_t j = 0; j < half * inner; j++) {
      scalar_t s = (scalar_t)1 / ((scalar_t)1 + exp(-b[j]));
      ga[j] = gs[j] * s;
      gb[j] = ((scalar_t)1 - s) * s * gs[j] * a[j];
    }
  }
}

#undef FN
