/* The built-in GEMM (private): C = alpha * A @ B + beta * C on strided matrices, blocked for the
 * caches (packed panels of A and B), with a register-blocked micro-kernel (AVX2/FMA chosen at
 * load time, portable C otherwise) and OpenMP over blocks of C. */
#ifndef TH_GEMM_H
#define TH_GEMM_H

#include <stdint.h>

/* Micro-tile sizes (rows of A x columns of B held in registers); the packing follows them. */
#define TH_GEMM_MR_F32 6
#define TH_GEMM_NR_F32 16
#define TH_GEMM_MR_F64 6
#define TH_GEMM_NR_F64 8
#define TH_GEMM_MR_I64 4
#define TH_GEMM_NR_I64 4

/* kc steps over packed slivers a (MR x kc, column by column) and b (kc x NR, row by row);
 * writes the valid mr x nr corner: c = alpha * acc + beta * c (beta == 0: c is not read). */
typedef void (*THGemmKernelF32)(int64_t kc, const float *a, const float *b, float *c, int64_t rsc, int64_t csc, int mr,
                                int nr, float alpha, float beta);
typedef void (*THGemmKernelF64)(int64_t kc, const double *a, const double *b, double *c, int64_t rsc, int64_t csc,
                                int mr, int nr, double alpha, double beta);

void THGemm_kernelF32_avx2(int64_t kc, const float *a, const float *b, float *c, int64_t rsc, int64_t csc, int mr, int nr,
                           float alpha, float beta);
void THGemm_kernelF64_avx2(int64_t kc, const double *a, const double *b, double *c, int64_t rsc, int64_t csc, int mr,
                           int nr, double alpha, double beta);

/* Strides in elements (any sign-free layout, 0 allowed for broadcast inputs); nthreads <= 1 runs
 * on the calling thread. Returns TH_ERR only when memory runs out. */
int THGemm_f32(int64_t M, int64_t N, int64_t K, float alpha, const float *A, int64_t rsA, int64_t csA, const float *B,
               int64_t rsB, int64_t csB, float beta, float *C, int64_t rsC, int64_t csC, int nthreads);
int THGemm_f64(int64_t M, int64_t N, int64_t K, double alpha, const double *A, int64_t rsA, int64_t csA,
               const double *B, int64_t rsB, int64_t csB, double beta, double *C, int64_t rsC, int64_t csC,
               int nthreads);
/* Integers wrap (two's complement), as PyTorch's integer matmul. */
int THGemm_i64(int64_t M, int64_t N, int64_t K, int64_t alpha, const int64_t *A, int64_t rsA, int64_t csA,
               const int64_t *B, int64_t rsB, int64_t csB, int64_t beta, int64_t *C, int64_t rsC, int64_t csC,
               int nthreads);
/* Which micro-kernel runs: "avx2" or "generic". */
const char *THGemm_kernelName(void);

#endif
