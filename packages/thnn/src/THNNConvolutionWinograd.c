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

/* tiles per chunk and thread: for a correlation, V and M of 64 channels each are then 512 KiB of
 * float32; a weight gradient sums over the tiles (the GEMMs' inner dimension), which wants more */
#define THNN_WINOGRAD_TILES 64
#define THNN_WINOGRAD_WEIGHT_TILES 256
/* the largest product (multiply-adds) that the BLAS runs on the calling thread */
#define THNN_WINOGRAD_ONE_THREAD_GEMM ((int64_t)1 << 18)

#define THNN_GENERIC_FILE "generic/THNNConvolutionWinograd.c"
#include "THNNGenerateFloatTypes.h"

/* The tiling of w's output (tiles per column and row, the padded sample's rows and half-width,
 * tile rows per chunk) and the threads that share the samples (1: the BLAS threads the GEMMs). */
typedef struct Plan {
  int64_t th, tw, hp, wh, rowsPer;
  int threads;
} Plan;

static Plan planOf(const THNNWinograd *w, int weightGrad) {
  const int64_t tiles = weightGrad ? THNN_WINOGRAD_WEIGHT_TILES : THNN_WINOGRAD_TILES;
  Plan p = {(w->outH + 1) / 2, (w->outW + 1) / 2, 0, 0, 1, 1};
  p.hp = 2 * p.th + 2, p.wh = p.tw + 1;
  if (p.tw == 0) return p;
  const int64_t rowProduct = (w->outC / w->groups) * (w->inC / w->groups) * p.tw; /* one tile row's GEMM */
  const int threads = THGetNumThreads();
  if (threads > 1 && w->batch > 1 && rowProduct <= THNN_WINOGRAD_ONE_THREAD_GEMM) {
    p.threads = (int64_t)threads < w->batch ? threads : (int)w->batch;
    p.rowsPer = tiles / p.tw;
    if (p.rowsPer > THNN_WINOGRAD_ONE_THREAD_GEMM / rowProduct) p.rowsPer = THNN_WINOGRAD_ONE_THREAD_GEMM / rowProduct;
  } else {
    p.rowsPer = tiles * threads / p.tw;
  }
  if (p.rowsPer > p.th) p.rowsPer = p.th;
  if (p.rowsPer < 1) p.rowsPer = 1;
  return p;
}

/* The work: for a correlation U, then per thread the padded sample P, V and 4 rows of scratch;
 * for a weight gradient per thread P, V, Z and the rows. M and S (GEMM results) live apart: a
 * GEMM's result may not share its operands' storage. */
static int64_t sizeU(const THNNWinograd *w) { return 16 * w->outC * (w->inC / w->groups); }
static int64_t sizeP(const THNNWinograd *w, Plan p) { return w->inC * 2 * p.hp * p.wh; }
static int64_t sizeV(const THNNWinograd *w, Plan p) { return 16 * w->inC * p.rowsPer * p.tw; }
static int64_t sizeZ(const THNNWinograd *w, Plan p) { return 16 * w->outC * p.rowsPer * p.tw; }
static int64_t perThread(const THNNWinograd *w, Plan p, int weightGrad) {
  return sizeP(w, p) + sizeV(w, p) + (weightGrad ? sizeZ(w, p) : 0) + 4 * p.wh;
}
static int64_t shared(const THNNWinograd *w, int weightGrad) { return weightGrad ? 0 : sizeU(w); }

int64_t THNN_winogradWorkSize(const THNNWinograd *w, int weightGrad) {
  const Plan p = planOf(w, weightGrad);
  return shared(w, weightGrad) + p.threads * perThread(w, p, weightGrad);
}

static int64_t threadNum(void) {
#ifdef _OPENMP
  return omp_get_thread_num();
#else
  return 0;
#endif
}

/* One thread's scratch inside work (and its GEMM result inside res), as typed pointers and as
 * offsets for the GEMM operands. */
typedef struct Scratch {
  THTensor *work, *res;
  int64_t offP, offV, offZ, offRes;
  char *P, *V, *Z, *row, *res0;
} Scratch;

