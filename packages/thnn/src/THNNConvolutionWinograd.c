/* F(2x2, 3x3) correlations (THNNConvolutionWinograd.h). Per sample: pad its planes, then for each
 * chunk of tile rows transform the inputs (V), multiply by the transformed filters (U) with one
 * batched GEMM of 16 products per group, and transform back into the output rows. A chunk holds
 * about THNN_WINOGRAD_TILES tiles (per thread), so that V and M stay in cache.
 *
 * Threads: when every product is small enough for the BLAS to run it on the calling thread
 * (OpenBLAS, and libTH's batched products after it, keep products of up to 64^3 multiply-adds on
 * one thread), samples are split over OpenMP threads, each doing its transforms and its GEMMs.
 * Otherwise the transforms stay on the calling thread and the GEMMs use the BLAS threads, like the
 * im2col path (see THNNConvolution.c for why the two kinds of threads must not overlap). */
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "THNNColumns.h"
#include "THNNConvolutionWinograd.h"
#include "THNNGemm.h"

/* tiles per chunk and thread: V and M of 64 channels each are then 512 KiB of float32 */
#define THNN_WINOGRAD_TILES 64
/* the largest product (multiply-adds) that the BLAS runs on the calling thread */
#define THNN_WINOGRAD_ONE_THREAD_GEMM ((int64_t)1 << 18)

#define scalar_t float
#define SUF Float
#include "generic/THNNConvolutionWinograd.c"
#undef scalar_t
#undef SUF

#define scalar_t double
#define SUF Double
#include "generic/THNNConvolutionWinograd.c"
#undef scalar_t
#undef SUF

/* The tiling of w's output (tiles per column and row, the padded sample's rows and half-width,
 * tile rows per chunk) and the threads that share the samples (1: the BLAS threads the GEMMs). */
typedef struct Plan {
  int64_t th, tw, hp, wh, rowsPer;
  int threads;
} Plan;

static Plan planOf(const THNNWinograd *w) {
  Plan p = {(w->outH + 1) / 2, (w->outW + 1) / 2, 0, 0, 1, 1};
  p.hp = 2 * p.th + 2, p.wh = p.tw + 1;
  if (p.tw == 0) return p;
  const int64_t rowProduct = (w->outC / w->groups) * (w->inC / w->groups) * p.tw; /* one tile row's GEMM */
  const int threads = THGetNumThreads();
  if (threads > 1 && w->batch > 1 && rowProduct <= THNN_WINOGRAD_ONE_THREAD_GEMM) {
    p.threads = (int64_t)threads < w->batch ? threads : (int)w->batch;
    p.rowsPer = THNN_WINOGRAD_TILES / p.tw;
    if (p.rowsPer > THNN_WINOGRAD_ONE_THREAD_GEMM / rowProduct) p.rowsPer = THNN_WINOGRAD_ONE_THREAD_GEMM / rowProduct;
  } else {
    p.rowsPer = THNN_WINOGRAD_TILES * threads / p.tw;
  }
  if (p.rowsPer > p.th) p.rowsPer = p.th;
  if (p.rowsPer < 1) p.rowsPer = 1;
  return p;
}

/* The work: U, then per thread the padded sample P, V and 4 rows of scratch (M lives apart: a
 * GEMM's result may not share its operands' storage). */
static int64_t sizeU(const THNNWinograd *w) { return 16 * w->outC * (w->inC / w->groups); }
static int64_t sizeP(const THNNWinograd *w, Plan p) { return w->inC * 2 * p.hp * p.wh; }
static int64_t sizeV(const THNNWinograd *w, Plan p) { return 16 * w->inC * p.rowsPer * p.tw; }
static int64_t perThread(const THNNWinograd *w, Plan p) { return sizeP(w, p) + sizeV(w, p) + 4 * p.wh; }

int64_t THNN_winogradWorkSize(const THNNWinograd *w) {
  const Plan p = planOf(w);
  return sizeU(w) + p.threads * perThread(w, p);
}

static int64_t threadNum(void) {
#ifdef _OPENMP
  return omp_get_thread_num();
#else
  return 0;
#endif
}

