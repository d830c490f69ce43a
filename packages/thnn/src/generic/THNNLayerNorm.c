/* Layer norm kernels for one scalar type (included by THNNLayerNorm.c with scalar_t and SUF
 * defined). The contiguous input is M rows of D values; each row is normalized on its own, and
 * the elementwise weight / bias have D values (forward: NULL when there is none; backward: the
 * caller passes ones for a missing weight). */

#include "THNNNormVec.c"

#define FN(name) THNN_CONCAT3(name, _, SUF)

/* One row: mean, rstd and y = (x * rstd - mean * rstd) * w + b, as PyTorch writes it. */
THNN_CLONES static void FN(ln_row_forward)(const scalar_t *x, scalar_t *y, int64_t D, const scalar_t *w,
                                           const scalar_t *b, double eps, double *mean, double *rstd) {
  double m = D > 0 ? FN(vsum)(x, D) / (double)D : 0; /* an empty row: mean 0, rstd NaN, as PyTorch */
  double r = 1 / sqrt(FN(vsqdev)(x, D, m) / (double)D + eps);
  scalar_t scale = (scalar_t)r, shift = (scalar_t)(-r * m);
  if (w && b)
    for (int64_t j = 0; j < D; j++) y[j] = (x[j] * scale + shift) * w[j] + b[j];
  else if (w)
    for (int64_t j = 0; j < D; j++) y[j] = (x[j] * scale + shift) * w[j];
  else if (b)
    for (int64_t j = 0; j < D; j++) y[j] = (x[j] * scale + shift) + b[j];
  else
    for (int64_t j = 0; j < D; j++) y[j] = x[j] * scale + shift;
  *mean = m;
  *rstd = r;
}

/* One row's gradients. With g = dy * w, xhat = (x - mean) * rstd:
 *   gi = rstd * g - rstd / D * sum(g) - xhat * rstd / D * sum(g * xhat)
 * (PyTorch's formula, with x centred before the product); part[j] += dy * xhat and
 * part[D + j] += dy (the weight's and the bias's gradients) when part is given, in the same pass
 * (part is the thread's own block: restrict lets the compiler vectorize its updates). */
THNN_CLONES static void FN(ln_row_backward)(const scalar_t *dy, const scalar_t *x, scalar_t *gi, int64_t D,
                                            const scalar_t *w, double mean, double rstd, scalar_t *restrict part) {
  scalar_t a = (scalar_t)rstd, m = (scalar_t)mean, bx = 0, c = 0;
  if (gi) {
    double sumG, dotG;
    FN(vsumdotw)(dy, w, x, D, mean, &sumG, &dotG);
    bx = (scalar_t)(-rstd * rstd * rstd * dotG / (double)D);
    c = (scalar_t)(-rstd * sumG / (double)D);
  }
  if (gi && part) {
    scalar_t *restrict gw = part, *restrict gb = part + D;
    for (int64_t j = 0; j < D; j++) {
      scalar_t xc = x[j] - m;
      gi[j] = a * dy[j] * w[j] + bx * xc + c;
      gw[j] += dy[j] * (xc * a);
      gb[j] += dy[j];
    }
  } else if (gi) {
    for (int64_t j = 0; j < D; j++) gi[j] = a * dy[j] * w[j] + bx * (x[j] - m) + c;
  } else if (part) {
    scalar_t *restrict gw = part, *restrict gb = part + D;
    for (int64_t j = 0; j < D; j++) {
      gw[j] += dy[j] * ((x[j] - m) * a);
      gb[j] += dy[j];
    }
  }
}

/* total += block, block = 0 */
THNN_CLONES static void FN(ln_flush)(scalar_t *block, double *total, int64_t n) {
  for (int64_t j = 0; j < n; j++) {
    total[j] += block[j];
    block[j] = 0;
  }
}

static void FN(ln_forward)(const scalar_t *x, scalar_t *y, int64_t M, int64_t D, const scalar_t *w, const scalar_t *b,
                           double eps, double *mean, double *rstd) {
  int64_t i;
#pragma omp parallel for if (M > 1 && M * D > THNN_NORM_GRAIN)
  for (i = 0; i < M; i++) FN(ln_row_forward)(x + i * D, y + i * D, D, w, b, eps, &mean[i], &rstd[i]);
}

/* w: D values (ones when the forward had none). partials: threads * 4 * D doubles, zeroed, or
 * NULL when neither gradWeight nor gradBias is wanted: per thread, the sums of gradWeight then
 * gradBias (the caller adds the threads' up), then a block of 2 * D scalar_t where up to
 * LN_BLOCK_ROWS rows are summed before they are added to the doubles (float32 sums of a few
 * rows, double sums of the blocks). */
static void FN(ln_backward)(const scalar_t *dy, const scalar_t *x, scalar_t *gi, int64_t M, int64_t D,
                            const scalar_t *w, const double *mean, const double *rstd, int threads, double *partials) {
  int64_t i;
#pragma omp parallel num_threads(threads) if (threads > 1)
  {
    double *total = partials ? partials + 4 * D * THNN_threadNum() : NULL;
    scalar_t *block = total ? (scalar_t *)(total + 2 * D) : NULL;
    int64_t rows = 0;
#pragma omp for
    for (i = 0; i < M; i++) {
      FN(ln_row_backward)(dy + i * D, x + i * D, gi ? gi + i * D : NULL, D, w, mean[i], rstd[i], block);
      if (block && ++rows % LN_BLOCK_ROWS == 0) FN(ln_flush)(block, total, 2 * D);
    }
    if (block) FN(ln_flush)(block, total, 2 * D);
  }
}

#undef FN
