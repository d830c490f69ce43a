/* Activation kernels for one scalar type; included by THNNActivation.c once per dtype with
 * scalar_t and SUF defined. Math goes through <tgmath.h>, so float is computed in float (as
 * PyTorch does). Formulas (and their evaluation order, where it matters for rounding) follow
 * PyTorch 1.13's CPU kernels and, for composite ops (softsign, tanhshrink), its autograd formulas.
 * p[] holds the parameters, already converted to scalar_t. */

#define S(v) ((scalar_t)(v))
#define FN(name) THNN_CONCAT3(name, _, SUF)

/* ---- forward: y = f(x) ---- */
static inline scalar_t FN(fwd_relu)(scalar_t x, const scalar_t *p) { return x != x ? x : (x > 0 ? x : S(0)); }
static inline scalar_t FN(fwd_hardtanh)(scalar_t x, const scalar_t *p) { return x < p[0] ? p[0] : (x > p[1] ? p[1] : x); }
static inline scalar_t FN(fwd_relu6)(scalar_t x, const scalar_t *p) { return x < 0 ? S(0) : (x > 6 ? S(6) : x); }
static inline scalar_t FN(fwd_leakyRelu)(scalar_t x, const scalar_t *p) { return x > 0 ? x : x * p[0]; }
/* p: alpha, scale, inputScale (elu, selu, celu share this) */
static inline scalar_t FN(fwd_elu)(scalar_t x, const scalar_t *p) {
  scalar_t negcoef = p[0] * p[1];
  return x <= 0 ? expm1(x * p[2]) * negcoef : x * p[1];
}
static inline scalar_t FN(fwd_gelu)(scalar_t x, const scalar_t *p) {
  if (p[0] != 0) {
    const scalar_t kBeta = S(M_SQRT2 * M_2_SQRTPI * 0.5), kKappa = S(0.044715);
    scalar_t inner = kBeta * (x + kKappa * (x * x * x));
    return S(0.5) * x * (S(1) + tanh(inner));
  }
  return x * S(0.5) * (S(1) + erf(x * S(M_SQRT1_2)));
}
static inline scalar_t FN(fwd_silu)(scalar_t x, const scalar_t *p) { return x / (S(1) + exp(-x)); }
static inline scalar_t FN(fwd_mish)(scalar_t x, const scalar_t *p) { return x * tanh(log1p(exp(x))); }
/* p: beta, threshold */
static inline scalar_t FN(fwd_softplus)(scalar_t x, const scalar_t *p) {
  return (x * p[0]) > p[1] ? x : log1p(exp(x * p[0])) / p[0];
}
static inline scalar_t FN(fwd_softsign)(scalar_t x, const scalar_t *p) { return x / (S(1) + fabs(x)); }
static inline scalar_t FN(fwd_hardsigmoid)(scalar_t x, const scalar_t *p) {
  scalar_t t = x + S(3);
  t = t < 0 ? S(0) : t;
  t = t > 6 ? S(6) : t;
  return t / S(6);
}
static inline scalar_t FN(fwd_hardswish)(scalar_t x, const scalar_t *p) {
  scalar_t t = x + S(3);
  t = t < 0 ? S(0) : t;
  t = t > 6 ? S(6) : t;
  return x * t / S(6);
}
static inline scalar_t FN(fwd_logsigmoid)(scalar_t x, const scalar_t *p) {
  scalar_t mn = x < 0 ? x : S(0);
  return mn - log1p(exp(-fabs(x)));
}
/* p: threshold, value */
static inline scalar_t FN(fwd_threshold)(scalar_t x, const scalar_t *p) { return x <= p[0] ? p[1] : x; }
static inline scalar_t FN(fwd_softshrink)(scalar_t x, const scalar_t *p) {
  return x > p[0] ? x - p[0] : (x < -p[0] ? x + p[0] : S(0));
}
static inline scalar_t FN(fwd_hardshrink)(scalar_t x, const scalar_t *p) { return (x >= -p[0] && x <= p[0]) ? S(0) : x; }
static inline scalar_t FN(fwd_tanhshrink)(scalar_t x, const scalar_t *p) { return x - tanh(x); }

