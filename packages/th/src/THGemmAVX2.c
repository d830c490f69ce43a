/* AVX2/FMA micro-kernels of the built-in GEMM. Compiled only into the TH_gemm_avx2 object library
 * (-mavx2 -mfma, TH_GEMM_AVX2 defined); THGemm.c installs them at load on CPUs that have both. */
#ifdef TH_GEMM_AVX2
#include <immintrin.h>

#include "THGemm.h"

/* Row i of the accumulators to c, in full tiles with unit column stride; else through a buffer. */
#define TH_GEMM_STORE(T, VT, W, NV, LOADU, STOREU, SET1, MUL, FMA, STORE)                                 \
  if (mr == MR && nr == NR && csc == 1) {                                                                  \
    VT va = SET1(alpha);                                                                                   \
    if (beta == 0) {                                                                                       \
      for (int i = 0; i < MR; i++)                                                                         \
        for (int v = 0; v < NV; v++) STOREU(c + i * rsc + v * W, MUL(va, acc[i][v]));                       \
    } else {                                                                                               \
      VT vb = SET1(beta);                                                                                  \
      for (int i = 0; i < MR; i++)                                                                         \
        for (int v = 0; v < NV; v++)                                                                       \
          STOREU(c + i * rsc + v * W, FMA(va, acc[i][v], MUL(vb, LOADU(c + i * rsc + v * W))));            \
    }                                                                                                      \
  } else {                                                                                                 \
    _Alignas(32) T tile[MR * NR];                                                                          \
    for (int i = 0; i < MR; i++)                                                                           \
      for (int v = 0; v < NV; v++) STORE(tile + i * NR + v * W, acc[i][v]);                                 \
    for (int i = 0; i < mr; i++)                                                                           \
      for (int j = 0; j < nr; j++) {                                                                       \
        T *p = c + i * rsc + j * csc;                                                                      \
        *p = beta == 0 ? alpha * tile[i * NR + j] : alpha * tile[i * NR + j] + beta * *p;                  \
      }                                                                                                    \
  }

void THGemm_kernelF32_avx2(int64_t kc, const float *a, const float *b, float *c, int64_t rsc, int64_t csc, int mr, int nr,
                           float alpha, float beta) {
  enum { MR = TH_GEMM_MR_F32, NR = TH_GEMM_NR_F32 };
  __m256 acc[MR][2];
  for (int i = 0; i < MR; i++) acc[i][0] = acc[i][1] = _mm256_setzero_ps();
#pragma GCC unroll 4
  for (int64_t k = 0; k < kc; k++) {
    __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
    for (int i = 0; i < MR; i++) {
      __m256 ai = _mm256_broadcast_ss(a + i);
      acc[i][0] = _mm256_fmadd_ps(ai, b0, acc[i][0]);
      acc[i][1] = _mm256_fmadd_ps(ai, b1, acc[i][1]);
    }
    a += MR;
    b += NR;
  }
  TH_GEMM_STORE(float, __m256, 8, 2, _mm256_loadu_ps, _mm256_storeu_ps, _mm256_set1_ps, _mm256_mul_ps, _mm256_fmadd_ps,
                _mm256_store_ps)
}

void THGemm_kernelF64_avx2(int64_t kc, const double *a, const double *b, double *c, int64_t rsc, int64_t csc, int mr,
                           int nr, double alpha, double beta) {
  enum { MR = TH_GEMM_MR_F64, NR = TH_GEMM_NR_F64 };
  __m256d acc[MR][2];
  for (int i = 0; i < MR; i++) acc[i][0] = acc[i][1] = _mm256_setzero_pd();
#pragma GCC unroll 4
  for (int64_t k = 0; k < kc; k++) {
    __m256d b0 = _mm256_load_pd(b), b1 = _mm256_load_pd(b + 4);
    for (int i = 0; i < MR; i++) {
      __m256d ai = _mm256_broadcast_sd(a + i);
      acc[i][0] = _mm256_fmadd_pd(ai, b0, acc[i][0]);
      acc[i][1] = _mm256_fmadd_pd(ai, b1, acc[i][1]);
    }
    a += MR;
    b += NR;
  }
  TH_GEMM_STORE(double, __m256d, 4, 2, _mm256_loadu_pd, _mm256_storeu_pd, _mm256_set1_pd, _mm256_mul_pd,
                _mm256_fmadd_pd, _mm256_store_pd)
}
#endif
