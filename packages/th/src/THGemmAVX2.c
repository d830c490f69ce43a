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

/* One k step: broadcast a[i] for the 6 rows, two vectors of b, 12 FMAs into named accumulators
 * (kept in registers: 12 accumulators + 2 b vectors + 1 broadcast = 15 of 16 ymm). */
#define TH_GEMM_STEP(VT, BCAST, LOAD, FMA, W, a, b)                                                       \
  do {                                                                                                     \
    VT b0 = LOAD(b), b1 = LOAD(b + W), ai;                                                                 \
    ai = BCAST(a + 0), c00 = FMA(ai, b0, c00), c01 = FMA(ai, b1, c01);                                     \
    ai = BCAST(a + 1), c10 = FMA(ai, b0, c10), c11 = FMA(ai, b1, c11);                                     \
    ai = BCAST(a + 2), c20 = FMA(ai, b0, c20), c21 = FMA(ai, b1, c21);                                     \
    ai = BCAST(a + 3), c30 = FMA(ai, b0, c30), c31 = FMA(ai, b1, c31);                                     \
    ai = BCAST(a + 4), c40 = FMA(ai, b0, c40), c41 = FMA(ai, b1, c41);                                     \
    ai = BCAST(a + 5), c50 = FMA(ai, b0, c50), c51 = FMA(ai, b1, c51);                                     \
  } while (0)

#define TH_GEMM_KERNEL_BODY(T, VT, W, ZERO, BCAST, LOAD, FMA, LOADU, STOREU, SET1, MUL, STORE)             \
  VT c00 = ZERO(), c01 = ZERO(), c10 = ZERO(), c11 = ZERO(), c20 = ZERO(), c21 = ZERO();                   \
  VT c30 = ZERO(), c31 = ZERO(), c40 = ZERO(), c41 = ZERO(), c50 = ZERO(), c51 = ZERO();                   \
  int64_t k = 0;                                                                                           \
  for (; k + 4 <= kc; k += 4) {                                                                            \
    __builtin_prefetch(b + 8 * NR);                                                                        \
    TH_GEMM_STEP(VT, BCAST, LOAD, FMA, W, a, b);                                                           \
    TH_GEMM_STEP(VT, BCAST, LOAD, FMA, W, a + MR, b + NR);                                                 \
    TH_GEMM_STEP(VT, BCAST, LOAD, FMA, W, a + 2 * MR, b + 2 * NR);                                         \
    TH_GEMM_STEP(VT, BCAST, LOAD, FMA, W, a + 3 * MR, b + 3 * NR);                                         \
    a += 4 * MR;                                                                                           \
    b += 4 * NR;                                                                                           \
  }                                                                                                        \
  for (; k < kc; k++) {                                                                                    \
    TH_GEMM_STEP(VT, BCAST, LOAD, FMA, W, a, b);                                                           \
    a += MR;                                                                                               \
    b += NR;                                                                                               \
  }                                                                                                        \
  VT acc[MR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};                \
  TH_GEMM_STORE(T, VT, W, 2, LOADU, STOREU, SET1, MUL, FMA, STORE)

void THGemm_kernelF32_avx2(int64_t kc, const float *a, const float *b, float *c, int64_t rsc, int64_t csc, int mr, int nr,
                           float alpha, float beta) {
  enum { MR = TH_GEMM_MR_F32, NR = TH_GEMM_NR_F32 };
  TH_GEMM_KERNEL_BODY(float, __m256, 8, _mm256_setzero_ps, _mm256_broadcast_ss, _mm256_load_ps, _mm256_fmadd_ps,
                      _mm256_loadu_ps, _mm256_storeu_ps, _mm256_set1_ps, _mm256_mul_ps, _mm256_store_ps)
}

void THGemm_kernelF64_avx2(int64_t kc, const double *a, const double *b, double *c, int64_t rsc, int64_t csc, int mr,
                           int nr, double alpha, double beta) {
  enum { MR = TH_GEMM_MR_F64, NR = TH_GEMM_NR_F64 };
  TH_GEMM_KERNEL_BODY(double, __m256d, 4, _mm256_setzero_pd, _mm256_broadcast_sd, _mm256_load_pd, _mm256_fmadd_pd,
                      _mm256_loadu_pd, _mm256_storeu_pd, _mm256_set1_pd, _mm256_mul_pd, _mm256_store_pd)
}
#endif
