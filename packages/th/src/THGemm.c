/* The built-in GEMM: blocked for the caches as in BLIS/GotoBLAS. For each NC-wide block of columns
 * of B and KC-deep block of K, B's block is packed into NR-wide slivers (shared by all threads);
 * each thread packs MC-tall blocks of A into MR-tall slivers and runs the micro-kernel over every
 * MR x NR tile of C. Packing reads any strides (transposed, sliced, broadcast operands need no
 * copy) and pads the edges with zeros, so the micro-kernel always runs full tiles and writes only
 * the valid corner. The K loop is split only into KC blocks summed in order, so results do not
 * depend on the thread count. */
#include "THGemm.h"

#include <stdlib.h>
#include <string.h>

#include "TH/THGeneral.h"
#ifdef _OPENMP
#include <omp.h>
#endif

/* ---- portable micro-kernels ---- */

/* GCC/Clang vector extensions: 16-byte vectors (SSE2 on any x86-64, NEON on arm64, scalar code
 * elsewhere), accumulators held in registers across the k loop. */
#define TH_GEMM_GENERIC_KERNEL(NAME, T, MR, NR)                                                            \
  static void NAME(int64_t kc, const T *a, const T *b, T *c, int64_t rsc, int64_t csc, int mr, int nr, T alpha, \
                   T beta) {                                                                               \
    typedef T V __attribute__((vector_size(16)));                                                          \
    enum { W = 16 / sizeof(T), NV = NR / W };                                                              \
    V acc[MR][NV];                                                                                         \
    for (int i = 0; i < MR; i++)                                                                           \
      for (int v = 0; v < NV; v++) acc[i][v] = (V){0};                                                     \
    for (int64_t k = 0; k < kc; k++) {                                                                     \
      V bv[NV];                                                                                            \
      memcpy(bv, b, sizeof bv);                                                                            \
      for (int i = 0; i < MR; i++) {                                                                       \
        V ai = (V){0} + a[i];                                                                              \
        for (int v = 0; v < NV; v++) acc[i][v] += ai * bv[v];                                              \
      }                                                                                                    \
      a += MR;                                                                                             \
      b += NR;                                                                                             \
    }                                                                                                      \
    T tile[MR][NR];                                                                                        \
    memcpy(tile, acc, sizeof tile);                                                                        \
    for (int i = 0; i < mr; i++)                                                                           \
      for (int j = 0; j < nr; j++) {                                                                       \
        T *p = c + i * rsc + j * csc;                                                                      \
        *p = beta == 0 ? alpha * tile[i][j] : alpha * tile[i][j] + beta * *p;                              \
      }                                                                                                    \
  }

TH_GEMM_GENERIC_KERNEL(kernelF32_generic, float, TH_GEMM_MR_F32, TH_GEMM_NR_F32)
TH_GEMM_GENERIC_KERNEL(kernelF64_generic, double, TH_GEMM_MR_F64, TH_GEMM_NR_F64)
TH_GEMM_GENERIC_KERNEL(kernelI64_generic, int64_t, TH_GEMM_MR_I64, TH_GEMM_NR_I64)

static THGemmKernelF32 kernelF32 = kernelF32_generic;
static THGemmKernelF64 kernelF64 = kernelF64_generic;
static const char *kernelName = "generic";

const char *THGemm_kernelName(void) { return kernelName; }

__attribute__((constructor)) static void installGemmKernels(void) {
#if defined(TH_HAVE_GEMM_AVX2)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && !getenv("TH_GEMM_GENERIC")) {
    kernelF32 = THGemm_kernelF32_avx2;
    kernelF64 = THGemm_kernelF64_avx2;
    kernelName = "avx2";
  }
#endif
}

static void *alignedAlloc(size_t bytes) {
  void *p = NULL;
  if (posix_memalign(&p, 64, bytes ? bytes : 64)) return NULL;
  return p;
}

static inline int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }


