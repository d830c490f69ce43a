/* Kernels of indexing and masking: copies and fills, index validation, scans (for the ops whose
 * result size depends on the data), advanced indexing along planned dims, take/put. */
#include "THCIndexKernels.cuh"

#include "THC/THCCachingAllocator.h"

using namespace thcidx;

/* ---- copies and fills ---- */

template <int ES>
__global__ void copySameKernel(THCIdxIter it, int64_t n, char *dst, const char *src) {
  typedef typename Raw<ES>::T T;
  THC_GRID_STRIDE(i, n) {
    int64_t off[2];
    iterOffsets<2>(it, i, off);
    ((T *)dst)[off[0]] = ((const T *)src)[off[1]];
  }
}

__global__ void copyConvertKernel(THCIdxIter it, int64_t n, char *dst, int ddt, int des, const char *src, int sdt, int ses) {
  THC_GRID_STRIDE(i, n) {
    int64_t off[2];
    iterOffsets<2>(it, i, off);
    storeWide(dst + off[0] * des, ddt, loadWide(src + off[1] * ses, sdt));
  }
}

extern "C" int THCIdx_launchCopy(void *stream, const THCIdxIter *it, int64_t n, char *dst, int ddt, const char *src, int sdt) {
  if (n <= 0) return 0;
  cudaStream_t s = (cudaStream_t)stream;
  int des = (int)THDType_size((THDType)ddt), ses = (int)THDType_size((THDType)sdt);
  unsigned g = gridFor(n);
  if (ddt == sdt) {
    switch (des) {
      case 1: THC_LAUNCH(copySameKernel<1>, g, kThreads, 0, s, *it, n, dst, src); break;
      case 2: THC_LAUNCH(copySameKernel<2>, g, kThreads, 0, s, *it, n, dst, src); break;
      case 4: THC_LAUNCH(copySameKernel<4>, g, kThreads, 0, s, *it, n, dst, src); break;
      default: THC_LAUNCH(copySameKernel<8>, g, kThreads, 0, s, *it, n, dst, src); break;
    }
  } else {
    THC_LAUNCH(copyConvertKernel, g, kThreads, 0, s, *it, n, dst, ddt, des, src, sdt, ses);
  }
  return launchStatus();
}

template <int ES>
__global__ void fillKernel(THCIdxIter it, int64_t n, char *dst, unsigned long long bits, const uint8_t *mask) {
  typedef typename Raw<ES>::T T;
  T v = (T)bits;
  THC_GRID_STRIDE(i, n) {
    int64_t off[2];
    iterOffsets<2>(it, i, off);
    if (!mask || mask[off[1]]) ((T *)dst)[off[0]] = v;
  }
}

extern "C" int THCIdx_launchFill(void *stream, const THCIdxIter *it, int64_t n, char *dst, size_t elem, uint64_t bits,
                                 const uint8_t *mask) {
  if (n <= 0) return 0;
  cudaStream_t s = (cudaStream_t)stream;
  unsigned g = gridFor(n);
  switch (elem) {
    case 1: THC_LAUNCH(fillKernel<1>, g, kThreads, 0, s, *it, n, dst, bits, mask); break;
    case 2: THC_LAUNCH(fillKernel<2>, g, kThreads, 0, s, *it, n, dst, bits, mask); break;
    case 4: THC_LAUNCH(fillKernel<4>, g, kThreads, 0, s, *it, n, dst, bits, mask); break;
    default: THC_LAUNCH(fillKernel<8>, g, kThreads, 0, s, *it, n, dst, bits, mask); break;
  }
  return launchStatus();
}


/* ---- index validation ---- */

__global__ void rangeCheckKernel(THCIdxGeom g, int64_t n, const int64_t *idx, int64_t lo, int64_t hi, unsigned long long *first) {
  THC_GRID_STRIDE(i, n) {
    int64_t v = idx[geomOffset(g, i)];
    if (v < lo || v >= hi) atomicMin(first, (unsigned long long)i);
  }
}

static int64_t hostOffset(const THCIdxGeom *g, int64_t i) {
  int64_t off = 0;
  for (int d = g->ndim - 1; d >= 0; d--) {
    int64_t s = g->sizes[d];
    off += (i % s) * g->strides[d];
    i /= s;
  }
  return off;
}

