/* THIterator.h — the one iterator behind every elementwise kernel.
 * It broadcasts operands to the output's shape, orders dimensions by memory layout, coalesces
 * them, and calls an inner-loop function over 1-d runs, splitting the range over threads above a
 * grain size. Kernels only ever see `loop(data, strides, n)`. */
#ifndef TH_ITERATOR_H
#define TH_ITERATOR_H

#include "THTensor.h"

#define TH_ITER_MAX_OPERANDS 5

/* Processes `outer` rows of n elements each. data[k] points at operand k's first element;
 * strides[k] is its step in bytes within a row and strides[nops + k] from one row to the next. */
typedef void (*THLoop)(char **data, const int64_t *strides, int64_t n, int64_t outer, void *ctx);

typedef struct THIter {
  int nops;  /* operand 0 is the output */
  int ndim;  /* after coalescing; dim 0 varies fastest */
  int64_t numel;
  int64_t shape[TH_MAX_DIMS];
  int64_t strides[TH_MAX_DIMS][TH_ITER_MAX_OPERANDS]; /* bytes */
  char *data[TH_ITER_MAX_OPERANDS];
} THIter;

/* ops[0] must already have the broadcast shape of ops[1..nops-1]. */
TH_API int THIter_init(THIter *it, int nops, const THTensor *const *ops);
/* Runs loop over every element, whole rows at a time where it can; parallel when numel > grain
 * (grain <= 0: a default). */
TH_API void THIter_forEach(const THIter *it, THLoop loop, void *ctx, int64_t grain);
/* The memory order (outermost first) a fresh output should get to match its inputs' layout. */
TH_API void THIter_outputLayout(int nin, const THTensor *const *inputs, int ndim, const int64_t *shape, int *perm);

#endif
