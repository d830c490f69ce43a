/* THCIndexKernels.cuh — device helpers shared by the kernels of indexing, scatter/gather and
 * sorting (private): offsets of strided operands, libTH's element conversions, atomics for every
 * dtype, and the order-preserving sort keys of libTH's THSortUtil.h. */
#ifndef THC_INDEX_KERNELS_CUH
#define THC_INDEX_KERNELS_CUH

#include "THCDTypes.cuh"
#include "THCKernel.cuh"
#include <stdint.h>
#include <type_traits>

#include "THCIndexLaunch.h"
#include "TH/THDType.h"
#include "THC/THCCachingAllocator.h"

namespace thcidx {

constexpr int kThreads = 256;

/* Blocks for a grid-stride loop over n items (capped: each thread then takes several). */
inline unsigned gridFor(int64_t n, int threads = kThreads) {
  int64_t b = (n + threads - 1) / threads;
  if (b < 1) b = 1;
  if (b > 65536 * 8) b = 65536 * 8;
  return (unsigned)b;
}

/* The launch's error (also a bad configuration), as the launchers return it. */
inline int launchStatus() { return (int)cudaGetLastError(); }

#define THC_GRID_STRIDE(i, n) \
  for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (int64_t)blockDim.x * gridDim.x)

/* ---- offsets ---- */

__device__ __forceinline__ int64_t geomOffset(const THCIdxGeom &g, int64_t i) {
  if (g.ndim == 1) return i * g.strides[0];
  int64_t off = 0;
  for (int d = g.ndim - 1; d >= 0; d--) {
    int64_t s = g.sizes[d];
    int64_t q = i / s;
    off += (i - q * s) * g.strides[d];
    i = q;
  }
  return off;
}

/* Offsets of the first NOPS operands of it at row-major position i. */
template <int NOPS>
__device__ __forceinline__ void iterOffsets(const THCIdxIter &it, int64_t i, int64_t *off) {
#pragma unroll
  for (int k = 0; k < NOPS; k++) off[k] = 0;
  if (it.ndim == 1) {
#pragma unroll
    for (int k = 0; k < NOPS; k++) off[k] = i * it.strides[k][0];
    return;
  }
  for (int d = it.ndim - 1; d >= 0; d--) {
    int64_t s = it.sizes[d];
    int64_t q = i / s;
    int64_t c = i - q * s;
#pragma unroll
    for (int k = 0; k < NOPS; k++) off[k] += c * it.strides[k][d];
    i = q;
  }
}

/* ---- elements ---- */

/* An element by its size, for copies that do not convert. */
template <int ES> struct Raw;
template <> struct Raw<1> { typedef uint8_t T; };
template <> struct Raw<2> { typedef uint16_t T; };
template <> struct Raw<4> { typedef uint32_t T; };
template <> struct Raw<8> { typedef unsigned long long T; };

__device__ __forceinline__ float halfToFloat(uint16_t h) { return __half2float(__ushort_as_half(h)); }
__device__ __forceinline__ uint16_t floatToHalf(float f) { return __half_as_ushort(__float2half_rn(f)); }
__device__ __forceinline__ float bf16ToFloat(uint16_t h) { return __bfloat162float(__ushort_as_bfloat16(h)); }
__device__ __forceinline__ uint16_t floatToBf16(float f) { return __bfloat16_as_ushort(__float2bfloat16_rn(f)); }

/* An element of any dtype, as libTH's loads give it: integers exactly (isFloat 0), floating
 * values as a double (isFloat 1). */
struct Wide {
  int64_t i;
  double f;
  bool isFloat;
};

