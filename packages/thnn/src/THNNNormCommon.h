/* THNNNormCommon.h — helpers shared by the normalization kernels (not installed): checks of the
 * per-channel parameters and statistics, and moving those small vectors in and out of tensors of
 * any layout as doubles. */
#ifndef THNN_NORM_COMMON_H
#define THNN_NORM_COMMON_H

#include "THNNInternal.h"

/* Passes over more elements than this run on OpenMP's threads. */
#define THNN_NORM_GRAIN 32768

/* NULL passes; else t has input's dtype and n elements, or TH_ERR in PyTorch's words:
 * "<op>: <what> should contain 3 elements not 4". */
int THNN_normCheckVector(const char *op, const char *what, const THTensor *t, const THTensor *input, int64_t n);
/* t's n values (any layout) as doubles into v; t NULL: v is filled with dflt. */
int THNN_normLoad(const THTensor *t, int64_t n, double dflt, double *v);
/* Writes v into t's n elements (any layout) and bumps t's version. */
int THNN_normStore(THTensor *t, int64_t n, const double *v);
/* t += scale * v (t's n elements, any layout); t NULL: nothing. */
int THNN_normAccumulate(THTensor *t, int64_t n, const double *v, double scale);
/* Resizes t to sizes unless it has them (saved statistics: written with THNN_normStore). */
int THNN_normResize(THTensor *t, int ndim, const int64_t *sizes);
/* malloc'd n doubles (n may be 0), or NULL after THError. */
double *THNN_normAlloc(int64_t n);

/* Threads for a pass over `work` elements: OpenMP's count above THNN_NORM_GRAIN, else 1. */
int THNN_normThreads(int64_t work);
/* The calling thread's number in the current parallel region (0 outside one). */
int THNN_threadNum(void);

#endif
