/* Margin and embedding loss kernels for one scalar type (included by THNNLossMargin.c with
 * scalar_t and SUF defined). Every loss here is per sample: rows of a contiguous [R, D] input.
 * Forward kernels write perSample[r] (when non-NULL) and return the sum over rows; backward
 * kernels take each row's incoming gradient as gs[r] or g0 (already divided by R under Mean).
 * Formulas and their order of operations follow PyTorch 1.13 (its CPU kernels for multiMargin and
 * multilabelMargin, its autograd through the composite cosineEmbedding, tripletMargin and
 * multilabelSoftMargin). Sums accumulate in double. */

#define FN(name) THNN_CONCAT3(name, _, SUF)
#define ROW_GRAD(r) (gs ? (double)gs[r] : g0)

/* ---- multiMargin: sum_{d != t} max(0, margin - x_t + x_d)^p * w_t / D ---- */

static double FN(multiMarginForward)(const scalar_t *x, const int64_t *tg, const scalar_t *w, int64_t R, int64_t D,
                                     int p, scalar_t margin, scalar_t *perSample) {
  double total = 0;
  int64_t r;
  THNN_LOSS_FOR(r, R, R * D, reduction(+ : total), {
    const scalar_t *xr = x + r * D;
    int64_t t = tg[r];
    scalar_t xt = xr[t], sum = 0;
    for (int64_t d = 0; d < D; d++) {
      if (d == t) continue;
      scalar_t z = margin - xt + xr[d];
      if (z > 0) {
        scalar_t h = p == 1 ? z : z * z;
        if (w) h *= w[t];
        sum += h;
      }
    }
    sum /= (scalar_t)D;
    if (perSample) perSample[r] = sum;
    total += sum;
  });
  return total;
}

/* scale: 1/D, or 1/(R*D) under Mean (PyTorch folds the mean into it). */
static void FN(multiMarginBackward)(const scalar_t *x, const int64_t *tg, const scalar_t *w, int64_t R, int64_t D,
                                    int p, scalar_t margin, scalar_t scale, const scalar_t *gs, double g0,
                                    scalar_t *gi) {
  int64_t r;
  THNN_LOSS_FOR(r, R, R * D, , {
    const scalar_t *xr = x + r * D;
    scalar_t *gr = gi + r * D;
    int64_t t = tg[r];
    scalar_t xt = xr[t], gsum = 0;
    for (int64_t d = 0; d < D; d++) {
      if (d == t) continue;
      scalar_t z = margin - xt + xr[d];
      if (z > 0) {
        scalar_t h = p == 1 ? scale : 2 * scale * z;
        if (w) h *= w[t];
        gsum += h;
        gr[d] = h;
      } else {
        gr[d] = 0;
      }
    }
    gr[t] = -gsum;
    scalar_t g = (scalar_t)ROW_GRAD(r);
    for (int64_t d = 0; d < D; d++) gr[d] *= g;
  });
}

/* ---- multilabelMargin: sum over target classes j and non-target classes d of max(0, 1 - x_j + x_d) / D ---- */

/* Marks each row's target classes in isTarget (row-major, like the input). */
static double FN(multilabelMarginForward)(const scalar_t *x, const int64_t *tg, scalar_t *isTarget, int64_t R,
                                          int64_t D, scalar_t *perSample) {
  double total = 0;
  int64_t r;
  THNN_LOSS_FOR(r, R, R * D, reduction(+ : total), {
    const scalar_t *xr = x + r * D;
    const int64_t *tr = tg + r * D;
    scalar_t *it = isTarget + r * D, sum = 0;
    for (int64_t d = 0; d < D; d++) it[d] = 0;
    for (int64_t k = 0; k < D && tr[k] >= 0; k++) it[tr[k]] = 1;
    for (int64_t k = 0; k < D && tr[k] >= 0; k++) {
      scalar_t xt = xr[tr[k]];
      for (int64_t d = 0; d < D; d++) {
        if (it[d] != 0) continue;
        scalar_t z = 1 - xt + xr[d];
        if (z > 0) sum += z;
      }
    }
    sum /= (scalar_t)D;
    if (perSample) perSample[r] = sum;
    total += sum;
  });
  return total;
}

