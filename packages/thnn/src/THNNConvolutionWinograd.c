/* F(2x2, 3x3) correlations (THNNConvolutionWinograd.h). Per sample: pad its planes, then for each
 * chunk of tile rows transform the inputs (V), multiply by the transformed filters (U) with one
 * batched GEMM of 16 products per group, and transform back into the output rows. A chunk holds
 * about THNN_WINOGRAD_TILES tiles per thread, so that V and M stay in cache. Like the im2col path,
 * the transforms stay on the calling thread and the GEMMs use the BLAS threads (see THNNConvolution.c). */
#include <stdlib.h>
#include <string.h>

#include "THNNColumns.h"
#include "THNNConvolutionWinograd.h"
#include "THNNGemm.h"

/* tiles per chunk and thread: V and M of 64 channels each are then 512 KiB of float32 */
#define THNN_WINOGRAD_TILES 64

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

/* The tiling of w's output: tiles per row and column, padded sample rows and half-width, and the
 * tile rows per chunk. */
typedef struct Tiling {
  int64_t th, tw, hp, wh, rowsPer;
} Tiling;

static Tiling tilingOf(const THNNWinograd *w) {
  Tiling t = {(w->outH + 1) / 2, (w->outW + 1) / 2, 0, 0, 1};
  t.hp = 2 * t.th + 2, t.wh = t.tw + 1;
  if (t.tw > 0) t.rowsPer = THNN_WINOGRAD_TILES * THGetNumThreads() / t.tw;
  if (t.rowsPer > t.th) t.rowsPer = t.th;
  if (t.rowsPer < 1) t.rowsPer = 1;
  return t;
}

/* The work: U, the padded sample P, V, and 4 rows of scratch (M lives apart: a GEMM's result may
 * not share its operands' storage). */
static int64_t sizeU(const THNNWinograd *w) { return 16 * w->outC * (w->inC / w->groups); }
static int64_t sizeP(const THNNWinograd *w, Tiling t) { return w->inC * 2 * t.hp * t.wh; }
static int64_t sizeV(const THNNWinograd *w, Tiling t) { return 16 * w->inC * t.rowsPer * t.tw; }

int64_t THNN_winogradWorkSize(const THNNWinograd *w) {
  const Tiling t = tilingOf(w);
  return sizeU(w) + sizeP(w, t) + sizeV(w, t) + 4 * t.wh;
}

int THNN_winograd(const THNNWinograd *w, const THTensor *input, const THTensor *weight, const THTensor *bias,
                  THTensor *output, THTensor *work) {
  const Tiling t = tilingOf(w);
  if (w->batch == 0 || t.th == 0 || t.tw == 0) return TH_OK;
  const THDType dtype = THTensor_dtype(input);
  const int64_t inG = w->inC / w->groups, outG = w->outC / w->groups, maxT = t.rowsPer * t.tw;
  int64_t sizeM = 16 * w->outC * maxT;
  THTensor *M = THTensor_newWithSize(dtype, 1, &sizeM);
  if (!M) return TH_ERR;
  const size_t es = THDType_size(dtype);
  const int64_t offV = sizeU(w) + sizeP(w, t);
  char *U = THTensor_data(work), *P = U + sizeU(w) * es, *V = U + offV * es, *row = V + sizeV(w, t) * es;
  const void *W = THTensor_data(weight), *B = bias ? THTensor_data(bias) : NULL;
  if (dtype == TH_Float32) wgFilters_Float(W, (float *)U, w->groups, outG, inG, w->adjoint);
  else wgFilters_Double(W, (double *)U, w->groups, outG, inG, w->adjoint);
  int status = TH_OK;
  for (int64_t n = 0; n < w->batch && status == TH_OK; n++) {
    const char *x = (const char *)THTensor_data(input) + n * w->inC * w->inH * w->inW * (int64_t)es;
    char *y = (char *)THTensor_data(output) + n * w->outC * w->outH * w->outW * (int64_t)es;
    if (dtype == TH_Float32) wgPad_Float(w, (const float *)x, (float *)P, t.hp, t.wh, (float *)row);
    else wgPad_Double(w, (const double *)x, (double *)P, t.hp, t.wh, (double *)row);
    for (int64_t ty0 = 0; ty0 < t.th && status == TH_OK; ty0 += t.rowsPer) {
      const int64_t nt = t.th - ty0 < t.rowsPer ? t.th - ty0 : t.rowsPer, T = nt * t.tw;
      if (dtype == TH_Float32) wgInput_Float((const float *)P, (float *)V, w->inC, t.hp, t.wh, ty0, nt, T);
      else wgInput_Double((const double *)P, (double *)V, w->inC, t.hp, t.wh, ty0, nt, T);
      for (int64_t g = 0; g < w->groups && status == TH_OK; g++)
        status = THNN_gemmBatch(16, outG, T, inG, 1, (THNNOperand){work, g * 16 * outG * inG, outG * inG, inG, 1},
                                (THNNOperand){work, offV + g * inG * T, w->inC * T, T, 1}, 0,
                                (THNNOperand){M, g * outG * T, w->outC * T, T, 1}, 0);
      if (status != TH_OK) break;
      if (dtype == TH_Float32) wgOutput_Float(w, THTensor_data(M), B, (float *)y, t.tw, ty0, nt, T, (float *)row);
      else wgOutput_Double(w, THTensor_data(M), B, (double *)y, t.tw, ty0, nt, T, (double *)row);
    }
  }
  THTensor_free(M);
  return status;
}
