/* THNNPoolingCommon.h — what the pooling files share (not installed): the input seen as planes of
 * a 3-d grid, argument checks with PyTorch's messages, per-dim window tables, and the per-plane
 * max kernel that max, adaptive max and fractional max pooling all run. */
#ifndef THNN_POOLING_COMMON_H
#define THNN_POOLING_COMMON_H

#include "THNNInternal.h"

/* Above this many input elements a pooling splits its planes over OpenMP threads. */
#define THNN_POOL_GRAIN 32768
/* Outputs of one row that the vectorized interior kernels handle at once (their stack buffers). */
#define THNN_POOL_CHUNK 64
/* Planes per task when each plane is one window (global pooling). */
#define THNN_POOL_PLANE_CHUNK 256

/* The per-plane kernels are compiled twice (THNN_CLONES, THNNInternal.h) and their helpers inline
 * into them (THNN_ALWAYS_INLINE), so that the vectorized passes get the wider registers. */

/* The input as `planes` independent [in[0], in[1], in[2]] grids (1-d and 2-d get unit dims in
 * front), and the output grid. */
typedef struct THNNPoolShape {
  int nDims;      /* spatial dims of the op: 1, 2 or 3 */
  int ndim;       /* the input's rank: nDims + 1 (unbatched) or nDims + 2 */
  int64_t lead[2]; /* the input's non-spatial sizes ([C] or [N, C]) */
  int64_t planes; /* N * C */
  int64_t in[3], out[3];
} THNNPoolShape;

/* names[nDims - 1] (an op's 1-d, 2-d and 3-d names), or a generic name for a bad nDims (which
 * THNNPool_input then reports). */
#define THNN_POOL_OP(names, nDims) ((nDims) >= 1 && (nDims) <= 3 ? (names)[(nDims) - 1] : "pooling")

/* Which non-batch dims may be empty (PyTorch differs between ops). */
enum { THNN_POOL_ALLOW_EMPTY_CHANNELS = 1 };

/* Checks input (not NULL, float32/float64, rank nDims + 1 or nDims + 2, non-empty non-batch dims)
 * and fills s->ndim, lead, planes, in (out is left to the caller). */
int THNNPool_input(const char *op, int nDims, const THTensor *input, int flags, THNNPoolShape *s);
/* Checks the sliding-window geometry (dilation may be NULL: all 1) and sets s->out. */
int THNNPool_slidingOutput(const char *op, THNNPoolShape *s, const int64_t *kernel, const int64_t *stride,
                           const int64_t *padding, const int64_t *dilation, int ceilMode);
/* The output's sizes (the input's leading sizes, then out's last nDims); returns the rank. */
int THNNPool_outputSizes(const THNNPoolShape *s, int64_t *sizes);
/* The product of a 3-d grid's sizes. */
static inline int64_t THNNPool_numel3(const int64_t *g) { return g[0] * g[1] * g[2]; }

/* t has the input's rank and leading sizes and the 3-d grid `spatial`'s last nDims sizes after
 * them, else TH_ERR naming both shapes. */
int THNNPool_checkShape(const char *op, const char *what, const THTensor *t, const THNNPoolShape *s,
                        const int64_t *spatial);
/* t is an int64 tensor, else TH_ERR. */
int THNNPool_checkIndices(const char *op, const THTensor *t);
/* s->out from t's last nDims sizes (t must have the input's rank), for backward passes whose output
 * size is their gradOutput's or indices'. */
int THNNPool_gridOf(const char *op, const char *what, THNNPoolShape *s, const THTensor *t);
/* s->out from an adaptive pooling's outputSize[nDims] (each >= 0). */
int THNNPool_adaptiveOutput(const char *op, THNNPoolShape *s, const int64_t *outputSize);
/* Writes a 3-d grid's last nDims sizes: "3x5" (2-d), joined by 'x'. */
const char *THNNPool_gridStr(char *buf, size_t n, int nDims, const int64_t *g);

/* Per-dim windows: output position o along dim k pools input positions start[k][o],
 * start[k][o] + step[k], ... below end[k][o] (clipped to the input); count[k][o] is that
 * position's factor of an average's divisor. */
typedef struct THNNPoolWindows {
  int64_t *start[3], *end[3], *count[3];
  int64_t step[3];
  /* Sliding windows along W, for the vectorized kernels: kernel, stride, padding, dilation (wKernel
   * 0: the windows are not uniform), and the outputs [wLo, wHi) whose window lies inside the input. */
  int64_t wKernel, wStride, wPad, wDilation, wLo, wHi;
  int64_t *buf; /* owns the tables */
} THNNPoolWindows;

/* Allocates the tables for s->out; TH_ERR when out of memory. */
int THNNPool_windowsAlloc(THNNPoolWindows *w, const THNNPoolShape *s);
void THNNPool_windowsFree(THNNPoolWindows *w);
/* Sliding windows (dilation NULL: 1; count is for averages: padded or not). */
int THNNPool_slidingWindows(THNNPoolWindows *w, const THNNPoolShape *s, const int64_t *kernel, const int64_t *stride,
                            const int64_t *padding, const int64_t *dilation, int countIncludePad);
/* Adaptive windows: [floor(o in / out), ceil((o + 1) in / out)). */
int THNNPool_adaptiveWindows(THNNPoolWindows *w, const THNNPoolShape *s);

/* 1 when the output has one element per plane and its window is the whole plane (step 1). */
static inline int THNNPool_wholePlane(const THNNPoolShape *s, const THNNPoolWindows *w) {
  for (int k = 0; k < 3; k++)
    if (s->out[k] != 1 || w->start[k][0] != 0 || w->end[k][0] != s->in[k] || w->step[k] != 1) return 0;
  return 1;
}

/* Max over each window of one contiguous plane (NaN wins, first maximum wins, see THNNPooling.h);
 * ind may be NULL. */
void THNNPool_maxPlane_Float(const float *x, float *y, int64_t *ind, const THNNPoolShape *s, const THNNPoolWindows *w);
void THNNPool_maxPlane_Double(const double *x, double *y, int64_t *ind, const THNNPoolShape *s,
                              const THNNPoolWindows *w);

/* The backward of every max pooling: gradInput (resized to input's shape, zeroed) gets
 * gradOutput[plane][j] added at indices[plane][j]; gradOutput and indices have the forward output's
 * shape (s->out set); an index outside the plane is an error naming it. */
int THNNPool_maxBackward(const char *op, const THNNPoolShape *s, const THTensor *input, const THTensor *gradOutput,
                         THTensor *gradInput, const THTensor *indices);
/* Output and indices resized for the forward of a max pooling, their kernels' targets in *y and
 * *ind (contiguous), and the finishing step; see THNN_resultTarget. */
typedef struct THNNPoolResults {
  THTensor *y, *yTmp, *ind, *indTmp;
} THNNPoolResults;
int THNNPool_resultsBegin(const char *op, THNNPoolResults *r, const THNNPoolShape *s, const THTensor *input,
                          THTensor *output, THTensor *indices);
int THNNPool_resultsFinish(THNNPoolResults *r, THTensor *output, THTensor *indices, int status);

#endif