/* ---- backward: gradInput = g * f'(x) ---- */
static inline scalar_t FN(bwd_relu)(scalar_t x, scalar_t g, const scalar_t *p) { return x <= 0 ? S(0) : g; }
static inline scalar_t FN(bwd_hardtanh)(scalar_t x, scalar_t g, const scalar_t *p) {
  return (x <= p[0] || x >= p[1]) ? S(0) : g;
}
static inline scalar_t FN(bwd_relu6)(scalar_t x, scalar_t g, const scalar_t *p) { return (x <= 0 || x >= 6) ? S(0) : g; }
static inline scalar_t FN(bwd_leakyRelu)(scalar_t x, scalar_t g, const scalar_t *p) { return x > 0 ? g : g * p[0]; }
static inline scalar_t FN(bwd_elu)(scalar_t x, scalar_t g, const scalar_t *p) {
  scalar_t negcoef = p[0] * p[1];
  return x <= 0 ? g * p[2] * negcoef * exp(x * p[2]) : g * p[1];
}
static inline scalar_t FN(bwd_gelu)(scalar_t x, scalar_t g, const scalar_t *p) {
  if (p[0] != 0) {
    const scalar_t kBeta = S(M_SQRT2 * M_2_SQRTPI * 0.5), kKappa = S(0.044715);
    scalar_t x_sq = x * x, x_cube = x_sq * x;
    scalar_t inner = kBeta * (x + kKappa * x_cube);
    scalar_t tanh_inner = tanh(inner);
    scalar_t left = S(0.5) * x, right = S(1) + tanh_inner;
    scalar_t left_derivative = S(0.5) * right;
    scalar_t right_derivative = S(1) - tanh_inner * tanh_inner;
    scalar_t inner_derivative = kBeta * (S(1) + S(3) * kKappa * x_sq);
    return g * (left_derivative + left * right_derivative * inner_derivative);
  }
  const scalar_t kBeta = S(M_2_SQRTPI * M_SQRT1_2 * 0.5);
  scalar_t cdf = S(0.5) * (S(1) + erf(x * S(M_SQRT1_2)));
  scalar_t pdf = kBeta * exp(x * x * S(-0.5));
  return g * (cdf + x * pdf);
}
static inline scalar_t FN(bwd_silu)(scalar_t x, scalar_t g, const scalar_t *p) {
  scalar_t s = S(1) / (S(1) + exp(-x));
  return g * s * (S(1) + x * (S(1) - s));
}
static inline scalar_t FN(bwd_mish)(scalar_t x, scalar_t g, const scalar_t *p) {
  scalar_t s = S(1) / (S(1) + exp(-x));
  scalar_t t = tanh(log1p(exp(x)));
  return g * (t + x * s * (S(1) - t * t));
}
static inline scalar_t FN(bwd_softplus)(scalar_t x, scalar_t g, const scalar_t *p) {
  scalar_t z = exp(x * p[0]);
  return (x * p[0]) > p[1] ? g : g * z / (z + S(1));
}
/* PyTorch's autograd of x / (1 + |x|): g / d + (-g * x / (d * d)) * sgn(x) */
static inline scalar_t FN(bwd_softsign)(scalar_t x, scalar_t g, const scalar_t *p) {
  scalar_t d = S(1) + fabs(x);
  scalar_t sgn = x > 0 ? S(1) : (x < 0 ? S(-1) : (x != x ? x : S(0)));
  return g / d + (-g * x / (d * d)) * sgn;
}
static inline scalar_t FN(bwd_hardsigmoid)(scalar_t x, scalar_t g, const scalar_t *p) {
  /* PyTorch multiplies by 1.0f / 6.0f, a float constant, for double too */
  return (x > -3 && x < 3) ? g * S(1.0f / 6.0f) : S(0);
}
static inline scalar_t FN(bwd_hardswish)(scalar_t x, scalar_t g, const scalar_t *p) {
  if (x < -3) return S(0);
  /* PyTorch's scalar formula (its vectorized one takes g at exactly 3: the result depends on the
   * element's position there); the fixtures use the scalar one, element by element */
  if (x <= 3) return g * ((x / S(3)) + S(0.5));
  return g;
}
static inline scalar_t FN(bwd_logsigmoid)(scalar_t x, scalar_t g, const scalar_t *p) {
  int neg = x < 0;
  scalar_t max_deriv = neg ? S(1) : S(0), sign = neg ? S(1) : S(-1);
  scalar_t z = exp(-fabs(x));
  return g * (max_deriv - sign * (z / (S(1) + z)));
}
static inline scalar_t FN(bwd_threshold)(scalar_t x, scalar_t g, const scalar_t *p) { return x <= p[0] ? S(0) : g; }
static inline scalar_t FN(bwd_softshrink)(scalar_t x, scalar_t g, const scalar_t *p) {
  return (x >= -p[0] && x <= p[0]) ? S(0) : g;
}
static inline scalar_t FN(bwd_hardshrink)(scalar_t x, scalar_t g, const scalar_t *p) {
  return (x >= -p[0] && x <= p[0]) ? S(0) : g;
}
/* PyTorch's autograd of x - tanh(x): g + (-g) * (1 - t * t) */
static inline scalar_t FN(bwd_tanhshrink)(scalar_t x, scalar_t g, const scalar_t *p) {
  scalar_t t = tanh(x);
  return g + (-g) * (S(1) - t * t);
}

