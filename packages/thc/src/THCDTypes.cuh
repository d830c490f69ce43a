/* THCDTypes.cuh — THE one place that maps a THDType to its C++ type, and the one dtype dispatch
 * of libTHC's kernels: thc::dispatch<Mask>(t, f) calls f(Tag<T>()) for t's type T, instantiating
 * f only for the dtypes in Mask. Every kernel family (pointwise, reductions, scans, indexing)
 * picks its template instance through it. */
#ifndef THC_DTYPES_CUH
#define THC_DTYPES_CUH

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <stdint.h>

#include "TH/THDType.h"

namespace thc {

using half = __half;
using bfloat16 = __nv_bfloat16;

#define THC_FOR_EACH_DTYPE(_)                                                                                    \
  _(TH_Bool, bool) _(TH_UInt8, uint8_t) _(TH_Int8, int8_t) _(TH_Int16, int16_t) _(TH_Int32, int32_t)             \
  _(TH_Int64, int64_t) _(TH_Float16, thc::half) _(TH_BFloat16, thc::bfloat16) _(TH_Float32, float)              \
  _(TH_Float64, double)

template <typename T> struct DTypeOf;
#define THC_DTYPE_OF(D, T) \
  template <> struct DTypeOf<T> { static constexpr THDType value = D; };
THC_FOR_EACH_DTYPE(THC_DTYPE_OF)
#undef THC_DTYPE_OF

/* Masks of dtypes, for dispatch() and the ops' tables. */
constexpr unsigned bit(THDType d) { return 1u << (unsigned)d; }
constexpr unsigned kBool = bit(TH_Bool);
constexpr unsigned kInts = bit(TH_UInt8) | bit(TH_Int8) | bit(TH_Int16) | bit(TH_Int32) | bit(TH_Int64);
constexpr unsigned kFloats = bit(TH_Float16) | bit(TH_BFloat16) | bit(TH_Float32) | bit(TH_Float64);
constexpr unsigned kNumeric = kInts | kFloats;
constexpr unsigned kAll = kNumeric | kBool;

template <typename T> struct Tag { using type = T; };

/* Calls f(Tag<T>()) for t's C++ type T when t is in Mask; only those are instantiated. Returns
 * f's status, or -2 (kNoKernel) for a dtype outside Mask. */
constexpr int kNoKernel = -2;
template <unsigned Mask, typename F> inline int dispatch(THDType t, F &&f) {
  switch (t) {
#define THC_DISPATCH_CASE(D, T)                          \
  case D:                                                \
    if constexpr ((Mask >> (unsigned)D) & 1u) return f(Tag<T>()); \
    break;
    THC_FOR_EACH_DTYPE(THC_DISPATCH_CASE)
#undef THC_DISPATCH_CASE
    default: break;
  }
  return kNoKernel;
}

/* How each dtype sits in memory: bool as a byte. */
template <typename T> struct RawT { using type = T; };
template <> struct RawT<bool> { using type = uint8_t; };
template <typename T> using Raw = typename RawT<T>::type;

} // namespace thc

#endif
