/* The elementwise iterator: broadcast, reorder by memory layout, coalesce, then run 1-d loops. */
#include "THInternal.h"

#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#define TH_DEFAULT_GRAIN 32768

/* Element strides of t broadcast to `shape` (ndim dims, right-aligned); 0 where broadcast. */
static void broadcastStrides(const THTensor *t, int ndim, const int64_t *shape, int64_t *out) {
  for (int i = 0; i < ndim; i++) {
    int j = i - (ndim - t->ndim);
    out[i] = (j < 0 || (t->sizes[j] == 1 && shape[i] != 1)) ? 0 : t->strides[j];
  }
}

/* PyTorch's reorder rule: compare two dims by the first operand whose strides tell them apart. */
static int shouldSwap(int n, int64_t (*strides)[TH_MAX_DIMS], const int64_t *shape, int d0, int d1) {
  for (int k = 0; k < n; k++) {
    int64_t s0 = strides[k][d0], s1 = strides[k][d1];
    if (s0 == 0 || s1 == 0) continue;
    if (s0 < s1) return -1;
    if (s0 > s1) return 1;
    if (shape[d0] > shape[d1]) return 1;
  }
  return 0;
}

/* perm[i] = the tensor dim that is i-th fastest. */
static void fastestFirstOrder(int n, int64_t (*strides)[TH_MAX_DIMS], int ndim, const int64_t *shape, int *perm) {
  for (int i = 0; i < ndim; i++) perm[i] = ndim - 1 - i;
  for (int i = 1; i < ndim; i++) {
    int dim1 = i;
    for (int dim0 = i - 1; dim0 >= 0; dim0--) {
      int c = shouldSwap(n, strides, shape, perm[dim0], perm[dim1]);
      if (c > 0) {
        int tmp = perm[dim0];
        perm[dim0] = perm[dim1];
        perm[dim1] = tmp;
        dim1 = dim0;
      } else if (c < 0) {
        break;
      }
    }
  }
}

void THIter_outputLayout(int nin, const THTensor *const *inputs, int ndim, const int64_t *shape, int *perm) {
  int64_t strides[TH_ITER_MAX_OPERANDS][TH_MAX_DIMS];
  int fastest[TH_MAX_DIMS];
  for (int k = 0; k < nin; k++) broadcastStrides(inputs[k], ndim, shape, strides[k]);
  fastestFirstOrder(nin, strides, ndim, shape, fastest);
  for (int i = 0; i < ndim; i++) perm[i] = fastest[ndim - 1 - i]; /* outermost first */
}

int THIter_init(THIter *it, int nops, const THTensor *const *ops) {
  if (nops > TH_ITER_MAX_OPERANDS) return THError("iterator: too many operands (%d)", nops);
  const THTensor *out = ops[0];
  int ndim = out->ndim;
  int64_t strides[TH_ITER_MAX_OPERANDS][TH_MAX_DIMS];
  int perm[TH_MAX_DIMS];
  for (int k = 0; k < nops; k++) broadcastStrides(ops[k], ndim, out->sizes, strides[k]);
  fastestFirstOrder(nops, strides, ndim, out->sizes, perm);

  it->nops = nops;
  it->numel = THTensor_numel(out);
  for (int k = 0; k < nops; k++) it->data[k] = THTensor_bytes(ops[k]);
  /* permuted dims, strides in bytes, then merge neighbours that are one run for every operand */
  int n = 0;
  for (int i = 0; i < ndim; i++) {
    int d = perm[i];
    int64_t size = out->sizes[d];
    if (size == 1) continue;
    if (n > 0) {
      int merge = 1;
      for (int k = 0; k < nops && merge; k++)
        merge = it->strides[n - 1][k] * it->shape[n - 1] == strides[k][d] * (int64_t)THDType_size(ops[k]->dtype);
      if (merge) {
        it->shape[n - 1] *= size;
        continue;
      }
    }
    it->shape[n] = size;
    for (int k = 0; k < nops; k++) it->strides[n][k] = strides[k][d] * (int64_t)THDType_size(ops[k]->dtype);
    n++;
  }
  if (n == 0) { /* a single element */
    it->shape[0] = 1;
    for (int k = 0; k < nops; k++) it->strides[0][k] = (int64_t)THDType_size(ops[k]->dtype);
    n = 1;
  }
  it->ndim = n;
  return TH_OK;
}

/* Runs elements [begin, end) in iteration order, as many whole rows of dim 0 per loop call as
 * dim 1 allows; operand pointers advance incrementally. */
static void runRange(const THIter *it, THLoop loop, void *ctx, int64_t begin, int64_t end) {
  const int nops = it->nops, ndim = it->ndim;
  int64_t coord[TH_MAX_DIMS], strides[2 * TH_ITER_MAX_OPERANDS];
  char *ptrs[TH_ITER_MAX_OPERANDS];
  for (int k = 0; k < nops; k++) {
    strides[k] = it->strides[0][k];
    strides[nops + k] = ndim > 1 ? it->strides[1][k] : 0;
    ptrs[k] = it->data[k];
  }
  int64_t rem = begin;
  for (int d = 0; d < ndim; d++) {
    coord[d] = rem % it->shape[d];
    rem /= it->shape[d];
    for (int k = 0; k < nops; k++) ptrs[k] += coord[d] * it->strides[d][k];
  }
  const int64_t rowLen = it->shape[0];
  int64_t pos = begin;
  while (pos < end) {
    int d;
    if (coord[0] == 0 && ndim > 1 && end - pos >= rowLen) { /* whole rows */
      int64_t rows = (end - pos) / rowLen;
      if (rows > it->shape[1] - coord[1]) rows = it->shape[1] - coord[1];
      loop(ptrs, strides, rowLen, rows, ctx);
      pos += rows * rowLen;
      coord[1] += rows;
      for (int k = 0; k < nops; k++) ptrs[k] += rows * it->strides[1][k];
      d = 1;
    } else { /* part of a row */
      int64_t n = rowLen - coord[0];
      if (n > end - pos) n = end - pos;
      loop(ptrs, strides, n, 1, ctx);
      pos += n;
      coord[0] += n;
      for (int k = 0; k < nops; k++) ptrs[k] += n * it->strides[0][k];
      d = 0;
    }
    /* carry into the outer dimensions, rewinding each one that wraps */
    for (; d < ndim - 1 && coord[d] == it->shape[d]; d++) {
      coord[d] = 0;
      coord[d + 1]++;
      for (int k = 0; k < nops; k++) ptrs[k] += it->strides[d + 1][k] - it->shape[d] * it->strides[d][k];
    }
  }
}

void THIter_forEach(const THIter *it, THLoop loop, void *ctx, int64_t grain) {
  if (it->numel == 0) return;
  if (grain <= 0) grain = TH_DEFAULT_GRAIN;
  int threads = THGetNumThreads();
#ifdef _OPENMP
  if (threads > 1 && it->numel > grain && !omp_in_parallel()) {
    int64_t chunks = (it->numel + grain - 1) / grain;
    if (chunks < threads) threads = (int)chunks;
#pragma omp parallel num_threads(threads)
    {
      int tid = omp_get_thread_num(), nt = omp_get_num_threads();
      int64_t per = (it->numel + nt - 1) / nt;
      int64_t b = tid * per, e = b + per < it->numel ? b + per : it->numel;
      if (b < e) runRange(it, loop, ctx, b, e);
    }
    return;
  }
#endif
  (void)threads;
  runRange(it, loop, ctx, 0, it->numel);
}
