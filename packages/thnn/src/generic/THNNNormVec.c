/* Reductions over one contiguous run, for one scalar type (included with scalar_t and SUF defined
 * by the normalization kernels' files, after THNNNormVec.h). All sums are in double. */

#define LD4 THNN_CONCAT3(thnn_ld4, _, SUF)
#define FN(name) THNN_CONCAT3(name, _, SUF)

/* sum of p[0..n) */
THNN_INLINE double FN(vsum)(const scalar_t *p, int64_t n) {
  thnn_v4d a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0};
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    a0 += LD4(p + i);
    a1 += LD4(p + i + 4);
    a2 += LD4(p + i + 8);
    a3 += LD4(p + i + 12);
  }
  for (; i + 4 <= n; i += 4) a0 += LD4(p + i);
  double s = thnn_hsum4((a0 + a1) + (a2 + a3));
  for (; i < n; i++) s += p[i];
  return s;
}

/* sum of (p - m)^2 */
THNN_INLINE double FN(vsqdev)(const scalar_t *p, int64_t n, double m) {
  thnn_v4d a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0};
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    thnn_v4d d0 = LD4(p + i) - m, d1 = LD4(p + i + 4) - m, d2 = LD4(p + i + 8) - m, d3 = LD4(p + i + 12) - m;
    a0 += d0 * d0;
    a1 += d1 * d1;
    a2 += d2 * d2;
    a3 += d3 * d3;
  }
  for (; i + 4 <= n; i += 4) {
    thnn_v4d d = LD4(p + i) - m;
    a0 += d * d;
  }
  double s = thnn_hsum4((a0 + a1) + (a2 + a3));
  for (; i < n; i++) s += (p[i] - m) * (p[i] - m);
  return s;
}

/* *sumDy = sum of dy, *dot = sum of (x - m) * dy */
THNN_INLINE void FN(vsumdot)(const scalar_t *dy, const scalar_t *x, int64_t n, double m, double *sumDy, double *dot) {
  thnn_v4d s0 = {0}, s1 = {0}, d0 = {0}, d1 = {0};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    thnn_v4d g0 = LD4(dy + i), g1 = LD4(dy + i + 4);
    s0 += g0;
    s1 += g1;
    d0 += (LD4(x + i) - m) * g0;
    d1 += (LD4(x + i + 4) - m) * g1;
  }
  double s = thnn_hsum4(s0 + s1), d = thnn_hsum4(d0 + d1);
  for (; i < n; i++) {
    s += dy[i];
    d += (x[i] - m) * (double)dy[i];
  }
  *sumDy = s;
  *dot = d;
}

/* the same with dy scaled elementwise by w: *sumDy = sum of dy * w, *dot = sum of (x - m) * dy * w */
THNN_INLINE void FN(vsumdotw)(const scalar_t *dy, const scalar_t *w, const scalar_t *x, int64_t n, double m,
                              double *sumDy, double *dot) {
  thnn_v4d s0 = {0}, s1 = {0}, d0 = {0}, d1 = {0};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    thnn_v4d g0 = LD4(dy + i) * LD4(w + i), g1 = LD4(dy + i + 4) * LD4(w + i + 4);
    s0 += g0;
    s1 += g1;
    d0 += (LD4(x + i) - m) * g0;
    d1 += (LD4(x + i + 4) - m) * g1;
  }
  double s = thnn_hsum4(s0 + s1), d = thnn_hsum4(d0 + d1);
  for (; i < n; i++) {
    double g = (double)dy[i] * w[i];
    s += g;
    d += (x[i] - m) * g;
  }
  *sumDy = s;
  *dot = d;
}

#undef LD4
#undef FN
