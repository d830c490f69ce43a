/* Classification loss kernels for one scalar type (included by THNNLossClassification.c with
 * scalar_t and SUF defined).
 *
 * nll works on the input in place, seen as [outer, C, inner]: sample r = o * inner + j has its
 * class scores at o * C * inner + c * inner + j (nllIndex). Cross-entropy works on rows: [R, C] with the
 * classes contiguous (THNNLossClassification.c moves the class dim last when it is not). Row
 * helpers rowLogSumExp and rowSoftmaxScaled come from the including file (vectorized for float).
 * Sums accumulate in double; the per-sample values are stored as scalar_t. */

#define FN(name) THNN_CONCAT3(name, _, SUF)


/* ---- negative log-likelihood ---- */

/* perSample[r] (when non-NULL) = -w[t] * x[r, t]; returns the sum, *totalWeight the sum of w[t]
 * (ignored samples count 0 in both). */
static double FN(nllForward)(const scalar_t *x, const int64_t *tg, const scalar_t *w, int64_t outer, int64_t C,
                             int64_t inner, int64_t ignoreIndex, scalar_t *perSample, double *totalWeight) {
  int64_t R = outer * inner, r;
  double sum = 0, tw = 0;
  THNN_LOSS_FOR(r, R, R, reduction(+ : sum, tw), {
    int64_t t = tg[r];
    if (t == ignoreIndex) {
      if (perSample) perSample[r] = 0;
      continue;
    }
    scalar_t wt = w ? w[t] : (scalar_t)1;
    scalar_t v = -x[nllIndex(r, t, C, inner)] * wt;
    if (perSample) perSample[r] = v;
    sum += v;
    tw += wt;
  });
  *totalWeight = tw;
  return sum;
}

/* gi (zeroed by the caller) at [r, t] = -w[t] * g_r, with g_r = gs[r] or g0. */
static void FN(nllBackward)(scalar_t *gi, const int64_t *tg, const scalar_t *w, int64_t outer, int64_t C, int64_t inner,
                            int64_t ignoreIndex, const scalar_t *gs, scalar_t g0) {
  int64_t R = outer * inner, r;
  THNN_LOSS_FOR(r, R, R, , {
    int64_t t = tg[r];
    if (t == ignoreIndex) continue;
    scalar_t g = gs ? -gs[r] : g0;
    gi[nllIndex(r, t, C, inner)] = w ? w[t] * g : g;
  });
}

/* ---- cross-entropy over rows [R, C] ---- */

/* Class indices. loss_r = (1 - ls) * w_t * (lse - x_t) + ls / C * sum_c w_c * (lse - x_c). */
static double FN(ceIndexForward)(const scalar_t *x, const int64_t *tg, const scalar_t *w, int64_t R, int64_t C,
                                 int64_t ignoreIndex, double smoothing, scalar_t *lse, scalar_t *perSample,
                                 double *totalWeight) {
  int64_t r;
  double sum = 0, tw = 0;
  THNN_LOSS_FOR(r, R, (R > 1 ? R * C : 0), reduction(+ : sum, tw), {
    const scalar_t *xr = x + r * C;
    double l = FN(rowLogSumExp)(xr, C);
    lse[r] = (scalar_t)l;
    int64_t t = tg[r];
    if (t == ignoreIndex) {
      if (perSample) perSample[r] = 0;
      continue;
    }
    double wt = w ? (double)w[t] : 1;
    double v = wt * (l - xr[t]);
    if (smoothing > 0) {
      double wx = 0, ws = 0;
      for (int64_t c = 0; c < C; c++) {
        double wc = w ? (double)w[c] : 1;
        wx += wc * xr[c];
        ws += wc;
      }
      v = (1 - smoothing) * v + smoothing / (double)C * (l * ws - wx);
    }
    if (perSample) perSample[r] = (scalar_t)v;
    sum += v;
    tw += wt;
  });
  *totalWeight = tw;
  return sum;
}

