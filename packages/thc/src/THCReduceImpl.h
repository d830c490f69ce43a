/* THCReduceImpl.h — libTHC's one reduction engine and its scans (private to libTHC).
 *
 * The host side (THCReduceRun.c) turns a reduction into a plan from metadata only, as libTH's
 * THReduceIter does: the input's dims are split into kept and reduced ones, size-1 dims dropped,
 * each group ordered by input stride (innermost first; arg-reductions keep the reduced dims in
 * logical order so that indices are row-major positions) and neighbours that form one run
 * coalesced. Then it picks one of three shapes, all run by the same kernel (THCReduceKernels.cuh):
 *   inner: a reduced dim is fastest in memory — threads along x split the reduced range of one
 *          output (vectorized loads when it is contiguous), warp shuffles then shared memory
 *          combine them; threads along y take further outputs;
 *   outer: a kept dim is fastest — threads along x take neighbouring outputs (coalesced loads;
 *          four outputs each with vector loads when that dim is contiguous), threads along y split
 *          the reduced range, combined in shared memory;
 *   split: either of those with few outputs and a long reduced range also splits the range over
 *          grid.y slices: each slice's partial goes to scratch and a second kernel combines the
 *          slices in order (two passes, no atomics: results never depend on timing).
 * Ops are functors (identity, reduce, combine, project), so every reduction shares the kernels.
 *
 * Scans (THCScan.c, THCScanKernels.cu): a block-wide scan of tiles along a line when the scanned
 * dim is fastest, or one thread per line walking it when another dim is; long lines with few of
 * them are cut into chunks: chunk totals, their exclusive prefix per line, then each chunk's scan
 * starting from its prefix (three passes). */
#ifndef THC_REDUCE_IMPL_H
#define THC_REDUCE_IMPL_H

#include "THC/THC.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The kernels of the engine (one functor each, instantiated per input dtype). */
typedef enum THCReduceKind {
  THC_RK_SUM,       /* flags: THC_RF_SKIPNAN (nansum), THC_RF_MEAN (divide by the count) */
  THC_RK_NANMEAN,
  THC_RK_PROD,
  THC_RK_MAX,
  THC_RK_MIN,
  THC_RK_MINMAX,    /* out0: min, out1: max */
  THC_RK_ARGMAX,    /* out0: values (may be NULL), out1: int64 indices */
  THC_RK_ARGMIN,
  THC_RK_MOMENTS,   /* p: correction; flags: THC_RF_STD; out0: var/std, out1: mean (may be NULL) */
  THC_RK_NORM,      /* p: the order; flags: THC_NORM_* */
  THC_RK_COUNT,     /* flags: THC_COUNT_* (all, any and count_nonzero count nonzeros) */
  THC_RK_LOGSUMEXP,
  THC_NumReduceKinds
} THCReduceKind;

#define THC_RF_SKIPNAN 1
#define THC_RF_MEAN 2
#define THC_RF_STD 1
enum { THC_NORM_P, THC_NORM_0, THC_NORM_1, THC_NORM_2, THC_NORM_INF, THC_NORM_NINF };
enum { THC_COUNT_ALL, THC_COUNT_ANY, THC_COUNT_NONZERO };

/* Outputs per thread of outer reductions over data contiguous along the outputs (4: a float
 * thread loads 16 bytes at once). */
#define THC_REDUCE_OUTER_VEC 4

/* Passed by value to the kernels (about 1.3 KB; the kernel parameter limit is 4 KB). Dims are
 * innermost first, strides in elements. */