__device__ __forceinline__ Wide loadWide(const char *p, int dt) {
  Wide w = {0, 0.0, false};
  switch (dt) {
    case TH_Bool:
    case TH_UInt8: w.i = *(const uint8_t *)p; break;
    case TH_Int8: w.i = *(const int8_t *)p; break;
    case TH_Int16: w.i = *(const int16_t *)p; break;
    case TH_Int32: w.i = *(const int32_t *)p; break;
    case TH_Int64: w.i = *(const int64_t *)p; break;
    case TH_Float16: w.f = halfToFloat(*(const uint16_t *)p), w.isFloat = true; break;
    case TH_BFloat16: w.f = bf16ToFloat(*(const uint16_t *)p), w.isFloat = true; break;
    case TH_Float32: w.f = *(const float *)p, w.isFloat = true; break;
    default: w.f = *(const double *)p, w.isFloat = true; break;
  }
  return w;
}

/* libTH's TH_STORE_* of a loaded value: integers through int64, halves through float. */
__device__ __forceinline__ void storeWide(char *p, int dt, Wide w) {
  switch (dt) {
    case TH_Bool: *(uint8_t *)p = (uint8_t)(w.isFloat ? w.f != 0 : w.i != 0); break;
    case TH_UInt8: *(uint8_t *)p = (uint8_t)(w.isFloat ? (int64_t)w.f : w.i); break;
    case TH_Int8: *(int8_t *)p = (int8_t)(w.isFloat ? (int64_t)w.f : w.i); break;
    case TH_Int16: *(int16_t *)p = (int16_t)(w.isFloat ? (int64_t)w.f : w.i); break;
    case TH_Int32: *(int32_t *)p = (int32_t)(w.isFloat ? (int64_t)w.f : w.i); break;
    case TH_Int64: *(int64_t *)p = w.isFloat ? (int64_t)w.f : w.i; break;
    case TH_Float16: *(uint16_t *)p = floatToHalf(w.isFloat ? (float)w.f : (float)w.i); break;
    case TH_BFloat16: *(uint16_t *)p = floatToBf16(w.isFloat ? (float)w.f : (float)w.i); break;
    case TH_Float32: *(float *)p = w.isFloat ? (float)w.f : (float)w.i; break;
    default: *(double *)p = w.isFloat ? w.f : (double)w.i; break;
  }
}

__device__ __forceinline__ void copyElem(char *dst, const char *src, int es) {
  switch (es) {
    case 1: *(uint8_t *)dst = *(const uint8_t *)src; break;
    case 2: *(uint16_t *)dst = *(const uint16_t *)src; break;
    case 4: *(uint32_t *)dst = *(const uint32_t *)src; break;
    default: *(unsigned long long *)dst = *(const unsigned long long *)src; break;
  }
}

__device__ __forceinline__ void storeBits(char *dst, uint64_t bits, int es) {
  switch (es) {
    case 1: *(uint8_t *)dst = (uint8_t)bits; break;
    case 2: *(uint16_t *)dst = (uint16_t)bits; break;
    case 4: *(uint32_t *)dst = (uint32_t)bits; break;
    default: *(unsigned long long *)dst = (unsigned long long)bits; break;
  }
}

/* ---- dtypes as C++ types: storage type S and the type libTH computes in (ACC) ---- */
template <int DT> struct DType;
#define THC_IDX_DTYPE(D, ST, AT)                                                       \
  template <> struct DType<TH_##D> {                                                   \
    typedef ST S;                                                                      \
    typedef AT A;                                                                      \
    static __device__ __forceinline__ A load(S s) { return (A)s; }                      \
    static __device__ __forceinline__ S store(A a) { return (S)a; }                     \
  };
