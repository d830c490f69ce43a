/* THNNInternal.h — helpers shared by the kernels (not installed): argument checks with PyTorch-style
 * messages, and the "write into the caller's output" protocol. */
#ifndef THNN_INTERNAL_H
#define THNN_INTERNAL_H

#include "THNN/THNN.h"

/* For the generic/ files: FN(name) is name_Float or name_Double. */
#define THNN_CONCAT3_(a, b, c) a##b##c
#define THNN_CONCAT3(a, b, c) THNN_CONCAT3_(a, b, c)

/* On a hot loop: compiled twice, for AVX2 and for the baseline ISA, picked at load time (as libTH's
 * kernels). Helpers it calls should be static inline so that they are compiled into both. Off
 * under ASan (ifuncs resolve before ASan's runtime is ready). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define THNN_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define THNN_CLONES
#endif
#define THNN_ALWAYS_INLINE static inline __attribute__((always_inline))

/* for (VAR = 0; VAR < N; VAR++) BODY, split over OpenMP threads (with the pragma's CLAUSES, e.g.
 * reduction(+ : sum)) when PARALLEL holds, else in the calling thread without entering a parallel
 * region at all: libgomp sets up a team even for a region that an if clause keeps on one thread,
 * which costs more than a small kernel. VAR must be declared by the caller. */
#define THNN_PRAGMA_(x) _Pragma(#x)
#define THNN_PARALLEL_FOR(VAR, N, PARALLEL, CLAUSES, ...) \
  do {                                                    \
    if (PARALLEL) {                                       \
      THNN_PRAGMA_(omp parallel for CLAUSES)              \
      for (VAR = 0; VAR < (N); VAR++) __VA_ARGS__         \
    } else {                                              \
      for (VAR = 0; VAR < (N); VAR++) __VA_ARGS__         \
    }                                                     \
  } while (0)

/* t's shape "[2, 3]" into buf (libTH's THShapeStr; TH_SHAPE_BUF bytes hold it). */
const char *THNN_shapeStr(char *buf, size_t n, const THTensor *t);
/* t is float32 or float64, else TH_ERR: "<op>: expected <what> to be a float32 or float64 tensor, but got int64". */
int THNN_checkFloating(const char *op, const char *what, const THTensor *t);
/* t has ref's dtype, else TH_ERR naming both. */
int THNN_checkSameDType(const char *op, const char *what, const THTensor *t, const char *refWhat, const THTensor *ref);
/* t has ref's shape, else TH_ERR naming both shapes. */
int THNN_checkSameShape(const char *op, const char *what, const THTensor *t, const char *refWhat, const THTensor *ref);
/* 1 when a and b have the same shape; when t has the given sizes. */
int THNN_sameShape(const THTensor *a, const THTensor *b);
int THNN_hasSizes(const THTensor *t, int ndim, const int64_t *sizes);
/* THTensor_wrapDim with the op's name in front of libTH's message. */
int THNN_wrapDim(const char *op, const THTensor *t, int64_t dim, int *d);

/* Results. A kernel writes contiguous memory; the caller's result r may be anything:
 *   THTensor *tmp, *y = THNN_resultTarget(r, ndim, sizes, &tmp);   // NULL on error
 *   ... write y's data ...
 *   return THNN_resultFinish(r, tmp);
 * y is r itself (resized when its shape differs) when r is contiguous, else a temporary that
 * resultFinish copies into r and frees. resultFinish bumps r's version (autograd sees the write). */
THTensor *THNN_resultTarget(THTensor *r, int ndim, const int64_t *sizes, THTensor **tmp);
int THNN_resultFinish(THTensor *r, THTensor *tmp);

#endif
