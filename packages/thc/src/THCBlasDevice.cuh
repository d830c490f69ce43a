/* THCBlasDevice.cuh — device helpers shared by this part's kernels: element loads and stores by
 * run-time dtype (one kernel serves every dtype, which keeps template instantiation and build time
 * small), strided offsets, and launch checks. */
#ifndef THC_BLAS_DEVICE_CUH
#define THC_BLAS_DEVICE_CUH

#include "THCKernel.cuh"
#include <stdint.h>

#include "THCBlasInternal.h"

namespace thcblas {

__device__ __forceinline__ bool isFloatType(int dt) {
  return dt == TH_Float16 || dt == TH_BFloat16 || dt == TH_Float32 || dt == TH_Float64;
}

/* Element `off` of base (dtype dt) as double (exact for every dtype but int64 beyond 2^53). */
__device__ __forceinline__ double loadD(const void *base, int64_t off, int dt) {
  switch (dt) {
    case TH_Bool: return ((const uint8_t *)base)[off] != 0;
    case TH_UInt8: return ((const uint8_t *)base)[off];
    case TH_Int8: return ((const int8_t *)base)[off];
    case TH_Int16: return ((const int16_t *)base)[off];
    case TH_Int32: return ((const int32_t *)base)[off];
    case TH_Int64: return (double)((const long long *)base)[off];
    case TH_Float16: return __half2float(((const __half *)base)[off]);
    case TH_BFloat16: return __bfloat162float(((const __nv_bfloat16 *)base)[off]);
    case TH_Float32: return ((const float *)base)[off];
    default: return ((const double *)base)[off];
  }
}

/* Element `off` of an integral (or bool) base as int64. */
__device__ __forceinline__ long long loadI(const void *base, int64_t off, int dt) {
  switch (dt) {
    case TH_Bool: return ((const uint8_t *)base)[off] != 0;
    case TH_UInt8: return ((const uint8_t *)base)[off];
    case TH_Int8: return ((const int8_t *)base)[off];
    case TH_Int16: return ((const int16_t *)base)[off];
    case TH_Int32: return ((const int32_t *)base)[off];
    case TH_Int64: return ((const long long *)base)[off];
    default: return (long long)loadD(base, off, dt);
  }
}

/* Floating types as float (float16, bfloat16, float32). */
__device__ __forceinline__ float loadF(const void *base, int64_t off, int dt) {
  switch (dt) {
    case TH_Float16: return __half2float(((const __half *)base)[off]);
    case TH_BFloat16: return __bfloat162float(((const __nv_bfloat16 *)base)[off]);
    case TH_Float32: return ((const float *)base)[off];
    default: return (float)loadD(base, off, dt);
  }
}

/* Stores v converted to dt (C casts; float16/bfloat16 round to nearest even from float, as TH). */
__device__ __forceinline__ void storeD(void *base, int64_t off, int dt, double v) {
  switch (dt) {
    case TH_Bool: ((uint8_t *)base)[off] = v != 0; break;
    case TH_UInt8: ((uint8_t *)base)[off] = (uint8_t)(long long)v; break;
    case TH_Int8: ((int8_t *)base)[off] = (int8_t)(long long)v; break;
    case TH_Int16: ((int16_t *)base)[off] = (int16_t)(long long)v; break;
    case TH_Int32: ((int32_t *)base)[off] = (int32_t)(long long)v; break;
    case TH_Int64: ((long long *)base)[off] = (long long)v; break;
    case TH_Float16: ((__half *)base)[off] = __float2half_rn((float)v); break;
    case TH_BFloat16: ((__nv_bfloat16 *)base)[off] = __float2bfloat16_rn((float)v); break;
    case TH_Float32: ((float *)base)[off] = (float)v; break;
    default: ((double *)base)[off] = v; break;
  }
}

__device__ __forceinline__ void storeI(void *base, int64_t off, int dt, long long v) {
  switch (dt) {
    case TH_Bool: ((uint8_t *)base)[off] = v != 0; break;
    case TH_UInt8: ((uint8_t *)base)[off] = (uint8_t)v; break;
    case TH_Int8: ((int8_t *)base)[off] = (int8_t)v; break;
    case TH_Int16: ((int16_t *)base)[off] = (int16_t)v; break;
    case TH_Int32: ((int32_t *)base)[off] = (int32_t)v; break;
    case TH_Int64: ((long long *)base)[off] = v; break;
    case TH_Float16: ((__half *)base)[off] = __float2half_rn((float)v); break;
    case TH_BFloat16: ((__nv_bfloat16 *)base)[off] = __float2bfloat16_rn((float)v); break;
    case TH_Float32: ((float *)base)[off] = (float)v; break;
    default: ((double *)base)[off] = (double)v; break;
  }
}

/* v rounded to dtype dt (as a float result type rounds it), for float types. */
__device__ __forceinline__ double roundToD(int dt, double v) {
  switch (dt) {
    case TH_Float16: return __half2float(__float2half_rn((float)v));
    case TH_BFloat16: return __bfloat162float(__float2bfloat16_rn((float)v));
    case TH_Float32: return (float)v;
    default: return v;
  }
}
__device__ __forceinline__ float roundToF(int dt, float v) {
  switch (dt) {
    case TH_Float16: return __half2float(__float2half_rn(v));
    case TH_BFloat16: return __bfloat162float(__float2bfloat16_rn(v));
    default: return v;
  }
}
/* v wrapped to an integral dtype (bool: v != 0). */
__device__ __forceinline__ long long wrapToI(int dt, long long v) {
  switch (dt) {
    case TH_Bool: return v != 0;
    case TH_UInt8: return (uint8_t)v;
    case TH_Int8: return (int8_t)v;
    case TH_Int16: return (int16_t)v;
    case TH_Int32: return (int32_t)v;
    default: return v;
  }
}

/* The offset of element idx (row-major over s.sizes). */
__device__ __forceinline__ int64_t offsetOf(const THCStrided &s, int64_t idx) {
  if (s.ndim <= 1) return s.ndim == 0 ? 0 : idx * s.strides[0];
  int64_t off = 0;
  for (int d = s.ndim - 1; d > 0; d--) {
    int64_t sz = s.sizes[d];
    int64_t q = idx / sz;
    off += (idx - q * sz) * s.strides[d];
    idx = q;
  }
  return off + idx * s.strides[0];
}

/* Blocks for a grid-stride loop over n items with `threads` per block: enough to fill the GPU,
 * never more than needed. */
static inline unsigned gridFor(int64_t n, int threads) {
  int64_t b = (n + threads - 1) / threads;
  if (b > 65536) b = 65536;
  return (unsigned)(b < 1 ? 1 : b);
}

}  // namespace thcblas

#endif