THC_IDX_DTYPE(Bool, uint8_t, int)
THC_IDX_DTYPE(UInt8, uint8_t, uint8_t)
THC_IDX_DTYPE(Int8, int8_t, int8_t)
THC_IDX_DTYPE(Int16, int16_t, int16_t)
THC_IDX_DTYPE(Int32, int32_t, int32_t)
THC_IDX_DTYPE(Int64, int64_t, int64_t)
THC_IDX_DTYPE(Float32, float, float)
THC_IDX_DTYPE(Float64, double, double)
#undef THC_IDX_DTYPE
template <> struct DType<TH_Float16> {
  typedef uint16_t S;
  typedef float A;
  static __device__ __forceinline__ A load(S s) { return halfToFloat(s); }
  static __device__ __forceinline__ S store(A a) { return floatToHalf(a); }
};
template <> struct DType<TH_BFloat16> {
  typedef uint16_t S;
  typedef float A;
  static __device__ __forceinline__ A load(S s) { return bf16ToFloat(s); }
  static __device__ __forceinline__ S store(A a) { return floatToBf16(a); }
};

/* Calls f(std::integral_constant<int, DT>()) for the runtime dtype dt, through libTHC's one dtype
 * dispatch (THCDTypes.cuh), f launching a kernel for DT. Returns the launch's status. */
template <class F> int forDType(int dt, F &&f) {
  int status = thc::dispatch<thc::kAll>((THDType)dt, [&](auto tag) {
    f(std::integral_constant<int, thc::DTypeOf<typename decltype(tag)::type>::value>());
    return launchStatus();
  });
  return status == thc::kNoKernel ? (int)cudaErrorInvalidValue : status;
}

/* ---- reductions of the scatter family (libTH's THIndexKernels.c), in the compute type ---- */

enum { RED_NONE = 0, RED_SUM, RED_PROD, RED_MEAN, RED_AMAX, RED_AMIN };

template <typename A>
__device__ __forceinline__ A maxNan(A a, A b) {
  return (b > a || b != b) ? b : a;
}
template <typename A>
__device__ __forceinline__ A minNan(A a, A b) {
  return (b < a || b != b) ? b : a;
}

/* a (op) b for the reductions (MEAN sums); bool: sum/max are "or", prod/min are "and". */
template <int DT>
__device__ __forceinline__ typename DType<DT>::A reduceOp(typename DType<DT>::A a, typename DType<DT>::A b, int reduce) {
  typedef typename DType<DT>::A A;
  if constexpr (DT == TH_Bool) {
    switch (reduce) {
      case RED_PROD:
      case RED_AMIN: return (A)(a && b);
      default: return (A)(a || b);
    }
  } else {
    switch (reduce) {
      case RED_PROD: return (A)(a * b);
      case RED_AMAX: return maxNan(a, b);
      case RED_AMIN: return minNan(a, b);
      default: return (A)(a + b);
    }
  }
}

/* *p = op(*p, v) atomically: a compare-and-swap loop on the 32- or 64-bit word holding the
 * element (1- and 2-byte elements share their word with neighbours, which the loop leaves as
 * they are). */
template <int DT>
__device__ __forceinline__ void atomicReduce(typename DType<DT>::S *p, typename DType<DT>::A v, int reduce) {
  typedef DType<DT> D;
  typedef typename D::S S;
  if constexpr (sizeof(S) == 8) {
    unsigned long long *w = (unsigned long long *)p;
    unsigned long long old = *w, assumed;
    do {
      assumed = old;
      S cur;
      memcpy(&cur, &assumed, 8);
      S nv = D::store(reduceOp<DT>(D::load(cur), v, reduce));
      unsigned long long nb;
      memcpy(&nb, &nv, 8);
      old = atomicCAS(w, assumed, nb);
    } while (assumed != old);
  } else if constexpr (sizeof(S) == 4) {
    unsigned int *w = (unsigned int *)p;
    unsigned int old = *w, assumed;
    do {
      assumed = old;
      S cur;
      memcpy(&cur, &assumed, 4);
      S nv = D::store(reduceOp<DT>(D::load(cur), v, reduce));
      unsigned int nb;
      memcpy(&nb, &nv, 4);
      old = atomicCAS(w, assumed, nb);
    } while (assumed != old);
  } else {
    size_t addr = (size_t)p;
    unsigned int *w = (unsigned int *)(addr & ~(size_t)3);
    unsigned int shift = (unsigned int)(addr & 3) * 8;
    unsigned int mask = (sizeof(S) == 1 ? 0xFFu : 0xFFFFu) << shift;
    unsigned int old = *w, assumed;
    do {
      assumed = old;
      S cur = (S)((assumed & mask) >> shift);
      S nv = D::store(reduceOp<DT>(D::load(cur), v, reduce));
      unsigned int nb = (assumed & ~mask) | (((unsigned int)nv << shift) & mask);
      old = atomicCAS(w, assumed, nb);
    } while (assumed != old);
  }
}