static Scratch scratchOf(const THNNWinograd *w, Plan p, THTensor *work, THTensor *res, int64_t resPerThread,
                         int weightGrad) {
  const size_t es = THDType_size(THTensor_dtype(work));
  const int64_t t = threadNum();
  Scratch sc = {.work = work, .res = res};
  sc.offP = shared(w, weightGrad) + t * perThread(w, p, weightGrad);
  sc.offV = sc.offP + sizeP(w, p);
  sc.offZ = sc.offV + sizeV(w, p);
  sc.offRes = t * resPerThread;
  char *base = THTensor_data(work);
  sc.P = base + sc.offP * (int64_t)es, sc.V = base + sc.offV * (int64_t)es, sc.Z = base + sc.offZ * (int64_t)es;
  sc.row = base + (sc.offZ + (weightGrad ? sizeZ(w, p) : 0)) * (int64_t)es;
  sc.res0 = (char *)THTensor_data(res) + sc.offRes * (int64_t)es;
  return sc;
}

/* Pads sample n of input into P. */
static void padSample(const THNNWinograd *w, Plan p, const Scratch *sc, const THTensor *input, int64_t n) {
  const THDType dtype = THTensor_dtype(input);
  const char *x = (const char *)THTensor_data(input) + n * w->inC * w->inH * w->inW * (int64_t)THDType_size(dtype);
  if (dtype == TH_Float32) wgPad_Float(w, (const float *)x, (float *)sc->P, p.hp, p.wh, (float *)sc->row);
  else wgPad_Double(w, (const double *)x, (double *)sc->P, p.hp, p.wh, (double *)sc->row);
}

/* V = the transformed input tiles of tile rows [ty0, ty0 + nt). */
static void inputTiles(const THNNWinograd *w, Plan p, const Scratch *sc, THDType dtype, int64_t ty0, int64_t nt) {
  if (dtype == TH_Float32) wgInput_Float((const float *)sc->P, (float *)sc->V, w->inC, p.hp, p.wh, ty0, nt, nt * p.tw);
  else wgInput_Double((const double *)sc->P, (double *)sc->V, w->inC, p.hp, p.wh, ty0, nt, nt * p.tw);
}

/* Sample n of the correlation: output = bias + correlation of input. */
static int correlateSample(const THNNWinograd *w, Plan p, const Scratch *sc, int64_t n, const THTensor *input,
                           THTensor *output, const void *bias) {
  const THDType dtype = THTensor_dtype(input);
  const int64_t inG = w->inC / w->groups, outG = w->outC / w->groups;
  char *y = (char *)THTensor_data(output) + n * w->outC * w->outH * w->outW * (int64_t)THDType_size(dtype);
  padSample(w, p, sc, input, n);
  for (int64_t ty0 = 0, nt; ty0 < p.th; ty0 += nt) {
    nt = p.th - ty0 < p.rowsPer ? p.th - ty0 : p.rowsPer;
    const int64_t T = nt * p.tw;
    inputTiles(w, p, sc, dtype, ty0, nt);
    for (int64_t g = 0; g < w->groups; g++) /* M = U V */
      if (THNN_gemmBatch(16, outG, T, inG, 1, (THNNOperand){sc->work, g * 16 * outG * inG, outG * inG, inG, 1},
                         (THNNOperand){sc->work, sc->offV + g * inG * T, w->inC * T, T, 1}, 0,
                         (THNNOperand){sc->res, sc->offRes + g * outG * T, w->outC * T, T, 1}, 0))
        return TH_ERR;
    if (dtype == TH_Float32) wgOutput_Float(w, (const float *)sc->res0, bias, (float *)y, p.tw, ty0, nt, T, (float *)sc->row);
    else wgOutput_Double(w, (const double *)sc->res0, bias, (double *)y, p.tw, ty0, nt, T, (double *)sc->row);
  }
  return TH_OK;
}

/* Sample n of the weight gradient: S += Z V^T, with Z the transformed gradOutput tiles. */
static int weightSample(const THNNWinograd *w, Plan p, const Scratch *sc, int64_t n, const THTensor *input,
                        const THTensor *gradOutput) {
  const THDType dtype = THTensor_dtype(input);
  const int64_t inG = w->inC / w->groups, outG = w->outC / w->groups;
  const char *gy = (const char *)THTensor_data(gradOutput) + n * w->outC * w->outH * w->outW * (int64_t)THDType_size(dtype);
  padSample(w, p, sc, input, n);
  for (int64_t ty0 = 0, nt; ty0 < p.th; ty0 += nt) {
    nt = p.th - ty0 < p.rowsPer ? p.th - ty0 : p.rowsPer;
    const int64_t T = nt * p.tw;
    inputTiles(w, p, sc, dtype, ty0, nt);
    if (dtype == TH_Float32) wgGradTiles_Float(w, (const float *)gy, (float *)sc->Z, p.tw, ty0, nt, T, (float *)sc->row);
    else wgGradTiles_Double(w, (const double *)gy, (double *)sc->Z, p.tw, ty0, nt, T, (double *)sc->row);
    for (int64_t g = 0; g < w->groups; g++) /* S += Z V^T */
      if (THNN_gemmBatch(16, outG, inG, T, 1, (THNNOperand){sc->work, sc->offZ + g * outG * T, w->outC * T, T, 1},
                         (THNNOperand){sc->work, sc->offV + g * inG * T, w->inC * T, 1, T}, 1,
                         (THNNOperand){sc->res, sc->offRes + g * 16 * outG * inG, outG * inG, inG, 1}, 0))
        return TH_ERR;
  }
  return TH_OK;
}