static void FN(multilabelMarginBackward)(const scalar_t *x, const int64_t *tg, const scalar_t *isTarget, int64_t R,
                                         int64_t D, scalar_t scale, const scalar_t *gs, double g0, scalar_t *gi) {
  int64_t r;
  THNN_LOSS_FOR(r, R, R * D, , {
    const scalar_t *xr = x + r * D, *it = isTarget + r * D;
    const int64_t *tr = tg + r * D;
    scalar_t *gr = gi + r * D;
    for (int64_t d = 0; d < D; d++) gr[d] = 0;
    for (int64_t k = 0; k < D && tr[k] >= 0; k++) {
      scalar_t xt = xr[tr[k]];
      for (int64_t d = 0; d < D; d++) {
        if (it[d] != 0) continue;
        scalar_t z = 1 - xt + xr[d];
        if (z > 0) {
          gr[tr[k]] -= scale;
          gr[d] += scale;
        }
      }
    }
    scalar_t g = (scalar_t)ROW_GRAD(r);
    for (int64_t d = 0; d < D; d++) gr[d] *= g;
  });
}

/* ---- multilabelSoftMargin: -sum_c w_c (y_c logsigmoid(x_c) + (1 - y_c) logsigmoid(-x_c)) / D ---- */

static inline scalar_t FN(logSigmoid)(scalar_t v) { return (v < 0 ? v : (scalar_t)0) - log1p(exp(-fabs(v))); }
/* logsigmoid'(v) = sigmoid(-v), as PyTorch's log_sigmoid_backward computes it */
static inline scalar_t FN(logSigmoidGrad)(scalar_t v) {
  scalar_t z = exp(-fabs(v));
  return v < 0 ? 1 - z / (1 + z) : z / (1 + z);
}

static double FN(multilabelSoftMarginForward)(const scalar_t *x, const scalar_t *y, const scalar_t *w, int64_t R,
                                              int64_t D, scalar_t *perSample) {
  double total = 0;
  int64_t r;
  THNN_LOSS_FOR(r, R, R * D, reduction(+ : total), {
    const scalar_t *xr = x + r * D, *yr = y + r * D, *wr = w ? w + r * D : NULL;
    double sum = 0;
    for (int64_t c = 0; c < D; c++) {
      scalar_t l = -(yr[c] * FN(logSigmoid)(xr[c]) + (1 - yr[c]) * FN(logSigmoid)(-xr[c]));
      sum += wr ? l * wr[c] : l;
    }
    scalar_t v = (scalar_t)sum / (scalar_t)D;
    if (perSample) perSample[r] = v;
    total += v;
  });
  return total;
}

static void FN(multilabelSoftMarginBackward)(const scalar_t *x, const scalar_t *y, const scalar_t *w, int64_t R,
                                             int64_t D, const scalar_t *gs, double g0, scalar_t *gi, scalar_t *gy) {
  int64_t r;
  THNN_LOSS_FOR(r, R, R * D, , {
    const scalar_t *xr = x + r * D, *yr = y + r * D, *wr = w ? w + r * D : NULL;
    scalar_t g = (scalar_t)ROW_GRAD(r) / (scalar_t)D;
    for (int64_t c = 0; c < D; c++) {
      scalar_t G = -(wr ? g * wr[c] : g);
      gi[r * D + c] = G * (yr[c] * FN(logSigmoidGrad)(xr[c])) - G * (1 - yr[c]) * FN(logSigmoidGrad)(-xr[c]);
      if (gy) gy[r * D + c] = G * FN(logSigmoid)(xr[c]) - G * FN(logSigmoid)(-xr[c]);
    }
  });
}

/* ---- cosineEmbedding: t = 1: 1 - cos; t = -1: max(0, cos - margin) ---- */

#define THNN_COSINE_EPS 1e-12

