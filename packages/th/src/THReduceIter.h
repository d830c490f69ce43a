/* The one reduction iterator behind every reduction of THReduce.c (private to libTH).
 *
 * It splits the input's dims into reduced and kept ones, drops size-1 dims, orders each group by
 * memory layout (innermost first; arg-reductions keep the reduced dims in logical order so that
 * indices are row-major positions), coalesces neighbours that form one run, and then runs a
 * kernel in one of two shapes:
 *   inner: the input's fastest dim is reduced — each output reduces 1-d runs (kernel.inner), which
 *          a kernel vectorizes with several accumulators;
 *   outer: a kept dim is fastest — whole rows of the input are accumulated elementwise into a
 *          block of outputs (kernel.outer).
 * Outputs are split into groups (a block of outputs along the fastest kept dim) and, when the
 * reduced range is long, the range into chunks of a fixed size; groups x chunks are spread over
 * OpenMP threads and chunk partials are combined in order, so results never depend on the
 * number of threads.
 *
 * Accumulators have nfields fields of 8 bytes, stored field-major for a block of W outputs:
 * field f of output j is at ((T *)acc)[f * W + j]. */
#ifndef TH_REDUCE_ITER_H
#define TH_REDUCE_ITER_H

#include "THInternal.h"

#define TH_RACC_FIELDS 4

/* Values a kernel's finish produces, stored into the output's dtype by the iterator. */
typedef union THRVal {
  double d;
  int64_t i;
} THRVal;

typedef struct THReduceCtx {
  double p;      /* norm's p; var's correction */
  int post;      /* a variant of finish: sum -> mean (divide by count); var -> std (sqrt) */
  int out0Int;   /* finish gives int64 values (THRVal.i) for output 0, else doubles */
  int out1Int;   /* the same for output 1 */
} THReduceCtx;

/* The kernels, one per op and input dtype (THReduceKernels.c). */
typedef enum THReduceOp {
  TH_R_SUM, TH_R_NANSUM, TH_R_PROD, TH_R_MAX, TH_R_MIN, TH_R_ARGMAX, TH_R_ARGMIN, TH_R_MINMAX, TH_R_MOMENTS,
  TH_R_NORMP, TH_R_NORM0, TH_R_NORM1, TH_R_NORM2, TH_R_NORMINF, TH_R_NORMNINF, TH_R_ALL, TH_R_ANY, TH_R_COUNT,
  TH_R_NANMEAN, TH_NumReduceOps
} THReduceOp;
/* NULL when op has no kernel for inputs of dtype t. */
const struct THReduceKernel *THReduce_kernel(THReduceOp op, THDType t);

typedef struct THReduceKernel {
  int nfields;
  /* sets W accumulators to the identity */
  void (*init)(void *acc, int64_t W);
  /* reduces w runs of n elements each (stride in bytes; idx0: row-major index of their first
   * element within the reduced dims, for arg-reductions): run j starts at in + j*runStride and
   * goes into accumulator j. One call per group keeps per-output calls out of the hot loop. */
  void (*inner)(void *acc, int64_t W, int64_t w, const char *in, int64_t runStride, int64_t n, int64_t stride,
                int64_t idx0, const THReduceCtx *ctx);
  /* accumulates rows x cols elements: element (r, c) at in + r*rowStride + c*colStride goes into
   * accumulator c; row r has reduced index idx0 + r */
  void (*outer)(void *acc, int64_t W, const char *in, int64_t rows, int64_t rowStride, int64_t cols,
                int64_t colStride, int64_t idx0, const THReduceCtx *ctx);
  /* accumulator j of acc absorbs accumulator j2 of other (which comes later in the reduced order) */
  void (*combine)(void *acc, int64_t W, int64_t j, const void *other, int64_t W2, int64_t j2);
  /* results of cols accumulators over `count` elements into v0 (and v1 for two-output ops) */
  void (*finish)(const void *acc, int64_t W, int64_t cols, int64_t count, const THReduceCtx *ctx, THRVal *v0,
                 THRVal *v1);
} THReduceKernel;

typedef struct THReduceIter {
  const char *in;
  char *out[2];
  THDType outType[2];
  int nouts;
  int nk, nr; /* kept and reduced dims after ordering and coalescing (at least 1 each) */
  int64_t kshape[TH_MAX_DIMS], kin[TH_MAX_DIMS], kout[2][TH_MAX_DIMS]; /* innermost first; bytes */
  int64_t rshape[TH_MAX_DIMS], rin[TH_MAX_DIMS];
  int64_t nout, nred;
} THReduceIter;

/* reduced[d] != 0 for each reduced dim of in. out0 (and out1, may be NULL) already have the
 * result shape: in's shape with the reduced dims removed, or kept as 1 when keepdim.
 * logical: keep reduced dims in row-major order (arg-reductions). */
void THReduceIter_init(THReduceIter *it, const THTensor *in, const uint8_t *reduced, int keepdim, THTensor *out0,
                       THTensor *out1, int logical);
/* Runs the reduction; returns TH_ERR only when memory for chunk partials cannot be had. */
int THReduceIter_run(const THReduceIter *it, const THReduceKernel *k, const THReduceCtx *ctx);

/* Stores n values (doubles, or int64 when isInt) into dtype t, stride in bytes. */
void THReduce_store(char *out, int64_t stride, THDType t, const THRVal *v, int64_t n, int isInt);

#endif