/* ---- vector forms: the same formulas on a contiguous block of n <= BLK values, with the
 * transcendental functions applied to whole buffers by libTH (SLEEF where available). y may be x. */
#define V(op, buf, n) VUNARY(TH_OP_##op, buf, buf, n)

THNN_ALWAYS_INLINE void FN(vfwd_gelu)(scalar_t *y, const scalar_t *x, int64_t n, const scalar_t *p) {
  scalar_t t[BLK];
  if (p[0] != 0) {
    const scalar_t kBeta = S(M_SQRT2 * M_2_SQRTPI * 0.5), kKappa = S(0.044715);
    for (int64_t i = 0; i < n; i++) t[i] = kBeta * (x[i] + kKappa * (x[i] * x[i] * x[i]));
    V(tanh, t, n);
    for (int64_t i = 0; i < n; i++) y[i] = S(0.5) * x[i] * (S(1) + t[i]);
    return;
  }
  for (int64_t i = 0; i < n; i++) t[i] = x[i] * S(M_SQRT1_2);
  V(erf, t, n);
  for (int64_t i = 0; i < n; i++) y[i] = x[i] * S(0.5) * (S(1) + t[i]);
}
THNN_ALWAYS_INLINE void FN(vfwd_silu)(scalar_t *y, const scalar_t *x, int64_t n, const scalar_t *p) {
  scalar_t t[BLK];
  for (int64_t i = 0; i < n; i++) t[i] = -x[i];
  V(exp, t, n);
  for (int64_t i = 0; i < n; i++) y[i] = x[i] / (S(1) + t[i]);
}
THNN_ALWAYS_INLINE void FN(vfwd_mish)(scalar_t *y, const scalar_t *x, int64_t n, const scalar_t *p) {
  scalar_t t[BLK];
  memcpy(t, x, sizeof(scalar_t) * (size_t)n);
  V(exp, t, n);
  V(log1p, t, n);
  V(tanh, t, n);
  for (int64_t i = 0; i < n; i++) y[i] = x[i] * t[i];
}
THNN_ALWAYS_INLINE void FN(vfwd_elu)(scalar_t *y, const scalar_t *x, int64_t n, const scalar_t *p) {
  scalar_t t[BLK], negcoef = p[0] * p[1];
  for (int64_t i = 0; i < n; i++) t[i] = x[i] * p[2];
  V(expm1, t, n);
  for (int64_t i = 0; i < n; i++) y[i] = x[i] <= 0 ? t[i] * negcoef : x[i] * p[1];
}
THNN_ALWAYS_INLINE void FN(vfwd_softplus)(scalar_t *y, const scalar_t *x, int64_t n, const scalar_t *p) {
  scalar_t t[BLK];
  for (int64_t i = 0; i < n; i++) t[i] = x[i] * p[0];
  V(exp, t, n);
  V(log1p, t, n);
  for (int64_t i = 0; i < n; i++) y[i] = (x[i] * p[0]) > p[1] ? x[i] : t[i] / p[0];
}
THNN_ALWAYS_INLINE void FN(vfwd_logsigmoid)(scalar_t *y, const scalar_t *x, int64_t n, const scalar_t *p) {
  scalar_t t[BLK];
  for (int64_t i = 0; i < n; i++) t[i] = -fabs(x[i]);
  V(exp, t, n);
  V(log1p, t, n);
  for (int64_t i = 0; i < n; i++) y[i] = (x[i] < 0 ? x[i] : S(0)) - t[i];
}
THNN_ALWAYS_INLINE void FN(vfwd_tanhshrink)(scalar_t *y, const scalar_t *x, int64_t n, const scalar_t *p) {
  scalar_t t[BLK];
  memcpy(t, x, sizeof(scalar_t) * (size_t)n);
  V(tanh, t, n);
  for (int64_t i = 0; i < n; i++) y[i] = x[i] - t[i];
}

