/* THCApply.cuh — the device side of libTHC's one pointwise iterator; every elementwise kernel of
 * libTHC goes through thc::apply.
 *
 * Usage, in a .cu file: build a THCApplyIter with THCApply_init (operand 0 the output) and
 * THCApply_prepare, pick the common dtype S of the inputs with thc::dispatch, and call
 *
 *   thc::apply<Op, S0, S, SOut, NIN>(it, op)
 *
 * where Op is a functor taking NIN values — the first of OpMath<S0>, the others of OpMath<S>
 * (half and bfloat16 compute in float) — and returning the result in any type. Inputs of another
 * dtype than S (S0 for the first) are converted on load (to S first, so a float32 operand of a
 * float16 op is rounded to float16 as in PyTorch); an output of another dtype than SOut gets the
 * result converted on store; host scalars are passed by value. Conversions are libTH's (TH_STORE_*).
 *
 * Kernels: when every operand has the kernel's dtype and the iterator is one contiguous run
 * (inputs may be single values broadcast over it), a vectorized kernel loads and stores up to 16
 * bytes per operand at a time (aligned pointers; scalar tail); otherwise one generic kernel
 * computes each operand's byte offset from the linear index over the coalesced dims (32-bit
 * divisions by precomputed magic numbers; the fastest dim needs none) and converts dtypes on the
 * fly when they differ. Both are grid-stride loops over THC_APPLY_THREADS-thread blocks, at most
 * enough blocks to fill every multiprocessor. Iterators too large for 32-bit offsets are split on
 * the host (THCApply_forEach32), so kernels never do 64-bit index math.
 *
 * Built with nvcc; test/emu also builds it with a host compiler (THC_EMU, see THCKernel.cuh). */
#ifndef THC_APPLY_CUH
#define THC_APPLY_CUH

#include "THCApply.h"
#include "THCDTypes.cuh"
#include "THCKernel.cuh"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <type_traits>

#define THC_HD __host__ __device__
#define THC_D __device__
#ifdef __CUDACC__
#define THC_NOINLINE __noinline__
#else /* a host compiler (test/emu) */
#define THC_NOINLINE __attribute__((noinline))
#endif
#define THC_KERNEL(threads) __global__ __launch_bounds__(threads)