extern "C" int THCIdx_firstOutOfRange(THCState *state, THCStream *stream, const THCIdxGeom *g, int64_t n, const int64_t *idx,
                                      int64_t lo, int64_t hi, int64_t *pos, int64_t *value) {
  *pos = -1;
  *value = 0;
  if (n <= 0) return 0;
  cudaStream_t s = (cudaStream_t)THCStream_handle(stream);
  unsigned long long *first = (unsigned long long *)THCCachingAllocator_malloc(state, sizeof(unsigned long long), stream);
  if (!first) return THC_IDX_FAILED;
  unsigned long long host = ~0ull;
  int rc = (int)cudaMemsetAsync(first, 0xFF, sizeof *first, s);
  if (!rc) {
    THC_LAUNCH(rangeCheckKernel, gridFor(n), kThreads, 0, s, *g, n, idx, lo, hi, first);
    rc = launchStatus();
  }
  if (!rc) rc = (int)cudaMemcpyAsync(&host, first, sizeof host, cudaMemcpyDeviceToHost, s);
  if (!rc) rc = (int)cudaStreamSynchronize(s);
  THCCachingAllocator_free(state, first);
  if (rc || host == ~0ull) return rc;
  *pos = (int64_t)host;
  rc = (int)cudaMemcpyAsync(value, idx + hostOffset(g, *pos), sizeof *value, cudaMemcpyDeviceToHost, s);
  if (!rc) rc = (int)cudaStreamSynchronize(s);
  return rc;
}

/* ---- scans ---- */

constexpr int kScanThreads = 256, kScanItems = 8, kScanTile = kScanThreads * kScanItems;

template <typename In>
__global__ void scanTileSumsKernel(const In *in, int64_t n, int64_t *sums) {
  __shared__ int64_t smem[32];
  int64_t base = (int64_t)blockIdx.x * kScanTile, s = 0;
#pragma unroll
  for (int k = 0; k < kScanItems; k++) {
    int64_t i = base + threadIdx.x + k * kScanThreads;
    if (i < n) s += (int64_t)in[i];
  }
  int64_t inc = blockInclusiveSum(s, smem);
  if (threadIdx.x == blockDim.x - 1) sums[blockIdx.x] = inc;
}

/* One block: sums[0..nTiles) become their exclusive prefix sums; *total their sum. */
__global__ void scanSumsKernel(int64_t *sums, int64_t nTiles, int64_t *total) {
  __shared__ int64_t smem[32];
  __shared__ int64_t chunkTotal;
  int64_t carry = 0;
  for (int64_t base = 0; base < nTiles; base += blockDim.x) {
    int64_t i = base + threadIdx.x;
    int64_t v = i < nTiles ? sums[i] : 0;
    int64_t inc = blockInclusiveSum(v, smem);
    if (i < nTiles) sums[i] = carry + inc - v;
    if (threadIdx.x == blockDim.x - 1) chunkTotal = inc;
    __syncthreads();
    carry += chunkTotal;
    __syncthreads();
  }
  if (threadIdx.x == 0) *total = carry;
}

template <typename In>
__global__ void scanTilesKernel(const In *in, int64_t n, const int64_t *tileOffsets, int64_t *out) {
  __shared__ int64_t smem[32];
  int64_t base = (int64_t)blockIdx.x * kScanTile + (int64_t)threadIdx.x * kScanItems;
  int64_t v[kScanItems], s = 0;
#pragma unroll
  for (int k = 0; k < kScanItems; k++) {
    int64_t i = base + k;
    v[k] = i < n ? (int64_t)in[i] : 0;
    s += v[k];
  }
  int64_t run = tileOffsets[blockIdx.x] + blockInclusiveSum(s, smem) - s;
#pragma unroll
  for (int k = 0; k < kScanItems; k++) {
    int64_t i = base + k;
    if (i < n) out[i] = run;
    run += v[k];
  }
}

