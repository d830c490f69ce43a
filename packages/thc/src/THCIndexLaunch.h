/* THCIndexLaunch.h — private interface between the host code of indexing, joining, scatter/gather,
 * sorting and searching (THCIndex.c, THCScatter.c, THCJoin.c, THCSort.c, THCUnique.c,
 * THCSearch.c, THCIndexUtil.c) and their kernels (THCIndexKernels.cu, THCScatterKernels.cu,
 * THCSortKernels.cu, THCRadixSort.cu). C and C++ both read it; it names no CUDA type, so the host
 * files need not be compiled by nvcc.
 *
 * Launchers return 0, a positive cudaError_t (the launch or a CUDA call failed: the caller turns it
 * into a message with THCError), or THC_IDX_FAILED when they already recorded a message with
 * THError (out of scratch memory). Streams are cudaStream_t passed as void *.
 *
 * Geometry: kernels walk a shape in row-major order and find each operand's element from the
 * linear position with a private offset helper (div/mod over at most TH_MAX_DIMS dims, after
 * THCIdx_coalesce merged what it could). This stands in for the shared pointwise iterator
 * (THCApply.cuh), which did not exist when this was written: these kernels can move onto it. */
#ifndef THC_INDEX_LAUNCH_H
#define THC_INDEX_LAUNCH_H

#include <stddef.h>
#include <stdint.h>

#include "TH/THGeneral.h"

