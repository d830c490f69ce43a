/* THCGemmTile.cuh — what the GEMM kernels (THCGemm.cu, sm90/THCGemmSm90.cu) share: the order in
 * which blocks visit the tiles of C, and 16-bit float conversions by bit pattern. */
#ifndef THC_GEMM_TILE_CUH
#define THC_GEMM_TILE_CUH

#include <stdint.h>

#include "THCKernel.cuh"

namespace thcgemm {

/* The (row, column) origin of tile t of a tilesM x tilesN grid of BM x BN tiles: tiles are visited
 * in groups of 8 tile rows, column by column inside a group, so that the blocks running together
 * share tiles of A and B in L2. */
__device__ __forceinline__ void tileOrigin(int64_t t, int64_t tilesM, int64_t tilesN, int BM, int BN, int64_t &m0,
                                           int64_t &n0) {
  const int64_t GROUP = 8;
  const int64_t perGroup = GROUP * tilesN;
  const int64_t group = t / perGroup;
  const int64_t firstM = group * GROUP;
  const int64_t gsize = tilesM - firstM < GROUP ? tilesM - firstM : GROUP;
  const int64_t inGroup = t - group * perGroup;
  m0 = (firstM + inGroup % gsize) * BM;
  n0 = (inGroup / gsize) * BN;
}

/* float <-> the bits of a 16-bit float type (__half or __nv_bfloat16), rounding to nearest even */
template <typename T>
struct Bits16;
template <>
struct Bits16<__half> {
  static __device__ __forceinline__ float toF(unsigned short b) { return __half2float(__ushort_as_half(b)); }
  static __device__ __forceinline__ unsigned short fromF(float f) { return __half_as_ushort(__float2half_rn(f)); }
};
template <>
struct Bits16<__nv_bfloat16> {
  static __device__ __forceinline__ float toF(unsigned short b) { return __bfloat162float(__ushort_as_bfloat16(b)); }
  static __device__ __forceinline__ unsigned short fromF(float f) { return __bfloat16_as_ushort(__float2bfloat16_rn(f)); }
};

}  // namespace thcgemm

#endif