/* Runs fn(ctx, n) for every sample n, over p.threads OpenMP threads; a failure stops the rest. A
 * worker's own error message stays in its thread: the one left says what it can only be. */
typedef int (*SampleFn)(const void *ctx, int64_t n);

static int forEachSample(const THNNWinograd *w, Plan p, SampleFn fn, const void *ctx) {
  int failed = 0;
  int64_t n;
#pragma omp parallel for num_threads(p.threads) if (p.threads > 1) schedule(dynamic, 1)
  for (n = 0; n < w->batch; n++)
    if (!__atomic_load_n(&failed, __ATOMIC_RELAXED) && fn(ctx, n)) __atomic_store_n(&failed, 1, __ATOMIC_RELAXED);
  return failed ? THError("convolution: out of memory") : TH_OK;
}

typedef struct Job {
  const THNNWinograd *w;
  Plan p;
  const THTensor *input, *gradOutput;
  THTensor *output, *work, *res;
  int64_t resPerThread;
  const void *bias;
} Job;

static int correlateJob(const void *ctx, int64_t n) {
  const Job *j = ctx;
  const Scratch sc = scratchOf(j->w, j->p, j->work, j->res, j->resPerThread, 0);
  return correlateSample(j->w, j->p, &sc, n, j->input, j->output, j->bias);
}

static int weightJob(const void *ctx, int64_t n) {
  const Job *j = ctx;
  const Scratch sc = scratchOf(j->w, j->p, j->work, j->res, j->resPerThread, 1);
  return weightSample(j->w, j->p, &sc, n, j->input, j->gradOutput);
}

int THNN_winograd(const THNNWinograd *w, const THTensor *input, const THTensor *weight, const THTensor *bias,
                  THTensor *output, THTensor *work) {
  const Plan p = planOf(w, 0);
  if (w->batch == 0 || p.th == 0 || p.tw == 0) return TH_OK;
  const THDType dtype = THTensor_dtype(input);
  const int64_t inG = w->inC / w->groups, outG = w->outC / w->groups;
  int64_t perM = 16 * w->outC * p.rowsPer * p.tw, sizeM = p.threads * perM;
  THTensor *M = THTensor_newWithSize(dtype, 1, &sizeM);
  if (!M) return TH_ERR;
  if (dtype == TH_Float32) wgFilters_Float(THTensor_data(weight), THTensor_data(work), w->groups, outG, inG, w->adjoint);
  else wgFilters_Double(THTensor_data(weight), THTensor_data(work), w->groups, outG, inG, w->adjoint);
  const Job job = {w, p, input, NULL, output, work, M, perM, bias ? THTensor_data(bias) : NULL};
  const int status = forEachSample(w, p, correlateJob, &job);
  THTensor_free(M);
  return status;
}

int THNN_winogradWeight(const THNNWinograd *w, const THTensor *input, const THTensor *gradOutput, THTensor *gradWeight,
                        double scale, THTensor *work) {
  const Plan p = planOf(w, 1);
  if (w->batch == 0 || p.th == 0 || p.tw == 0) return TH_OK;
  const THDType dtype = THTensor_dtype(input);
  const int64_t inG = w->inC / w->groups, outG = w->outC / w->groups;
  int64_t perS = sizeU(w), sizeS = p.threads * perS;
  THTensor *S = THTensor_newWithSize(dtype, 1, &sizeS);
  if (!S || THTensor_zero(S)) {
    if (S) THTensor_free(S);
    return TH_ERR;
  }
  const Job job = {w, p, input, gradOutput, NULL, work, S, perS, NULL};
  const int status = forEachSample(w, p, weightJob, &job);
  if (status == TH_OK) {
    if (dtype == TH_Float32) wgWeights_Float(THTensor_data(S), THTensor_data(gradWeight), p.threads, w->groups, outG, inG, scale);
    else wgWeights_Double(THTensor_data(S), THTensor_data(gradWeight), p.threads, w->groups, outG, inG, scale);
  }
  THTensor_free(S);
  return status;
}