static double FN(cosineEmbeddingForward)(const scalar_t *x1, const scalar_t *x2, const scalar_t *tg, int64_t R,
                                         int64_t D, scalar_t margin, scalar_t *perSample) {
  double total = 0;
  int64_t r;
  THNN_LOSS_FOR(r, R, R * D, reduction(+ : total), {
    const scalar_t *a = x1 + r * D, *b = x2 + r * D;
    double dot = 0, aa = 0, bb = 0;
    for (int64_t k = 0; k < D; k++) dot += (double)a[k] * b[k], aa += (double)a[k] * a[k], bb += (double)b[k] * b[k];
    scalar_t m1 = (scalar_t)aa + (scalar_t)THNN_COSINE_EPS, m2 = (scalar_t)bb + (scalar_t)THNN_COSINE_EPS;
    scalar_t cosv = (scalar_t)dot / sqrt(m1 * m2);
    scalar_t neg = cosv - margin;
    neg = neg < 0 ? (scalar_t)0 : neg;
    scalar_t v = (tg[r] == 1 ? 1 - cosv : (scalar_t)0) + (tg[r] == -1 ? neg : (scalar_t)0);
    if (perSample) perSample[r] = v;
    total += v;
  });
  return total;
}

static void FN(cosineEmbeddingBackward)(const scalar_t *x1, const scalar_t *x2, const scalar_t *tg, int64_t R,
                                        int64_t D, scalar_t margin, const scalar_t *gs, double g0, scalar_t *g1,
                                        scalar_t *g2) {
  int64_t r;
  THNN_LOSS_FOR(r, R, R * D, , {
    const scalar_t *a = x1 + r * D, *b = x2 + r * D;
    double dot = 0, aa = 0, bb = 0;
    for (int64_t k = 0; k < D; k++) dot += (double)a[k] * b[k], aa += (double)a[k] * a[k], bb += (double)b[k] * b[k];
    scalar_t m1 = (scalar_t)aa + (scalar_t)THNN_COSINE_EPS, m2 = (scalar_t)bb + (scalar_t)THNN_COSINE_EPS;
    scalar_t denom = sqrt(m1 * m2), prod = (scalar_t)dot, cosv = prod / denom;
    scalar_t g = (scalar_t)ROW_GRAD(r);
    scalar_t dcos = (tg[r] == 1 ? -g : (scalar_t)0) + ((tg[r] == -1 && cosv - margin >= 0) ? g : (scalar_t)0);
    scalar_t dprod = dcos / denom;
    scalar_t ddenom = -dcos * prod / (denom * denom);
    scalar_t dm = ddenom / (2 * denom);
    scalar_t dm1 = dm * m2, dm2 = dm * m1;
    for (int64_t k = 0; k < D; k++) {
      g1[r * D + k] = dprod * b[k] + 2 * dm1 * a[k];
      g2[r * D + k] = dprod * a[k] + 2 * dm2 * b[k];
    }
  });
}

/* ---- tripletMargin: max(0, margin + d(a, p) - d(a, n)), d(u, v) = ||u - v + eps||_p over a row ---- */

static double FN(pNorm)(const scalar_t *u, const scalar_t *v, int64_t D, double p, double eps) {
  double s = 0;
  if (isinf(p)) {
    for (int64_t k = 0; k < D; k++) {
      double e = fabs((double)(scalar_t)(u[k] - v[k] + (scalar_t)eps));
      s = e > s || e != e ? e : s;
    }
    return s;
  }
  for (int64_t k = 0; k < D; k++) {
    double e = fabs((double)(scalar_t)(u[k] - v[k] + (scalar_t)eps));
    s += p == 1 ? e : p == 2 ? e * e : pow(e, p);
  }
  return p == 1 ? s : p == 2 ? sqrt(s) : pow(s, 1 / p);
}