typedef struct THCReducePlan {
  const void *in;
  void *out[2]; /* NULL: that result is not written */
  int outType[2];
  int nk, nr;   /* kept and reduced dims (at least 1 each) */
  int64_t kshape[TH_MAX_DIMS], kin[TH_MAX_DIMS], kout[2][TH_MAX_DIMS];
  int64_t rshape[TH_MAX_DIMS], rin[TH_MAX_DIMS];
  int64_t nout, nred;
  /* op parameters */
  double p;
  int flags;
  /* launch: block (bdx, bdy), grid (gx, gy); blocks loop over ngroups groups of outputs */
  int inner;    /* 1: x splits the reduced range, y takes outputs; 0: x takes outputs, y splits */
  int vec;      /* inner with one contiguous reduced dim: vectorized loads */
  int ovec;     /* outer: outputs per thread, THC_REDUCE_OUTER_VEC when the innermost kept dim is
                   contiguous, a multiple of it long and every vector aligned (vector loads), else 1 */
  int bdx, bdy, gx, gy;
  int64_t ngroups;
  int64_t sliceLen; /* reduced elements per grid.y slice */
  void *partials;   /* gy > 1: [gy][nout] accumulators (set by the launcher) */
  int fbx, fby, fgx; /* the kernel that combines the slices */
} THCReducePlan;

/* Runs kind on in (a device tensor) into out0/out1 (device tensors of the reduced shape, either
 * may be NULL; not overlapping in), with reduced[d] != 0 for each reduced dim. logical: the
 * reduced index is the row-major position (arg-reductions). Under the caller's device guard. */
int THCReduce_run(THCState *state, int device, const char *name, THCReduceKind kind, THTensor *out0, THTensor *out1,
                  const THTensor *in, const uint8_t *reduced, int keepdim, int logical, double p, int flags);
/* Whether kind has a kernel for inputs of dtype t. */
int THCReduce_hasKernel(THCReduceKind kind, THDType t);

/* Copies src into dst (same shape, both on `device`, any strides and dtypes; TH's conversions). */
int THCReduce_copy(THCState *state, int device, THTensor *dst, const THTensor *src);

/* ---- launchers, one per kernel file (THCReduce*.cu); TH_ERR with the error set ---- */
int THCReduce_launchSum(THCState *state, THCStream *stream, THCReduceKind kind, THDType t, THCReducePlan *p);
int THCReduce_launchMaxMin(THCState *state, THCStream *stream, THCReduceKind kind, THDType t, THCReducePlan *p);
int THCReduce_launchArg(THCState *state, THCStream *stream, THCReduceKind kind, THDType t, THCReducePlan *p);
int THCReduce_launchStats(THCState *state, THCStream *stream, THCReduceKind kind, THDType t, THCReducePlan *p);

typedef struct THCCopyPlan {
  const void *src;
  void *dst;
  int srcType, dstType;
  int ndim; /* innermost first */
  int64_t size[TH_MAX_DIMS], sstr[TH_MAX_DIMS], dstr[TH_MAX_DIMS];
  int64_t numel;
} THCCopyPlan;
int THCReduce_launchCopy(THCStream *stream, const THCCopyPlan *p);

/* ---- scans ---- */
enum { THC_SCAN_SUM, THC_SCAN_PROD, THC_SCAN_MAX, THC_SCAN_MIN };
#define THC_SCAN_ITEMS 4 /* elements per thread per tile (inner scans) */

typedef struct THCScanPlan {
  const void *in;
  void *out;
  int64_t *idx; /* cummax/cummin indices */
  int64_t n;    /* line length */
  int64_t sIn, sOut, sIdx; /* strides along the line */
  int nl;       /* the other dims (innermost first, coalesced); at least 1 */
  int64_t lshape[TH_MAX_DIMS], lin[TH_MAX_DIMS], lout[TH_MAX_DIMS], lidx[TH_MAX_DIMS];
  int64_t nlines;
  int op, outBool;
  int inner;    /* 1: a block row scans tiles of one line; 0: a thread walks one line */
  int vecIn, vecOut;
  int bdx, bdy, gx, nchunks;
  int64_t ngroups, chunkLen;
  void *partials; /* nchunks > 1: [nlines][nchunks] chunk totals, then their exclusive prefixes */
} THCScanPlan;
/* Scans in (a device tensor of dtype t) along `dim` into out (dtype t) and idx (int64, cummax and
 * cummin), both with in's shape. out may be in itself (the same view). */
int THCScan_run(THCState *state, int device, int op, THTensor *out, THTensor *idx, const THTensor *in, int dim);
int THCScan_launch(THCState *state, THCStream *stream, THDType t, THCScanPlan *p);

#ifdef __cplusplus
}
#endif

#endif