THNN_ALWAYS_INLINE void FN(vbwd_gelu)(scalar_t *gi, const scalar_t *x, const scalar_t *g, int64_t n, const scalar_t *p) {
  scalar_t t[BLK];
  if (p[0] != 0) {
    const scalar_t kBeta = S(M_SQRT2 * M_2_SQRTPI * 0.5), kKappa = S(0.044715);
    for (int64_t i = 0; i < n; i++) t[i] = kBeta * (x[i] + kKappa * (x[i] * x[i] * x[i]));
    V(tanh, t, n);
    for (int64_t i = 0; i < n; i++) {
      scalar_t x_sq = x[i] * x[i], left = S(0.5) * x[i], right = S(1) + t[i];
      scalar_t left_derivative = S(0.5) * right, right_derivative = S(1) - t[i] * t[i];
      scalar_t inner_derivative = kBeta * (S(1) + S(3) * kKappa * x_sq);
      gi[i] = g[i] * (left_derivative + left * right_derivative * inner_derivative);
    }
    return;
  }
  const scalar_t kBeta = S(M_2_SQRTPI * M_SQRT1_2 * 0.5);
  scalar_t u[BLK];
  for (int64_t i = 0; i < n; i++) t[i] = x[i] * S(M_SQRT1_2), u[i] = x[i] * x[i] * S(-0.5);
  V(erf, t, n);
  V(exp, u, n);
  for (int64_t i = 0; i < n; i++) gi[i] = g[i] * (S(0.5) * (S(1) + t[i]) + x[i] * (kBeta * u[i]));
}
THNN_ALWAYS_INLINE void FN(vbwd_silu)(scalar_t *gi, const scalar_t *x, const scalar_t *g, int64_t n, const scalar_t *p) {
  scalar_t t[BLK];
  for (int64_t i = 0; i < n; i++) t[i] = -x[i];
  V(exp, t, n);
  for (int64_t i = 0; i < n; i++) {
    scalar_t s = S(1) / (S(1) + t[i]);
    gi[i] = g[i] * s * (S(1) + x[i] * (S(1) - s));
  }
}
THNN_ALWAYS_INLINE void FN(vbwd_mish)(scalar_t *gi, const scalar_t *x, const scalar_t *g, int64_t n, const scalar_t *p) {
  scalar_t t[BLK], e[BLK];
  for (int64_t i = 0; i < n; i++) e[i] = -x[i];
  memcpy(t, x, sizeof(scalar_t) * (size_t)n);
  V(exp, e, n);
  V(exp, t, n);
  V(log1p, t, n);
  V(tanh, t, n);
  for (int64_t i = 0; i < n; i++) {
    scalar_t s = S(1) / (S(1) + e[i]);
    gi[i] = g[i] * (t[i] + x[i] * s * (S(1) - t[i] * t[i]));
  }
}
THNN_ALWAYS_INLINE void FN(vbwd_elu)(scalar_t *gi, const scalar_t *x, const scalar_t *g, int64_t n, const scalar_t *p) {
  scalar_t t[BLK], negcoef = p[0] * p[1];
  for (int64_t i = 0; i < n; i++) t[i] = x[i] * p[2];
  V(exp, t, n);
  for (int64_t i = 0; i < n; i++) gi[i] = x[i] <= 0 ? g[i] * p[2] * negcoef * t[i] : g[i] * p[1];
}
THNN_ALWAYS_INLINE void FN(vbwd_softplus)(scalar_t *gi, const scalar_t *x, const scalar_t *g, int64_t n, const scalar_t *p) {
  scalar_t t[BLK];
  for (int64_t i = 0; i < n; i++) t[i] = x[i] * p[0];
  V(exp, t, n);
  for (int64_t i = 0; i < n; i++) gi[i] = (x[i] * p[0]) > p[1] ? g[i] : g[i] * t[i] / (t[i] + S(1));
}
THNN_ALWAYS_INLINE void FN(vbwd_logsigmoid)(scalar_t *gi, const scalar_t *x, const scalar_t *g, int64_t n,
                                       const scalar_t *p) {
  scalar_t t[BLK];
  for (int64_t i = 0; i < n; i++) t[i] = -fabs(x[i]);
  V(exp, t, n);
  for (int64_t i = 0; i < n; i++) {
    int neg = x[i] < 0;
    scalar_t max_deriv = neg ? S(1) : S(0), sign = neg ? S(1) : S(-1);
    gi[i] = g[i] * (max_deriv - sign * (t[i] / (S(1) + t[i])));
  }
}
THNN_ALWAYS_INLINE void FN(vbwd_tanhshrink)(scalar_t *gi, const scalar_t *x, const scalar_t *g, int64_t n,
                                       const scalar_t *p) {
  scalar_t t[BLK];
  memcpy(t, x, sizeof(scalar_t) * (size_t)n);
  V(tanh, t, n);
  for (int64_t i = 0; i < n; i++) gi[i] = g[i] + (-g[i]) * (S(1) - t[i] * t[i]);
}

