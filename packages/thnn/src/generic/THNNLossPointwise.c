/* Elementwise loss kernels for one scalar type (included by THNNLossPointwise.c with scalar_t and
 * SUF defined). Math goes through <tgmath.h>, so float is computed in float as in PyTorch; sums
 * accumulate in scalar_t over blocks of THNN_LOSS_BLOCK elements (THNN_LOSS_LANES independent partial
 * sums, so that the additions do not wait on each other), combined in double.
 *
 * Each kind has loss_<Kind>(x, y, e1, e2, p) and grad_<Kind>(x, y, e1, e2, g, p, &dx, &dy, &de):
 * x the input, y the target, e1/e2 the extra operands (1 when absent), g the incoming gradient of
 * this element (already divided by the element count under Mean). The gradients follow PyTorch
 * 1.13's backward kernels, or for the losses PyTorch composes from other ops (l1, klDiv,
 * poissonNll, gaussianNll, hingeEmbedding, marginRanking) what its autograd computes through them,
 * in the same order of operations where that matters (NaN at 0/0 included). */

#define S(v) ((scalar_t)(v))
#define FN(name) THNN_CONCAT3(name, _, SUF)
#define LOSS_FN(Kind) \
  static inline scalar_t FN(loss_##Kind)(scalar_t x, scalar_t y, scalar_t e1, scalar_t e2, const scalar_t *p)
#define GRAD_FN(Kind)                                                                                    \
  static inline void FN(grad_##Kind)(scalar_t x, scalar_t y, scalar_t e1, scalar_t e2, scalar_t g,       \
                                     const scalar_t *p, scalar_t *dx, scalar_t *dy, scalar_t *de)

static inline scalar_t FN(sgn)(scalar_t v) { return v > 0 ? S(1) : (v < 0 ? S(-1) : S(0)); }
static inline scalar_t FN(logSigmoid)(scalar_t v) { return (v < 0 ? v : S(0)) - log1p(exp(-fabs(v))); }
static inline scalar_t FN(sigmoid)(scalar_t v) { return S(1) / (S(1) + exp(-v)); }

LOSS_FN(MSE) { return (x - y) * (x - y); }
GRAD_FN(MSE) {
  *dx = S(2) * (x - y) * g;
  *dy = -*dx;
}

LOSS_FN(L1) { return fabs(x - y); }
GRAD_FN(L1) {
  *dx = FN(sgn)(x - y) * g;
  *dy = -*dx;
}

/* p: beta (0: l1's forward; the backward keeps smooth_l1's, whose d <= -0 gives -g at d = 0). The
 * target's gradient is the same formula with input and target swapped (as PyTorch computes it): at
 * d = 0 with beta = 0 both gradients are -g. */
LOSS_FN(SmoothL1) {
  scalar_t z = fabs(x - y);
  if (p[0] == 0) return z;
  return z < p[0] ? S(0.5) * z * z / p[0] : z - S(0.5) * p[0];
}
static inline scalar_t FN(smoothL1Grad)(scalar_t d, scalar_t g, scalar_t beta) {
  return d <= -beta ? -g : (d >= beta ? g : d * g / beta);
}
GRAD_FN(SmoothL1) {
  *dx = FN(smoothL1Grad)(x - y, g, p[0]);
  *dy = FN(smoothL1Grad)(y - x, g, p[0]);
}

/* p: delta. The target's gradient swaps input and target, as for smoothL1. */
LOSS_FN(Huber) {
  scalar_t z = fabs(x - y);
  return z < p[0] ? S(0.5) * z * z : p[0] * (z - S(0.5) * p[0]);
}
static inline scalar_t FN(huberGrad)(scalar_t d, scalar_t g, scalar_t delta) {
  return d <= -delta ? -g * delta : (d >= delta ? g * delta : d * g);
}
GRAD_FN(Huber) {
  *dx = FN(huberGrad)(x - y, g, p[0]);
  *dy = FN(huberGrad)(y - x, g, p[0]);
}

/* e1: weight. The input's gradient divides by max((1 - x) x, 1e-12f) (a float constant in PyTorch, also
 * for double); the target's uses the unclamped logs (binary_cross_entropy_target_backward). */
LOSS_FN(BCE) {
  scalar_t l1 = log(S(1) - x), l0 = log(x);
  l1 = l1 < S(-100) ? S(-100) : l1;
  l0 = l0 < S(-100) ? S(-100) : l0;
  return ((y - S(1)) * l1 - y * l0) * e1;
}
GRAD_FN(BCE) {
  scalar_t den = (S(1) - x) * x;
  den = den < S(1e-12f) ? S(1e-12f) : den;
  *dx = g * (x - y) / den * e1;
  *dy = (log(S(1) - x) - log(x)) * g * e1;
}

/* e1: weight, e2: posWeight; p[0] != 0 when posWeight is given (its formula differs in rounding). */
LOSS_FN(BCEWithLogits) {
  scalar_t m = -x < 0 ? S(0) : -x;
  scalar_t lse = log(exp(-m) + exp(-x - m));
  if (p[0] == 0) return ((S(1) - y) * x + m + lse) * e1;
  scalar_t lw = (e2 - S(1)) * y + S(1);
  return ((S(1) - y) * x + lw * (lse + m)) * e1;
}
GRAD_FN(BCEWithLogits) {
  if (p[0] == 0) {
    *dx = (FN(sigmoid)(x) - y) * g * e1;
    *dy = -x * g * e1;
  } else {
    scalar_t t = e2 * y;
    *dx = ((t + S(1) - y) * FN(sigmoid)(x) - t) * g * e1;
    *dy = (FN(logSigmoid)(-x) - FN(logSigmoid)(x) * e2) * g * e1;
  }
}

/* p: logTarget. Composite in PyTorch: xlogy(y, y) - y * x, or exp(y) * (y - x). */
static inline scalar_t FN(xlogy)(scalar_t a, scalar_t b) { return b != b ? b : (a == 0 ? S(0) : a * log(b)); }
LOSS_FN(KLDiv) { return p[0] != 0 ? exp(y) * (y - x) : FN(xlogy)(y, y) - y * x; }
GRAD_FN(KLDiv) {
  if (p[0] != 0) {
    scalar_t ey = exp(y);
    *dx = -g * ey;
    *dy = g * (y - x) * ey + g * ey;
  } else {
    *dx = -g * y;
    *dy = g * FN(xlogy)(y != 0 ? S(1) : S(0), y) + g * y / y + -g * x;
  }
}

/* p: logInput, full, eps. The Stirling term counts where y > 1; its gradient is masked by 0 * ...,
 * which is NaN at y = 0 as in PyTorch's autograd. */
LOSS_FN(PoissonNLL) {
  scalar_t l = p[0] != 0 ? exp(x) - y * x : x - y * log(x + p[2]);
  if (p[1] != 0 && y > 1) l += y * log(y) - y + S(0.5) * log(S(THNN_TWO_PI) * y);
  return l;
}
GRAD_FN(PoissonNLL) {
  if (p[0] != 0) {
    *dx = g * exp(x) - g * y;
    *dy = -g * x;
  } else {
    *dx = g + -g * y / (x + p[2]);
    *dy = -g * log(x + p[2]);
  }
  if (p[1] != 0) {
    scalar_t h = y > 1 ? g : S(0);
    *dy += h * log(y) + h * y / y - h + S(0.5) * h / (S(THNN_TWO_PI) * y) * S(THNN_TWO_PI);
  }
}

/* e1: var; p: full, eps. var is clamped to >= eps with its gradient passed straight through. */
LOSS_FN(GaussianNLL) {
  scalar_t v = e1 < p[1] ? p[1] : e1;
  scalar_t l = S(0.5) * (log(v) + (x - y) * (x - y) / v);
  return p[0] != 0 ? l + S(THNN_HALF_LOG_TWO_PI) : l;
}
GRAD_FN(GaussianNLL) {
  scalar_t v = e1 < p[1] ? p[1] : e1;
  scalar_t h = S(0.5) * g, d = x - y;
  *dx = h / v * (S(2) * d);
  *dy = -*dx;
  *de = h / v + -h * (d * d) / (v * v);
}

LOSS_FN(SoftMargin) { return log1p(exp(-y * x)); }
GRAD_FN(SoftMargin) {
  scalar_t z = exp(-y * x);
  *dx = -y * z / (S(1) + z) * g;
}

/* p: margin. (y != 1 ? max(margin - x, 0) : 0) + (y != -1 ? x : 0); the clamp passes g at 0. */
LOSS_FN(HingeEmbedding) {
  scalar_t c = p[0] - x;
  c = c < 0 ? S(0) : c;
  return (y != 1 ? c : S(0)) + (y != -1 ? x : S(0));
}
GRAD_FN(HingeEmbedding) {
  scalar_t a = (y != 1 && p[0] - x >= 0) ? -g : S(0);
  *dx = a + (y != -1 ? g : S(0));
}

/* (input1, input2, target) as (x, y, e1); p: margin. max(0, -target * (x1 - x2) + margin). */
LOSS_FN(MarginRanking) {
  scalar_t z = -e1 * (x - y) + p[0];
  return z < 0 ? S(0) : z;
}
GRAD_FN(MarginRanking) {
  scalar_t d = x - y, z = -e1 * d + p[0];
  scalar_t gz = z >= 0 ? g : S(0);
  *dx = gz * -e1;
  *dy = -*dx;
  *de = -(gz * d);
}

/* Loops: forward writes out[i] (out non-NULL) or returns the sum; backward writes dx (and dy, de
 * when non-NULL) from per-element gradients gs[i] or the one value g0. */
#define THNN_PW_LOOPS_(Kind, name, ne, np, gt, ge)                                                               \
  static double FN(fwd_##Kind)(const scalar_t *x, const scalar_t *y, const scalar_t *e1, const scalar_t *e2,     \
                               scalar_t *out, int64_t n, const scalar_t *p) {                                    \
    int64_t i, b;                                                                                                \
    if (out) {                                                                                                   \
      THNN_LOSS_FOR(i, n, n, , { out[i] = FN(loss_##Kind)(x[i], y[i], e1 ? e1[i] : S(1), e2 ? e2[i] : S(1), p); }); \
      return 0;                                                                                                  \
    }                                                                                                            \
    int64_t blocks = (n + THNN_LOSS_BLOCK - 1) / THNN_LOSS_BLOCK;                                                \
    double sum = 0;                                                                                              \
    THNN_LOSS_FOR(b, blocks, n, reduction(+ : sum), {                                                            \
      int64_t lo = b * THNN_LOSS_BLOCK, hi = lo + THNN_LOSS_BLOCK < n ? lo + THNN_LOSS_BLOCK : n;                \
      scalar_t acc[THNN_LOSS_LANES] = {0};                                                                       \
      int64_t k = lo;                                                                                            \
      for (; k + THNN_LOSS_LANES <= hi; k += THNN_LOSS_LANES)                                                    \
        _Pragma("omp simd") for (int j = 0; j < THNN_LOSS_LANES; j++) acc[j] +=                                  \
            FN(loss_##Kind)(x[k + j], y[k + j], e1 ? e1[k + j] : S(1), e2 ? e2[k + j] : S(1), p);               \
      for (; k < hi; k++) acc[0] += FN(loss_##Kind)(x[k], y[k], e1 ? e1[k] : S(1), e2 ? e2[k] : S(1), p);       \
      double blockSum = 0;                                                                                       \
      for (int j = 0; j < THNN_LOSS_LANES; j++) blockSum += acc[j];                                              \
      sum += blockSum;                                                                                           \
    });                                                                                                          \
    return sum;                                                                                                  \
  }                                                                                                              \
  static void FN(bwd_##Kind)(const scalar_t *x, const scalar_t *y, const scalar_t *e1, const scalar_t *e2,       \
                             const scalar_t *gs, scalar_t g0, scalar_t *dx, scalar_t *dy, scalar_t *de, int64_t n, \
                             const scalar_t *p) {                                                                \
    int64_t i;                                                                                                   \
    THNN_LOSS_FOR(i, n, n, , {                                                                                   \
      scalar_t a, b = 0, c = 0;                                                                                  \
      FN(grad_##Kind)(x[i], y[i], e1 ? e1[i] : S(1), e2 ? e2[i] : S(1), gs ? gs[i] : g0, p, &a, &b, &c);         \
      dx[i] = a;                                                                                                 \
      if (dy) dy[i] = b;                                                                                         \
      if (de) de[i] = c;                                                                                         \
    });                                                                                                          \
  }
THNN_FOR_EACH_POINTWISE_LOSS(THNN_PW_LOOPS_)
#undef THNN_PW_LOOPS_

typedef double (*FN(PointwiseFwd))(const scalar_t *, const scalar_t *, const scalar_t *, const scalar_t *, scalar_t *,
                                   int64_t, const scalar_t *);
typedef void (*FN(PointwiseBwd))(const scalar_t *, const scalar_t *, const scalar_t *, const scalar_t *,
                                 const scalar_t *, scalar_t, scalar_t *, scalar_t *, scalar_t *, int64_t,
                                 const scalar_t *);
static const FN(PointwiseFwd) FN(pointwiseFwd)[THNN_NumPointwiseLosses] = {
#define THNN_PW_ENTRY_(Kind, name, ne, np, gt, ge) FN(fwd_##Kind),
    THNN_FOR_EACH_POINTWISE_LOSS(THNN_PW_ENTRY_)
#undef THNN_PW_ENTRY_
};
static const FN(PointwiseBwd) FN(pointwiseBwd)[THNN_NumPointwiseLosses] = {
#define THNN_PW_ENTRY_(Kind, name, ne, np, gt, ge) FN(bwd_##Kind),
    THNN_FOR_EACH_POINTWISE_LOSS(THNN_PW_ENTRY_)
#undef THNN_PW_ENTRY_
};

#undef LOSS_FN
#undef GRAD_FN
#undef FN
#undef S
