/* Cross-entropy's float row kernels for one vector width (included by THNNLossClassification.c with
 * ROWS(name) adding a suffix, ROWS_LANES floats per vector and ROWS_TARGET, a target attribute or
 * nothing): the log-sum-exp of a row, and out = a * softmax(row) - b * w (w NULL: all ones).
 * GCC/Clang vector extensions: 4 lanes for baseline SSE, 8 for the AVX2+FMA copy. */

typedef float ROWS(vf) __attribute__((vector_size(ROWS_LANES * 4)));
typedef int32_t ROWS(vi) __attribute__((vector_size(ROWS_LANES * 4)));
typedef uint32_t ROWS(vu) __attribute__((vector_size(ROWS_LANES * 4)));

#define ROWS_INLINE ROWS_TARGET static inline __attribute__((always_inline))

ROWS_INLINE ROWS(vf) ROWS(select)(ROWS(vi) mask, ROWS(vf) a, ROWS(vf) b) {
  return (ROWS(vf))(((ROWS(vi))a & mask) | ((ROWS(vi))b & ~mask));
}
ROWS_INLINE ROWS(vf) ROWS(load)(const float *p) {
  ROWS(vf) v;
  memcpy(&v, p, sizeof v);
  return v;
}
/* The n < ROWS_LANES floats at p, the other lanes holding fill. */
ROWS_INLINE ROWS(vf) ROWS(loadTail)(const float *p, int64_t n, float fill) {
  float buf[ROWS_LANES];
  for (int j = 0; j < ROWS_LANES; j++) buf[j] = j < n ? p[j] : fill;
  return ROWS(load)(buf);
}

/* exp(x) for x <= 0, the arguments softmax sees (x - max): Cephes' expf polynomial with a
 * branch-free range reduction (relative error about 1e-7). NaN stays NaN; x < -87.3 gives 0. */
ROWS_INLINE ROWS(vf) ROWS(expNonPositive)(ROWS(vf) x) {
  const ROWS(vf) lo = (ROWS(vf)){0} - 87.33654f;
  ROWS(vi) under = x < lo;
  ROWS(vf) xc = ROWS(select)(under, lo, x);
  ROWS(vf) n = xc * 1.44269504088896341f + 12582912.0f; /* + 1.5 * 2^23: round to the nearest integer */
  ROWS(vu) k = (ROWS(vu))n - 0x4B400000u;
  ROWS(vf) fn = n - 12582912.0f;
  ROWS(vf) r = xc - fn * 0.693359375f + fn * 2.12194440e-4f;
  ROWS(vf) y = (((((1.9875691500e-4f * r + 1.3981999507e-3f) * r + 8.3334519073e-3f) * r + 4.1665795894e-2f) * r +
                 1.6666665459e-1f) * r + 5.0000001201e-1f) * r * r + r + 1.0f;
  ROWS(vf) scale = (ROWS(vf))((k + 127u) << 23);
  return ROWS(select)(under, (ROWS(vf)){0}, y * scale);
}

ROWS_TARGET static double ROWS(rowLogSumExp)(const float *x, int64_t n) {
  ROWS(vf) m = (ROWS(vf)){0} - INFINITY;
  int64_t i = 0;
  for (; i + ROWS_LANES <= n; i += ROWS_LANES) {
    ROWS(vf) v = ROWS(load)(x + i);
    m = ROWS(select)(v > m, v, m);
  }
  float mx = -INFINITY;
  for (int j = 0; j < ROWS_LANES; j++) mx = m[j] > mx ? m[j] : mx;
  for (int64_t k = i; k < n; k++) mx = x[k] > mx ? x[k] : mx;
  ROWS(vf) acc = {0};
  for (i = 0; i + ROWS_LANES <= n; i += ROWS_LANES) acc += ROWS(expNonPositive)(ROWS(load)(x + i) - mx);
  if (i < n) acc += ROWS(expNonPositive)(ROWS(loadTail)(x + i, n - i, -INFINITY) - mx);
  double s = 0;
  for (int j = 0; j < ROWS_LANES; j++) s += acc[j];
  return (double)mx + log(s);
}

ROWS_TARGET static void ROWS(rowSoftmaxScaled)(float *out, const float *x, int64_t n, float lse, float a, float b,
                                               const float *w) {
  int64_t i = 0;
  for (; i + ROWS_LANES <= n; i += ROWS_LANES) {
    ROWS(vf) v = a * ROWS(expNonPositive)(ROWS(load)(x + i) - lse);
    if (w) v -= b * ROWS(load)(w + i);
    else if (b != 0) v -= b;
    memcpy(out + i, &v, sizeof v);
  }
  if (i < n) {
    ROWS(vf) v = a * ROWS(expNonPositive)(ROWS(loadTail)(x + i, n - i, -INFINITY) - lse);
    if (w) v -= b * ROWS(loadTail)(w + i, n - i, 0);
    else if (b != 0) v -= b;
    for (int64_t j = 0; j < n - i; j++) out[i + j] = v[j];
  }
}

#undef ROWS_INLINE
