/* Group norm kernels for one scalar type (included by THNNGroupNorm.c with scalar_t and SUF
 * defined). The contiguous input is [N, C, S]; row (n, g) is the K = C / G channels of group g,
 * K * S contiguous values, normalized together; weight / bias (double, [C]) are per channel. */

#include "THNNNormVec.c"

#define FN(name) THNN_CONCAT3(name, _, SUF)

/* One row: mean, rstd, and per channel y = x * (rstd * w) + (b - mean * rstd * w), as PyTorch. */
THNN_CLONES static void FN(gn_row_forward)(const scalar_t *x, scalar_t *y, int64_t K, int64_t S, const double *w,
                                           const double *b, double eps, double *mean, double *rstd) {
  double m = K * S > 0 ? FN(vsum)(x, K * S) / (double)(K * S) : 0; /* empty: mean 0, rstd NaN, as PyTorch */
  double r = 1 / sqrt(FN(vsqdev)(x, K * S, m) / (double)(K * S) + eps);
  for (int64_t k = 0; k < K; k++) {
    scalar_t scale = (scalar_t)r * (scalar_t)w[k];
    scalar_t shift = (scalar_t)b[k] - scale * (scalar_t)m;
    const scalar_t *xs = x + k * S;
    scalar_t *ys = y + k * S;
    for (int64_t s = 0; s < S; s++) ys[s] = xs[s] * scale + shift;
  }
  *mean = m;
  *rstd = r;
}

/* One row's gradients: per channel sums sumDy[k] = sum(dy), dot[k] = sum((x - mean) * dy) (kept
 * for the weight's gradient), then with g = dy * w the same formula as layer norm:
 *   gi = rstd * g - rstd / L * sum(g) - (x - mean) * rstd^3 / L * sum(g * (x - mean)), L = K * S. */
THNN_CLONES static void FN(gn_row_backward)(const scalar_t *dy, const scalar_t *x, scalar_t *gi, int64_t K, int64_t S,
                                            const double *w, double mean, double rstd, double *sumDy, double *dot) {
  double sumG = 0, dotG = 0;
  for (int64_t k = 0; k < K; k++) {
    FN(vsumdot)(dy + k * S, x + k * S, S, mean, &sumDy[k], &dot[k]);
    sumG += w[k] * sumDy[k];
    dotG += w[k] * dot[k];
  }
  if (!gi) return;
  double L = (double)(K * S);
  scalar_t bx = (scalar_t)(-rstd * rstd * rstd * dotG / L), c = (scalar_t)(-rstd * sumG / L), m = (scalar_t)mean;
  for (int64_t k = 0; k < K; k++) {
    scalar_t a = (scalar_t)(rstd * w[k]);
    const scalar_t *dys = dy + k * S, *xs = x + k * S;
    scalar_t *gis = gi + k * S;
    for (int64_t s = 0; s < S; s++) gis[s] = a * dys[s] + bx * (xs[s] - m) + c;
  }
}

static void FN(gn_forward)(const scalar_t *x, scalar_t *y, int64_t N, int64_t C, int64_t S, int64_t G, const double *w,
                           const double *b, double eps, double *mean, double *rstd) {
  int64_t K = C / G, r;
#pragma omp parallel for if (N * G > 1 && N * C * S > THNN_NORM_GRAIN)
  for (r = 0; r < N * G; r++) {
    int64_t off = r * K * S, g = r % G;
    FN(gn_row_forward)(x + off, y + off, K, S, w + g * K, b + g * K, eps, &mean[r], &rstd[r]);
  }
}

/* sumDy, dot: [N, C] */
static void FN(gn_backward)(const scalar_t *dy, const scalar_t *x, scalar_t *gi, int64_t N, int64_t C, int64_t S,
                            int64_t G, const double *w, const double *mean, const double *rstd, double *sumDy,
                            double *dot) {
  int64_t K = C / G, r;
#pragma omp parallel for if (N * G > 1 && N * C * S > THNN_NORM_GRAIN)
  for (r = 0; r < N * G; r++) {
    int64_t off = r * K * S;
    FN(gn_row_backward)(dy + off, x + off, gi ? gi + off : NULL, K, S, w + (r % G) * K, mean[r], rstd[r], sumDy + r * K,
                        dot + r * K);
  }
}

#undef FN
