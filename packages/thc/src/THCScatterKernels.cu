/* Kernels of gather / scatter / scatter_reduce along a dim (libTH's THScatter.c). Index values
 * are validated on the host side before these run (THCIdx_firstOutOfRange), so the kernels
 * trust them. */
#include "THCIndexKernels.cuh"

using namespace thcidx;

template <int ES>
__global__ void gatherKernel(THCIdxIter it, int64_t n, const int64_t *idx, char *out, const char *self, int64_t sDim) {
  typedef typename Raw<ES>::T T;
  THC_GRID_STRIDE(i, n) {
    int64_t off[3];
    iterOffsets<3>(it, i, off);
    ((T *)out)[off[1]] = ((const T *)self)[off[2] + idx[off[0]] * sDim];
  }
}

extern "C" int THCIdx_launchGather(void *stream, const THCIdxIter *it, int64_t n, const int64_t *idx, char *out, const char *self,
                                   int64_t selfDimStride, size_t elem) {
  if (n <= 0) return 0;
  cudaStream_t s = (cudaStream_t)stream;
  unsigned g = gridFor(n);
  switch (elem) {
    case 1: THC_LAUNCH(gatherKernel<1>, g, kThreads, 0, s, *it, n, idx, out, self, selfDimStride); break;
    case 2: THC_LAUNCH(gatherKernel<2>, g, kThreads, 0, s, *it, n, idx, out, self, selfDimStride); break;
    case 4: THC_LAUNCH(gatherKernel<4>, g, kThreads, 0, s, *it, n, idx, out, self, selfDimStride); break;
    default: THC_LAUNCH(gatherKernel<8>, g, kThreads, 0, s, *it, n, idx, out, self, selfDimStride); break;
  }
  return launchStatus();
}

/* One pass over the index: identity stores `bits` (the reduction's identity) at every target;
 * else the target (op)= src element (or the value `bits`), counting hits for mean. Assignment
 * with duplicate indices leaves one of the values (unspecified which, as PyTorch's CUDA scatter_);
 * reductions are atomic, so float sums and products round in an unspecified order (as PyTorch's
 * CUDA scatter_add_/scatter_reduce_); integer results, max and min are exact. */
template <int DT>
__global__ void scatterKernel(THCIdxIter it, int64_t n, const int64_t *idx, char *r, int64_t rDim, const char *src,
                              unsigned long long bits, int reduce, int identity, int64_t *counts, int64_t cDim) {
  typedef DType<DT> D;
  typedef typename D::S S;
  S cv;
  memcpy(&cv, &bits, sizeof(S));
  THC_GRID_STRIDE(i, n) {
    int64_t off[4];
    iterOffsets<4>(it, i, off);
    int64_t v = idx[off[0]];
    S *p = (S *)r + off[1] + v * rDim;
    if (identity) {
      *p = cv;
      continue;
    }
    S x = src ? ((const S *)src)[off[2]] : cv;
    if (reduce == RED_NONE) *p = x;
    else atomicAccumulate<DT>(p, D::load(x), reduce);
    if (counts) atomicAdd((unsigned long long *)(counts + off[3] + v * cDim), 1ull);
  }
}

extern "C" int THCIdx_launchScatter(void *stream, const THCIdxIter *it, int64_t n, const int64_t *idx, char *r, int64_t rDim,
                                    const char *src, uint64_t bits, int dt, int reduce, int identity, int64_t *counts, int64_t cDim) {
  if (n <= 0) return 0;
  cudaStream_t s = (cudaStream_t)stream;
  unsigned g = gridFor(n);
  return forDType(dt, [&](auto d) {
    THC_LAUNCH(scatterKernel<decltype(d)::value>, g, kThreads, 0, s,
               *it, n, idx, r, rDim, src, bits, reduce, identity, counts, cDim);
  });
}

/* libTH's mean: x / count in double (float32: in float), floored for integers, where count > 1. */
__global__ void meanDivideKernel(THCIdxIter it, int64_t n, char *r, int dt, int es, const int64_t *counts) {
  THC_GRID_STRIDE(i, n) {
    int64_t off[2];
    iterOffsets<2>(it, i, off);
    int64_t c = counts[off[1]];
    if (c <= 1) continue;
    char *p = r + off[0] * es;
    Wide w = loadWide(p, dt);
    double x = w.isFloat ? w.f : (double)w.i;
    if (dt == TH_Float32) {
      *(float *)p = (float)x / (float)c;
      continue;
    }
    double q = x / (double)c;
    Wide o = {0, isFloatingDt(dt) ? q : floor(q), true};
    storeWide(p, dt, o);
  }
}

extern "C" int THCIdx_launchMeanDivide(void *stream, const THCIdxIter *it, int64_t n, char *r, int dt, const int64_t *counts) {
  if (n <= 0) return 0;
  THC_LAUNCH(meanDivideKernel, gridFor(n), kThreads, 0, stream, *it, n, r, dt, (int)THDType_size((THDType)dt), counts);
  return launchStatus();
}