/* The plain kernels vectorize as they are: their vector form is the scalar one on a loop. */
#define THNN_PLAIN_VFORMS_(fname)                                                                          \
  THNN_ALWAYS_INLINE void FN(vfwd_##fname)(scalar_t *y, const scalar_t *x, int64_t n, const scalar_t *p) {      \
    for (int64_t i = 0; i < n; i++) y[i] = FN(fwd_##fname)(x[i], p);                                       \
  }                                                                                                        \
  THNN_ALWAYS_INLINE void FN(vbwd_##fname)(scalar_t *gi, const scalar_t *x, const scalar_t *g, int64_t n,       \
                                      const scalar_t *p) {                                                 \
    for (int64_t i = 0; i < n; i++) gi[i] = FN(bwd_##fname)(x[i], g[i], p);                                \
  }
THNN_PLAIN_VFORMS_(relu) THNN_PLAIN_VFORMS_(relu6) THNN_PLAIN_VFORMS_(leakyRelu) THNN_PLAIN_VFORMS_(softsign)
THNN_PLAIN_VFORMS_(hardtanh) THNN_PLAIN_VFORMS_(hardsigmoid) THNN_PLAIN_VFORMS_(hardswish)
THNN_PLAIN_VFORMS_(threshold) THNN_PLAIN_VFORMS_(softshrink) THNN_PLAIN_VFORMS_(hardshrink)
#undef THNN_PLAIN_VFORMS_
#undef V

/* ---- inner loops for THIter: operands (y, x) forward, (gradInput, x, gradOutput) backward ---- */
#define THNN_FWD_LOOP_(fname)                                                                            \
  THNN_CLONES static void FN(loop_fwd_##fname)(char **data, const int64_t *st, int64_t n, int64_t outer,   \
                                               void *ctx) {                                               \
    const scalar_t *p = (const scalar_t *)ctx;                                                           \
    for (int64_t o = 0; o < outer; o++) {                                                                \
      char *y = data[0] + o * st[2];                                                                     \
      const char *x = data[1] + o * st[3];                                                               \
      if (st[0] == (int64_t)sizeof(scalar_t) && st[1] == (int64_t)sizeof(scalar_t)) {                   \
        scalar_t *yy = (scalar_t *)y;                                                                    \
        const scalar_t *xx = (const scalar_t *)x;                                                        \
        for (int64_t b = 0; b < n; b += BLK) FN(vfwd_##fname)(yy + b, xx + b, n - b < BLK ? n - b : BLK, p);  \
      } else {                                                                                           \
        for (int64_t i = 0; i < n; i++)                                                                  \
          *(scalar_t *)(y + i * st[0]) = FN(fwd_##fname)(*(const scalar_t *)(x + i * st[1]), p);         \
      }                                                                                                  \
    }                                                                                                    \
  }
#define THNN_BWD_LOOP_(fname)                                                                            \
  THNN_CLONES static void FN(loop_bwd_##fname)(char **data, const int64_t *st, int64_t n, int64_t outer,   \
                                               void *ctx) {                                               \
    const scalar_t *p = (const scalar_t *)ctx;                                                           \
    for (int64_t o = 0; o < outer; o++) {                                                                \
      char *gi = data[0] + o * st[3];                                                                    \
      const char *x = data[1] + o * st[4], *g = data[2] + o * st[5];                                     \
      const int64_t sz = (int64_t)sizeof(scalar_t);                                                      \
      if (st[0] == sz && st[1] == sz && st[2] == sz) {                                                   \
        scalar_t *gg = (scalar_t *)gi;                                                                   \
        const scalar_t *xx = (const scalar_t *)x, *go = (const scalar_t *)g;                             \
        for (int64_t b = 0; b < n; b += BLK)                                                             \
          FN(vbwd_##fname)(gg + b, xx + b, go + b, n - b < BLK ? n - b : BLK, p);                        \
      } else {                                                                                           \
        for (int64_t i = 0; i < n; i++)                                                                  \
          *(scalar_t *)(gi + i * st[0]) =                                                                \
              FN(bwd_##fname)(*(const scalar_t *)(x + i * st[1]), *(const scalar_t *)(g + i * st[2]), p); \
      }                                                                                                  \
    }                                                                                                    \
  }

/* The kernel behind each kind (selu and celu are elu with other parameters). */
#define THNN_KERNELS_(_)                                                                                  \
  _(ReLU, relu) _(ReLU6, relu6) _(LeakyReLU, leakyRelu) _(ELU, elu) _(SELU, elu) _(CELU, elu) _(GELU, gelu) \
  _(SiLU, silu) _(Mish, mish) _(Softplus, softplus) _(Softsign, softsign) _(Hardtanh, hardtanh)           \
  _(Hardsigmoid, hardsigmoid) _(Hardswish, hardswish) _(LogSigmoid, logsigmoid) _(Threshold, threshold)   \
  _(Softshrink, softshrink) _(Hardshrink, hardshrink) _(Tanhshrink, tanhshrink)

THNN_FWD_LOOP_(relu) THNN_FWD_LOOP_(relu6) THNN_FWD_LOOP_(leakyRelu) THNN_FWD_LOOP_(elu) THNN_FWD_LOOP_(gelu)
THNN_FWD_LOOP_(silu) THNN_FWD_LOOP_(mish) THNN_FWD_LOOP_(softplus) THNN_FWD_LOOP_(softsign)
THNN_FWD_LOOP_(hardtanh) THNN_FWD_LOOP_(hardsigmoid) THNN_FWD_LOOP_(hardswish) THNN_FWD_LOOP_(logsigmoid)
THNN_FWD_LOOP_(threshold) THNN_FWD_LOOP_(softshrink) THNN_FWD_LOOP_(hardshrink) THNN_FWD_LOOP_(tanhshrink)
THNN_BWD_LOOP_(relu) THNN_BWD_LOOP_(relu6) THNN_BWD_LOOP_(leakyRelu) THNN_BWD_LOOP_(elu) THNN_BWD_LOOP_(gelu)
THNN_BWD_LOOP_(silu) THNN_BWD_LOOP_(mish) THNN_BWD_LOOP_(softplus) THNN_BWD_LOOP_(softsign)
THNN_BWD_LOOP_(hardtanh) THNN_BWD_LOOP_(hardsigmoid) THNN_BWD_LOOP_(hardswish) THNN_BWD_LOOP_(logsigmoid)
THNN_BWD_LOOP_(threshold) THNN_BWD_LOOP_(softshrink) THNN_BWD_LOOP_(hardshrink) THNN_BWD_LOOP_(tanhshrink)

#define THNN_FWD_ENTRY_(Kind, fname) FN(loop_fwd_##fname),
#define THNN_BWD_ENTRY_(Kind, fname) FN(loop_bwd_##fname),
static const THLoop FN(fwd_loops)[THNN_NumActivations] = {THNN_KERNELS_(THNN_FWD_ENTRY_)};
static const THLoop FN(bwd_loops)[THNN_NumActivations] = {THNN_KERNELS_(THNN_BWD_ENTRY_)};

#undef THNN_FWD_ENTRY_
#undef THNN_BWD_ENTRY_
#undef THNN_KERNELS_
#undef THNN_FWD_LOOP_
#undef THNN_BWD_LOOP_
#undef FN
#undef S
