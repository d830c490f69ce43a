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

#define TH_GEMM_GENERIC_KERNEL(NAME, T, MR, NR)                                                            \
  static void NAME(int64_t kc, const T *a, const T *b, T *c, int64_t rsc, int64_t csc, int mr, int nr, T alpha, \
                   T beta) {                                                                               \
    T acc[MR][NR];                                                                                         \
    memset(acc, 0, sizeof acc);                                                                            \
    for (int64_t k = 0; k < kc; k++) {                                                                     \
      for (int i = 0; i < MR; i++) {                                                                       \
        T ai = a[i];                                                                                       \
        for (int j = 0; j < NR; j++) acc[i][j] += ai * b[j];                                               \
      }                                                                                                    \
      a += MR;                                                                                             \
      b += NR;                                                                                             \
    }                                                                                                      \
    for (int i = 0; i < mr; i++)                                                                           \
      for (int j = 0; j < nr; j++) {                                                                       \
        T *p = c + i * rsc + j * csc;                                                                      \
        *p = beta == 0 ? alpha * acc[i][j] : alpha * acc[i][j] + beta * *p;                                \
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

#ifdef _OPENMP
#define TH_GEMM_THREAD() omp_get_thread_num()
#else
#define TH_GEMM_THREAD() 0
#endif

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
    if (work < 32768.0 * nt) nt = work < 65536.0 ? 1 : (int)(work / 32768.0);                              \
    if (nt > nthreads) nt = nthreads < 1 ? 1 : nthreads;                                                   \
    int64_t kcMax = K < KC ? K : KC;                                                                       \
    int64_t ncMax = N < NC ? ceilDiv(N, NR) * NR : NC;                                                     \
    int64_t mc = MC, nIc = ceilDiv(M, MC);                                                                 \
    if (nt > 1 && nIc < nt) {                                                                              \
      mc = ceilDiv(ceilDiv(M, nt), MR) * MR;                                                               \
      nIc = ceilDiv(M, mc);                                                                                \
    }                                                                                                      \
    int64_t nJs = nIc < nt ? nt : 1; /* few row blocks: split the columns too */                           \
    T *bp = (T *)alignedAlloc(sizeof(T) * (size_t)(kcMax * ncMax));                                        \
    T *ap = (T *)alignedAlloc(sizeof(T) * (size_t)(nt * mc * kcMax));                                      \
    if (!bp || !ap) {                                                                                      \
      free(bp);                                                                                            \
      free(ap);                                                                                            \
      return THError("matmul: out of memory for the GEMM's packed panels");                                \
    }                                                                                                      \
    for (int64_t jc = 0; jc < N; jc += NC) {                                                               \
      int64_t nc = N - jc < NC ? N - jc : NC;                                                              \
      int64_t nJr = ceilDiv(nc, NR), jChunk = ceilDiv(nJr, nJs);                                           \
      for (int64_t pc = 0; pc < K; pc += KC) {                                                             \
        int64_t kc = K - pc < KC ? K - pc : KC;                                                            \
        T bt = pc == 0 ? beta : (T)1;                                                                      \
        _Pragma("omp parallel num_threads(nt) if (nt > 1)") {                                              \
          _Pragma("omp for schedule(static)") for (int64_t js = 0; js < nJr; js++) {                       \
            int64_t nr = nc - js * NR < NR ? nc - js * NR : NR;                                            \
            NAME##_packB(bp + js * NR * kc, B + pc * rsB + (jc + js * NR) * csB, rsB, csB, kc, nr);        \
          }                                                                                                \
          T *myA = ap + (int64_t)TH_GEMM_THREAD() * mc * kcMax;                                            \
          int64_t packed = -1;                                                                             \
          _Pragma("omp for schedule(static)") for (int64_t task = 0; task < nIc * nJs; task++) {           \
            int64_t ic = task / nJs, jsc = task % nJs;                                                     \
            int64_t i0 = ic * mc, mcur = M - i0 < mc ? M - i0 : mc;                                        \
            if (packed != ic) {                                                                            \
              NAME##_packA(myA, A + i0 * rsA + pc * csA, rsA, csA, mcur, kc);                              \
              packed = ic;                                                                                 \
            }                                                                                              \
            int64_t jr1 = (jsc + 1) * jChunk < nJr ? (jsc + 1) * jChunk : nJr;                             \
            for (int64_t jr = jsc * jChunk; jr < jr1; jr++) {                                              \
              int nr = (int)(nc - jr * NR < NR ? nc - jr * NR : NR);                                       \
              for (int64_t ir = 0; ir < mcur; ir += MR) {                                                  \
                int mr = (int)(mcur - ir < MR ? mcur - ir : MR);                                           \
                KERNEL(kc, myA + ir * kc, bp + jr * NR * kc, C + (i0 + ir) * rsC + (jc + jr * NR) * csC, rsC, \
                       csC, mr, nr, alpha, bt);                                                            \
              }                                                                                            \
            }                                                                                              \
          }                                                                                                \
        }                                                                                                  \
      }                                                                                                    \
    }                                                                                                      \
    free(bp);                                                                                              \
    free(ap);                                                                                              \
    return TH_OK;                                                                                          \
  }

TH_GEMM_DRIVER(THGemm_f32, float, TH_GEMM_MR_F32, TH_GEMM_NR_F32, 144, 256, 3072, kernelF32)
TH_GEMM_DRIVER(THGemm_f64, double, TH_GEMM_MR_F64, TH_GEMM_NR_F64, 96, 256, 2048, kernelF64)
TH_GEMM_DRIVER(THGemm_i64, int64_t, TH_GEMM_MR_I64, TH_GEMM_NR_I64, 64, 256, 1024, kernelI64_generic)
