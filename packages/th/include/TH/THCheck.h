/* THCheck.h — PyTorch's argument checks and message pieces that need only tensor metadata, for
 * every backend: libTH's ops use them, and so do libTHC's and libTHNN's on their own tensors. */
#ifndef TH_CHECK_H
#define TH_CHECK_H

#include "THTensor.h"

#include <stddef.h>

/* A shape as PyTorch prints it, "[2, 3]", into buf (n bytes; TH_SHAPE_BUF holds any message's). */
TH_API const char *THShapeStr(char *buf, size_t n, int ndim, const int64_t *sizes);
#define TH_SHAPE_BUF 256

/* True when t's elements fill a block of memory exactly once, in some dimension order. */
TH_API int THTensor_isNonOverlappingAndDense(const THTensor *t);

/* PyTorch's aliasing rules for a write into r that reads `in` (NULL entries skipped): refuses an r
 * whose elements alias each other, and an input that partially overlaps r (both dense); reports
 * the op's name. Compares addresses only, so it serves device tensors too. */
TH_API int THCheckWriteOverlap(const char *op, const THTensor *r, int nin, const THTensor *const *in);

/* PyTorch's check that a Scalar converts to dtype t without overflow (c10::overflows): integers
 * must be in range (unsigned types also take negatives down to -max, which wrap), finite floats
 * within the type's range; NaN and infinities always convert. */
TH_API int THCheckScalarFits(const char *op, THDType t, double v);

/* Wraps each of dims (n of them) against t's dims and marks it in flags (TH_MAX_DIMS ints, cleared
 * first); a dim named twice is PyTorch's "appears multiple times" error (flip, and the like). */
TH_API int THCheckDimsOnce(const THTensor *t, int n, const int64_t *dims, int *flags);

/* PyTorch's zero_numel_check_dims for max/min/argmax/...: an empty `a` needs reduced dims (mask, or
 * all of them when `all` or ndim == 0) of non-zero size; `name` is the op ("max", ...). */
TH_API int THCheckReduceNonEmpty(const char *name, const THTensor *a, int ndim, const uint8_t *mask, int all);

/* put_'s arguments: an int64 index, a source of self's dtype with as many elements as index, and
 * no puts into an empty self. */
TH_API int THCheckPut(const THTensor *self, const THTensor *index, const THTensor *source);

/* arange's arguments for a result of dtype t: finite, a nonzero step whose sign agrees with
 * end - start, and one that stays nonzero once an integer t truncates start and step (as the
 * values are computed). Gives the element count and the start and step to compute them from. */
TH_API int THCheckArange(THDType t, double *start, double end, double *step, int64_t *size);

/* uniform_'s bounds for a floating dtype t: within t's range, from <= to, and to - from finite in t. */
TH_API int THCheckUniform(THDType t, double from, double to);

/* ---- The BLAS family's arguments (THBlasCheck.c) ---- */

/* An out= tensor r of dtype t. */
TH_API int THCheckOutDtype(const char *op, const THTensor *r, THDType t);
/* The BLAS family's operand dtypes: a and b (named na, nb in the message) alike, and not bool. */
TH_API int THCheckSameDtype(const char *op, const char *na, const THTensor *a, const char *nb, const THTensor *b);
/* mm (self NULL) and addmm: two matrices that multiply, of self's and r's dtype. */
TH_API int THCheckMm(const char *op, const THTensor *r, const THTensor *self, const THTensor *m1, const THTensor *m2);
/* bmm (self NULL), baddbmm and addbmm: two batches of matrices that multiply. */
TH_API int THCheckBmm(const char *op, const THTensor *r, const THTensor *self, const THTensor *b1, const THTensor *b2);
/* mv (self NULL) and addmv: a matrix and a vector that multiply. */
TH_API int THCheckMv(const char *op, const THTensor *r, const THTensor *self, const THTensor *mat, const THTensor *vec);
/* addr: two vectors; operands of different dtypes are promoted, as PyTorch does: *promote gets
 * their result type (then the caller converts and calls again), else TH_DTYPE_NONE. */
TH_API int THCheckAddr(const THTensor *r, const THTensor *self, const THTensor *v1, const THTensor *v2, THDType *promote);
/* dot and vdot (and matmul of two vectors): 1-d tensors of one dtype and length. */
TH_API int THCheckDot(const char *op, const THTensor *r, const THTensor *a, const THTensor *b);
/* matmul's ranks, dtypes and, for two matrices, shapes (batched shapes: THMatmul_plan). */
TH_API int THCheckMatmul(const THTensor *r, const THTensor *a, const THTensor *b);
/* The add- ops' self against the product's shape (ndim, sizes): r == self (in place) must have
 * it, else self must broadcast to it. */
TH_API int THCheckAddShape(const char *op, const THTensor *r, const THTensor *self, int ndim, const int64_t *sizes);

#endif
