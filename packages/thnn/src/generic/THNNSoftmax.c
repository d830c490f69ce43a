/* Softmax kernels for one scalar type (included by THNNSoftmax.c with scalar_t, SUF and VEXP
 * defined). Tensors are contiguous here, seen as [outer, n, inner]. exp goes through libTH's
 * vector code (THVector_unary), on runs of at most BLK values. Sums accumulate in 2 vectors of
 * partial sums (faster, and more accurate than one running sum), folded in double.
 *
 * inner == 1: each line is contiguous and handled alone.
 * inner > 1: a line's elements are inner apart; instead of striding, BLK neighbouring lines are
 * handled together, row by row, so every pass reads contiguous memory. */

#define FN(name) THNN_CONCAT3(name, _, SUF)

/* GCC vector types (32 bytes: one AVX2 register in the avx2 clone, two SSE ones otherwise); VEC and
 * VMASK are defined by THNNSoftmax.c for scalar_t. Loads through memcpy: any alignment. */
#define W ((int64_t)(sizeof(VEC) / sizeof(scalar_t)))
THNN_ALWAYS_INLINE VEC FN(vload)(const scalar_t *p) {
  VEC v;
  memcpy(&v, p, sizeof v);
  return v;
}
THNN_ALWAYS_INLINE double FN(vfold)(VEC a, VEC b) {
  double s = 0;
  for (int64_t l = 0; l < W; l++) s += (double)a[l] + (double)b[l];
  return s;
}

/* sum of v[0..n), in 2W partial sums */
THNN_ALWAYS_INLINE double FN(lane_sum)(const scalar_t *v, int64_t n) {
  VEC a = {0}, b = {0};
  int64_t i = 0;
  for (; i + 2 * W <= n; i += 2 * W) a += FN(vload)(v + i), b += FN(vload)(v + i + W);
  double s = FN(vfold)(a, b);
  for (; i < n; i++) s += v[i];
  return s;
}

/* sum of x[i] * y[i] */
THNN_ALWAYS_INLINE double FN(lane_dot)(const scalar_t *x, const scalar_t *y, int64_t n) {
  VEC a = {0}, b = {0};
  int64_t i = 0;
  for (; i + 2 * W <= n; i += 2 * W)
    a += FN(vload)(x + i) * FN(vload)(y + i), b += FN(vload)(x + i + W) * FN(vload)(y + i + W);
  double s = FN(vfold)(a, b);
  for (; i < n; i++) s += (double)x[i] * y[i];
  return s;
}

/* max of v[0..n), ignoring NaN: a NaN in the line makes its exp sum NaN, so the whole line comes
 * out NaN as in PyTorch without a separate check */
THNN_ALWAYS_INLINE scalar_t FN(lane_max)(const scalar_t *v, int64_t n) {
  VEC acc = {0};
  acc -= (scalar_t)INFINITY;
  int64_t i = 0;
  for (; i + W <= n; i += W) {
    VEC x = FN(vload)(v + i);
    VMASK gt = x > acc;
    acc = (VEC)(((VMASK)x & gt) | ((VMASK)acc & ~gt));
  }
  scalar_t m = -INFINITY;
  for (int64_t l = 0; l < W; l++) m = acc[l] > m ? acc[l] : m;
  for (; i < n; i++) m = v[i] > m ? v[i] : m;
  return m;
}

/* one contiguous line: y = softmax(x) or logSoftmax(x) */
THNN_CLONES static void FN(line_fwd)(const scalar_t *x, scalar_t *y, int64_t n, int isLog) {
  scalar_t mx = FN(lane_max)(x, n);
  if (isLog) {
    scalar_t buf[BLK];
    double sum = 0;
    for (int64_t b = 0; b < n; b += BLK) {
      int64_t m = n - b < BLK ? n - b : BLK;
      for (int64_t i = 0; i < m; i++) buf[i] = x[b + i] - mx;
      VEXP(buf, buf, m);
      sum += FN(lane_sum)(buf, m);
    }
    scalar_t lse = (scalar_t)log(sum);
    for (int64_t i = 0; i < n; i++) y[i] = (x[i] - mx) - lse; /* not x - (mx + lse): mx may be large */
  } else {
    for (int64_t i = 0; i < n; i++) y[i] = x[i] - mx;
    VEXP(y, y, n);
    scalar_t r = (scalar_t)(1 / FN(lane_sum)(y, n));
    for (int64_t i = 0; i < n; i++) y[i] *= r;
  }
}