template <typename In>
static int scanImpl(THCState *state, THCStream *stream, const In *in, int64_t n, int64_t *out, int64_t *total) {
  *total = 0;
  if (n <= 0) return 0;
  cudaStream_t s = (cudaStream_t)THCStream_handle(stream);
  int64_t nTiles = (n + kScanTile - 1) / kScanTile;
  if (nTiles > 0x7FFFFFFF) return (int)cudaErrorInvalidConfiguration;
  int64_t *sums = (int64_t *)THCCachingAllocator_malloc(state, sizeof(int64_t) * (size_t)(nTiles + 1), stream);
  if (!sums) return THC_IDX_FAILED;
  int64_t *dtotal = sums + nTiles;
  THC_LAUNCH(scanTileSumsKernel<In>, (unsigned)nTiles, kScanThreads, 0, s, in, n, sums);
  int rc = launchStatus();
  if (!rc) {
    THC_LAUNCH(scanSumsKernel, 1, 1024, 0, s, sums, nTiles, dtotal);
    rc = launchStatus();
  }
  if (!rc && out) {
    THC_LAUNCH(scanTilesKernel<In>, (unsigned)nTiles, kScanThreads, 0, s, in, n, sums, out);
    rc = launchStatus();
  }
  if (!rc) rc = (int)cudaMemcpyAsync(total, dtotal, sizeof *total, cudaMemcpyDeviceToHost, s);
  if (!rc) rc = (int)cudaStreamSynchronize(s);
  THCCachingAllocator_free(state, sums);
  return rc;
}

extern "C" int THCIdx_scanFlags(THCState *state, THCStream *stream, const uint8_t *flags, int64_t n, int64_t *out, int64_t *total) {
  return scanImpl<uint8_t>(state, stream, flags, n, out, total);
}

extern "C" int THCIdx_scanInt64(THCState *state, THCStream *stream, const int64_t *values, int64_t n, int64_t *out, int64_t *total) {
  return scanImpl<int64_t>(state, stream, values, n, out, total);
}

/* ---- masks and nonzero ---- */

__global__ void nonzeroFlagsKernel(THCIdxIter it, int64_t n, const char *a, int dt, int es, uint8_t *flags) {
  THC_GRID_STRIDE(i, n) {
    int64_t off[1];
    iterOffsets<1>(it, i, off);
    const char *p = a + off[0] * es;
    bool nz;
    switch (dt) {
      case TH_Float16:
      case TH_BFloat16: nz = (*(const uint16_t *)p & 0x7FFFu) != 0; break; /* -0 is zero */
      case TH_Float32: nz = *(const float *)p != 0; break;
      case TH_Float64: nz = *(const double *)p != 0; break;
      default:
        switch (es) {
          case 1: nz = *(const uint8_t *)p != 0; break;
          case 2: nz = *(const uint16_t *)p != 0; break;
          case 4: nz = *(const uint32_t *)p != 0; break;
          default: nz = *(const unsigned long long *)p != 0; break;
        }
        break;
    }
    flags[i] = nz ? 1 : 0;
  }
}

extern "C" int THCIdx_launchNonzeroFlags(void *stream, const THCIdxIter *it, int64_t n, const char *a, int dt, uint8_t *flags) {
  if (n <= 0) return 0;
  THC_LAUNCH(nonzeroFlagsKernel, gridFor(n), kThreads, 0, stream, *it, n, a, dt, (int)THDType_size((THDType)dt), flags);
  return launchStatus();
}

__global__ void maskFlagsKernel(THCIdxIter it, int64_t n, const uint8_t *mask, uint8_t *flags) {
  THC_GRID_STRIDE(i, n) {
    int64_t off[1];
    iterOffsets<1>(it, i, off);
    flags[i] = mask[off[0]] != 0 ? 1 : 0;
  }
}

extern "C" int THCIdx_launchMaskFlags(void *stream, const THCIdxIter *it, int64_t n, const uint8_t *mask, uint8_t *flags) {
  if (n <= 0) return 0;
  THC_LAUNCH(maskFlagsKernel, gridFor(n), kThreads, 0, stream, *it, n, mask, flags);
  return launchStatus();
}

__global__ void nonzeroWriteKernel(THCIdxGeom g, int64_t n, const uint8_t *flags, const int64_t *pos, int64_t *out) {
  THC_GRID_STRIDE(i, n) {
    if (!flags[i]) continue;
    int64_t *o = out + pos[i] * g.ndim, r = i;
    for (int d = g.ndim - 1; d >= 0; d--) {
      int64_t q = r / g.sizes[d];
      o[d] = r - q * g.sizes[d];
      r = q;
    }
  }
}

