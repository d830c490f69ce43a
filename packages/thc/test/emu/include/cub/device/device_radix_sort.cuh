/* cub/device/device_radix_sort.cuh for test/emu: CUB's DeviceRadixSort::SortPairs contract on the
 * host — a stable ascending sort of (key, value) pairs by bits [beginBit, endBit) of unsigned keys,
 * from distinct inputs to distinct outputs in device memory, with CUB's two calls (the first, with
 * no temporary storage, asks for its size). It checks libTHC's use of CUB, not CUB. */
#ifndef THC_EMU_CUB_RADIX_SORT
#define THC_EMU_CUB_RADIX_SORT

#include <cuda_runtime.h>

#include <algorithm>
#include <numeric>
#include <type_traits>
#include <vector>

extern "C" void thcEmuCheckDevicePtr(const void *p, const char *what);
extern "C" void thcEmuDeviceAccess(int open); /* emu_runtime.cpp: device memory open to the host */

namespace cub {

struct DeviceRadixSort {
  template <typename K, typename V, typename NumItems>
  static cudaError_t SortPairs(void *temp, size_t &tempBytes, const K *keysIn, K *keysOut, const V *valsIn, V *valsOut,
                               NumItems n, int beginBit = 0, int endBit = (int)sizeof(K) * 8, cudaStream_t stream = 0) {
    static_assert(std::is_unsigned<K>::value, "libTHC sorts unsigned keys");
    (void)stream;
    const size_t need = 256 + (size_t)n * sizeof(K); /* something, as CUB asks for some */
    if (!temp) {
      tempBytes = need;
      return cudaSuccess;
    }
    if (tempBytes < need) return cudaErrorInvalidValue;
    if (n <= 0) return cudaSuccess;
    thcEmuCheckDevicePtr(temp, "CUB temporary storage is not device memory");
    thcEmuCheckDevicePtr(keysIn, "CUB keys in are not device memory");
    thcEmuCheckDevicePtr(keysOut, "CUB keys out are not device memory");
    thcEmuCheckDevicePtr(valsIn, "CUB values in are not device memory");
    thcEmuCheckDevicePtr(valsOut, "CUB values out are not device memory");
    thcEmuCheckDevicePtr(keysIn + (n - 1), "CUB keys in past the end of their allocation");
    thcEmuCheckDevicePtr(keysOut + (n - 1), "CUB keys out past the end of their allocation");
    thcEmuCheckDevicePtr(valsIn + (n - 1), "CUB values in past the end of their allocation");
    thcEmuCheckDevicePtr(valsOut + (n - 1), "CUB values out past the end of their allocation");
    if ((const void *)keysIn == (const void *)keysOut || (const void *)valsIn == (const void *)valsOut)
      thcEmuCheckDevicePtr(nullptr, "CUB SortPairs in place (inputs and outputs must differ)");
    if (beginBit < 0 || endBit > (int)sizeof(K) * 8 || beginBit >= endBit) return cudaErrorInvalidValue;
    const int width = endBit - beginBit;
    const K mask = width >= (int)sizeof(K) * 8 ? (K)~(K)0 : (K)(((K)1 << width) - 1);
    thcEmuDeviceAccess(1);
    std::vector<size_t> order((size_t)n);
    std::iota(order.begin(), order.end(), (size_t)0);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return ((keysIn[a] >> beginBit) & mask) < ((keysIn[b] >> beginBit) & mask); });
    for (size_t i = 0; i < (size_t)n; i++) {
      keysOut[i] = keysIn[order[i]];
      valsOut[i] = valsIn[order[i]];
    }
    thcEmuDeviceAccess(0);
    return cudaSuccess;
  }
};

} // namespace cub

#endif