/* The driver, once per type: MC/KC/NC are the cache blocks (MC a multiple of MR, NC of NR). */
#define TH_GEMM_DRIVER(NAME, T, MR, NR, MC, KC, NC, KERNEL)                                                 \
  static void NAME##_packA(T *dst, const T *A, int64_t rsA, int64_t csA, int64_t mcur, int64_t kc) {       \
    for (int64_t s = 0; s * MR < mcur; s++, dst += MR * kc) {                                              \
      for (int i = 0; i < MR; i++) {                                                                       \
        int64_t row = s * MR + i;                                                                          \
        if (row >= mcur) {                                                                                 \
          for (int64_t k = 0; k < kc; k++) dst[k * MR + i] = 0;                                            \
          continue;                                                                                        \
        }                                                                                                  \
        const T *src = A + row * rsA;                                                                      \
        if (csA == 1)                                                                                      \
          for (int64_t k = 0; k < kc; k++) dst[k * MR + i] = src[k];                                       \
        else                                                                                               \
          for (int64_t k = 0; k < kc; k++) dst[k * MR + i] = src[k * csA];                                 \
      }                                                                                                    \
    }                                                                                                      \
  }                                                                                                        \
  static void NAME##_packB(T *dst, const T *B, int64_t rsB, int64_t csB, int64_t kc, int64_t nr) {         \
    if (nr == NR && csB == 1) {                                                                            \
      for (int64_t k = 0; k < kc; k++) memcpy(dst + k * NR, B + k * rsB, sizeof(T) * NR);                  \
      return;                                                                                              \
    }                                                                                                      \
    for (int64_t j = 0; j < NR; j++) {                                                                     \
      if (j >= nr) {                                                                                       \
        for (int64_t k = 0; k < kc; k++) dst[k * NR + j] = 0;                                              \
        continue;                                                                                          \
      }                                                                                                    \
      const T *src = B + j * csB;                                                                          \
      if (rsB == 1)                                                                                        \
        for (int64_t k = 0; k < kc; k++) dst[k * NR + j] = src[k];                                         \
      else                                                                                                 \
        for (int64_t k = 0; k < kc; k++) dst[k * NR + j] = src[k * rsB];                                   \
    }                                                                                                      \
  }                                                                                                        \
  /* One thread: C (M x N) = alpha A B + beta C, blocked and packed. */                                  \
  static int NAME##_serial(int64_t M, int64_t N, int64_t K, T alpha, const T *A, int64_t rsA, int64_t csA, \
                           const T *B, int64_t rsB, int64_t csB, T beta, T *C, int64_t rsC, int64_t csC) {   \
    int64_t kcMax = K < KC ? K : KC, ncMax = N < NC ? ceilDiv(N, NR) * NR : NC;                              \
    int64_t mcMax = M < MC ? ceilDiv(M, MR) * MR : MC;                                                      \
    T *bp = (T *)alignedAlloc(sizeof(T) * (size_t)(kcMax * ncMax));                                        \
    T *ap = (T *)alignedAlloc(sizeof(T) * (size_t)(mcMax * kcMax));                                        \
    if (!bp || !ap) {                                                                                      \
      free(bp);                                                                                            \
      free(ap);                                                                                            \
      return TH_ERR;                                                                                       \
    }                                                                                                      \
    for (int64_t jc = 0; jc < N; jc += NC) {                                                               \
      int64_t nc = N - jc < NC ? N - jc : NC, nJr = ceilDiv(nc, NR);                                       \
      for (int64_t pc = 0; pc < K; pc += KC) {                                                             \
        int64_t kc = K - pc < KC ? K - pc : KC;                                                            \
        T bt = pc == 0 ? beta : (T)1;                                                                      \
        for (int64_t js = 0; js < nJr; js++) {                                                             \
          int64_t nr = nc - js * NR < NR ? nc - js * NR : NR;                                              \
          NAME##_packB(bp + js * NR * kc, B + pc * rsB + (jc + js * NR) * csB, rsB, csB, kc, nr);          \
        }                                                                                                  \
        for (int64_t ic = 0; ic < M; ic += MC) {                                                           \
          int64_t mcur = M - ic < MC ? M - ic : MC;                                                        \
          NAME##_packA(ap, A + ic * rsA + pc * csA, rsA, csA, mcur, kc);                                   \
          for (int64_t jr = 0; jr < nJr; jr++) {                                                           \
            int nr = (int)(nc - jr * NR < NR ? nc - jr * NR : NR);                                         \
            for (int64_t ir = 0; ir < mcur; ir += MR) {                                                    \
              int mr = (int)(mcur - ir < MR ? mcur - ir : MR);                                             \
              KERNEL(kc, ap + ir * kc, bp + jr * NR * kc, C + (ic + ir) * rsC + (jc + jr * NR) * csC, rsC,  \
                     csC, mr, nr, alpha, bt);                                                              \
            }                                                                                              \
          }                                                                                                \
        }                                                                                                  \
      }                                                                                                    \
    }                                                                                                      \
    free(bp);                                                                                              \
    free(ap);                                                                                              \
    return TH_OK;                                                                                          \
  }                                                                                                        \
  /* Threads take independent slabs of C (columns, or rows when C is narrow), each a whole GEMM: no     \
   * barriers, so a thread the OS holds back only takes fewer slabs (dynamic schedule). */             \
  int NAME(int64_t M, int64_t N, int64_t K, T alpha, const T *A, int64_t rsA, int64_t csA, const T *B,      \
           int64_t rsB, int64_t csB, T beta, T *C, int64_t rsC, int64_t csC, int nthreads) {               \
    if (M <= 0 || N <= 0) return TH_OK;                                                                    \
    if (K <= 0 || alpha == 0) {                                                                            \
      for (int64_t i = 0; i < M; i++)                                                                      \
        for (int64_t j = 0; j < N; j++) {                                                                  \
          T *p = C + i * rsC + j * csC;                                                                    \
          *p = beta == 0 ? (T)0 : beta * *p;                                                               \
        }                                                                                                  \
      return TH_OK;                                                                                        \
    }                                                                                                      \
    double work = (double)M * (double)N * (double)K;                                                       \
    int nt = nthreads < 1 ? 1 : nthreads;                                                                  \
    /* a thread per 2^21 multiply-adds at least: below that, waking threads costs more than it saves */  \
    if (work < 2097152.0 * nt) nt = work < 4194304.0 ? 1 : (int)(work / 2097152.0);                        \
    int byCols = N >= 4 * NR * nt || N >= M;                                                               \
    int64_t extent = byCols ? N : M, unit = byCols ? NR : MR;                                              \
    /* slabs of >= 768 columns (rows) where C is large: each packs all of A (B) for itself */            \
    int64_t nSlab = extent / (768 * (int64_t)nt);                                                          \
    nSlab = (nSlab < 1 ? 1 : nSlab) * nt;                                                                  \
    int64_t slab = ceilDiv(ceilDiv(extent, nSlab), unit) * unit;                                           \
    nSlab = ceilDiv(extent, slab);                                                                         \
    if (nt == 1 || nSlab == 1) {                                                                           \
      if (NAME##_serial(M, N, K, alpha, A, rsA, csA, B, rsB, csB, beta, C, rsC, csC))                      \
        return THError("matmul: out of memory for the GEMM's packed panels");                              \
      return TH_OK;                                                                                        \
    }                                                                                                      \
    int failed = 0;                                                                                        \
    _Pragma("omp parallel for num_threads(nt) schedule(dynamic, 1)") for (int64_t s = 0; s < nSlab; s++) {  \
      int64_t o = s * slab, len = extent - o < slab ? extent - o : slab;                                   \
      int st = byCols ? NAME##_serial(M, len, K, alpha, A, rsA, csA, B + o * csB, rsB, csB, beta, C + o * csC, rsC, \
                                      csC)                                                                 \
                      : NAME##_serial(len, N, K, alpha, A + o * rsA, rsA, csA, B, rsB, csB, beta, C + o * rsC, rsC, \
                                      csC);                                                                \
      if (st) __atomic_store_n(&failed, 1, __ATOMIC_RELAXED);                                              \
    }                                                                                                      \
    if (failed) return THError("matmul: out of memory for the GEMM's packed panels");                      \
    return TH_OK;                                                                                          \
  }

TH_GEMM_DRIVER(THGemm_f32, float, TH_GEMM_MR_F32, TH_GEMM_NR_F32, 144, 256, 3072, kernelF32)
TH_GEMM_DRIVER(THGemm_f64, double, TH_GEMM_MR_F64, TH_GEMM_NR_F64, 96, 256, 2048, kernelF64)
TH_GEMM_DRIVER(THGemm_i64, int64_t, TH_GEMM_MR_I64, TH_GEMM_NR_I64, 64, 256, 1024, kernelI64_generic)
