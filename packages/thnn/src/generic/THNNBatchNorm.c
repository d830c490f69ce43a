/* Batch and instance norm kernels for one scalar type (included by THNNBatchNorm.c with scalar_t
 * and SUF defined). The contiguous input is seen as N * C planes of S elements. One statistic
 * covers a group of R runs of S contiguous elements, runStride apart: channel c's N planes for
 * batch norm (R = N, runStride = C * S), one plane for instance norm (R = 1). */

#include "THNNNormVec.c"

#define FN(name) THNN_CONCAT3(name, _, SUF)

/* The group's mean and biased variance. Each run's mean and sum of squared deviations are taken
 * while the run is in cache, then merged (Chan et al.): one pass over memory, no cancellation. */
THNN_CLONES static void FN(bn_group_stats)(const scalar_t *x, int64_t R, int64_t runStride, int64_t S, double *mean,
                                           double *var) {
  double m = 0, m2 = 0, n = 0;
  for (int64_t r = 0; r < R; r++) {
    const scalar_t *p = x + r * runStride;
    double rm = FN(vsum)(p, S) / (double)S;
    double q = FN(vsqdev)(p, S, rm);
    double nn = n + (double)S, d = rm - m;
    m += d * ((double)S / nn);
    m2 += q + d * d * (n * (double)S / nn);
    n = nn;
  }
  *mean = m;
  *var = m2 / n;
}

/* y = x * a + b over one plane */
THNN_CLONES static void FN(bn_plane_affine)(const scalar_t *x, scalar_t *y, int64_t S, scalar_t a, scalar_t b) {
  for (int64_t i = 0; i < S; i++) y[i] = x[i] * a + b;
}

/* The group's sum of dy and sum of (x - mean) * dy. */
THNN_CLONES static void FN(bn_group_grad_sums)(const scalar_t *dy, const scalar_t *x, int64_t R, int64_t runStride,
                                               int64_t S, double mean, double *sumDy, double *dot) {
  double s = 0, d = 0;
  for (int64_t r = 0; r < R; r++) {
    double rs, rd;
    FN(vsumdot)(dy + r * runStride, x + r * runStride, S, mean, &rs, &rd);
    s += rs;
    d += rd;
  }
  *sumDy = s;
  *dot = d;
}

/* gradInput over one plane, as PyTorch writes it: (dy - gradMean - (x - mean) * k) * invstd * w in
 * training, dy * invstd * w in evaluation. */
THNN_CLONES static void FN(bn_plane_grad_input)(const scalar_t *dy, const scalar_t *x, scalar_t *gi, int64_t S, int train,
                                                scalar_t mean, scalar_t k, scalar_t gradMean, scalar_t invstd,
                                                scalar_t w) {
  if (train)
    for (int64_t i = 0; i < S; i++) gi[i] = (dy[i] - gradMean - (x[i] - mean) * k) * invstd * w;
  else
    for (int64_t i = 0; i < S; i++) gi[i] = dy[i] * invstd * w;
}

/* The whole passes. Plane p's group is p % groupMod (batch norm: C, plane n * C + c is in group c;
 * instance norm: N * C, each plane its own group) and its channel p % C. Per-plane coefficients
 * are rounded to scalar_t and combined in scalar_t, as PyTorch does, so float32 results round as
 * PyTorch's. A group whose data fits in cache (fused) is finished at once, statistics then output
 * (or sums then gradInput), so its data is read from memory once; other groups take two passes,
 * the second over planes in parallel. */

static int FN(bn_fused)(int64_t R, int64_t S, int arrays) {
  return (double)R * (double)S * (double)sizeof(scalar_t) * arrays <= THNN_BN_CACHE_BYTES;
}

/* evaluation's invstd from the running variance, in scalar_t as PyTorch */
static void FN(bn_eval_invstd)(int64_t C, const double *runningVar, double eps, double *invstd) {
  for (int64_t c = 0; c < C; c++) invstd[c] = (scalar_t)1 / sqrt((scalar_t)runningVar[c] + (scalar_t)eps);
}