#ifdef __cplusplus
extern "C" {
#endif

struct THCState;
struct THCStream;

#define THC_IDX_FAILED (-1)
#define THC_IDX_MAXOPS 4

/* One strided operand over a shape (elements; strides may be 0 or negative). */
typedef struct THCIdxGeom {
  int ndim;
  int64_t sizes[TH_MAX_DIMS];
  int64_t strides[TH_MAX_DIMS];
} THCIdxGeom;

/* Up to THC_IDX_MAXOPS operands over one shape. */
typedef struct THCIdxIter {
  int ndim;
  int nops;
  int64_t sizes[TH_MAX_DIMS];
  int64_t strides[THC_IDX_MAXOPS][TH_MAX_DIMS];
} THCIdxIter;

/* ---- elementwise (THCIndexKernels.cu) ---- */
/* op0 (dst, dtype ddt) = op1 (src, dtype sdt), converted as libTH's copy converts. */
int THCIdx_launchCopy(void *stream, const THCIdxIter *it, int64_t n, char *dst, int ddt, const char *src, int sdt);
/* op0 = bits (elem bytes), where op1 (a uint8/bool mask, may be NULL: everywhere) is nonzero. */
int THCIdx_launchFill(void *stream, const THCIdxIter *it, int64_t n, char *dst, size_t elem, uint64_t bits, const uint8_t *mask);

/* ---- index validation and scans (THCIndexKernels.cu) ---- */
/* The first position (row-major over g's shape) of the int64 tensor idx whose value is outside
 * [lo, hi): *pos = -1 when there is none, else its position and *value its value. Synchronises. */
int THCIdx_firstOutOfRange(struct THCState *state, struct THCStream *stream, const THCIdxGeom *g, int64_t n, const int64_t *idx,
                           int64_t lo, int64_t hi, int64_t *pos, int64_t *value);
/* Exclusive prefix sums of n flags (uint8, 0/1) or int64 values into out (may be NULL), and their
 * total read back to the host (synchronises). */
int THCIdx_scanFlags(struct THCState *state, struct THCStream *stream, const uint8_t *flags, int64_t n, int64_t *out, int64_t *total);
int THCIdx_scanInt64(struct THCState *state, struct THCStream *stream, const int64_t *values, int64_t n, int64_t *out, int64_t *total);
/* flags[i] = (op0 of it, an element of dtype dt, is nonzero) for i < n (row-major). */
int THCIdx_launchNonzeroFlags(void *stream, const THCIdxIter *it, int64_t n, const char *a, int dt, uint8_t *flags);
/* flags[i] = (op0 of it, a uint8/bool mask element, is nonzero). */
int THCIdx_launchMaskFlags(void *stream, const THCIdxIter *it, int64_t n, const uint8_t *mask, uint8_t *flags);
/* nonzero: out[pos[i]][d] = coordinate d of i in shape g (g.sizes only) where flags[i]. */
int THCIdx_launchNonzeroWrite(void *stream, const THCIdxGeom *g, int64_t n, const uint8_t *flags, const int64_t *pos, int64_t *out);
/* masked_select: out[pos[i]] = op0 of it at i, where flags[i]. */
int THCIdx_launchMaskedSelect(void *stream, const THCIdxIter *it, int64_t n, const uint8_t *flags, const int64_t *pos,
                              const char *self, char *out, size_t elem);
/* masked_scatter: op0 of it (r) at i = source element pos[i] (source read row-major through sg), where flags[i]. */
int THCIdx_launchMaskedScatter(void *stream, const THCIdxIter *it, int64_t n, const uint8_t *flags, const int64_t *pos, char *r,
                               const THCIdxGeom *sg, const char *src, size_t elem);

/* ---- advanced indexing along planned dims (THCIndexKernels.cu) ----
 * The result of an index is [B..., I..., A...]: I the broadcast index dims, B and A the plain dims
 * before and after. offI[i] is the source offset of index position i. */
/* offI[i] (first: =, else +=) wrap(idx_j at position i) * stride for i < numI; idx_j is read
 * through g (its broadcast strides over the I shape). Values outside [allowNeg ? -size : 0, size)
 * record min(i * k + j) in *err (an unsigned 64-bit word, set to all ones beforehand). */
int THCIdx_launchIndexOffsets(void *stream, const THCIdxGeom *g, int64_t numI, const int64_t *idx, int64_t size, int64_t stride,
                              int allowNeg, int first, int64_t *offI, uint64_t *err, int64_t k, int64_t j);
/* out (contiguous [B, I, A]) = src[offB(b) + offI[i] + offA(a)]; B and A: src's strides. */
int THCIdx_launchIndexGather(void *stream, const THCIdxGeom *B, const THCIdxGeom *A, int64_t numB, int64_t numI, int64_t numA,
                             const int64_t *offI, char *out, const char *src, size_t elem);
/* dst[offB(b) + offI[i] + offA(a)] (mode 0: =, 1: += alpha *) v, where v is vals read through V
 * (over the whole [B, I, A] shape) or, when vals is NULL, the element `bits`. */
int THCIdx_launchIndexScatter(void *stream, const THCIdxGeom *B, const THCIdxGeom *A, const THCIdxGeom *V, int64_t numB,
                              int64_t numI, int64_t numA, const int64_t *offI, char *dst, int dt, const char *vals, uint64_t bits,
                              int mode, double alpha);
/* take: out[i] (contiguous) = self at flat position idx[i] (negative: from the end), idx read
 * through ig, self through sg. Indices must be valid. */
int THCIdx_launchTake(void *stream, const THCIdxGeom *ig, const THCIdxGeom *sg, int64_t n, int64_t numel, const int64_t *idx,
                      const char *self, char *out, size_t elem);
/* put: r at flat position idx[i] (=, or += with accumulate) the i-th source element (row-major). */
int THCIdx_launchPut(void *stream, const THCIdxGeom *ig, const THCIdxGeom *sg, const THCIdxGeom *rg, int64_t n, int64_t numel,
                     const int64_t *idx, const char *src, char *r, int dt, int accumulate);
/* out[i] = i for positions in [starts[i], starts[i] + counts[i]) — repeat_interleave's indices:
 * out has total elements, excl are the exclusive sums of the n counts. */
int THCIdx_launchRepeatIndices(void *stream, const int64_t *excl, int64_t n, int64_t *out, int64_t total);

/* ---- gather / scatter along a dim (THCScatterKernels.cu) ----
 * it walks the index's shape; op0 index, op1 destination (its stride along dim zeroed: the index
 * value moves it), op2 source (scatter: src, may be absent; gather: self with dim zeroed), op3
 * counts of scatter_reduce(mean) (dim zeroed). */
int THCIdx_launchGather(void *stream, const THCIdxIter *it, int64_t n, const int64_t *idx, char *out, const char *self,
                        int64_t selfDimStride, size_t elem);
/* reduce: THScatterReduce; identity: store the reduction's identity (bits) at each target instead. */
int THCIdx_launchScatter(void *stream, const THCIdxIter *it, int64_t n, const int64_t *idx, char *r, int64_t rDim, const char *src,
                         uint64_t bits, int dt, int reduce, int identity, int64_t *counts, int64_t cDim);
/* r (op0) /= counts (op1) where counts > 1 (integers: floor division, as libTH). */
int THCIdx_launchMeanDivide(void *stream, const THCIdxIter *it, int64_t n, char *r, int dt, const int64_t *counts);

/* ---- sorting (THCSortKernels.cu, THCRadixSort.cu) ----
 * Slices: `count` runs of n elements along a dim. outer walks the other dims (row-major order of
 * the slices) with op0 the input, op1 values out, op2 indices out; steps[k] is operand k's stride
 * along the dim. A stable sort of every slice (NaN greatest, -0 == +0, ties in input order;
 * descending inverts the keys) writes sorted positions j in [outStart, outStart + outLen) to
 * position j - outStart of the outputs (values or indices may be NULL). The input must not
 * share memory with the outputs. */
typedef struct THCSortArgs {
  THCIdxIter outer;
  int64_t steps[3];
  int64_t count, n;
  const char *a;
  int dt;
  int descending;
  char *values;
  int64_t *indices;
  int64_t outStart, outLen;
} THCSortArgs;
int THCIdx_sortSlices(struct THCState *state, struct THCStream *stream, const THCSortArgs *s);
/* Slices longer than the block sort takes: radix sort through CUB (THCRadixSort.cu). */
int THCIdx_sortSlicesRadix(struct THCState *state, struct THCStream *stream, const THCSortArgs *s);
/* The longest slice THCIdx_sortSlices sorts inside one block (shared memory). */
#define THC_SORT_BLOCK_MAX 4096
/* Radix select (THCRadixSelect.cu), slices shorter than 2^32. topk: the s->outLen elements of each
 * slice that a stable sort of s would put first, in index order, to row m of the contiguous
 * [count, outLen] sv (values) and sp (positions). */
int THCIdx_selectTopk(struct THCState *state, struct THCStream *stream, const THCSortArgs *s, char *sv, int64_t *sp);
/* kthvalue: the k-th (from 1) element of each ascending stable sort, to s->values and s->indices
 * (operands 1 and 2 of s->outer); median: libTH's median, or nanmedian with ignoreNan, likewise. */
int THCIdx_selectKth(struct THCState *state, struct THCStream *stream, const THCSortArgs *s, int64_t k);
int THCIdx_selectMedian(struct THCState *state, struct THCStream *stream, const THCSortArgs *s, int ignoreNan);
/* r's indices, positions in the rows of the [count, r->n] sp, replaced by the positions sp holds. */
int THCIdx_launchTopkPositions(void *stream, const THCSortArgs *r, const int64_t *sp);

/* median over sorted slices (contiguous [count, n] values sv of dtype dt, indices si): out values
 * (op1 of outer) and indices (op2) at slice m. ignoreNan: nanmedian. */
int THCIdx_launchMedianPick(void *stream, const THCIdxIter *outer, int64_t count, int64_t n, const char *sv, const int64_t *si,
                            int dt, int ignoreNan, char *values, int64_t *indices);
/* mode over sorted slices, same layout. */
int THCIdx_launchModePick(void *stream, const THCIdxIter *outer, int64_t count, int64_t n, const char *sv, const int64_t *si,
                          int dt, char *values, int64_t *indices);
/* quantile: out[i * count + m] for nq quantiles q (device doubles) over sorted float32/float64 slices. */
int THCIdx_launchQuantile(void *stream, int64_t count, int64_t n, const char *sv, int dt, const double *q, int64_t nq, int mode,
                          int ignoreNan, char *out);

/* ---- unique (THCSortKernels.cu) ---- */
/* flags[i] = start of a group in the sequence sv (contiguous, dtype dt): i == 0, a key differing
 * from the previous one, or a NaN (each NaN is its own group). */
int THCIdx_launchUniqueFlags(void *stream, const char *sv, int dt, int64_t n, uint8_t *flags);
/* For each i: where flags[i], out[pos[i]] = sv[i] (out may be NULL) and starts[pos[i]] = i;
 * inverse[order ? order[i] : i] = pos[i] + flags[i] - 1 (inverse may be NULL). */
int THCIdx_launchUniqueWrite(void *stream, const char *sv, size_t elem, int64_t n, const uint8_t *flags, const int64_t *pos,
                             const int64_t *order, char *out, int64_t *starts, int64_t *inverse);
/* counts[g] = starts[g + 1] - starts[g] (starts[ng] taken as n). */
int THCIdx_launchUniqueCounts(void *stream, const int64_t *starts, int64_t ng, int64_t n, int64_t *counts);
/* Rows of a contiguous [n, m] tensor of dtype dt, compared by their elements' sort keys (so -0 ==
 * +0 and NaN == NaN, as libTH's unique_dim): a stable lexicographic merge sort of the rows into
 * order (n int64s) when sort, else order = 0..n-1; flags[i] = row order[i] starts a group (i == 0
 * or it differs from row order[i - 1]). */
int THCIdx_sortRows(struct THCState *state, struct THCStream *stream, const char *a, int dt, int64_t n, int64_t m, int sort,
                    int64_t *order, uint8_t *flags);
/* out row pos[i] (rows of m elements of es bytes) = a's row order[i], where flags[i]. */
int THCIdx_launchGatherRows(void *stream, const char *a, int64_t m, int es, int64_t n, const uint8_t *flags, const int64_t *pos,
                            const int64_t *order, char *out);

/* ---- searching and counting (THCSortKernels.cu) ---- */
/* res[i] = insertion point of values[i] in its row of bd (contiguous; rows of nb; one row when
 * rowsB <= 1, else row i / nv); sorter (contiguous, may be NULL) orders each row. integral: the
 * data are int64, else double. */
int THCIdx_launchSearch(void *stream, const void *bd, const int64_t *sorter, int64_t nb, int64_t rowsB, const void *values,
                        int64_t nv, int64_t total, int right, int integral, int64_t *res);
/* min and max of a float32/float64 tensor (read through g), and whether it has a NaN. Synchronises. */
int THCIdx_minMax(struct THCState *state, struct THCStream *stream, const THCIdxGeom *g, int64_t n, const char *a, int dt,
                  double *lo, double *hi, int *hasNan);
/* hist[bins] (int64, zeroed) counts of a's elements in [lo, hi] (libTH's bin rule). */
int THCIdx_launchHistc(void *stream, const THCIdxGeom *g, int64_t n, const char *a, int dt, int64_t bins, double lo, double hi,
                       int64_t *hist);
/* the smallest and largest value of an int64 tensor read through g. Synchronises. */
int THCIdx_minMaxInt64(struct THCState *state, struct THCStream *stream, const THCIdxGeom *g, int64_t n, const int64_t *a,
                       int64_t *lo, int64_t *hi);
/* out (zeroed, dtype dt: int64 counts, or float32/float64 sums of w) at x[i] += 1 or w[i]. */
int THCIdx_launchBincount(void *stream, const int64_t *x, int64_t n, const char *w, int dt, char *out);

#ifdef __cplusplus
}
#endif

#endif