/* Sums with the hardware's atomic adds where they compute what libTH computes (float32, float64,
 * int32, int64: one rounding or wrap per add); the order of the adds, and so the rounding of a
 * float sum, is not deterministic (as in PyTorch's CUDA index_add_/scatter_add_/index_put_). */
template <int DT>
__device__ __forceinline__ void atomicAccumulate(typename DType<DT>::S *p, typename DType<DT>::A v, int reduce) {
  if (reduce == RED_SUM || reduce == RED_MEAN) {
    if constexpr (DT == TH_Float32) {
      atomicAdd((float *)p, (float)v);
      return;
    } else if constexpr (DT == TH_Float64) {
      atomicAdd((double *)p, (double)v);
      return;
    } else if constexpr (DT == TH_Int32) {
      atomicAdd((int *)p, (int)v);
      return;
    } else if constexpr (DT == TH_Int64) {
      atomicAdd((unsigned long long *)p, (unsigned long long)(int64_t)v);
      return;
    }
  }
  atomicReduce<DT>(p, v, reduce);
}

/* ---- sort keys (libTH's THSort_keys): unsigned order == PyTorch's order ---- */

template <typename K> struct KeyOf;

__device__ __forceinline__ uint8_t key8(const char *p, int dt) {
  uint8_t u = *(const uint8_t *)p;
  return dt == TH_Int8 ? (uint8_t)(u ^ 0x80u) : u;
}
__device__ __forceinline__ uint16_t key16(const char *p, int dt) {
  uint16_t u = *(const uint16_t *)p;
  if (dt == TH_Int16) return (uint16_t)(u ^ 0x8000u);
  uint16_t inf = dt == TH_Float16 ? 0x7C00 : 0x7F80;
  uint16_t key = (u & 0x8000u) ? (uint16_t)~u : (uint16_t)(u | 0x8000u);
  if ((u & 0x7FFFu) > inf) key = 0xFFFF;
  if (u == 0x8000u) key = 0x8000;
  return key;
}
__device__ __forceinline__ uint32_t key32(const char *p, int dt) {
  uint32_t u = *(const uint32_t *)p;
  if (dt == TH_Int32) return u ^ 0x80000000u;
  uint32_t key = u ^ ((uint32_t)((int32_t)u >> 31) | 0x80000000u);
  key = (u & 0x7FFFFFFFu) > 0x7F800000u ? 0xFFFFFFFFu : key;
  key = u == 0x80000000u ? 0x80000000u : key;
  return key;
}
__device__ __forceinline__ unsigned long long key64(const char *p, int dt) {
  unsigned long long u = *(const unsigned long long *)p;
  if (dt == TH_Int64) return u ^ 0x8000000000000000ull;
  unsigned long long key = u ^ ((unsigned long long)((long long)u >> 63) | 0x8000000000000000ull);
  key = (u & 0x7FFFFFFFFFFFFFFFull) > 0x7FF0000000000000ull ? ~0ull : key;
  key = u == 0x8000000000000000ull ? 0x8000000000000000ull : key;
  return key;
}

template <> struct KeyOf<uint8_t> {
  static __device__ __forceinline__ uint8_t get(const char *p, int dt) { return key8(p, dt); }
};
template <> struct KeyOf<uint16_t> {
  static __device__ __forceinline__ uint16_t get(const char *p, int dt) { return key16(p, dt); }
};
template <> struct KeyOf<uint32_t> {
  static __device__ __forceinline__ uint32_t get(const char *p, int dt) { return key32(p, dt); }
};
template <> struct KeyOf<unsigned long long> {
  static __device__ __forceinline__ unsigned long long get(const char *p, int dt) { return key64(p, dt); }
};

