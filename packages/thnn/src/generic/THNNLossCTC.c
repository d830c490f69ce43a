/* CTC kernels for one scalar type (included by THNNLossCTC.c with scalar_t and SUF defined).
 * Graves et al. 2006, in log space: alpha (forward, eq. 6-8), beta (eq. 10-11) and the gradient
 * (eq. 16), with PyTorch 1.13's recursions and order of operations. lp is the contiguous
 * [T, N, C] input, alpha/beta blocks are [T, S2] per sample (S2 = 2 * max target length + 1); the
 * extended target l' is blank, l_1, blank, l_2, ..., blank. */

#define FN(name) THNN_CONCAT3(name, _, SUF)

typedef struct FN(CTCSample) {
  const scalar_t *lp; /* the sample's scores at t = 0: lp[t * stepT + c] */
  int64_t stepT;
  const int64_t *target; /* tl labels */
  int64_t il, tl, blank;
} FN(CTCSample);

static inline int64_t FN(ctcLabel)(const FN(CTCSample) * s, int64_t k) { return k % 2 == 0 ? s->blank : s->target[k / 2]; }
static inline scalar_t FN(ctcLp)(const FN(CTCSample) * s, int64_t t, int64_t c) { return s->lp[t * s->stepT + c]; }

/* log(exp(a) + exp(b) + exp(c)) as PyTorch computes it (the max is taken out; all -inf gives -inf). */
static inline scalar_t FN(logSumExp3)(scalar_t a, scalar_t b, scalar_t c) {
  scalar_t m = a;
  if (b > m) m = b;
  if (c > m) m = c;
  if (m == -INFINITY) m = 0;
  return log(exp(a - m) + exp(b - m) + exp(c - m)) + m;
}

/* Fills la ([T, S2], -inf outside the reachable part) and returns the negative log-likelihood. */
static scalar_t FN(ctcAlpha)(const FN(CTCSample) * s, scalar_t *la, int64_t T, int64_t S2) {
  for (int64_t i = 0; i < T * S2; i++) la[i] = -INFINITY;
  if (s->il == 0) return s->tl == 0 ? (scalar_t)0 : (scalar_t)INFINITY;
  la[0] = FN(ctcLp)(s, 0, s->blank);
  if (s->tl > 0) la[1] = FN(ctcLp)(s, 0, FN(ctcLabel)(s, 1));
  for (int64_t t = 1; t < s->il; t++) {
    const scalar_t *prev = la + (t - 1) * S2;
    scalar_t *cur = la + t * S2;
    for (int64_t k = 0; k < 2 * s->tl + 1; k++) {
      int64_t label = FN(ctcLabel)(s, k);
      scalar_t a2 = k > 0 ? prev[k - 1] : (scalar_t)-INFINITY;
      scalar_t a3 = k > 1 && FN(ctcLabel)(s, k - 2) != label ? prev[k - 2] : (scalar_t)-INFINITY;
      cur[k] = FN(logSumExp3)(prev[k], a2, a3) + FN(ctcLp)(s, t, label);
    }
  }
  const scalar_t *last = la + (s->il - 1) * S2;
  if (s->tl == 0) return -last[0];
  scalar_t l1 = last[2 * s->tl], l2 = last[2 * s->tl - 1];
  scalar_t m = l1 > l2 ? l1 : l2;
  m = m == -INFINITY ? (scalar_t)0 : m;
  return -(log(exp(l1 - m) + exp(l2 - m)) + m);
}

/* gi (the sample's [T, C] block, row step stepT) = d nll / d lp scaled by gr; lb is [T, S2] work space. */
static void FN(ctcGrad)(const FN(CTCSample) * s, const scalar_t *la, scalar_t *lb, int64_t T, int64_t S2, int64_t C,
                        scalar_t nll, scalar_t gr, scalar_t *gi) {
  int64_t il = s->il, tl = s->tl;
  for (int64_t t = 0; t < il; t++)
    for (int64_t c = 0; c < C; c++) gi[t * s->stepT + c] = -INFINITY; /* log of an empty sum */
  if (il > 0) {
    scalar_t *row = lb + (il - 1) * S2;
    for (int64_t k = 0; k < S2; k++) row[k] = -INFINITY;
    const scalar_t *arow = la + (il - 1) * S2;
    scalar_t *grow = gi + (il - 1) * s->stepT;
    row[2 * tl] = FN(ctcLp)(s, il - 1, s->blank);
    grow[s->blank] = arow[2 * tl] + row[2 * tl];
    if (tl > 0) {
      int64_t label = FN(ctcLabel)(s, 2 * tl - 1);
      row[2 * tl - 1] = FN(ctcLp)(s, il - 1, label);
      grow[label] = arow[2 * tl - 1] + row[2 * tl - 1];
    }
  }
  for (int64_t t = il - 2; t >= 0; t--) {
    const scalar_t *next = lb + (t + 1) * S2, *arow = la + t * S2;
    scalar_t *cur = lb + t * S2, *grow = gi + t * s->stepT;
    for (int64_t k = 2 * tl; k >= 0; k--) {
      int64_t label = FN(ctcLabel)(s, k);
      scalar_t b2 = k < 2 * tl ? next[k + 1] : (scalar_t)-INFINITY;
      scalar_t b3 = k < 2 * tl - 1 && FN(ctcLabel)(s, k + 2) != label ? next[k + 2] : (scalar_t)-INFINITY;
      cur[k] = FN(logSumExp3)(next[k], b2, b3) + FN(ctcLp)(s, t, label);
      /* collect alpha * beta per label, in log space */
      scalar_t ab = arow[k] + cur[k], *acc = &grow[label];
      if (*acc == -INFINITY) {
        *acc = ab;
      } else {
        scalar_t m = *acc > ab ? *acc : ab;
        *acc = log(exp(*acc - m) + exp(ab - m)) + m;
      }
    }
  }
  for (int64_t t = 0; t < T; t++)
    for (int64_t c = 0; c < C; c++) {
      scalar_t *res = &gi[t * s->stepT + c];
      if (t >= il) {
        *res = 0;
        continue;
      }
      scalar_t lp = FN(ctcLp)(s, t, c);
      *res = (exp(lp) - exp(*res + nll - lp)) * gr;
    }
}

#undef FN