static void FN(bn_group_output)(const scalar_t *x, scalar_t *y, int64_t R, int64_t runStride, int64_t S, double mean,
                                double invstd, double w, double b) {
  scalar_t alpha = (scalar_t)invstd * (scalar_t)w;
  scalar_t beta = (scalar_t)b - (scalar_t)mean * alpha;
  for (int64_t r = 0; r < R; r++) FN(bn_plane_affine)(x + r * runStride, y + r * runStride, S, alpha, beta);
}

/* useStats: mean, var and invstd are computed (invstd = 1 / sqrt(var + eps)); else mean and
 * invstd are given per group. w, b: per channel. */
static void FN(bn_forward)(const scalar_t *x, scalar_t *y, int64_t G, int64_t R, int64_t runStride, int64_t S,
                           int64_t C, int useStats, double eps, const double *w, const double *b, double *mean,
                           double *var, double *invstd) {
  int64_t g, p, planes = G * R;
  int fused = FN(bn_fused)(R, S, 1);
#pragma omp parallel for if (G > 1 && G * R * S > THNN_NORM_GRAIN)
  for (g = 0; g < G; g++) {
    if (useStats) {
      FN(bn_group_stats)(x + g * S, R, runStride, S, &mean[g], &var[g]);
      invstd[g] = 1 / sqrt(var[g] + eps);
    }
    if (fused) FN(bn_group_output)(x + g * S, y + g * S, R, runStride, S, mean[g], invstd[g], w[g % C], b[g % C]);
  }
  if (fused) return;
#pragma omp parallel for if (planes > 1 && planes * S > THNN_NORM_GRAIN)
  for (p = 0; p < planes; p++) {
    int64_t g = p % G;
    FN(bn_group_output)(x + p * S, y + p * S, 1, 0, S, mean[g], invstd[g], w[g % C], b[g % C]);
  }
}

/* n: the number of values per group */
static void FN(bn_group_grad_input)(const scalar_t *dy, const scalar_t *x, scalar_t *gi, int64_t R, int64_t runStride,
                                    int64_t S, int train, double n, double mean, double invstd, double w, double sumDy,
                                    double dot) {
  scalar_t is = (scalar_t)invstd;
  scalar_t k = train ? (scalar_t)dot * is * is / (scalar_t)n : 0;
  scalar_t gradMean = train ? (scalar_t)(sumDy / n) : 0;
  for (int64_t r = 0; r < R; r++)
    FN(bn_plane_grad_input)(dy + r * runStride, x + r * runStride, gi + r * runStride, S, train, (scalar_t)mean, k,
                            gradMean, is, (scalar_t)w);
}

/* sumDy / dot per group (wanted for the weight's gradients, or for gi in training), then gi (may
 * be NULL) */
static void FN(bn_backward)(const scalar_t *dy, const scalar_t *x, scalar_t *gi, int64_t G, int64_t R,
                            int64_t runStride, int64_t S, int64_t C, int train, int wantSums, const double *mean,
                            const double *invstd, const double *w, double *sumDy, double *dot) {
  int64_t g, p, planes = G * R;
  double n = (double)(R * S);
  wantSums = wantSums || (gi && train);
  int fused = FN(bn_fused)(R, S, 2);
#pragma omp parallel for if (G > 1 && G * R * S > THNN_NORM_GRAIN)
  for (g = 0; g < G; g++) {
    if (wantSums) FN(bn_group_grad_sums)(dy + g * S, x + g * S, R, runStride, S, mean[g], &sumDy[g], &dot[g]);
    if (gi && fused)
      FN(bn_group_grad_input)(dy + g * S, x + g * S, gi + g * S, R, runStride, S, train, n, mean[g], invstd[g], w[g % C],
                              sumDy[g], dot[g]);
  }
  if (!gi || fused) return;
#pragma omp parallel for if (planes > 1 && planes * S > THNN_NORM_GRAIN)
  for (p = 0; p < planes; p++) {
    int64_t g = p % G;
    FN(bn_group_grad_input)(dy + p * S, x + p * S, gi + p * S, 1, 0, S, train, n, mean[g], invstd[g], w[g % C], sumDy[g],
                            dot[g]);
  }
}

#undef FN
