/* THCReduceKernels.cuh — the reduction kernels and the pieces the ops share (see THCReduceImpl.h
 * for the design). An op is a functor:
 *   typedef in_t (the element's storage type), acc_t (the accumulator);
 *   acc_t identity();  acc_t reduce(acc_t, in_t x, i64 index);  acc_t combine(acc_t a, acc_t b);
 *   void project(acc_t, i64 count, OutVal &v0, OutVal &v1);  static bools int0/int1 (the
 *   results are integers in OutVal::i, else doubles in OutVal::d), and heavy (a costly reduce:
 *   fewer loads in flight, and smaller kernels).
 * combine must not depend on which side holds the earlier elements beyond what the op defines
 * (sums are commutative; arg-reductions compare indices), since the tree mixes the order.
 * Included by the THCReduce*.cu files only. */
#ifndef THC_REDUCE_KERNELS_CUH
#define THC_REDUCE_KERNELS_CUH

#include "THCDTypes.cuh"
#include "THCKernel.cuh"
#include <stdint.h>
#include <type_traits>

#include "THCReduceImpl.h"

/* THCInternal.h is a C header without C++ guards: the one function the launchers need. */
extern "C" int THCError(cudaError_t err, const char *what);

namespace thcr {

typedef long long i64;
typedef unsigned long long u64;

/* ---------------------------------------------------------------- types */

/* The type elements are compared and computed in: int for narrow integers (no sub-word shuffles),
 * float for the half types. */
template <typename T> struct Val { typedef T type; };
template <> struct Val<uint8_t> { typedef int type; };
template <> struct Val<int8_t> { typedef int type; };
template <> struct Val<int16_t> { typedef int type; };
template <> struct Val<int32_t> { typedef int type; };
template <> struct Val<int64_t> { typedef i64 type; };
template <> struct Val<__half> { typedef float type; };
template <> struct Val<__nv_bfloat16> { typedef float type; };

template <typename T> __device__ __forceinline__ typename Val<T>::type toVal(T x) { return (typename Val<T>::type)x; }
template <> __device__ __forceinline__ float toVal<__half>(__half x) { return __half2float(x); }
template <> __device__ __forceinline__ float toVal<__nv_bfloat16>(__nv_bfloat16 x) { return __bfloat162float(x); }

template <typename T> struct IsInt { static const bool value = true; };
template <> struct IsInt<__half> { static const bool value = false; };
template <> struct IsInt<__nv_bfloat16> { static const bool value = false; };
template <> struct IsInt<float> { static const bool value = false; };
template <> struct IsInt<double> { static const bool value = false; };

/* Floating accumulation: float for float32 and the half types, double for float64. */
template <typename T> struct FAcc { typedef float type; };
template <> struct FAcc<double> { typedef double type; };

/* Sums and products: integers wrap in 64 bits (unsigned: no undefined overflow), floats as FAcc. */
template <typename T> struct SumAcc {
  typedef typename std::conditional<IsInt<T>::value, u64, typename FAcc<T>::type>::type type;
};

template <typename V> __device__ __forceinline__ bool isNan(V x) { return x != x; }

template <typename V> struct Limits;
template <> struct Limits<int> {
  static __device__ __forceinline__ int lowest() { return INT_MIN; }
  static __device__ __forceinline__ int highest() { return INT_MAX; }
};
template <> struct Limits<i64> {
  static __device__ __forceinline__ i64 lowest() { return LLONG_MIN; }
  static __device__ __forceinline__ i64 highest() { return LLONG_MAX; }
};
template <> struct Limits<float> {
  static __device__ __forceinline__ float lowest() { return -INFINITY; }
  static __device__ __forceinline__ float highest() { return INFINITY; }
};
template <> struct Limits<double> {
  static __device__ __forceinline__ double lowest() { return -INFINITY; }
  static __device__ __forceinline__ double highest() { return INFINITY; }
};

__device__ __forceinline__ float mexp(float x) { return expf(x); }
__device__ __forceinline__ double mexp(double x) { return exp(x); }
__device__ __forceinline__ float mlog(float x) { return logf(x); }
__device__ __forceinline__ double mlog(double x) { return log(x); }
__device__ __forceinline__ float mpow(float x, float y) { return powf(x, y); }
__device__ __forceinline__ double mpow(double x, double y) { return pow(x, y); }

/* A value of the compute type back to storage type T (exact where it came from T). */
template <typename T, typename V> __device__ __forceinline__ T fromVal(V v) { return (T)v; }
template <> __device__ __forceinline__ __half fromVal<__half, float>(float v) { return __float2half_rn(v); }
template <> __device__ __forceinline__ __nv_bfloat16 fromVal<__nv_bfloat16, float>(float v) { return __float2bfloat16_rn(v); }

/* v rounded to T's precision (a result TH would hold in a tensor of dtype T), as a double. */
template <typename T, typename V> __device__ __forceinline__ double roundTo(V v) { return (double)toVal<T>(fromVal<T>(v)); }

/* Loads of V elements at once (16 bytes, 8 for one-byte types). */
template <typename T> struct VecWidth { static const int value = sizeof(T) >= 8 ? 2 : sizeof(T) == 4 ? 4 : 8; };
template <typename T, int V> struct alignas(sizeof(T) * V > 16 ? 16 : sizeof(T) * V) AlignedVec { T v[V]; };

/* ---------------------------------------------------------------- shuffles of any accumulator */

template <typename T> struct Words {
  static const int n = (int)((sizeof(T) + 3) / 4);
};

enum ShflKind { kShflDown, kShflUp, kShflIdx };

/* v moved between lanes word by word, as __shfl_down_sync / __shfl_up_sync / __shfl_sync move one
 * word: arg is the delta, or the source lane for kShflIdx. */
template <ShflKind K, typename T> __device__ __forceinline__ T shflWords(const T &v, int arg, int width) {
  int w[Words<T>::n];
  memcpy(w, &v, sizeof(T));
#pragma unroll
  for (int i = 0; i < Words<T>::n; i++)
    w[i] = K == kShflDown ? __shfl_down_sync(0xffffffffu, w[i], (unsigned)arg, width)
           : K == kShflUp ? __shfl_up_sync(0xffffffffu, w[i], (unsigned)arg, width)
                          : __shfl_sync(0xffffffffu, w[i], arg, width);
  T r;
  memcpy(&r, w, sizeof(T));
  return r;
}
template <typename T> __device__ __forceinline__ T shflDown(const T &v, int delta, int width) { return shflWords<kShflDown>(v, delta, width); }
template <typename T> __device__ __forceinline__ T shflUp(const T &v, int delta, int width) { return shflWords<kShflUp>(v, delta, width); }
template <typename T> __device__ __forceinline__ T shflIdx(const T &v, int src, int width) { return shflWords<kShflIdx>(v, src, width); }

/* ---------------------------------------------------------------- results */

struct OutVal {
  double d;
  i64 i;
};

/* TH_STORE_<dtype> of a double (isInt: of an int64) into element `off` of base. */
__device__ __forceinline__ void storeOut(void *base, int dtype, i64 off, const OutVal &v, bool isInt) {
  switch (dtype) {
    case TH_Bool: static_cast<uint8_t *>(base)[off] = (uint8_t)(isInt ? v.i != 0 : v.d != 0); break;
    case TH_UInt8: static_cast<uint8_t *>(base)[off] = (uint8_t)(isInt ? v.i : (i64)v.d); break;
    case TH_Int8: static_cast<int8_t *>(base)[off] = (int8_t)(isInt ? v.i : (i64)v.d); break;
    case TH_Int16: static_cast<int16_t *>(base)[off] = (int16_t)(isInt ? v.i : (i64)v.d); break;
    case TH_Int32: static_cast<int32_t *>(base)[off] = (int32_t)(isInt ? v.i : (i64)v.d); break;
    case TH_Int64: static_cast<int64_t *>(base)[off] = (int64_t)(isInt ? v.i : (i64)v.d); break;
    case TH_Float16: static_cast<__half *>(base)[off] = __float2half_rn(isInt ? (float)v.i : (float)v.d); break;
    case TH_BFloat16:
      static_cast<__nv_bfloat16 *>(base)[off] = __float2bfloat16_rn(isInt ? (float)v.i : (float)v.d);
      break;
    case TH_Float32: static_cast<float *>(base)[off] = isInt ? (float)v.i : (float)v.d; break;
    case TH_Float64: static_cast<double *>(base)[off] = isInt ? (double)v.i : v.d; break;
    default: break;
  }
}

/* ---------------------------------------------------------------- offsets */

/* Offsets of output o (kept dims, kd[0] fastest) in the input and the two results. */
__device__ __forceinline__ void keptOffsets(const THCReducePlan &p, i64 o, i64 &in, i64 &o0, i64 &o1) {
  in = 0;
  o0 = 0;
  o1 = 0;
#pragma unroll 1
  for (int d = 0; d < p.nk; d++) {
    const i64 s = p.kshape[d];
    const i64 c = o % s;
    o /= s;
    in += c * p.kin[d];
    o0 += c * p.kout[0][d];
    o1 += c * p.kout[1][d];
  }
}

/* Input offset of reduced index r (several reduced dims). */
__device__ __forceinline__ i64 redOffset(const THCReducePlan &p, i64 r) {
  i64 off = 0;
  const int last = p.nr - 1;
#pragma unroll 1
  for (int d = 0; d < last; d++) {
    const i64 q = r / p.rshape[d];
    off += (r - q * p.rshape[d]) * p.rin[d];
    r = q;
  }
  return off + r * p.rin[last];
}

/* Loads in flight per thread before they are reduced: ops whose reduce is costly (pow, exp,
 * divisions) take one at a time, which also keeps their kernels small. */
template <class Op> struct Unroll { static const int value = Op::heavy ? 1 : 2; };

/* Elements r, r + step, ... < end of the OV neighbouring outputs whose input starts at in + base, in
 * index order: OV > 1 loads the OV elements of a reduced index as one vector (the planner checks
 * that every such address is aligned). */
template <class Op, int OV>
__device__ __forceinline__ void threadReduce(const Op &op, typename Op::acc_t (&acc)[OV],
                                             const typename Op::in_t *__restrict__ in, i64 base,
                                             const THCReducePlan &p, i64 r, i64 end, i64 step) {
  typedef AlignedVec<typename Op::in_t, OV> Vec;
  const int U = Unroll<Op>::value;
  const i64 s = p.rin[0];
  const bool one = p.nr == 1;
  for (; r < end; r += U * step) {
    Vec x[U];
#pragma unroll
    for (int u = 0; u < U; u++) {
      const i64 ru = r + u * step;
      if (ru < end) x[u] = *reinterpret_cast<const Vec *>(in + base + (one ? ru * s : redOffset(p, ru)));
    }
#pragma unroll
    for (int u = 0; u < U; u++) {
      const i64 ru = r + u * step;
      if (ru < end) {
#pragma unroll
        for (int j = 0; j < OV; j++) acc[j] = op.reduce(acc[j], x[u].v[j], ru);
      }
    }
  }
}

/* Inner mode over a contiguous run row[b, e): this thread (tx of bdx) takes the elements before
 * the first aligned address, then whole vectors tx, tx + bdx, ..., then the tail. */
template <class Op>
__device__ __forceinline__ typename Op::acc_t threadReduceVec(const Op &op, typename Op::acc_t acc,
                                                              const typename Op::in_t *__restrict__ row, i64 b, i64 e,
                                                              int tx, int bdx) {
  typedef typename Op::in_t T;
  const int V = VecWidth<T>::value, U = Unroll<Op>::value;
  typedef AlignedVec<T, VecWidth<T>::value> Vec;
  const i64 mis = (i64)(((uintptr_t)(row + b) % sizeof(Vec)) / sizeof(T));
  i64 head = mis ? V - mis : 0;
  if (head > e - b) head = e - b;
  for (i64 r = b + tx; r < b + head; r += bdx) acc = op.reduce(acc, row[r], r);
  b += head;
  const i64 nv = (e - b) / V;
  const Vec *__restrict__ vp = reinterpret_cast<const Vec *>(row + b);
  for (i64 k = tx; k < nv; k += (i64)U * bdx) {
    Vec v[U];
#pragma unroll
    for (int u = 0; u < U; u++)
      if (k + u * bdx < nv) v[u] = vp[k + u * bdx];
#pragma unroll
    for (int u = 0; u < U; u++) {
      if (k + u * bdx < nv) {
#pragma unroll
        for (int j = 0; j < V; j++) acc = op.reduce(acc, v[u].v[j], b + (k + u * bdx) * V + j);
      }
    }
  }
  for (i64 r = b + nv * V + tx; r < e; r += bdx) acc = op.reduce(acc, row[r], r);
  return acc;
}

/* ---------------------------------------------------------------- block combination */

/* Combines the bdx accumulators of each block row; thread tx == 0 of the row gets the result.
 * Every thread of the block calls it, and the block has whole warps (bdx * bdy >= 32, both powers
 * of two: the planner sees to it), so full-mask shuffles are defined. smem: bdy * (bdx / 32)
 * accumulators when bdx > 32. */
template <class Op>
__device__ __forceinline__ typename Op::acc_t blockReduceX(const Op &op, typename Op::acc_t acc,
                                                           typename Op::acc_t *smem) {
  const int bdx = blockDim.x;
  if (bdx == 1) return acc;
  const int w = bdx < 32 ? bdx : 32;
  /* lane l < off combines with l + off: lane 0's chain only reads lanes that hold sums */
  for (int off = w >> 1; off > 0; off >>= 1) acc = op.combine(acc, shflDown(acc, off, w));
  if (bdx <= 32) return acc;
  const int nw = bdx >> 5, warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
  typename Op::acc_t *s = smem + threadIdx.y * nw;
  if (lane == 0) s[warp] = acc;
  __syncthreads();
  if (warp == 0) {
    acc = lane < nw ? s[lane] : op.identity();
    for (int off = 16; off > 0; off >>= 1) acc = op.combine(acc, shflDown(acc, off, 32));
  }
  __syncthreads(); /* s is free again */
  return acc;
}

/* Combines the bdy accumulators of each block column (bdy a power of two); ty == 0 gets the
 * result. Every thread of the block calls it. smem: bdx * bdy accumulators when bdy > 1. */
template <class Op>
__device__ __forceinline__ typename Op::acc_t blockReduceY(const Op &op, typename Op::acc_t acc,
                                                           typename Op::acc_t *smem) {
  const int bdy = blockDim.y;
  if (bdy == 1) return acc;
  const int tid = threadIdx.y * blockDim.x + threadIdx.x;
  smem[tid] = acc;
  __syncthreads();
  for (int s = bdy >> 1; s > 0; s >>= 1) {
    /* readers read rows [s, 2s), writers write rows [0, s) */
    if ((int)threadIdx.y < s) {
      acc = op.combine(acc, smem[tid + s * blockDim.x]);
      smem[tid] = acc;
    }
    __syncthreads();
  }
  return acc;
}

template <class Op>
__device__ __forceinline__ void finishOutput(const Op &op, const THCReducePlan &p, const typename Op::acc_t &acc,
                                             i64 off0, i64 off1) {
  OutVal v0 = {0, 0}, v1 = {0, 0};
  op.project(acc, p.nred, v0, v1);
  if (p.out[0]) storeOut(p.out[0], p.outType[0], off0, v0, Op::int0);
  if (p.out[1]) storeOut(p.out[1], p.outType[1], off1, v1, Op::int1);
}

THC_DYNAMIC_SHARED(unsigned char, thcr_smem);

/* The one reduction kernel: block (bdx, bdy), grid (gx, gy). Blocks loop over groups of outputs
 * (bdy outputs in inner mode, bdx * OV in outer); grid.y slices the reduced range. OV > 1 (outer
 * mode only): each thread takes OV neighbouring outputs with vector loads, so that a warp's load
 * moves 16 bytes a thread rather than one element. */
template <class Op, int OV>
__global__ void __launch_bounds__(512) reduceKernel(const THCReducePlan p, const Op op) {
  typedef typename Op::acc_t acc_t;
  typedef typename Op::in_t T;
  acc_t *smem = reinterpret_cast<acc_t *>(thcr_smem);
  const int tx = threadIdx.x, ty = threadIdx.y, bdx = blockDim.x, bdy = blockDim.y;
  const bool inner = OV == 1 && p.inner;
  const T *__restrict__ in = static_cast<const T *>(p.in);
  const i64 sb = (i64)blockIdx.y * p.sliceLen;
  const i64 se = p.nred < sb + p.sliceLen ? p.nred : sb + p.sliceLen;
  const int per = inner ? bdy : bdx * OV;
  for (i64 g = blockIdx.x; g < p.ngroups; g += gridDim.x) {
    const i64 o = g * per + (inner ? ty : tx * OV);
    const bool valid = o < p.nout;
    i64 inOff = 0, off0 = 0, off1 = 0;
    acc_t acc[OV];
#pragma unroll
    for (int j = 0; j < OV; j++) acc[j] = op.identity();
    if (valid) {
      keptOffsets(p, o, inOff, off0, off1);
      if (inner && p.vec) acc[0] = threadReduceVec(op, acc[0], in + inOff, sb, se, tx, bdx);
      else threadReduce(op, acc, in, inOff, p, sb + (inner ? tx : ty), se, inner ? bdx : bdy);
    }
    bool holder;
    if (inner) {
      acc[0] = blockReduceX(op, acc[0], smem);
      holder = tx == 0;
    } else {
#pragma unroll
      for (int j = 0; j < OV; j++) acc[j] = blockReduceY(op, acc[j], smem);
      holder = ty == 0;
    }
    if (holder && valid) {
      /* OV > 1: the OV outputs are neighbours along the innermost kept dim */
#pragma unroll
      for (int j = 0; j < OV; j++) {
        if (gridDim.y == 1) finishOutput(op, p, acc[j], off0 + j * p.kout[0][0], off1 + j * p.kout[1][0]);
        else static_cast<acc_t *>(p.partials)[(i64)blockIdx.y * p.nout + o + j] = acc[j];
      }
    }
  }
}

/* Second pass of split reductions: block (fbx, fby); x takes outputs, y the slices (in order). */
template <class Op>
__global__ void __launch_bounds__(256) reduceFinalKernel(const THCReducePlan p, const Op op) {
  typedef typename Op::acc_t acc_t;
  acc_t *smem = reinterpret_cast<acc_t *>(thcr_smem);
  const acc_t *part = static_cast<const acc_t *>(p.partials);
  const i64 groups = (p.nout + blockDim.x - 1) / blockDim.x;
  for (i64 g = blockIdx.x; g < groups; g += gridDim.x) {
    const i64 o = g * blockDim.x + threadIdx.x;
    const bool valid = o < p.nout;
    acc_t acc = op.identity();
    if (valid)
      for (int s = threadIdx.y; s < p.gy; s += blockDim.y) acc = op.combine(acc, part[(i64)s * p.nout + o]);
    acc = blockReduceY(op, acc, smem);
    if (threadIdx.y == 0 && valid) {
      i64 inOff, off0, off1;
      keptOffsets(p, o, inOff, off0, off1);
      finishOutput(op, p, acc, off0, off1);
    }
  }
}

template <class Op> int launchReduce(THCState *state, THCStream *stream, const THCReducePlan *plan, const Op &op) {
  typedef typename Op::acc_t acc_t;
  THCReducePlan p = *plan;
  cudaStream_t s = (cudaStream_t)THCStream_handle(stream);
  void *scratch = NULL;
  if (p.gy > 1) {
    scratch = THCCachingAllocator_malloc(state, (size_t)p.gy * (size_t)p.nout * sizeof(acc_t), stream);
    if (!scratch) return TH_ERR;
  }
  p.partials = scratch;
  size_t smem = p.inner ? (p.bdx > 32 ? (size_t)p.bdy * (size_t)(p.bdx / 32) : 0) : (p.bdy > 1 ? (size_t)p.bdx * p.bdy : 0);
  void (*const kernel)(THCReducePlan, Op) = p.ovec > 1 ? reduceKernel<Op, THC_REDUCE_OUTER_VEC> : reduceKernel<Op, 1>;
  THC_LAUNCH(kernel, dim3(p.gx, p.gy), dim3(p.bdx, p.bdy), smem * sizeof(acc_t), s, p, op);
  cudaError_t err = cudaGetLastError();
  if (err == cudaSuccess && p.gy > 1) {
    size_t fs = p.fby > 1 ? (size_t)p.fbx * p.fby * sizeof(acc_t) : 0;
    THC_LAUNCH(reduceFinalKernel<Op>, dim3(p.fgx), dim3(p.fbx, p.fby), fs, s, p, op);
    err = cudaGetLastError();
  }
  if (scratch) THCCachingAllocator_free(state, scratch);
  return err == cudaSuccess ? TH_OK : THCError(err, "reduction kernel launch");
}

/* The error of a reduction or scan (`what`) that has no kernel for dtype t. */
inline int noKernel(const char *what, THDType t) { return THError("%s: not implemented for '%s'", what, THDType_name(t)); }

/* Calls f(thc::Tag<T>()) with the storage type T of t when t is in Mask (bool shares uint8's
 * kernels: its values are 0 and 1, and results are stored by the result's dtype). Returns f's
 * status, or noKernel(what, t) for a dtype outside Mask. */
template <unsigned Mask, class F> int dispatchStorage(THDType t, const char *what, F &&f) {
  int status = thc::dispatch<Mask>(t, [&](auto tag) { return f(thc::Tag<thc::Raw<typename decltype(tag)::type>>()); });
  return status != thc::kNoKernel ? status : noKernel(what, t);
}

} // namespace thcr

#endif