/* gu[k] += s * d||e||_p / de_k * g, with e = u - v + eps and norm = ||e||_p (PyTorch's norm_backward). */
static void FN(pNormBackward)(const scalar_t *u, const scalar_t *v, int64_t D, double p, double eps, scalar_t norm,
                              scalar_t g, scalar_t *gu, scalar_t *gv) {
  int64_t count = 0;
  if (isinf(p))
    for (int64_t k = 0; k < D; k++) {
      scalar_t e = fabs(u[k] - v[k] + (scalar_t)eps);
      count += e == norm || e != e;
    }
  for (int64_t k = 0; k < D; k++) {
    scalar_t e = u[k] - v[k] + (scalar_t)eps, ae = fabs(e), sg = e > 0 ? 1 : (e < 0 ? -1 : 0), d;
    if (p == 1) d = sg * g;
    else if (p == 2) d = norm == 0 ? 0 : g * (e / norm);
    else if (isinf(p)) d = (ae == norm || ae != ae) ? sg * (g / (scalar_t)count) : 0;
    else if (p < 1) d = (e == 0 ? 0 : sg * pow(ae, (scalar_t)(p - 1))) * g * pow(norm, (scalar_t)(1 - p));
    else if (p < 2) d = norm == 0 ? 0 : sg * pow(ae, (scalar_t)(p - 1)) * (g / pow(norm, (scalar_t)(p - 1)));
    else d = norm == 0 ? 0 : e * pow(ae, (scalar_t)(p - 2)) * (g / pow(norm, (scalar_t)(p - 1)));
    gu[k] += d;
    gv[k] -= d;
  }
}

static double FN(tripletMarginForward)(const scalar_t *a, const scalar_t *pos, const scalar_t *neg, int64_t R,
                                       int64_t D, double margin, double p, double eps, int swap, scalar_t *perSample) {
  double total = 0;
  int64_t r;
  THNN_LOSS_FOR(r, R, R * D, reduction(+ : total), {
    const scalar_t *ar = a + r * D, *pr = pos + r * D, *nr = neg + r * D;
    scalar_t dap = (scalar_t)FN(pNorm)(ar, pr, D, p, eps), dan = (scalar_t)FN(pNorm)(ar, nr, D, p, eps);
    if (swap) {
      scalar_t dpn = (scalar_t)FN(pNorm)(pr, nr, D, p, eps);
      dan = dan != dan ? dan : (dpn != dpn || dpn < dan ? dpn : dan);
    }
    scalar_t v = (scalar_t)margin + dap - dan;
    v = v < 0 ? (scalar_t)0 : v;
    if (perSample) perSample[r] = v;
    total += v;
  });
  return total;
}

static void FN(tripletMarginBackward)(const scalar_t *a, const scalar_t *pos, const scalar_t *neg, int64_t R,
                                      int64_t D, double margin, double p, double eps, int swap, const scalar_t *gs,
                                      double g0, scalar_t *ga, scalar_t *gp, scalar_t *gn) {
  int64_t r;
  THNN_LOSS_FOR(r, R, R * D, , {
    const scalar_t *ar = a + r * D, *pr = pos + r * D, *nr = neg + r * D;
    scalar_t *gar = ga + r * D, *gpr = gp + r * D, *gnr = gn + r * D;
    for (int64_t k = 0; k < D; k++) gar[k] = gpr[k] = gnr[k] = 0;
    scalar_t dap = (scalar_t)FN(pNorm)(ar, pr, D, p, eps), dan = (scalar_t)FN(pNorm)(ar, nr, D, p, eps), dpn = 0;
    scalar_t dneg = dan;
    if (swap) {
      dpn = (scalar_t)FN(pNorm)(pr, nr, D, p, eps);
      dneg = dan != dan ? dan : (dpn != dpn || dpn < dan ? dpn : dan);
    }
    scalar_t g = (scalar_t)ROW_GRAD(r);
    scalar_t gz = (scalar_t)margin + dap - dneg >= 0 ? g : (scalar_t)0;
    scalar_t gan = -gz, gpn = 0;
    if (swap) { /* minimum's backward: a tie splits the gradient */
      scalar_t share = dan == dpn ? -gz / 2 : -gz;
      gan = dan > dpn ? (scalar_t)0 : share;
      gpn = dan < dpn ? (scalar_t)0 : share;
    }
    FN(pNormBackward)(ar, pr, D, p, eps, dap, gz, gar, gpr);
    FN(pNormBackward)(ar, nr, D, p, eps, dan, gan, gar, gnr);
    if (swap) FN(pNormBackward)(pr, nr, D, p, eps, dpn, gpn, gpr, gnr);
  });
}

#undef ROW_GRAD
#undef FN