/* The key of any dtype widened to 64 bits (for equality tests), and the NaN key of its width. */
__device__ __forceinline__ unsigned long long keyWide(const char *p, int dt, int es) {
  switch (es) {
    case 1: return key8(p, dt);
    case 2: return key16(p, dt);
    case 4: return key32(p, dt);
    default: return key64(p, dt);
  }
}
__device__ __forceinline__ unsigned long long nanKeyWide(int es) { return es == 8 ? ~0ull : ((1ull << (8 * es)) - 1); }

__host__ __device__ __forceinline__ bool isFloatingDt(int dt) {
  return dt == TH_Float16 || dt == TH_BFloat16 || dt == TH_Float32 || dt == TH_Float64;
}

/* ---- block scans (blockDim.x a multiple of 32, at most 1024) ---- */

/* Inclusive scan of v over the block (sum); smem: 32 int64s. Every thread must call it. */
__device__ __forceinline__ int64_t blockInclusiveSum(int64_t v, int64_t *smem) {
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, nwarps = (blockDim.x + 31) >> 5;
#pragma unroll
  for (int o = 1; o < 32; o <<= 1) {
    int64_t u = __shfl_up_sync(0xFFFFFFFFu, v, o);
    if (lane >= o) v += u;
  }
  if (lane == 31) smem[warp] = v;
  __syncthreads();
  if (warp == 0) {
    int64_t t = lane < nwarps ? smem[lane] : 0;
#pragma unroll
    for (int o = 1; o < 32; o <<= 1) {
      int64_t u = __shfl_up_sync(0xFFFFFFFFu, t, o);
      if (lane >= o) t += u;
    }
    if (lane < nwarps) smem[lane] = t;
  }
  __syncthreads();
  int64_t r = v + (warp > 0 ? smem[warp - 1] : 0);
  __syncthreads(); /* smem may be reused by the caller's next scan */
  return r;
}

/* Inclusive max-scan of v over the block; smem: 32 int64s. */
__device__ __forceinline__ int64_t blockInclusiveMax(int64_t v, int64_t *smem) {
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, nwarps = (blockDim.x + 31) >> 5;
#pragma unroll
  for (int o = 1; o < 32; o <<= 1) {
    int64_t u = __shfl_up_sync(0xFFFFFFFFu, v, o);
    if (lane >= o && u > v) v = u;
  }
  if (lane == 31) smem[warp] = v;
  __syncthreads();
  if (warp == 0) {
    int64_t t = lane < nwarps ? smem[lane] : INT64_MIN;
#pragma unroll
    for (int o = 1; o < 32; o <<= 1) {
      int64_t u = __shfl_up_sync(0xFFFFFFFFu, t, o);
      if (lane >= o && u > t) t = u;
    }
    if (lane < nwarps) smem[lane] = t;
  }
  __syncthreads();
  int64_t r = v;
  if (warp > 0 && smem[warp - 1] > r) r = smem[warp - 1];
  __syncthreads();
  return r;
}

/* ---- scratch ---- */

/* Scratch from the caching allocator (up to 8 buffers), freed when it goes out of scope, on its
 * stream: after the kernels queued before then. */
struct Scratch {
  THCState *state;
  THCStream *stream;
  void *p[8];
  int n;
  void *get(size_t bytes) {
    if (n == 8) return nullptr;
    void *q = THCCachingAllocator_malloc(state, bytes ? bytes : 1, stream);
    if (q) p[n++] = q;
    return q;
  }
  ~Scratch() {
    for (int i = 0; i < n; i++) THCCachingAllocator_free(state, p[i]);
  }
};

}  // namespace thcidx

#endif