/* d loss_r / d x_rc = g_r * (p_c * ((1 - ls) w_t + ls / C * W) - (1 - ls) w_t [c = t] - ls / C * w_c), with
 * p = exp(x - lse) and W = sum_c w_c; ignored rows get 0. g0 is already divided by the mean's divisor. */
static void FN(ceIndexBackward)(const scalar_t *x, const int64_t *tg, const scalar_t *w, const scalar_t *lse,
                                int64_t R, int64_t C, int64_t ignoreIndex, double smoothing, const scalar_t *gs,
                                double g0, scalar_t *gi) {
  double W = (double)C;
  if (w && smoothing > 0) {
    W = 0;
    for (int64_t c = 0; c < C; c++) W += w[c];
  }
  int64_t r;
  THNN_LOSS_FOR(r, R, (R > 1 ? R * C : 0), , {
    scalar_t *gr = gi + r * C;
    int64_t t = tg[r];
    if (t == ignoreIndex) {
      memset(gr, 0, sizeof(scalar_t) * (size_t)C);
      continue;
    }
    double g = gs ? (double)gs[r] : g0;
    double wt = w ? (double)w[t] : 1;
    double hit = g * (1 - smoothing) * wt;
    double a = hit + g * smoothing / (double)C * W, b = g * smoothing / (double)C;
    FN(rowSoftmaxScaled)(gr, x + r * C, C, lse[r], (scalar_t)a, (scalar_t)b, smoothing > 0 ? w : NULL);
    gr[t] -= (scalar_t)hit;
  });
}

/* Class probabilities y (rows of x's shape): loss_r = -sum_c w_c * y'_c * (x_c - lse), y' = (1 - ls) y + ls / C. */
static double FN(ceProbForward)(const scalar_t *x, const scalar_t *y, const scalar_t *w, int64_t R, int64_t C,
                                double smoothing, scalar_t *lse, scalar_t *perSample) {
  int64_t r;
  double sum = 0;
  THNN_LOSS_FOR(r, R, (R > 1 ? R * C : 0), reduction(+ : sum), {
    const scalar_t *xr = x + r * C, *yr = y + r * C;
    double l = FN(rowLogSumExp)(xr, C), v = 0;
    lse[r] = (scalar_t)l;
    for (int64_t c = 0; c < C; c++) {
      double yc = smoothing > 0 ? yr[c] * (1 - smoothing) + smoothing / (double)C : yr[c];
      v -= (w ? (double)w[c] : 1) * yc * (xr[c] - l);
    }
    if (perSample) perSample[r] = (scalar_t)v;
    sum += v;
  });
  return sum;
}

/* gi_c = G_c - p_c * sum(G) with G_c = -g w_c y'_c; gy_c (when non-NULL) = -g w_c (x_c - lse) (1 - ls). */
static void FN(ceProbBackward)(const scalar_t *x, const scalar_t *y, const scalar_t *w, const scalar_t *lse, int64_t R,
                               int64_t C, double smoothing, const scalar_t *gs, double g0, scalar_t *gi,
                               scalar_t *gy) {
  int64_t r;
  THNN_LOSS_FOR(r, R, (R > 1 ? R * C : 0), , {
    const scalar_t *xr = x + r * C, *yr = y + r * C;
    scalar_t *gr = gi + r * C;
    double g = gs ? (double)gs[r] : g0, total = 0;
    for (int64_t c = 0; c < C; c++) {
      double yc = smoothing > 0 ? yr[c] * (1 - smoothing) + smoothing / (double)C : yr[c];
      double G = -g * (w ? (double)w[c] : 1) * yc;
      gr[c] = (scalar_t)G;
      total += G;
    }
    scalar_t l = lse[r];
    for (int64_t c = 0; c < C; c++) gr[c] -= (scalar_t)(exp((double)(xr[c] - l)) * total);
    if (gy) {
      scalar_t *gyr = gy + r * C;
      double keep = smoothing > 0 ? 1 - smoothing : 1;
      for (int64_t c = 0; c < C; c++) gyr[c] = (scalar_t)(-g * (w ? (double)w[c] : 1) * (xr[c] - l) * keep);
    }
  });
}

#undef FN
