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

#endif
