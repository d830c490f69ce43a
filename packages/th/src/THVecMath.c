/* Vectorized transcendental functions on contiguous float runs, from SLEEF's AVX2 kernels.
 * This file alone is compiled with -mavx2 -mfma; THVecMath_install is only called on CPUs that
 * have both, so the rest of libTH still runs on any x86-64. */
#include "THKernels.h"

#include <immintrin.h>
#include <sleef.h>
#include <string.h>

/* 8 floats (4 doubles) at a time; the tail goes through the same vector code via a padded copy,
 * so every element gets bit-identical results whatever its position. */
#define VEC_F32(name, EXPR)                                                          \
  static void vec_##name##_f32(float *out, const float *in, int64_t n) {             \
    int64_t i = 0;                                                                   \
    for (; i + 8 <= n; i += 8) {                                                     \
      __m256 x = _mm256_loadu_ps(in + i);                                            \
      _mm256_storeu_ps(out + i, EXPR);                                               \
    }                                                                                \
    if (i < n) {                                                                     \
      float buf[8] = {0};                                                            \
      memcpy(buf, in + i, sizeof(float) * (size_t)(n - i));                          \
      __m256 x = _mm256_loadu_ps(buf);                                               \
      _mm256_storeu_ps(buf, EXPR);                                                   \
      memcpy(out + i, buf, sizeof(float) * (size_t)(n - i));                         \
    }                                                                                \
  }
#define VEC_F64(name, EXPR)                                                          \
  static void vec_##name##_f64(double *out, const double *in, int64_t n) {           \
    int64_t i = 0;                                                                   \
    for (; i + 4 <= n; i += 4) {                                                     \
      __m256d x = _mm256_loadu_pd(in + i);                                           \
      _mm256_storeu_pd(out + i, EXPR);                                               \
    }                                                                                \
    if (i < n) {                                                                     \
      double buf[4] = {0};                                                           \
      memcpy(buf, in + i, sizeof(double) * (size_t)(n - i));                         \
      __m256d x = _mm256_loadu_pd(buf);                                              \
      _mm256_storeu_pd(buf, EXPR);                                                   \
      memcpy(out + i, buf, sizeof(double) * (size_t)(n - i));                        \
    }                                                                                \
  }

/* op name, SLEEF function stem and accuracy suffix */
#define VEC_OPS(_)                                                                                         \
  _(exp, exp, u10) _(exp2, exp2, u10) _(expm1, expm1, u10) _(log, log, u10) _(log2, log2, u10)             \
  _(log10, log10, u10) _(log1p, log1p, u10) _(sin, sin, u10) _(cos, cos, u10) _(tan, tan, u10)             \
  _(asin, asin, u10) _(acos, acos, u10) _(atan, atan, u10) _(sinh, sinh, u10) _(cosh, cosh, u10)           \
  _(tanh, tanh, u10)

#define DEF_VEC(op, fn, acc) \
  VEC_F32(op, Sleef_##fn##f8_##acc##avx2(x)) VEC_F64(op, Sleef_##fn##d4_##acc##avx2(x))
VEC_OPS(DEF_VEC)
/* float erf as PyTorch's vectorized one computes it (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7):
 * SLEEF's erff8_u10 is several times slower, and gelu spends its time there. */
static inline __m256 erf_f32(__m256 x) {
  const __m256 one = _mm256_set1_ps(1.f), negZero = _mm256_set1_ps(-0.f);
  __m256 sign = _mm256_and_ps(negZero, x), ax = _mm256_xor_ps(sign, x);
  __m256 t = _mm256_div_ps(one, _mm256_fmadd_ps(_mm256_set1_ps(0.3275911f), ax, one));
  __m256 r = _mm256_fmadd_ps(_mm256_set1_ps(1.061405429f), t, _mm256_set1_ps(-1.453152027f));
  r = _mm256_fmadd_ps(r, t, _mm256_set1_ps(1.421413741f));
  r = _mm256_fmadd_ps(r, t, _mm256_set1_ps(-0.284496736f));
  r = _mm256_fmadd_ps(r, t, _mm256_set1_ps(0.254829592f));
  __m256 e = Sleef_expf8_u10avx2(_mm256_xor_ps(negZero, _mm256_mul_ps(x, x)));
  __m256 y = _mm256_fmadd_ps(_mm256_mul_ps(_mm256_xor_ps(negZero, e), t), r, one);
  return _mm256_xor_ps(sign, y);
}
VEC_F32(erf, erf_f32(x))
VEC_F64(erf, Sleef_erfd4_u10avx2(x))
VEC_F32(sigmoid, _mm256_div_ps(_mm256_set1_ps(1.f),
                               _mm256_add_ps(_mm256_set1_ps(1.f), Sleef_expf8_u10avx2(_mm256_sub_ps(_mm256_setzero_ps(), x)))))
VEC_F64(sigmoid, _mm256_div_pd(_mm256_set1_pd(1.), _mm256_add_pd(_mm256_set1_pd(1.), Sleef_expd4_u10avx2(_mm256_sub_pd(_mm256_setzero_pd(), x)))))

void THVecMath_install(THVecUnaryF32 *f32, THVecUnaryF64 *f64) {
#define INSTALL(op, fn, acc) f32[TH_OP_##op] = vec_##op##_f32, f64[TH_OP_##op] = vec_##op##_f64;
  VEC_OPS(INSTALL)
  INSTALL(sigmoid, _, _)
  INSTALL(erf, _, _)
#undef INSTALL
}