namespace thc {

/* The type an op computes in: half types in float (PyTorch's opmath). */
template <typename T> struct OpMathT { using type = T; };
template <> struct OpMathT<half> { using type = float; };
template <> struct OpMathT<bfloat16> { using type = float; };
template <typename T> using OpMath = typename OpMathT<T>::type;

template <typename T> constexpr bool isHalfType() { return std::is_same<T, half>::value || std::is_same<T, bfloat16>::value; }
template <typename T> constexpr bool isFloatType() { return isHalfType<T>() || std::is_floating_point<T>::value; }
template <typename T> constexpr bool isIntType() { return std::is_integral<T>::value && !std::is_same<T, bool>::value; }

/* ---- conversions, with libTH's rules (TH_STORE_*): to bool is != 0; floating to integer goes
 * through int64 (then wraps); to float16/bfloat16 goes through float, rounding to nearest even ---- */
template <typename T> THC_HD inline float halfToFloat(T v) {
  if constexpr (std::is_same<T, half>::value) return __half2float(v);
  else return __bfloat162float(v);
}

template <typename To, typename From> THC_HD inline To convert(From v) {
  if constexpr (std::is_same<To, From>::value) {
    return v;
  } else if constexpr (isHalfType<From>()) {
    return convert<To>(halfToFloat(v));
  } else if constexpr (std::is_same<To, bool>::value) {
    return v != From(0);
  } else if constexpr (std::is_same<To, half>::value) {
    return __float2half_rn((float)v);
  } else if constexpr (std::is_same<To, bfloat16>::value) {
    return __float2bfloat16_rn((float)v);
  } else if constexpr (isIntType<To>() && std::is_floating_point<From>::value) {
    return (To)(int64_t)v;
  } else {
    return (To)v;
  }
}

/* ---- memory access ---- */
template <typename T> THC_D inline T loadRaw(const char *p) {
  if constexpr (std::is_same<T, bool>::value) return *(const uint8_t *)p != 0;
  else return *(const T *)p;
}
template <typename T> THC_D inline void storeRaw(char *p, T v) {
  if constexpr (std::is_same<T, bool>::value) *(uint8_t *)p = v ? 1 : 0;
  else *(T *)p = v;
}
/* A value of dtype T from the low bytes of a host scalar's bits. */
template <typename T> THC_D inline T fromBits(uint64_t bits) {
  Raw<T> r;
  memcpy((void *)&r, &bits, sizeof r);
  if constexpr (std::is_same<T, bool>::value) return r != 0;
  else return r;
}

/* The element at p, of dtype dt, as an input of type S computes it (converted to S, then to
 * OpMath<S>); out of line, so that kernels that convert on the fly stay small. */
template <typename S> THC_NOINLINE THC_D OpMath<S> loadAs(const char *p, int dt) {
  switch (dt) {
#define THC_LOAD_CASE(D, T) \
  case D: return convert<OpMath<S>>(convert<S>(loadRaw<T>(p)));
    THC_FOR_EACH_DTYPE(THC_LOAD_CASE)
#undef THC_LOAD_CASE
    default: return OpMath<S>(0);
  }
}
template <typename S> THC_NOINLINE THC_D OpMath<S> scalarAs(uint64_t bits, int dt) {
  switch (dt) {
#define THC_SCALAR_CASE(D, T) \
  case D: return convert<OpMath<S>>(convert<S>(fromBits<T>(bits)));
    THC_FOR_EACH_DTYPE(THC_SCALAR_CASE)
#undef THC_SCALAR_CASE
    default: return OpMath<S>(0);
  }
}
/* v stored at p as dtype dt. */
template <typename R> THC_NOINLINE THC_D void storeAs(char *p, int dt, R v) {
  switch (dt) {
#define THC_STORE_CASE(D, T) \
  case D: storeRaw<T>(p, convert<T>(v)); break;
    THC_FOR_EACH_DTYPE(THC_STORE_CASE)
#undef THC_STORE_CASE
    default: break;
  }
}

/* ---- index math ---- */
/* n / d and n % d for n < 2^31 by a multiply and a shift (PyTorch's IntDivider). */
struct IntDivider {
  uint32_t divisor, m1, shift;
  void init(uint32_t d) {
    divisor = d;
    for (shift = 0; shift < 32; shift++)
      if ((1u << shift) >= d) break;
    uint64_t one = 1;
    m1 = (uint32_t)(((one << 32) * ((one << shift) - d)) / d + 1);
  }
  THC_D inline uint32_t div(uint32_t n) const { return (__umulhi(n, m1) + n) >> shift; }
};

/* Byte offsets of each operand for a linear index (dim 0 fastest). */
template <int N> struct OffsetCalc {
  int ndim;
  IntDivider sizes[TH_MAX_DIMS];
  int32_t strides[TH_MAX_DIMS][N];
  THC_D inline void get(uint32_t idx, int32_t (&off)[N]) const {
#pragma unroll
    for (int k = 0; k < N; k++) off[k] = 0;
    int d = 0;
    for (; d < ndim - 1; d++) {
      uint32_t q = sizes[d].div(idx);
      int32_t c = (int32_t)(idx - q * sizes[d].divisor);
      idx = q;
#pragma unroll
      for (int k = 0; k < N; k++) off[k] += c * strides[d][k];
    }
    /* the slowest dim: idx is already below its size */
#pragma unroll
    for (int k = 0; k < N; k++) off[k] += (int32_t)idx * strides[d][k];
  }
};

template <int N> struct StridedArgs {
  char *data[N];
  uint64_t scalar[N];   /* host scalars' bits */
  uint8_t dtype[N];
  uint8_t scalarMask;   /* bit k: operand k is a host scalar */
  uint8_t dynamic;      /* some operand's dtype is not the kernel's: convert on load and store */
  uint32_t numel;
  OffsetCalc<N> oc;
};

template <int N> struct ContigArgs {
  char *data[N];
  uint64_t scalar[N];
  uint8_t dtype[N];
  uint8_t valueMask; /* bit k: operand k is one value (a host scalar, or a device element of stride 0) */
  uint32_t numel;
};

/* Thread position in a grid-stride loop. */
THC_D inline uint32_t globalThread() { return blockIdx.x * blockDim.x + threadIdx.x; }
THC_D inline uint32_t gridThreads() { return gridDim.x * blockDim.x; }

/* The op's inputs (up to 3; unused ones are dropped by the compiler). */
template <typename C0, typename C> struct Vals {
  C0 x0;
  C x1, x2;
};
template <int NIN, typename Op, typename V> THC_D inline auto callOp(const Op &op, const V &v) {
  if constexpr (NIN == 0) return op();
  else if constexpr (NIN == 1) return op(v.x0);
  else if constexpr (NIN == 2) return op(v.x0, v.x1);
  else return op(v.x0, v.x1, v.x2);
}

template <typename Op, typename S0, typename S, typename SOut, int NIN> struct Kernel {
  using C0 = OpMath<S0>;
  using C = OpMath<S>;
  using V = Vals<C0, C>;
  using R = decltype(callOp<NIN>(std::declval<Op>(), std::declval<V>()));
  static constexpr int N = NIN + 1;
  static constexpr int kMaxSize = (int)(sizeof(Raw<S0>) > sizeof(Raw<S>) ? (sizeof(Raw<S0>) > sizeof(Raw<SOut>) ? sizeof(Raw<S0>) : sizeof(Raw<SOut>))
                                                                          : (sizeof(Raw<S>) > sizeof(Raw<SOut>) ? sizeof(Raw<S>) : sizeof(Raw<SOut>)));
  /* elements per vector: 16 bytes of the widest operand, at most 4 */
  static constexpr int VEC = 16 / kMaxSize > 8 ? 8 : 16 / kMaxSize;

  /* input i's value from a host scalar's bits */
  template <int i> THC_D static inline void setScalar(V &v, uint64_t bits, int dt) {
    if constexpr (i == 0) v.x0 = scalarAs<S0>(bits, dt);
    else if constexpr (i == 1) v.x1 = scalarAs<S>(bits, dt);
    else v.x2 = scalarAs<S>(bits, dt);
  }
  /* input i's value from memory, in the kernel's dtype or converted from dt */
  template <int i> THC_D static inline void load(V &v, const char *p, bool dyn, int dt) {
    if constexpr (i == 0) v.x0 = dyn ? loadAs<S0>(p, dt) : convert<C0>(loadRaw<S0>(p));
    else if constexpr (i == 1) v.x1 = dyn ? loadAs<S>(p, dt) : convert<C>(loadRaw<S>(p));
    else v.x2 = dyn ? loadAs<S>(p, dt) : convert<C>(loadRaw<S>(p));
  }

  THC_D static inline void strided(const StridedArgs<N> &a, const Op &op) {
    V sv{};
    const unsigned mask = a.scalarMask;
    if constexpr (NIN > 0) if (mask & 2u) setScalar<0>(sv, a.scalar[1], a.dtype[1]);
    if constexpr (NIN > 1) if (mask & 4u) setScalar<1>(sv, a.scalar[2], a.dtype[2]);
    if constexpr (NIN > 2) if (mask & 8u) setScalar<2>(sv, a.scalar[3], a.dtype[3]);
    const bool dyn = a.dynamic != 0;
    const uint32_t step = gridThreads();
    for (uint32_t idx = globalThread(); idx < a.numel; idx += step) {
      int32_t off[N];
      a.oc.get(idx, off);
      V v = sv;
      if constexpr (NIN > 0) if (!(mask & 2u)) load<0>(v, a.data[1] + off[1], dyn, a.dtype[1]);
      if constexpr (NIN > 1) if (!(mask & 4u)) load<1>(v, a.data[2] + off[2], dyn, a.dtype[2]);
      if constexpr (NIN > 2) if (!(mask & 8u)) load<2>(v, a.data[3] + off[3], dyn, a.dtype[3]);
      R r = callOp<NIN>(op, v);
      if (dyn) storeAs<R>(a.data[0] + off[0], a.dtype[0], r);
      else storeRaw<SOut>(a.data[0] + off[0], convert<SOut>(r));
    }
  }

  template <typename T> struct alignas(sizeof(Raw<T>) * VEC) Vec {
    Raw<T> v[VEC];
  };
  template <typename T> THC_D static inline T fromRaw(Raw<T> r) {
    if constexpr (std::is_same<T, bool>::value) return r != 0;
    else return r;
  }
  template <int i> using In = typename std::conditional<i == 0, S0, S>::type;
  template <int i> THC_D static inline void setVec(V (&v)[VEC], const char *base) {
#ifdef THC_EMU
    if ((uintptr_t)base % alignof(Vec<In<i>>)) thcEmuCheckDevicePtr(nullptr, "misaligned vector load");
#endif
    Vec<In<i>> x = *(const Vec<In<i>> *)base;
#pragma unroll
    for (int j = 0; j < VEC; j++) {
      if constexpr (i == 0) v[j].x0 = convert<C0>(fromRaw<S0>(x.v[j]));
      else if constexpr (i == 1) v[j].x1 = convert<C>(fromRaw<S>(x.v[j]));
      else v[j].x2 = convert<C>(fromRaw<S>(x.v[j]));
    }
  }
  /* one value of input i, for every element */
  template <int i> THC_D static inline void setValue(V &sv, const ContigArgs<N> &a) {
    if (a.data[i + 1]) load<i>(sv, a.data[i + 1], false, a.dtype[i + 1]);
    else setScalar<i>(sv, a.scalar[i + 1], a.dtype[i + 1]);
  }

  THC_D static inline void contiguous(const ContigArgs<N> &a, const Op &op) {
    V sv{};
    const unsigned mask = a.valueMask;
    if constexpr (NIN > 0) if (mask & 2u) setValue<0>(sv, a);
    if constexpr (NIN > 1) if (mask & 4u) setValue<1>(sv, a);
    if constexpr (NIN > 2) if (mask & 8u) setValue<2>(sv, a);
    const uint32_t step = gridThreads(), first = globalThread(), nvec = a.numel / VEC;
    for (uint32_t iv = first; iv < nvec; iv += step) {
      const uint32_t i = iv * VEC;
      V v[VEC];
#pragma unroll
      for (int j = 0; j < VEC; j++) v[j] = sv;
      if constexpr (NIN > 0) if (!(mask & 2u)) setVec<0>(v, a.data[1] + (size_t)i * sizeof(Raw<S0>));
      if constexpr (NIN > 1) if (!(mask & 4u)) setVec<1>(v, a.data[2] + (size_t)i * sizeof(Raw<S>));
      if constexpr (NIN > 2) if (!(mask & 8u)) setVec<2>(v, a.data[3] + (size_t)i * sizeof(Raw<S>));
      Vec<SOut> out;
#pragma unroll
      for (int j = 0; j < VEC; j++) {
        SOut o = convert<SOut>(callOp<NIN>(op, v[j]));
        if constexpr (std::is_same<SOut, bool>::value) out.v[j] = o ? 1 : 0;
        else out.v[j] = o;
      }
#ifdef THC_EMU
      if ((uintptr_t)(a.data[0] + (size_t)i * sizeof(Raw<SOut>)) % alignof(Vec<SOut>)) thcEmuCheckDevicePtr(nullptr, "misaligned vector store");
#endif
      *(Vec<SOut> *)(a.data[0] + (size_t)i * sizeof(Raw<SOut>)) = out;
    }
    /* the tail that does not fill a vector */
    for (uint32_t i = nvec * VEC + first; i < a.numel; i += step) {
      V v = sv;
      if constexpr (NIN > 0) if (!(mask & 2u)) load<0>(v, a.data[1] + (size_t)i * sizeof(Raw<S0>), false, 0);
      if constexpr (NIN > 1) if (!(mask & 4u)) load<1>(v, a.data[2] + (size_t)i * sizeof(Raw<S>), false, 0);
      if constexpr (NIN > 2) if (!(mask & 8u)) load<2>(v, a.data[3] + (size_t)i * sizeof(Raw<S>), false, 0);
      storeRaw<SOut>(a.data[0] + (size_t)i * sizeof(Raw<SOut>), convert<SOut>(callOp<NIN>(op, v)));
    }
  }
};

/* kernel parameters stay far below CUDA's 4 KiB */
static_assert(sizeof(StridedArgs<THC_APPLY_MAX_OPERANDS>) < 2048, "iterator arguments too large");

template <typename Op, typename S0, typename S, typename SOut, int NIN>
THC_KERNEL(THC_APPLY_THREADS) void stridedKernel(StridedArgs<NIN + 1> a, Op op) {
  Kernel<Op, S0, S, SOut, NIN>::strided(a, op);
}

template <typename Op, typename S0, typename S, typename SOut, int NIN>
THC_KERNEL(THC_APPLY_THREADS) void contigKernel(ContigArgs<NIN + 1> a, Op op) {
  Kernel<Op, S0, S, SOut, NIN>::contiguous(a, op);
}

/* Launches kernel(args...) on blocks of THC_APPLY_THREADS threads and checks the launch. */
template <typename... KArgs, typename... Args>
inline int launch(void (*kernel)(KArgs...), int blocks, void *stream, const char *what, const Args &...args) {
  THC_LAUNCH(kernel, blocks, THC_APPLY_THREADS, 0, stream, args...);
  cudaError_t err = cudaGetLastError();
  return err == cudaSuccess ? TH_OK : THCError(err, what);
}

/* Host side of a launch, shared by every op with N operands: the vectorized kernel's arguments
 * when every operand has the kernel's dtype (types[k]) and is contiguous (or one value) and
 * aligned to vectors of vec elements; else the generic kernel's (dynamic: dtypes differ). */
inline bool isTyped(const THCApplyIter *it, int n, const THDType *types) {
  for (int k = 0; k < n; k++)
    if (it->data[k] && it->dtype[k] != types[k]) return false;
  return true;
}
template <int N> inline bool contigArgs(const THCApplyIter *it, const THDType *types, int vec, ContigArgs<N> &a) {
  if (it->ndim != 1) return false;
  memset(&a, 0, sizeof a);
  for (int k = 0; k < N; k++) {
    size_t size = THDType_size(types[k]);
    a.data[k] = it->data[k];
    a.scalar[k] = it->scalar[k];
    a.dtype[k] = (uint8_t)it->dtype[k];
    if (!it->data[k] || (k > 0 && it->strides[0][k] == 0)) {
      if (k == 0) return false;
      a.valueMask |= (uint8_t)(1u << k);
    } else if (it->strides[0][k] != (int64_t)size || (uintptr_t)it->data[k] % (size * (size_t)vec) != 0) {
      return false;
    }
  }
  a.numel = (uint32_t)it->numel;
  return true;
}
template <int N> inline void stridedArgs(const THCApplyIter *it, bool typed, StridedArgs<N> &a) {
  memset(&a, 0, sizeof a);
  a.dynamic = typed ? 0 : 1;
  a.numel = (uint32_t)it->numel;
  a.oc.ndim = it->ndim;
  for (int k = 0; k < N; k++) {
    a.data[k] = it->data[k];
    a.scalar[k] = it->scalar[k];
    a.dtype[k] = (uint8_t)it->dtype[k];
    if (!it->data[k]) a.scalarMask |= (uint8_t)(1u << k);
  }
  for (int d = 0; d < it->ndim; d++) {
    a.oc.sizes[d].init((uint32_t)it->shape[d]);
    for (int k = 0; k < N; k++) a.oc.strides[d][k] = (int32_t)it->strides[d][k];
  }
}

template <typename Op, typename S0, typename S, typename SOut, int NIN> struct Launcher {
  using K = Kernel<Op, S0, S, SOut, NIN>;
  static constexpr int N = NIN + 1;
  static int part(const THCApplyIter *it, void *ctx) {
    const Op &op = *(const Op *)ctx;
#ifdef THC_EMU
    for (int k = 0; k < N; k++)
      if (it->data[k]) thcEmuCheckDevicePtr(it->data[k], "pointwise operand");
#endif
    const THDType types[4] = {DTypeOf<SOut>::value, DTypeOf<S0>::value, DTypeOf<S>::value, DTypeOf<S>::value};
    const bool typed = isTyped(it, N, types);
    if (typed) {
      ContigArgs<N> a;
      if (contigArgs<N>(it, types, K::VEC, a)) {
#ifdef THC_EMU
        thcEmuCountPath(1, 0);
#endif
        return launch(contigKernel<Op, S0, S, SOut, NIN>, THCApply_blocks(it, (it->numel + K::VEC - 1) / K::VEC), it->stream,
                      "pointwise kernel launch", a, op);
      }
    }
    StridedArgs<N> a;
    stridedArgs<N>(it, typed, a);
#ifdef THC_EMU
    thcEmuCountPath(0, !typed);
#endif
    return launch(stridedKernel<Op, S0, S, SOut, NIN>, THCApply_blocks(it, it->numel), it->stream, "pointwise kernel launch",
                  a, op);
  }
};

/* Runs op over every element of it (operands: the output, then NIN inputs). */
template <typename Op, typename S0, typename S, typename SOut, int NIN> inline int apply(const THCApplyIter *it, const Op &op) {
  static_assert(NIN >= 0 && NIN <= 3, "thc::apply takes up to 3 inputs");
  if (it->nops != NIN + 1) return THError("pointwise: expected %d operands, got %d", NIN + 1, it->nops);
  return THCApply_forEach32(it, &Launcher<Op, S0, S, SOut, NIN>::part, (void *)&op);
}

/* ---- math for the ops: float and double overloads of libdevice's (libm's on the host) ---- */
#define THC_MATH1(name)                                                 \
  THC_D inline float name(float x) { return ::name##f(x); }             \
  THC_D inline double name(double x) { return ::name(x); }
#define THC_MATH2(name)                                                 \
  THC_D inline float name(float x, float y) { return ::name##f(x, y); } \
  THC_D inline double name(double x, double y) { return ::name(x, y); }
namespace m {
THC_MATH1(exp) THC_MATH1(exp2) THC_MATH1(expm1) THC_MATH1(log) THC_MATH1(log2) THC_MATH1(log10) THC_MATH1(log1p)
THC_MATH1(sin) THC_MATH1(cos) THC_MATH1(tan) THC_MATH1(asin) THC_MATH1(acos) THC_MATH1(atan) THC_MATH1(sinh)
THC_MATH1(cosh) THC_MATH1(tanh) THC_MATH1(erf) THC_MATH1(erfc) THC_MATH1(sqrt) THC_MATH1(floor) THC_MATH1(ceil)
THC_MATH1(trunc) THC_MATH1(rint) THC_MATH1(fabs)
THC_MATH2(fmod) THC_MATH2(pow) THC_MATH2(atan2) THC_MATH2(copysign)
/* products and sums that nvcc must not fuse into one multiply-add (libTH rounds each) */
THC_D inline float mul(float a, float b) { return __fmul_rn(a, b); }
THC_D inline double mul(double a, double b) { return __dmul_rn(a, b); }
THC_D inline float add(float a, float b) { return __fadd_rn(a, b); }
THC_D inline double add(double a, double b) { return __dadd_rn(a, b); }
THC_D inline float sub(float a, float b) { return __fsub_rn(a, b); }
THC_D inline double sub(double a, double b) { return __dsub_rn(a, b); }
THC_D inline float fma(float a, float b, float c) { return ::fmaf(a, b, c); }
THC_D inline double fma(double a, double b, double c) { return ::fma(a, b, c); }
}  // namespace m
#undef THC_MATH1
#undef THC_MATH2

/* Integer arithmetic that wraps (libTH is built with -fwrapv): done in an unsigned type at least as
 * wide as int, so that neither the promotion to int nor the operation can overflow. */
template <typename T> using Wide = typename std::conditional<(sizeof(T) < 4), uint32_t, typename std::make_unsigned<T>::type>::type;
template <typename T> THC_D inline T wadd(T a, T b) { return (T)((Wide<T>)a + (Wide<T>)b); }
template <typename T> THC_D inline T wsub(T a, T b) { return (T)((Wide<T>)a - (Wide<T>)b); }
template <typename T> THC_D inline T wmul(T a, T b) { return (T)((Wide<T>)a * (Wide<T>)b); }
template <typename T> THC_D inline T wneg(T a) { return (T)((Wide<T>)0 - (Wide<T>)a); }

/* Turns a launcher status into TH's "not implemented" error for a dtype without a kernel. */
inline int noKernel(int status, const char *op, THDType t) {
  if (status != kNoKernel) return status;
  THDType ct = t == TH_Float16 || t == TH_BFloat16 ? TH_Float32 : t;
  return THError("%s: not implemented for '%s' (expected a supported dtype)", op, THDType_name(ct));
}

}  // namespace thc

#endif