extern "C" int THCIdx_launchNonzeroWrite(void *stream, const THCIdxGeom *g, int64_t n, const uint8_t *flags, const int64_t *pos,
                                         int64_t *out) {
  if (n <= 0 || g->ndim == 0) return 0;
  THC_LAUNCH(nonzeroWriteKernel, gridFor(n), kThreads, 0, stream, *g, n, flags, pos, out);
  return launchStatus();
}

template <int ES>
__global__ void maskedSelectKernel(THCIdxIter it, int64_t n, const uint8_t *flags, const int64_t *pos, const char *self, char *out) {
  typedef typename Raw<ES>::T T;
  THC_GRID_STRIDE(i, n) {
    if (!flags[i]) continue;
    int64_t off[1];
    iterOffsets<1>(it, i, off);
    ((T *)out)[pos[i]] = ((const T *)self)[off[0]];
  }
}

extern "C" int THCIdx_launchMaskedSelect(void *stream, const THCIdxIter *it, int64_t n, const uint8_t *flags, const int64_t *pos,
                                         const char *self, char *out, size_t elem) {
  if (n <= 0) return 0;
  cudaStream_t s = (cudaStream_t)stream;
  unsigned g = gridFor(n);
  switch (elem) {
    case 1: THC_LAUNCH(maskedSelectKernel<1>, g, kThreads, 0, s, *it, n, flags, pos, self, out); break;
    case 2: THC_LAUNCH(maskedSelectKernel<2>, g, kThreads, 0, s, *it, n, flags, pos, self, out); break;
    case 4: THC_LAUNCH(maskedSelectKernel<4>, g, kThreads, 0, s, *it, n, flags, pos, self, out); break;
    default: THC_LAUNCH(maskedSelectKernel<8>, g, kThreads, 0, s, *it, n, flags, pos, self, out); break;
  }
  return launchStatus();
}

template <int ES>
__global__ void maskedScatterKernel(THCIdxIter it, int64_t n, const uint8_t *flags, const int64_t *pos, char *r, THCIdxGeom sg,
                                    const char *src) {
  typedef typename Raw<ES>::T T;
  THC_GRID_STRIDE(i, n) {
    if (!flags[i]) continue;
    int64_t off[1];
    iterOffsets<1>(it, i, off);
    ((T *)r)[off[0]] = ((const T *)src)[geomOffset(sg, pos[i])];
  }
}

extern "C" int THCIdx_launchMaskedScatter(void *stream, const THCIdxIter *it, int64_t n, const uint8_t *flags, const int64_t *pos,
                                          char *r, const THCIdxGeom *sg, const char *src, size_t elem) {
  if (n <= 0) return 0;
  cudaStream_t s = (cudaStream_t)stream;
  unsigned g = gridFor(n);
  switch (elem) {
    case 1: THC_LAUNCH(maskedScatterKernel<1>, g, kThreads, 0, s, *it, n, flags, pos, r, *sg, src); break;
    case 2: THC_LAUNCH(maskedScatterKernel<2>, g, kThreads, 0, s, *it, n, flags, pos, r, *sg, src); break;
    case 4: THC_LAUNCH(maskedScatterKernel<4>, g, kThreads, 0, s, *it, n, flags, pos, r, *sg, src); break;
    default: THC_LAUNCH(maskedScatterKernel<8>, g, kThreads, 0, s, *it, n, flags, pos, r, *sg, src); break;
  }
  return launchStatus();
}

/* ---- advanced indexing ---- */

__global__ void indexOffsetsKernel(THCIdxGeom g, int64_t numI, const int64_t *idx, int64_t size, int64_t stride, int allowNeg,
                                   int first, int64_t *offI, unsigned long long *err, int64_t k, int64_t j) {
  int64_t lo = allowNeg ? -size : 0;
  THC_GRID_STRIDE(i, numI) {
    int64_t x = idx[geomOffset(g, i)];
    if (x < lo || x >= size) {
      atomicMin(err, (unsigned long long)(i * k + j));
      x = 0;
    }
    int64_t o = (x < 0 ? x + size : x) * stride;
    if (first) offI[i] = o;
    else offI[i] += o;
  }
}