/* Sample n: pad it, then chunk by chunk transform, multiply and transform back. */
static int oneSample(const THNNWinograd *w, Plan p, int64_t n, const THTensor *input, THTensor *output,
                     THTensor *work, int64_t at, THTensor *M, int64_t atM, const void *bias) {
  const THDType dtype = THTensor_dtype(input);
  const size_t es = THDType_size(dtype);
  const int64_t inG = w->inC / w->groups, outG = w->outC / w->groups;
  const int64_t offV = at + sizeP(w, p);
  char *P = (char *)THTensor_data(work) + at * (int64_t)es, *V = P + sizeP(w, p) * es, *row = V + sizeV(w, p) * es;
  char *m = (char *)THTensor_data(M) + atM * (int64_t)es;
  const char *x = (const char *)THTensor_data(input) + n * w->inC * w->inH * w->inW * (int64_t)es;
  char *y = (char *)THTensor_data(output) + n * w->outC * w->outH * w->outW * (int64_t)es;
  if (dtype == TH_Float32) wgPad_Float(w, (const float *)x, (float *)P, p.hp, p.wh, (float *)row);
  else wgPad_Double(w, (const double *)x, (double *)P, p.hp, p.wh, (double *)row);
  for (int64_t ty0 = 0; ty0 < p.th; ty0 += p.rowsPer) {
    const int64_t nt = p.th - ty0 < p.rowsPer ? p.th - ty0 : p.rowsPer, T = nt * p.tw;
    if (dtype == TH_Float32) wgInput_Float((const float *)P, (float *)V, w->inC, p.hp, p.wh, ty0, nt, T);
    else wgInput_Double((const double *)P, (double *)V, w->inC, p.hp, p.wh, ty0, nt, T);
    for (int64_t g = 0; g < w->groups; g++)
      if (THNN_gemmBatch(16, outG, T, inG, 1, (THNNOperand){work, g * 16 * outG * inG, outG * inG, inG, 1},
                         (THNNOperand){work, offV + g * inG * T, w->inC * T, T, 1}, 0,
                         (THNNOperand){M, atM + g * outG * T, w->outC * T, T, 1}, 0))
        return TH_ERR;
    if (dtype == TH_Float32) wgOutput_Float(w, (const float *)m, bias, (float *)y, p.tw, ty0, nt, T, (float *)row);
    else wgOutput_Double(w, (const double *)m, bias, (double *)y, p.tw, ty0, nt, T, (double *)row);
  }
  return TH_OK;
}

int THNN_winograd(const THNNWinograd *w, const THTensor *input, const THTensor *weight, const THTensor *bias,
                  THTensor *output, THTensor *work) {
  const Plan p = planOf(w);
  if (w->batch == 0 || p.th == 0 || p.tw == 0) return TH_OK;
  const THDType dtype = THTensor_dtype(input);
  const int64_t inG = w->inC / w->groups, outG = w->outC / w->groups;
  int64_t sizeM = p.threads * 16 * w->outC * p.rowsPer * p.tw;
  THTensor *M = THTensor_newWithSize(dtype, 1, &sizeM);
  if (!M) return TH_ERR;
  if (dtype == TH_Float32) wgFilters_Float(THTensor_data(weight), THTensor_data(work), w->groups, outG, inG, w->adjoint);
  else wgFilters_Double(THTensor_data(weight), THTensor_data(work), w->groups, outG, inG, w->adjoint);
  const void *B = bias ? THTensor_data(bias) : NULL;
  int failed = 0;
  int64_t n;
#pragma omp parallel for num_threads(p.threads) if (p.threads > 1) schedule(dynamic, 1)
  for (n = 0; n < w->batch; n++) {
    const int64_t t = threadNum();
    if (!__atomic_load_n(&failed, __ATOMIC_RELAXED) &&
        oneSample(w, p, n, input, output, work, sizeU(w) + t * perThread(w, p), M, t * (sizeM / p.threads), B))
      __atomic_store_n(&failed, 1, __ATOMIC_RELAXED);
  }
  THTensor_free(M);
  /* a worker's own error message stays in its thread: say what it can only be */
  return failed ? THError("convolution: out of memory") : TH_OK;
}