/* BLK (or fewer: w) lines side by side: line j's element k is at x[k * inner + j] */
THNN_CLONES static void FN(block_fwd)(const scalar_t *x, scalar_t *y, int64_t n, int64_t inner, int64_t w, int isLog) {
  scalar_t mx[BLK], e[BLK];
  double sum[BLK];
  for (int64_t j = 0; j < w; j++) mx[j] = -INFINITY, sum[j] = 0;
  for (int64_t k = 0; k < n; k++) {
    const scalar_t *xk = x + k * inner;
    for (int64_t j = 0; j < w; j++) mx[j] = xk[j] > mx[j] ? xk[j] : mx[j]; /* NaN: as lane_max */
  }
  for (int64_t k = 0; k < n; k++) {
    const scalar_t *xk = x + k * inner;
    scalar_t *t = isLog ? e : y + k * inner;
    for (int64_t j = 0; j < w; j++) t[j] = xk[j] - mx[j];
    VEXP(t, t, w);
    for (int64_t j = 0; j < w; j++) sum[j] += t[j];
  }
  if (isLog) {
    for (int64_t j = 0; j < w; j++) e[j] = (scalar_t)log(sum[j]);
    for (int64_t k = 0; k < n; k++)
      for (int64_t j = 0; j < w; j++) y[k * inner + j] = (x[k * inner + j] - mx[j]) - e[j];
  } else {
    for (int64_t j = 0; j < w; j++) e[j] = (scalar_t)(1 / sum[j]);
    for (int64_t k = 0; k < n; k++)
      for (int64_t j = 0; j < w; j++) y[k * inner + j] *= e[j];
  }
}

/* gradInput for one contiguous line */
THNN_CLONES static void FN(line_bwd)(const scalar_t *g, const scalar_t *y, scalar_t *gi, int64_t n, int isLog) {
  if (isLog) {
    scalar_t s = (scalar_t)FN(lane_sum)(g, n);
    VEXP(gi, y, n);
    for (int64_t i = 0; i < n; i++) gi[i] = g[i] - gi[i] * s;
  } else {
    scalar_t s = (scalar_t)FN(lane_dot)(g, y, n);
    for (int64_t i = 0; i < n; i++) gi[i] = y[i] * (g[i] - s);
  }
}

THNN_CLONES static void FN(block_bwd)(const scalar_t *g, const scalar_t *y, scalar_t *gi, int64_t n, int64_t inner, int64_t w,
                          int isLog) {
  double sum[BLK];
  scalar_t s[BLK];
  for (int64_t j = 0; j < w; j++) sum[j] = 0;
  for (int64_t k = 0; k < n; k++)
    for (int64_t j = 0; j < w; j++) sum[j] += isLog ? g[k * inner + j] : (double)g[k * inner + j] * y[k * inner + j];
  for (int64_t j = 0; j < w; j++) s[j] = (scalar_t)sum[j];
  for (int64_t k = 0; k < n; k++) {
    const scalar_t *gk = g + k * inner, *yk = y + k * inner;
    scalar_t *gik = gi + k * inner;
    if (isLog) {
      VEXP(gik, yk, w);
      for (int64_t j = 0; j < w; j++) gik[j] = gk[j] - gik[j] * s[j];
    } else {
      for (int64_t j = 0; j < w; j++) gik[j] = yk[j] * (gk[j] - s[j]);
    }
  }
}

/* Lines per block when inner > 1: BLK, or fewer when that would leave fewer than 8 work items for
 * the threads (a softmax over dim 0 of [1000, 256] is one block of 256 lines otherwise). */
static inline int64_t FN(block_width)(int64_t outer, int64_t inner) {
  int64_t bw = BLK;
  while (bw > 32 && outer * ((inner + bw - 1) / bw) < 8) bw /= 2;
  return bw;
}

/* Work items: one per line (inner == 1) or per block of lines; split over OpenMP threads. */
static void FN(softmax_fwd)(const scalar_t *x, scalar_t *y, int64_t outer, int64_t n, int64_t inner, int isLog) {
  int64_t bw = FN(block_width)(outer, inner), blocks = (inner + bw - 1) / bw, items = outer * blocks;
  int64_t it;
THNN_PARALLEL_FOR(it, items, items > 1 && outer * n * inner > THNN_SOFTMAX_GRAIN, , {
    int64_t o = it / blocks, j0 = (it % blocks) * bw, w = inner - j0 < bw ? inner - j0 : bw;
    int64_t base = o * n * inner + j0;
    if (inner == 1) FN(line_fwd)(x + base, y + base, n, isLog);
    else FN(block_fwd)(x + base, y + base, n, inner, w, isLog);
  });
}

static void FN(softmax_bwd)(const scalar_t *g, const scalar_t *y, scalar_t *gi, int64_t outer, int64_t n, int64_t inner,
                            int isLog) {
  int64_t bw = FN(block_width)(outer, inner), blocks = (inner + bw - 1) / bw, items = outer * blocks;
  int64_t it;
THNN_PARALLEL_FOR(it, items, items > 1 && outer * n * inner > THNN_SOFTMAX_GRAIN, , {
    int64_t o = it / blocks, j0 = (it % blocks) * bw, w = inner - j0 < bw ? inner - j0 : bw;
    int64_t base = o * n * inner + j0;
    if (inner == 1) FN(line_bwd)(g + base, y + base, gi + base, n, isLog);
    else FN(block_bwd)(g + base, y + base, gi + base, n, inner, w, isLog);
  });
}

#undef W
#undef FN