extern "C" int THCIdx_launchIndexOffsets(void *stream, const THCIdxGeom *g, int64_t numI, const int64_t *idx, int64_t size,
                                         int64_t stride, int allowNeg, int first, int64_t *offI, uint64_t *err, int64_t k, int64_t j) {
  if (numI <= 0) return 0;
  THC_LAUNCH(indexOffsetsKernel, gridFor(numI), kThreads, 0, stream, *g, numI, idx, size, stride, allowNeg, first, offI,
                                                                           (unsigned long long *)err, k, j);
  return launchStatus();
}

template <int ES>
__global__ void indexGatherKernel(THCIdxGeom B, THCIdxGeom A, int64_t numB, int64_t numI, int64_t numA, const int64_t *offI,
                                  char *out, const char *src) {
  typedef typename Raw<ES>::T T;
  int64_t total = numB * numI * numA;
  THC_GRID_STRIDE(p, total) {
    int64_t t = p / numA, a = p - t * numA;
    int64_t b = t / numI, i = t - b * numI;
    ((T *)out)[p] = ((const T *)src)[geomOffset(B, b) + offI[i] + geomOffset(A, a)];
  }
}

extern "C" int THCIdx_launchIndexGather(void *stream, const THCIdxGeom *B, const THCIdxGeom *A, int64_t numB, int64_t numI,
                                        int64_t numA, const int64_t *offI, char *out, const char *src, size_t elem) {
  int64_t total = numB * numI * numA;
  if (total <= 0) return 0;
  cudaStream_t s = (cudaStream_t)stream;
  unsigned g = gridFor(total);
  switch (elem) {
    case 1: THC_LAUNCH(indexGatherKernel<1>, g, kThreads, 0, s, *B, *A, numB, numI, numA, offI, out, src); break;
    case 2: THC_LAUNCH(indexGatherKernel<2>, g, kThreads, 0, s, *B, *A, numB, numI, numA, offI, out, src); break;
    case 4: THC_LAUNCH(indexGatherKernel<4>, g, kThreads, 0, s, *B, *A, numB, numI, numA, offI, out, src); break;
    default: THC_LAUNCH(indexGatherKernel<8>, g, kThreads, 0, s, *B, *A, numB, numI, numA, offI, out, src); break;
  }
  return launchStatus();
}

/* libTH's index_add_ / index_put_(accumulate) term: alpha * v in the compute type (bool: alpha != 0 && v). */
template <int DT>
__device__ __forceinline__ typename DType<DT>::A scaled(typename DType<DT>::A v, double alpha) {
  typedef typename DType<DT>::A A;
  if constexpr (DT == TH_Bool) {
    return (A)(alpha != 0 && v);
  } else if constexpr (DT == TH_Float16 || DT == TH_BFloat16 || DT == TH_Float32 || DT == TH_Float64) {
    A al = (A)alpha;
    return al == (A)1 ? v : al * v;
  } else {
    A al = (A)(int64_t)alpha;
    return al == (A)1 ? v : (A)(al * v);
  }
}

/* mode 0 assigns (duplicate indices: one of the writes wins, unspecified which, as in PyTorch's
 * CUDA index_put_/index_copy_); mode 1 adds atomically. */
template <int DT>
__global__ void indexScatterKernel(THCIdxGeom B, THCIdxGeom A, THCIdxGeom V, int64_t numB, int64_t numI, int64_t numA,
                                   const int64_t *offI, char *dst, const char *vals, unsigned long long bits, int mode,
                                   double alpha) {
  typedef DType<DT> D;
  typedef typename D::S S;
  S cv;
  memcpy(&cv, &bits, sizeof(S));
  int64_t total = numB * numI * numA;
  THC_GRID_STRIDE(p, total) {
    int64_t t = p / numA, a = p - t * numA;
    int64_t b = t / numI, i = t - b * numI;
    S *d = (S *)dst + geomOffset(B, b) + offI[i] + geomOffset(A, a);
    S v = vals ? ((const S *)vals)[geomOffset(V, p)] : cv;
    if (mode == 0) *d = v;
    else atomicAccumulate<DT>(d, scaled<DT>(D::load(v), alpha), RED_SUM);
  }
}

extern "C" int THCIdx_launchIndexScatter(void *stream, const THCIdxGeom *B, const THCIdxGeom *A, const THCIdxGeom *V, int64_t numB,
                                         int64_t numI, int64_t numA, const int64_t *offI, char *dst, int dt, const char *vals,
                                         uint64_t bits, int mode, double alpha) {
  int64_t total = numB * numI * numA;
  if (total <= 0) return 0;
  cudaStream_t s = (cudaStream_t)stream;
  unsigned g = gridFor(total);
  return forDType(dt, [&](auto d) {
    THC_LAUNCH(indexScatterKernel<decltype(d)::value>, g, kThreads, 0, s,
               *B, *A, *V, numB, numI, numA, offI, dst, vals, bits, mode, alpha);
  });
}

template <int ES>
__global__ void takeKernel(THCIdxGeom ig, THCIdxGeom sg, int64_t n, int64_t numel, const int64_t *idx, const char *self, char *out) {
  typedef typename Raw<ES>::T T;
  THC_GRID_STRIDE(i, n) {
    int64_t x = idx[geomOffset(ig, i)];
    if (x < 0) x += numel;
    ((T *)out)[i] = ((const T *)self)[geomOffset(sg, x)];
  }
}

extern "C" int THCIdx_launchTake(void *stream, const THCIdxGeom *ig, const THCIdxGeom *sg, int64_t n, int64_t numel,
                                 const int64_t *idx, const char *self, char *out, size_t elem) {
  if (n <= 0) return 0;
  cudaStream_t s = (cudaStream_t)stream;
  unsigned g = gridFor(n);
  switch (elem) {
    case 1: THC_LAUNCH(takeKernel<1>, g, kThreads, 0, s, *ig, *sg, n, numel, idx, self, out); break;
    case 2: THC_LAUNCH(takeKernel<2>, g, kThreads, 0, s, *ig, *sg, n, numel, idx, self, out); break;
    case 4: THC_LAUNCH(takeKernel<4>, g, kThreads, 0, s, *ig, *sg, n, numel, idx, self, out); break;
    default: THC_LAUNCH(takeKernel<8>, g, kThreads, 0, s, *ig, *sg, n, numel, idx, self, out); break;
  }
  return launchStatus();
}

/* Without accumulate, duplicate indices leave one of the written values (unspecified which, as
 * PyTorch's CUDA put_); with it, atomic adds. */
template <int DT>
__global__ void putKernel(THCIdxGeom ig, THCIdxGeom sg, THCIdxGeom rg, int64_t n, int64_t numel, const int64_t *idx, const char *src,
                          char *r, int accumulate) {
  typedef DType<DT> D;
  typedef typename D::S S;
  THC_GRID_STRIDE(i, n) {
    int64_t x = idx[geomOffset(ig, i)];
    if (x < 0) x += numel;
    S *p = (S *)r + geomOffset(rg, x);
    S v = ((const S *)src)[geomOffset(sg, i)];
    if (!accumulate) *p = v;
    else atomicAccumulate<DT>(p, D::load(v), RED_SUM);
  }
}

extern "C" int THCIdx_launchPut(void *stream, const THCIdxGeom *ig, const THCIdxGeom *sg, const THCIdxGeom *rg, int64_t n,
                                int64_t numel, const int64_t *idx, const char *src, char *r, int dt, int accumulate) {
  if (n <= 0) return 0;
  cudaStream_t s = (cudaStream_t)stream;
  unsigned g = gridFor(n);
  return forDType(dt, [&](auto d) {
    THC_LAUNCH(putKernel<decltype(d)::value>, g, kThreads, 0, s,
               *ig, *sg, *rg, n, numel, idx, src, r, accumulate);
  });
}

__global__ void repeatIndicesKernel(const int64_t *excl, int64_t n, int64_t *out, int64_t total) {
  THC_GRID_STRIDE(p, total) {
    /* the last i with excl[i] <= p: the repeat whose run holds p (runs of 0 are skipped) */
    int64_t lo = 0, hi = n;
    while (lo < hi) {
      int64_t mid = lo + ((hi - lo) >> 1);
      if (excl[mid] <= p) lo = mid + 1;
      else hi = mid;
    }
    out[p] = lo - 1;
  }
}

extern "C" int THCIdx_launchRepeatIndices(void *stream, const int64_t *excl, int64_t n, int64_t *out, int64_t total) {
  if (total <= 0) return 0;
  THC_LAUNCH(repeatIndicesKernel, gridFor(total), kThreads, 0, stream, excl, n, out, total);
  return launchStatus();
}
